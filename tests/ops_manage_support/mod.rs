//! Services for the service-management tests, saved straight into the store from the
//! simulator's partitions (import and create are written elsewhere), plus Owner consoles.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::ops_support::{Rig, finish};
use lunadeck::domain::device::{AuthMethod, SshAuth};
use lunadeck::domain::ids::{HsmSerial, OrganizationId, PartitionSerial, ServiceId};
use lunadeck::domain::lifecycle::ServiceState;
use lunadeck::domain::organization::{Organization, Role};
use lunadeck::domain::partition::{Partition, PartitionVersion, RoleState, Roles};
use lunadeck::domain::permission::Session;
use lunadeck::domain::service::{Member, Service, ServiceKind};
use lunadeck::domain::timestamp::Timestamp;
use lunadeck::jobs::{EngineConfig, JobOutcome};
use lunadeck::ops::devices::DeviceForm;
use lunadeck::ops::{Console, Finished, FleetAccess, Transport};
use lunadeck::sim::model::Role as SimRole;
use lunadeck::store::Store;
use secrecy::SecretString;
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

/// Adds and authorizes the named appliances of the simulated fleet.
pub fn add_devices(rig: &mut Rig, names: &[&str]) {
    for name in names {
        let (host, so) = {
            let f = rig.fleet.lock().unwrap();
            let a = f.appliance(name).unwrap();
            (a.hostname.clone(), a.so_password.clone())
        };
        let job = rig.console.submit_add_device(DeviceForm {
            name: name.to_string(),
            host,
            port: "22".into(),
            user: "admin".into(),
            auth: SshAuth::Password,
            ssh_password: Some(SecretString::from("ssh")),
        });
        let done = finish(rig, job);
        assert!(ok(&done), "{}", done.summary);
        let d = rig.console.device_by_name(name).unwrap();
        let job = rig
            .console
            .submit_authorize(&d.serial, SecretString::from(so));
        let done = finish(rig, job);
        assert!(ok(&done), "{}", done.summary);
    }
}

pub fn ok(done: &Finished) -> bool {
    matches!(done.outcome, JobOutcome::Succeeded { .. })
}

fn role(r: SimRole) -> RoleState {
    match r {
        SimRole::NotInitialized => RoleState::NotInitialized,
        SimRole::Initialized => RoleState::Initialized,
        SimRole::Activated => RoleState::Activated,
    }
}

/// The domain view of a simulated partition.
pub fn sim_partition(rig: &Rig, serial: &str) -> Partition {
    let f = rig.fleet.lock().unwrap();
    let (a, p) = f.partition_by_serial(serial).unwrap();
    Partition {
        serial: PartitionSerial::new(&p.serial),
        device: HsmSerial::new(&a.hsm_serial),
        name: p.name.clone(),
        label: (!p.label.is_empty()).then(|| p.label.clone()),
        version: if p.version == 1 {
            PartitionVersion::V1
        } else {
            PartitionVersion::V0
        },
        size: p.size,
        used: p.used(),
        objects: u32::try_from(p.objects.len()).unwrap(),
        initialized: p.initialized,
        roles: Roles {
            so: role(p.so),
            co: role(p.co),
            cu: role(p.cu),
        },
        ppso: p.ppso,
        stc: p.stc,
    }
}

pub fn org(rig: &mut Rig, name: &str) -> OrganizationId {
    rig.console
        .store
        .save_organization(&Organization {
            id: OrganizationId(0),
            name: name.into(),
        })
        .unwrap()
}

/// Saves an initialized service made of the simulator's partitions `serials` (first = primary).
pub fn save_service(
    rig: &mut Rig,
    name: &str,
    ha_label: Option<&str>,
    serials: &[&str],
    organization: OrganizationId,
) -> ServiceId {
    let parts: Vec<Partition> = serials.iter().map(|s| sim_partition(rig, s)).collect();
    for p in &parts {
        rig.console.store.save_partition(p).unwrap();
    }
    let first = parts.first().unwrap();
    let auth = {
        let f = rig.fleet.lock().unwrap();
        let (a, _) = f.partition_by_serial(first.serial.as_str()).unwrap();
        match a.auth {
            lunadeck::sim::model::Auth::Password => AuthMethod::Password,
            lunadeck::sim::model::Auth::Ped => AuthMethod::Ped,
        }
    };
    let service = Service {
        id: ServiceId(0),
        name: name.into(),
        description: String::new(),
        kind: match ha_label {
            Some(l) => ServiceKind::HaGroup { label: l.into() },
            None => ServiceKind::Standalone,
        },
        template: None,
        organization,
        created_by: "admin".into(),
        created_at: Timestamp(1_700_000_000),
        members: parts
            .iter()
            .map(|p| Member {
                partition: p.serial.clone(),
                pending_init: false,
            })
            .collect(),
        state: ServiceState::Initialized,
        auth,
        ppso: first.ppso,
        stc: first.stc,
        partition_size: first.size,
    };
    rig.console.store.save_service(&service).unwrap()
}

/// Sim partition size by serial.
pub fn sim_size(rig: &Rig, serial: &str) -> u64 {
    let f = rig.fleet.lock().unwrap();
    f.partition_by_serial(serial).unwrap().1.size
}

/// A console on the same database and fleet signed in as a new account with `role`, whose
/// clock reads `clock` (seconds).
pub fn console_as(rig: &mut Rig, username: &str, role: Role, clock: Arc<AtomicI64>) -> Console {
    let user = rig
        .console
        .store
        .create_account(
            username,
            &SecretString::from("owner-pass-1"),
            role,
            Timestamp(1_700_000_000),
        )
        .unwrap();
    let store = Store::open(&rig.dir.path().join("lunadeck.sqlite")).unwrap();
    let access = FleetAccess::new(Transport::Sim {
        fleet: rig.fleet.clone(),
    });
    let mut c = Console::new(
        store,
        access,
        Session {
            user,
            read_only: false,
        },
        rig.runtime.handle().clone(),
        EngineConfig::default(),
        Arc::new(move || Timestamp(clock.load(Ordering::SeqCst))),
    );
    c.register_devices().unwrap();
    c
}

pub fn clock_at(secs: i64) -> Arc<AtomicI64> {
    Arc::new(AtomicI64::new(secs))
}

/// Waits for a job of `console`.
pub fn wait(console: &mut Console, job: lunadeck::domain::ids::JobId) -> Finished {
    console.wait(job, |_| {}).unwrap()
}

/// A secret typed twice alike.
pub fn twice(s: &str) -> lunadeck::domain::initialization::ConfirmedSecret {
    lunadeck::domain::initialization::ConfirmedSecret::new(
        SecretString::from(s),
        SecretString::from(s),
    )
}

/// Every command of appliance `name` answers `ms` later (a job that runs a while).
pub fn slow(rig: &Rig, name: &str, ms: u64) {
    rig.fleet
        .lock()
        .unwrap()
        .faults_mut(name)
        .unwrap()
        .extra_latency_ms = ms;
}
