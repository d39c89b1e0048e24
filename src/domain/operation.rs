//! Every operation a user can ask of the console, named once. The permission matrix, the life
//! cycle and the audit trail all speak in these terms.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Operation {
    // devices (DEV)
    ViewDevices,
    AddDevice,
    AuthorizeDevice,
    EditDevice,
    RefreshDevice,
    RemoveDevice,
    // accounts
    ManageAccounts,
    // templates (TPL)
    ViewTemplates,
    ManageTemplates,
    // import (IMP)
    ImportPartitions,
    // services (SVC, MNG, SIZE, HA, DEL, MIG)
    CreateService,
    MigrateService,
    ResizeService,
    AddPartitions,
    RemovePartition,
    DetachService,
    ViewService,
    ViewKeys,
    InitializeService,
    InitializeNewPartitions,
    ActivateRoles,
    InitializeCryptoUser,
    EditNameDescription,
    EditHaLabel,
    ChangeOrganization,
    DeleteService,
    // audit
    ViewAudit,
    VerifyAudit,
}

impl Operation {
    /// Stable dotted name used in the audit log and the CLI (`service.delete`).
    pub fn name(self) -> &'static str {
        match self {
            Operation::ViewDevices => "device.list",
            Operation::AddDevice => "device.add",
            Operation::AuthorizeDevice => "device.authorize",
            Operation::EditDevice => "device.edit",
            Operation::RefreshDevice => "device.refresh",
            Operation::RemoveDevice => "device.remove",
            Operation::ManageAccounts => "account.manage",
            Operation::ViewTemplates => "template.list",
            Operation::ManageTemplates => "template.manage",
            Operation::ImportPartitions => "import.run",
            Operation::CreateService => "service.create",
            Operation::MigrateService => "service.migrate",
            Operation::ResizeService => "service.resize",
            Operation::AddPartitions => "partition.add",
            Operation::RemovePartition => "partition.remove",
            Operation::DetachService => "service.detach",
            Operation::ViewService => "service.view",
            Operation::ViewKeys => "key.list",
            Operation::InitializeService => "service.initialize",
            Operation::InitializeNewPartitions => "partition.initialize",
            Operation::ActivateRoles => "service.activate",
            Operation::InitializeCryptoUser => "service.init_cu",
            Operation::EditNameDescription => "service.edit",
            Operation::EditHaLabel => "service.edit_ha_label",
            Operation::ChangeOrganization => "service.change_org",
            Operation::DeleteService => "service.delete",
            Operation::ViewAudit => "audit.view",
            Operation::VerifyAudit => "audit.verify",
        }
    }

    /// Whether the operation changes a device or the database (refused in read-only mode, X-7).
    pub fn writes(self) -> bool {
        !matches!(
            self,
            Operation::ViewDevices
                | Operation::ViewTemplates
                | Operation::ViewService
                | Operation::ViewKeys
                | Operation::ViewAudit
                | Operation::VerifyAudit
        )
    }

    pub const ALL: [Operation; 28] = [
        Operation::ViewDevices,
        Operation::AddDevice,
        Operation::AuthorizeDevice,
        Operation::EditDevice,
        Operation::RefreshDevice,
        Operation::RemoveDevice,
        Operation::ManageAccounts,
        Operation::ViewTemplates,
        Operation::ManageTemplates,
        Operation::ImportPartitions,
        Operation::CreateService,
        Operation::MigrateService,
        Operation::ResizeService,
        Operation::AddPartitions,
        Operation::RemovePartition,
        Operation::DetachService,
        Operation::ViewService,
        Operation::ViewKeys,
        Operation::InitializeService,
        Operation::InitializeNewPartitions,
        Operation::ActivateRoles,
        Operation::InitializeCryptoUser,
        Operation::EditNameDescription,
        Operation::EditHaLabel,
        Operation::ChangeOrganization,
        Operation::DeleteService,
        Operation::ViewAudit,
        Operation::VerifyAudit,
    ];
}
