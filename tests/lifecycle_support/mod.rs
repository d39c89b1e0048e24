//! Shared set-up of the service life-cycle tests (create, initialize, remove): the lifecycle
//! fleet added and authorized, an organization, templates per HSM line, credentials, sessions.

#![allow(dead_code)]

use crate::ops_support::{Rig, finish, rig_with};
use lunadeck::domain::device::{AuthMethod, DEFAULT_PED_PORT, PedServer, Performance, SshAuth};
use lunadeck::domain::ids::{HsmSerial, OrganizationId, ServiceId, TemplateId};
use lunadeck::domain::initialization::{ConfirmedSecret, InitCredentials};
use lunadeck::domain::organization::{Organization, Role};
use lunadeck::domain::permission::Session;
use lunadeck::domain::template::{Capabilities, HsmLine, ServiceType, Template};
use lunadeck::domain::timestamp::Timestamp;
use lunadeck::jobs::JobOutcome;
use lunadeck::ops::Finished;
use lunadeck::ops::create_service::CreateServiceRequest;
use lunadeck::ops::devices::DeviceForm;
use lunadeck::sim::model::SimPartition;
use secrecy::SecretString;

pub const LIFECYCLE: &str = include_str!("../../fixtures/fleets/lifecycle.toml");

/// (name, HSM serial, SO password; None for PED)
pub const DEVICES: [(&str, &str, Option<&str>); 6] = [
    ("hsm78a", "1700001", Some("a78-so-pass")),
    ("hsm78b", "1700002", Some("b78-so-pass")),
    ("hsm72", "1700003", Some("c72-so-pass")),
    ("hsm62", "534099", Some("d62-so-pass")),
    ("ped78", "1700005", None),
    ("ped62", "534098", None),
];

pub struct World {
    pub rig: Rig,
    pub org: OrganizationId,
    pub other_org: OrganizationId,
}

pub fn serial(name: &str) -> HsmSerial {
    let s = DEVICES
        .iter()
        .find(|(n, _, _)| *n == name)
        .map(|(_, s, _)| *s)
        .unwrap();
    HsmSerial::new(s)
}

/// Every appliance added and authorized (PED appliances get their remote PED server).
pub fn world() -> World {
    let mut rig = rig_with(LIFECYCLE);
    for (name, hsm, so) in DEVICES {
        let form = DeviceForm {
            name: name.into(),
            host: format!("{name}.test"),
            port: "22".into(),
            user: "admin".into(),
            auth: SshAuth::Password,
            ssh_password: Some(SecretString::from("ssh-pw")),
        };
        let job = rig.console.submit_add_device(form);
        let done = finish(&mut rig, job);
        assert!(ok(&done), "{}", done.summary);
        let serial = HsmSerial::new(hsm);
        match so {
            Some(pw) => {
                let job = rig
                    .console
                    .submit_authorize(&serial, SecretString::from(pw));
                let done = finish(&mut rig, job);
                assert!(ok(&done), "{}", done.summary);
            }
            None => rig
                .console
                .set_ped_server(
                    &serial,
                    PedServer {
                        host: "ped.test".into(),
                        port: DEFAULT_PED_PORT,
                    },
                )
                .unwrap(),
        }
    }
    let mut org = |name: &str| {
        rig.console
            .store
            .save_organization(&Organization {
                id: OrganizationId(0),
                name: name.into(),
            })
            .unwrap()
    };
    let (org, other_org) = (org("payments"), org("marketing"));
    World {
        rig,
        org,
        other_org,
    }
}

pub fn ok(done: &Finished) -> bool {
    matches!(done.outcome, JobOutcome::Succeeded { .. })
}

impl World {
    pub fn template(&mut self, line: HsmLine, kind: ServiceType, auth: AuthMethod) -> TemplateId {
        let t = Template {
            id: TemplateId(0),
            name: format!("{line:?} {kind:?} {auth:?}"),
            description: String::new(),
            capabilities: Capabilities {
                service_type: kind,
                performance: Performance::Standard,
                auth,
                line,
                partition_size: 100_000,
                ppso: line != HsmLine::Luna6,
                sks: false,
                stc: false,
            },
        };
        self.rig.console.store.save_template(&t).unwrap()
    }

    pub fn request(
        &self,
        name: &str,
        template: TemplateId,
        devices: &[&str],
    ) -> CreateServiceRequest {
        CreateServiceRequest {
            name: name.into(),
            description: "test".into(),
            template,
            devices: devices.iter().map(|d| serial(d)).collect(),
            organization: self.org,
            init: None,
        }
    }

    /// Creates a service and returns its id (asserting success).
    pub fn create(&mut self, name: &str, template: TemplateId, devices: &[&str]) -> ServiceId {
        let req = self.request(name, template, devices);
        let started = self.rig.console.submit_create_service(req).unwrap();
        let done = self.rig.console.wait(started.job, |_| {}).unwrap();
        assert!(ok(&done), "{}", done.summary);
        self.service_id(name)
    }

    pub fn service_id(&self, name: &str) -> ServiceId {
        self.rig
            .console
            .store
            .find_service_by_name(name)
            .unwrap()
            .unwrap()
            .id
    }

    /// The simulator's partition `name` on appliance `app`.
    pub fn sim_partition(&self, app: &str, name: &str) -> Option<SimPartition> {
        let f = self.rig.fleet.lock().unwrap();
        f.appliance(app).unwrap().partition(name).cloned()
    }

    pub fn sim_partition_count(&self, app: &str) -> usize {
        let f = self.rig.fleet.lock().unwrap();
        f.appliance(app).unwrap().partitions.len()
    }

    /// Signs in as an Owner of `org` (a new account), keeping the authorized devices.
    pub fn sign_in_owner(&mut self, username: &str, org: OrganizationId) {
        let user = self
            .rig
            .console
            .store
            .create_account(
                username,
                &SecretString::from("owner-pass-1"),
                Role::Owner(org),
                Timestamp(1_700_000_100),
            )
            .unwrap();
        self.rig.console.sign_in(Session {
            user,
            read_only: false,
        });
    }
}

pub fn secret(s: &str) -> SecretString {
    SecretString::from(s)
}

pub fn twice(s: &str) -> ConfirmedSecret {
    ConfirmedSecret::new(secret(s), secret(s))
}

/// Password credentials: PPSO (SO set) or not.
pub fn password_creds(label: &str, ppso: bool, cu: bool) -> InitCredentials {
    InitCredentials::Password {
        label: label.into(),
        domain: twice("clone-domain-1"),
        so: ppso.then(|| twice("part-so-pass")),
        co: twice("crypto-off-1"),
        cu: cu.then(|| twice("crypto-usr-1")),
    }
}

pub fn ped_creds(label: &str, ppso: bool, activate_co: bool) -> InitCredentials {
    InitCredentials::Ped {
        label: label.into(),
        ped: PedServer {
            host: "ped.test".into(),
            port: DEFAULT_PED_PORT,
        },
        co_challenge: ppso.then(|| twice("co-challenge-1")),
        cu_challenge: None,
        activate_co,
        activate_cu: false,
    }
}

// Shared by the initialize and activate suites.
pub fn wait(w: &mut World, started: lunadeck::ops::init_steps::Started) -> Finished {
    w.rig.console.wait(started.job, |_| {}).unwrap()
}

pub fn init(w: &mut World, id: ServiceId, creds: InitCredentials) -> Finished {
    let started = w.rig.console.submit_initialize(id, creds).unwrap();
    wait(w, started)
}

pub fn state(w: &World, id: ServiceId) -> lunadeck::domain::lifecycle::ServiceState {
    w.rig.console.store.load_service(id).unwrap().unwrap().state
}

/// No secret of the tests is in the database file or the audit trail.
pub fn no_secret_on_disk(w: &World, extra: &[&str]) {
    let db = std::fs::read(w.rig.dir.path().join("lunadeck.sqlite")).unwrap();
    let wal = std::fs::read(w.rig.dir.path().join("lunadeck.sqlite-wal")).unwrap_or_default();
    let audit = format!("{:?}", w.rig.console.store.export_audit().unwrap());
    let mut all = vec![
        "clone-domain-1",
        "part-so-pass",
        "crypto-off-1",
        "crypto-usr-1",
        "co-challenge-1",
    ];
    all.extend_from_slice(extra);
    for s in all {
        for bytes in [&db, &wal] {
            assert!(
                !bytes.windows(s.len()).any(|x| x == s.as_bytes()),
                "{s} on disk"
            );
        }
        assert!(!audit.contains(s), "{s} in audit");
    }
}
