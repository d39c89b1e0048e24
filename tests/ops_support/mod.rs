//! A console over the in-process simulated fleet and a throwaway database, for the operation
//! tests: every operation runs for real against `sim`, and the test checks both sides.

#![allow(dead_code)]

use lunadeck::domain::organization::Role;
use lunadeck::domain::permission::Session;
use lunadeck::domain::timestamp::Timestamp;
use lunadeck::jobs::{EngineConfig, JobEvent};
use lunadeck::ops::{Console, Finished, FleetAccess, OpsResult, Transport};
use lunadeck::sim::model::Fleet;
use lunadeck::sim::session::{SharedFleet, shared};
use lunadeck::store::Store;
use secrecy::SecretString;
use std::sync::Arc;

pub const SMALL: &str = include_str!("../../fixtures/fleets/small.toml");

pub struct Rig {
    pub console: Console,
    pub fleet: SharedFleet,
    pub runtime: tokio::runtime::Runtime,
    pub dir: tempfile::TempDir,
}

pub fn rig_with(fleet_toml: &str) -> Rig {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("lunadeck.sqlite")).unwrap();
    let admin = store
        .create_first_admin(
            "admin",
            &SecretString::from("admin-pass-1"),
            Timestamp(1_700_000_000),
        )
        .unwrap();
    assert_eq!(admin.role, Role::Admin);
    let fleet = shared(Fleet::from_toml(fleet_toml).unwrap());
    let access = FleetAccess::new(Transport::Sim {
        fleet: fleet.clone(),
    });
    let console = Console::new(
        store,
        access,
        Session {
            user: admin,
            read_only: false,
        },
        runtime.handle().clone(),
        EngineConfig::default(),
        Arc::new(|| Timestamp(1_800_000_000)),
    );
    Rig {
        console,
        fleet,
        runtime,
        dir,
    }
}

pub fn rig() -> Rig {
    rig_with(SMALL)
}

pub fn quiet(_: &JobEvent) {}

/// Adds every appliance of the rig's fleet and authorizes the password ones (DEV-1, DEV-2).
pub fn add_fleet(r: &mut Rig) {
    use lunadeck::domain::device::SshAuth;
    use lunadeck::ops::devices::DeviceForm;
    use lunadeck::sim::model::Auth;
    let apps: Vec<(String, String, Auth, String)> = {
        let f = r.fleet.lock().unwrap();
        f.appliances
            .iter()
            .map(|a| {
                (
                    a.name.clone(),
                    a.hostname.clone(),
                    a.auth,
                    a.so_password.clone(),
                )
            })
            .collect()
    };
    for (name, host, auth, so) in apps {
        let job = r.console.submit_add_device(DeviceForm {
            name: name.clone(),
            host,
            port: "22".into(),
            user: "admin".into(),
            auth: SshAuth::Password,
            ssh_password: Some(SecretString::from("ssh-pw")),
        });
        let done = finish(r, job);
        let d = r.console.device_by_name(&name).expect(&done.summary);
        if auth == Auth::Password {
            let job = r
                .console
                .submit_authorize(&d.serial, SecretString::from(so));
            finish(r, job);
            assert!(r.console.is_authorized(&d.serial), "{name}");
        }
    }
}

/// Waits for a submitted job.
pub fn finish(rig: &mut Rig, job: OpsResult<lunadeck::domain::ids::JobId>) -> Finished {
    let id = job.unwrap();
    rig.console.wait(id, quiet).unwrap()
}
