//! Test-only builders for devices, partitions and services shared by the domain rule tests
//! (resize, ha, migration, import), so each test states only what it is about.

use super::device::{
    AuthMethod, Device, DeviceStatus, FmState, HsmFacts, Licences, Performance, SshAuth, Storage,
};
use super::ids::{HsmSerial, OrganizationId, PartitionSerial, ServiceId};
use super::lifecycle::ServiceState;
use super::partition::{Partition, PartitionVersion, Roles};
use super::service::{Member, Service, ServiceKind};
use super::timestamp::Timestamp;
use super::version::Version;

/// A Luna 7.8 password device named `hsm-<serial>` with `free` bytes of storage.
pub fn device(serial: &str, free: u64, status: DeviceStatus) -> Device {
    Device {
        serial: HsmSerial::new(serial),
        name: format!("hsm-{serial}"),
        host: "10.0.0.1".into(),
        port: 22,
        ssh_user: "admin".into(),
        ssh_auth: SshAuth::Password,
        facts: HsmFacts {
            software: Version::new(7, 8, 0),
            firmware: Version::new(7, 8, 0),
            model: "Luna K7".into(),
            hsm_label: "hsm".into(),
            auth: AuthMethod::Password,
            licences: Some(Licences {
                allowed: 10,
                used: 1,
            }),
            storage: Storage {
                total: 10_000_000,
                used: 0,
                free,
            },
            fm: FmState::FmDisabled,
            ppso_capable: true,
            stc_policy: false,
            performance: Performance::Standard,
            zeroized: false,
        },
        ped_server: None,
        status,
        last_seen: None,
    }
}

/// An initialized PPSO V0 partition `par<serial>` on device `dev`.
pub fn partition(serial: &str, dev: &str, size: u64, used: u64) -> Partition {
    Partition {
        serial: PartitionSerial::new(serial),
        device: HsmSerial::new(dev),
        name: format!("par{serial}"),
        label: None,
        version: PartitionVersion::V0,
        size,
        used,
        objects: 0,
        initialized: true,
        roles: Roles::NONE,
        ppso: true,
        stc: false,
    }
}

/// An initialized password HA service `payments` over the given partition serials.
pub fn service(serials: &[&str], size: u64) -> Service {
    Service {
        id: ServiceId(1),
        name: "payments".into(),
        description: String::new(),
        kind: ServiceKind::HaGroup {
            label: "pay".into(),
        },
        template: None,
        organization: OrganizationId(1),
        created_by: "admin".into(),
        created_at: Timestamp(0),
        members: serials
            .iter()
            .map(|s| Member {
                partition: PartitionSerial::new(*s),
                pending_init: false,
            })
            .collect(),
        state: ServiceState::Initialized,
        auth: AuthMethod::Password,
        ppso: true,
        stc: false,
        partition_size: size,
    }
}
