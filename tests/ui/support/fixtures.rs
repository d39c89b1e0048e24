//! Hand-built data for the Services and Import screen snapshots: a signed-in user, three
//! services, one HA service's detail, clients, key objects and an import table with HA_n.

use lunadeck::app::message::{BackendEvent, BackendRequest, SessionInfo};
use lunadeck::app::{Action, App, AppOptions, Command, Keymap, update};
use lunadeck::domain::client::KeyObject;
use lunadeck::domain::device::AuthMethod;
use lunadeck::domain::ids::{HsmSerial, OrganizationId, PartitionSerial, ServiceId};
use lunadeck::domain::import_row::ImportRow;
use lunadeck::domain::lifecycle::{InitializationAction, ServiceState};
use lunadeck::domain::organization::{Organization, Role};
use lunadeck::domain::service::{Member, Service, ServiceKind};
use lunadeck::domain::template::ServiceType;
use lunadeck::domain::timestamp::Timestamp;
use lunadeck::ops::clients::{ClientRow, ClientStatus};
use lunadeck::ops::services_view::{
    DeviceCapabilities, PartitionRow, ServiceDetail, ServiceRow, ServiceStatus,
};
use lunadeck::screens::services::{Event as ServicesEvent, Request as ServicesRequest};
use lunadeck::screens::{ScreenEvent, ScreenRequest, import};
use lunadeck::store::ImportDraft;

pub fn ev(app: &mut App, e: BackendEvent) {
    update(app, Action::Backend(Box::new(e)));
}

/// The Services/Import requests among `cmds`, as values.
pub fn services_requests(cmds: &[Command]) -> Vec<&ServicesRequest> {
    cmds.iter()
        .filter_map(|c| match c {
            Command::Backend(BackendRequest::Screen(ScreenRequest::Services(r))) => Some(r),
            _ => None,
        })
        .collect()
}

pub fn svc(app: &mut App, e: ServicesEvent) {
    ev(app, BackendEvent::Screen(ScreenEvent::Services(e)));
}

pub fn signed_in(role: Role, monochrome: bool) -> App {
    signed_in_with(Keymap::defaults().unwrap(), role, monochrome)
}

/// `signed_in` with the user's key map.
pub fn signed_in_with(keymap: Keymap, role: Role, monochrome: bool) -> App {
    let mut app = App::new(
        keymap,
        AppOptions {
            read_only: false,
            monochrome,
            demo: false,
            replay: false,
        },
    );
    ev(&mut app, BackendEvent::Ready { has_accounts: true });
    let organization = matches!(role, Role::Owner(_)).then(|| "Payments".to_string());
    ev(
        &mut app,
        BackendEvent::LoggedIn(SessionInfo {
            username: "alice".into(),
            role,
            organization,
            read_only: false,
        }),
    );
    app
}

fn row(
    id: i64,
    name: &str,
    t: ServiceType,
    org: &str,
    init: Option<InitializationAction>,
    st: ServiceStatus,
) -> ServiceRow {
    ServiceRow {
        id: ServiceId(id),
        name: name.into(),
        service_type: t,
        organization: org.into(),
        template: if id == 3 {
            "HA pair".into()
        } else {
            "imported".into()
        },
        initialization: init,
        state: if init.is_some() {
            ServiceState::Uninitialized
        } else {
            ServiceState::Initialized
        },
        status: st,
        locked_by: None,
    }
}

pub fn rows() -> Vec<ServiceRow> {
    vec![
        row(
            1,
            "payments-prod",
            ServiceType::HaGroup,
            "Payments",
            None,
            ServiceStatus::AllUp,
        ),
        row(
            2,
            "legacy-tls",
            ServiceType::Partition,
            "Payments",
            None,
            ServiceStatus::Degraded,
        ),
        row(
            3,
            "identity-new",
            ServiceType::HaGroup,
            "Identity",
            Some(InitializationAction::Initialize),
            ServiceStatus::Down,
        ),
    ]
}

pub fn organizations() -> Vec<Organization> {
    vec![
        Organization {
            id: OrganizationId(1),
            name: "Payments".into(),
        },
        Organization {
            id: OrganizationId(2),
            name: "Identity".into(),
        },
    ]
}

fn prow(device: &str, part: &str, serial: &str) -> PartitionRow {
    PartitionRow {
        device: device.into(),
        partition: part.into(),
        label: "payments".into(),
        serial: PartitionSerial::new(serial),
        software: "7.8.4".into(),
        firmware: "7.8.1".into(),
    }
}

pub fn detail() -> ServiceDetail {
    ServiceDetail {
        service: Service {
            id: ServiceId(1),
            name: "payments-prod".into(),
            description: "card payments, both data centres".into(),
            kind: ServiceKind::HaGroup {
                label: "payments".into(),
            },
            template: None,
            organization: OrganizationId(1),
            created_by: "admin".into(),
            created_at: Timestamp(1_800_000_000),
            members: vec![
                Member {
                    partition: PartitionSerial::new("1358001"),
                    pending_init: false,
                },
                Member {
                    partition: PartitionSerial::new("1358002"),
                    pending_init: false,
                },
                Member {
                    partition: PartitionSerial::new("1358003"),
                    pending_init: true,
                },
            ],
            state: ServiceState::PartiallyInitialized,
            auth: AuthMethod::Password,
            ppso: true,
            stc: false,
            partition_size: 100_000,
        },
        organization: "Payments".into(),
        template: "imported".into(),
        service_type: ServiceType::HaGroup,
        auth: AuthMethod::Password,
        devices: vec![DeviceCapabilities {
            device: "lon-hsm-01".into(),
            model: "A790".into(),
            software: "7.8.4".into(),
            firmware: "7.8.1".into(),
            performance: "Enterprise".into(),
            fm: "FM ready".into(),
        }],
        sks: Some(false),
        initialized: vec![
            prow("lon-hsm-01", "sp_sehsm3", "1358001"),
            prow("lon-hsm-02", "sp_sehsm3", "1358002"),
        ],
        uninitialized: vec![prow("par-hsm-01", "sp_new", "1358003")],
    }
}

pub fn clients() -> Vec<ClientRow> {
    vec![
        ClientRow {
            device: "lon-hsm-01".into(),
            name: "Payments API (prod)".into(),
            host: "10.1.2.3".into(),
            status: ClientStatus::Ok,
            fingerprint: Some("ab:cd:ef:01".into()),
            last_registration: Some(Timestamp(1_790_000_000)),
            partitions: vec!["sp_sehsm3".into()],
        },
        ClientRow {
            device: "lon-hsm-02".into(),
            name: "web server 01".into(),
            host: "10.1.2.4".into(),
            status: ClientStatus::NeedsReregistration,
            fingerprint: None,
            last_registration: None,
            partitions: vec!["sp_sehsm3".into()],
        },
    ]
}

pub fn objects() -> Vec<KeyObject> {
    vec![KeyObject {
        partition: PartitionSerial::new("1358001"),
        label: "tls-signing".into(),
        object_type: "Private Key".into(),
        handle: 38,
        fingerprint: Some("9f:12:aa".into()),
        algorithm: Some("RSA".into()),
        bits: Some(2048),
    }]
}

fn irow(dev: &str, part: &str, serial: &str, group: &str, name: &str) -> ImportRow {
    ImportRow {
        partition: PartitionSerial::new(serial),
        device: HsmSerial::new(format!("{dev}-sn")),
        device_name: dev.into(),
        partition_name: part.into(),
        ha_group: group.into(),
        service_name: name.into(),
        description: String::new(),
        organization: (!name.is_empty()).then_some(OrganizationId(1)),
        deleted: false,
        view_only: false,
        presence: Default::default(),
    }
}

pub fn draft() -> ImportDraft {
    ImportDraft {
        created_at: Timestamp(1_800_000_000),
        edited_at: Timestamp(1_800_000_600),
        rows: vec![
            irow("lon-hsm-02", "ops_a", "1400001", "", "ops-a"),
            irow("lon-hsm-02", "ops_b", "1400002", "", ""),
            irow("lon-hsm-01", "sp_sehsm3", "1358001", "HA_1", ""),
            irow("lon-hsm-02", "sp_sehsm3", "1358002", "HA_1", ""),
        ],
    }
}

pub fn import_event() -> import::Event {
    import::Event::Table {
        draft: Some(draft()),
        warnings: vec!["replace HA_1 with the real HA group label from `vtl haAdmin show`".into()],
        organizations: organizations(),
    }
}

/// An answer to the Import screen.
pub fn imp(app: &mut App, e: import::Event) {
    ev(app, BackendEvent::Screen(ScreenEvent::Import(e)));
}

/// The Import screen's requests among `cmds`, as values.
pub fn import_requests(cmds: &[Command]) -> Vec<&import::Request> {
    cmds.iter()
        .filter_map(|c| match c {
            Command::Backend(BackendRequest::Screen(ScreenRequest::Import(r))) => Some(r),
            _ => None,
        })
        .collect()
}
