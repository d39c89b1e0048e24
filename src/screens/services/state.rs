//! State of the Services screen (MNG-1..6, DEL-1/2): the list table, the open service with its
//! attribute tab, and its dialogs (detach, delete, crypto-officer login, edit, initialize).

use super::JobKind;
use crate::app::state::Loaded;
use crate::domain::client::KeyObject;
use crate::domain::ids::{JobId, OrganizationId, ServiceId};
use crate::domain::organization::Organization;
use crate::kit::{
    CellValue, Column, ConfirmModal, FormState, Status, StatusKind, TableRow, TableState,
    TypedConfirmModal,
};
use crate::ops::clients::ClientRow;
use crate::ops::services_view::{ServiceDetail, ServiceRow, ServiceStatus};

/// The attribute tabs of an open service, in display order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum AttrTab {
    #[default]
    General,
    Capabilities,
    Partitions,
    Keys,
    Clients,
}

impl AttrTab {
    pub const ALL: [AttrTab; 5] = [
        AttrTab::General,
        AttrTab::Capabilities,
        AttrTab::Partitions,
        AttrTab::Keys,
        AttrTab::Clients,
    ];

    pub fn title(self) -> &'static str {
        match self {
            AttrTab::General => "General",
            AttrTab::Capabilities => "Capabilities",
            AttrTab::Partitions => "Partitions",
            AttrTab::Keys => "Keys",
            AttrTab::Clients => "Clients",
        }
    }

    pub fn index(self) -> usize {
        AttrTab::ALL.iter().position(|t| *t == self).unwrap_or(0)
    }

    /// The tab a key of `[keys.service]` (`general` … `clients`) opens; General otherwise.
    pub fn of_key(key: super::key_table::ServiceKey) -> AttrTab {
        use super::key_table::ServiceKey;
        match key {
            ServiceKey::Capabilities => AttrTab::Capabilities,
            ServiceKey::Partitions => AttrTab::Partitions,
            ServiceKey::Keys => AttrTab::Keys,
            ServiceKey::Clients => AttrTab::Clients,
            _ => AttrTab::General,
        }
    }

    pub fn nth(i: usize) -> AttrTab {
        AttrTab::ALL.get(i).copied().unwrap_or_default()
    }

    /// The next (or previous) tab, wrapping around.
    pub fn step(self, forward: bool) -> AttrTab {
        let n = AttrTab::ALL.len();
        let i = if forward {
            (self.index() + 1) % n
        } else {
            (self.index() + n - 1) % n
        };
        AttrTab::nth(i)
    }
}

/// The Keys tab: no crypto-officer session, objects being listed, the objects, or why not.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum KeysView {
    #[default]
    LoggedOut,
    Listing,
    Ready(Vec<KeyObject>),
    Failed(String),
}

/// An open service.
#[derive(Debug)]
pub struct DetailState {
    pub id: ServiceId,
    pub name: String,
    pub tab: AttrTab,
    pub detail: Loaded<Box<ServiceDetail>>,
    pub organizations: Vec<Organization>,
    pub clients: Loaded<Vec<ClientRow>>,
    pub keys: KeysView,
    /// The highlighted partition on the Partitions tab (initialized, then uninitialized).
    pub partition: usize,
    /// Initialize New Partitions opens once the service has been read again (after Add
    /// Partitions, or from the list's Initialization State).
    pub open_init_new: bool,
}

impl DetailState {
    pub fn new(id: ServiceId, name: String) -> DetailState {
        DetailState {
            id,
            name,
            tab: AttrTab::General,
            detail: Loaded::Loading,
            organizations: Vec::new(),
            clients: Loaded::Loading,
            keys: KeysView::LoggedOut,
            partition: 0,
            open_init_new: false,
        }
    }

    pub fn ready(&self) -> Option<&ServiceDetail> {
        match &self.detail {
            Loaded::Ready(d) => Some(d),
            _ => None,
        }
    }
}

/// The crypto-officer login of the Keys tab (MNG-5): a masked password, or for PED the
/// remote PED server (empty when the crypto officer is activated).
#[derive(Debug)]
pub struct CoLoginDialog {
    pub id: ServiceId,
    pub service: String,
    pub ped: bool,
    pub form: FormState,
    /// True while the backend checks (the dialog stays until it answers).
    pub sent: bool,
}

/// The General-tab edit form (MNG-2).
#[derive(Debug)]
pub struct EditDialog {
    pub id: ServiceId,
    pub form: FormState,
    /// Organizations in the order of the choice field.
    pub organizations: Vec<OrganizationId>,
    pub original_org: OrganizationId,
    /// The HA label as it was (None for a single-partition service or when not editable).
    pub original_label: Option<String>,
    /// Read-only lines with their reason (an Owner's organization, a label they cannot edit).
    pub read_only: Vec<String>,
    pub sent: bool,
}

/// A dialog of the screen, open in the console's one dialog slot (`Screen::Dialog`).
#[derive(Debug)]
pub enum Dialog {
    Detach {
        id: ServiceId,
        modal: ConfirmModal,
    },
    Delete {
        id: ServiceId,
        modal: TypedConfirmModal,
    },
    CoLogin(CoLoginDialog),
    Edit(EditDialog),
    /// INIT-1..3: the Initialize dialog.
    Init(super::init_dialog::InitDialog),
    /// INIT-3: the generated PED challenge, shown once.
    Challenge(crate::kit::MessageModal),
    /// SVC-1: the Create Service wizard.
    Create(Box<super::create::CreateWizard>),
    /// SIZE-1/2: Capabilities → Edit partition size.
    Resize(super::resize::ResizeDialog),
    /// INIT-5 / INIT-6: Activate Roles, Initialize Crypto User.
    Roles(super::roles::RolesDialog),
    /// HA-2: Initialize New Partitions.
    InitNew(Box<super::init_new::InitNew>),
    /// HA-1: Partitions → Add Partitions.
    AddPartitions(Box<super::add_partitions::AddPartitions>),
    /// HA-3: Partitions → Remove Partition, the partition's name typed.
    RemovePartition {
        id: ServiceId,
        partition: crate::domain::ids::PartitionSerial,
        modal: TypedConfirmModal,
    },
}

/// The Services screen.
#[derive(Debug)]
pub struct Services {
    pub table: TableState<ServiceRow>,
    /// None before the first answer, Some(Err) when the list was refused.
    pub loaded: Option<Result<(), String>>,
    pub detail: Option<DetailState>,
    /// Jobs this screen started and waits for.
    pub jobs: Vec<(JobId, JobKind)>,
}

impl Default for Services {
    fn default() -> Self {
        Services {
            table: TableState::new(columns()),
            loaded: None,
            detail: None,
            jobs: Vec::new(),
        }
    }
}

impl Services {
    /// The names of the services of `id`'s organization (names are unique per organization).
    pub fn other_names(&self, id: ServiceId) -> Vec<(ServiceId, &str)> {
        let rows = self.table.rows();
        let org = rows
            .iter()
            .find(|r| r.id == id)
            .map(|r| r.organization.as_str());
        rows.iter()
            .filter(|r| Some(r.organization.as_str()) == org)
            .map(|r| (r.id, r.name.as_str()))
            .collect()
    }
}

/// The list's columns (MNG-1).
pub fn columns() -> Vec<Column> {
    vec![
        // Name and Status keep their width at 80 columns; the others share what is left.
        Column::new("Name"),
        Column::new("Type"),
        Column::new("Organization"),
        Column::new("Template"),
        Column::new("Initialization State"),
        Column::new("Status"),
    ]
}

/// Status as symbol + word + colour (NAV-3).
pub fn service_status(s: ServiceStatus) -> Status {
    match s {
        ServiceStatus::AllUp => Status::worded(StatusKind::Up, "all up"),
        ServiceStatus::Degraded => Status::new(StatusKind::Degraded),
        ServiceStatus::Down => Status::new(StatusKind::Down),
    }
}

/// The Initialization State column: a running migration's lock (MIG-5), else the action the
/// state offers, else the state itself.
pub fn initialization_text(r: &ServiceRow) -> String {
    if let Some(m) = r.locked_by {
        return format!("🔒 locked by migration {m}");
    }
    r.initialization
        .map_or_else(|| r.state.to_string(), |a| a.to_string())
}

fn short_type(r: &ServiceRow) -> &'static str {
    match r.service_type {
        crate::domain::template::ServiceType::Partition => "Partition",
        crate::domain::template::ServiceType::HaGroup => "HA Group",
    }
}

impl TableRow for ServiceRow {
    type Key = ServiceId;

    fn key(&self) -> ServiceId {
        self.id
    }

    fn cells(&self) -> Vec<CellValue> {
        vec![
            CellValue::text(self.name.clone()),
            CellValue::text(short_type(self)),
            CellValue::text(self.organization.clone()),
            CellValue::text(self.template.clone()),
            CellValue::text(initialization_text(self)),
            CellValue::status(service_status(self.status)),
        ]
    }
}
