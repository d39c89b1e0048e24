//! Sample entities and a temporary database shared by the store integration tests.
//! Each test file includes this module; not every file uses every sample.
#![allow(dead_code)]

use lunadeck::domain::audit_event::{AuditEvent, Outcome};
use lunadeck::domain::client::{Client, KeyObject};
use lunadeck::domain::device::*;
use lunadeck::domain::ids::*;
use lunadeck::domain::import_row::ImportRow;
use lunadeck::domain::job::{Job, JobState};
use lunadeck::domain::lifecycle::ServiceState;
use lunadeck::domain::organization::Organization;
use lunadeck::domain::partition::*;
use lunadeck::domain::service::{Member, Service, ServiceKind};
use lunadeck::domain::template::*;
use lunadeck::domain::timestamp::Timestamp;
use lunadeck::domain::version::Version;
use lunadeck::store::Store;
use std::path::PathBuf;

pub const T0: Timestamp = Timestamp(1_795_771_380);

/// A temporary directory holding `lunadeck.db` (removed when dropped).
pub struct TempDb {
    pub dir: tempfile::TempDir,
    pub path: PathBuf,
}

pub fn temp_db() -> TempDb {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("lunadeck.db");
    TempDb { dir, path }
}

impl TempDb {
    pub fn open(&self) -> Store {
        Store::open(&self.path).unwrap()
    }
}

pub fn device(serial: &str, name: &str) -> Device {
    Device {
        serial: HsmSerial::new(serial),
        name: name.into(),
        host: format!("{name}.example.net"),
        port: 22,
        ssh_user: "admin".into(),
        ssh_auth: SshAuth::Key {
            path: "/home/ops/.ssh/id_ed25519".into(),
        },
        facts: HsmFacts {
            software: Version::new(7, 8, 5),
            firmware: Version::new(7, 8, 4),
            model: "Luna K7".into(),
            hsm_label: format!("{name}-hsm"),
            auth: AuthMethod::Password,
            licences: Some(Licences {
                allowed: 20,
                used: 3,
            }),
            storage: Storage {
                total: 33_554_432,
                used: 1_048_576,
                free: 32_505_856,
            },
            fm: FmState::FmReady,
            ppso_capable: true,
            stc_policy: false,
            performance: Performance::Enterprise,
            zeroized: false,
        },
        ped_server: Some(PedServer {
            host: "ped.example.net".into(),
            port: DEFAULT_PED_PORT,
        }),
        status: DeviceStatus::Up,
        last_seen: Some(T0),
    }
}

pub fn partition(serial: &str, device: &str, name: &str) -> Partition {
    Partition {
        serial: PartitionSerial::new(serial),
        device: HsmSerial::new(device),
        name: name.into(),
        label: Some(format!("{name}-label")),
        version: PartitionVersion::V1,
        size: 102_400,
        used: 2_048,
        objects: 4,
        initialized: true,
        roles: Roles {
            so: RoleState::Initialized,
            co: RoleState::Activated,
            cu: RoleState::NotInitialized,
        },
        ppso: true,
        stc: false,
    }
}

pub fn organization(name: &str) -> Organization {
    Organization {
        id: OrganizationId(0),
        name: name.into(),
    }
}

pub fn template(name: &str) -> Template {
    Template {
        id: TemplateId(0),
        name: name.into(),
        description: "for payments".into(),
        capabilities: Capabilities {
            service_type: ServiceType::HaGroup,
            performance: Performance::Maximum,
            auth: AuthMethod::Ped,
            line: HsmLine::Luna77,
            partition_size: 500_000,
            ppso: true,
            sks: true,
            stc: false,
        },
    }
}

pub fn service(name: &str, org: OrganizationId, members: &[&str]) -> Service {
    Service {
        id: ServiceId(0),
        name: name.into(),
        description: "payments HA".into(),
        kind: ServiceKind::HaGroup {
            label: "payments-ha".into(),
        },
        template: None,
        organization: org,
        created_by: "alice".into(),
        created_at: T0,
        members: members
            .iter()
            .enumerate()
            .map(|(i, p)| Member {
                partition: PartitionSerial::new(*p),
                pending_init: i > 0,
            })
            .collect(),
        state: ServiceState::PartiallyInitialized,
        auth: AuthMethod::Password,
        ppso: true,
        stc: false,
        partition_size: 102_400,
    }
}

pub fn client(device: &str, name: &str) -> Client {
    Client {
        device: HsmSerial::new(device),
        name: name.into(),
        hostname: "app01.example.net".into(),
        fingerprint: Some("ab:cd:ef".into()),
        partitions: vec!["par1".into(), "par two".into()],
        last_registration: Some(T0),
        needs_reregistration: true,
    }
}

pub fn key_object(partition: &str, handle: u64) -> KeyObject {
    KeyObject {
        partition: PartitionSerial::new(partition),
        label: format!("key{handle}"),
        object_type: "Private Key".into(),
        handle,
        fingerprint: None,
        algorithm: Some("RSA".into()),
        bits: Some(2048),
    }
}

pub fn job(operation: &str) -> Job {
    Job {
        id: JobId(0),
        operation: operation.into(),
        service: Some(ServiceId(7)),
        devices: vec![HsmSerial::new("1500001"), HsmSerial::new("1500002")],
        started_by: "alice".into(),
        started_at: T0,
        finished_at: Some(T0.plus_seconds(30)),
        state: JobState::Failed {
            message: "device 1500002: timeout".into(),
        },
        acknowledged: false,
        subject: None,
    }
}

pub fn import_row(partition: &str, service_name: &str) -> ImportRow {
    ImportRow {
        partition: PartitionSerial::new(partition),
        device: HsmSerial::new("1500001"),
        device_name: "hsm-a".into(),
        partition_name: format!("p{partition}"),
        ha_group: "HA_1".into(),
        service_name: service_name.into(),
        description: String::new(),
        organization: Some(OrganizationId(1)),
        deleted: false,
        view_only: false,
        presence: Default::default(),
    }
}

pub fn audit_event(n: u64) -> AuditEvent {
    AuditEvent {
        at: T0.plus_seconds(n as i64),
        actor: if n.is_multiple_of(2) {
            "alice".into()
        } else {
            "bob".into()
        },
        organization: Some(OrganizationId(if n.is_multiple_of(3) { 2 } else { 1 })),
        action: if n.is_multiple_of(2) {
            "service.create".into()
        } else {
            "service.delete".into()
        },
        device: Some(HsmSerial::new("1500001")),
        target: format!("svc{n}"),
        outcome: if n.is_multiple_of(5) {
            Outcome::Failure {
                reason: "timeout".into(),
            }
        } else {
            Outcome::Success
        },
    }
}
