//! The Services list's keys (MNG-1, DEL) and an open service's (MNG-2..6).
//! Names (`config.toml`) and help sentences are derived from the enum.

use crate::app::key_table::KeyTable;
use strum::{EnumIter, EnumMessage, IntoStaticStr};

/// `[keys.services]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, EnumIter, IntoStaticStr, EnumMessage)]
#[strum(serialize_all = "snake_case")]
pub enum ServicesKey {
    #[strum(message = "create a service (wizard: template, devices, organization, SVC-1)")]
    Create,
    #[strum(message = "sort by the next column")]
    Sort,
    #[strum(message = "reverse the sort order")]
    SortReverse,
    #[strum(message = "read again")]
    Refresh,
    #[strum(message = "detach the service (partitions stay; asks first)")]
    Detach,
    #[strum(message = "delete the service and its partitions (type the name)")]
    Delete,
    #[strum(message = "initialize the service (label, roles, cloning domain)")]
    Initialize,
}

impl KeyTable for ServicesKey {
    const NAME: &'static str = "services";
    const TITLE: &'static str = "Services list";
}

/// `[keys.service]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, EnumIter, IntoStaticStr, EnumMessage)]
#[strum(serialize_all = "snake_case")]
pub enum ServiceKey {
    #[strum(message = "General tab")]
    General,
    #[strum(message = "Capabilities tab")]
    Capabilities,
    #[strum(message = "Partitions tab")]
    Partitions,
    #[strum(message = "Keys tab")]
    Keys,
    #[strum(message = "Clients tab")]
    Clients,
    #[strum(
        message = "edit: name, description, organization (General); partition size (Capabilities)"
    )]
    Edit,
    #[strum(message = "log in as crypto officer (Keys)")]
    CoLogin,
    #[strum(message = "log off the crypto officer session")]
    LogOff,
    #[strum(message = "activate the roles with their PED challenges (PPSO PED, INIT-5)")]
    ActivateRoles,
    #[strum(message = "initialize the crypto user of every partition (PPSO, INIT-6)")]
    InitializeCu,
    #[strum(message = "initialize the new partitions like the others (HA-2)")]
    InitializeNew,
    #[strum(message = "add partitions on more devices (a single partition becomes HA, HA-1)")]
    AddPartitions,
    #[strum(message = "remove the highlighted partition from the HA service (type its name, HA-3)")]
    RemovePartition,
    #[strum(message = "read again")]
    Refresh,
}

impl KeyTable for ServiceKey {
    const NAME: &'static str = "service";
    const TITLE: &'static str = "An open service";
}

impl ServiceKey {
    /// The key starts an action that changes the service (refused while a migration locks it,
    /// MIG-5); the tabs, the crypto-officer session and reading again do not.
    pub fn changes(self) -> bool {
        matches!(
            self,
            ServiceKey::Edit
                | ServiceKey::ActivateRoles
                | ServiceKey::InitializeCu
                | ServiceKey::InitializeNew
                | ServiceKey::AddPartitions
                | ServiceKey::RemovePartition
        )
    }
}
