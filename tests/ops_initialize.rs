//! Initialize, activate and crypto-user initialization against the simulated fleet (INIT-1..6):
//! LunaSH on 7.8, LunaCM on 7.2, create-and-initialize on 6.x, PED, refusals and permissions.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod lifecycle_support;
mod ops_support;

use lifecycle_support::{
    init, no_secret_on_disk, ok, password_creds, ped_creds, secret, state, twice, wait, world,
};
use lunadeck::domain::device::AuthMethod;
use lunadeck::domain::initialization::{ConfirmedSecret, InitCredentials};
use lunadeck::domain::lifecycle::ServiceState;
use lunadeck::domain::partition::RoleState;
use lunadeck::domain::template::{HsmLine, ServiceType};
use lunadeck::sim::model::Role as SimRole;
use secrecy::ExposeSecret;

#[test]
fn init_2_password_ppso_via_lunash_on_78() {
    let mut w = world();
    let t = w.template(
        HsmLine::Luna77,
        ServiceType::Partition,
        AuthMethod::Password,
    );
    let id = w.create("pay", t, &["hsm78a"]);
    let done = init(&mut w, id, password_creds("pay-label", true, false));
    assert!(ok(&done), "{}", done.summary);
    let p = w.sim_partition("hsm78a", "pay").unwrap();
    assert!(p.initialized);
    assert_eq!(p.label, "pay-label");
    assert_eq!(p.so_password.as_deref(), Some("part-so-pass"));
    assert_eq!(p.co_password.as_deref(), Some("crypto-off-1"));
    assert_eq!(p.domain.as_deref(), Some("clone-domain-1"));
    assert_eq!(p.co, SimRole::Initialized);
    assert_eq!(state(&w, id), ServiceState::Initialized);
    let s = w.rig.console.store.load_service(id).unwrap().unwrap();
    let dbp = w
        .rig
        .console
        .store
        .load_partition(&s.members[0].partition)
        .unwrap()
        .unwrap();
    assert_eq!(dbp.label.as_deref(), Some("pay-label"));
    assert!(dbp.initialized);
    assert_eq!(dbp.roles.so, RoleState::Initialized);
    assert_eq!(dbp.roles.co, RoleState::Initialized);
    no_secret_on_disk(&w, &[]);
}

#[test]
fn init_2_password_ppso_via_lunacm_on_72_with_crypto_user() {
    let mut w = world();
    let t = w.template(HsmLine::Luna7, ServiceType::Partition, AuthMethod::Password);
    let id = w.create("ledger", t, &["hsm72"]);
    let done = init(&mut w, id, password_creds("ledger", true, true));
    assert!(ok(&done), "{}", done.summary);
    let p = w.sim_partition("hsm72", "ledger").unwrap();
    assert!(p.initialized);
    assert_eq!(p.so_password.as_deref(), Some("part-so-pass"));
    assert_eq!(p.co_password.as_deref(), Some("crypto-off-1"));
    assert_eq!(p.cu_password.as_deref(), Some("crypto-usr-1"));
    assert_eq!(p.cu, SimRole::Initialized);
    assert_eq!(state(&w, id), ServiceState::Initialized);
    let s = w.rig.console.store.load_service(id).unwrap().unwrap();
    let dbp = w
        .rig
        .console
        .store
        .load_partition(&s.members[0].partition)
        .unwrap()
        .unwrap();
    assert_eq!(dbp.roles.cu, RoleState::Initialized);
    no_secret_on_disk(&w, &[]);
}

#[test]
fn init_4_every_ha_member_gets_the_same_label_domain_and_credentials() {
    let mut w = world();
    let t = w.template(HsmLine::Luna77, ServiceType::HaGroup, AuthMethod::Password);
    let id = w.create("ha1", t, &["hsm78a", "hsm78b"]);
    let mut progress = Vec::new();
    let started = w
        .rig
        .console
        .submit_initialize(id, password_creds("ha-label", true, false))
        .unwrap();
    let done = w
        .rig
        .console
        .wait(started.job, |e| progress.push(format!("{e:?}")))
        .unwrap();
    assert!(ok(&done), "{}", done.summary);
    for app in ["hsm78a", "hsm78b"] {
        let p = w.sim_partition(app, "ha1").unwrap();
        assert_eq!(p.label, "ha-label", "{app}");
        assert_eq!(p.domain.as_deref(), Some("clone-domain-1"), "{app}");
        assert_eq!(p.co_password.as_deref(), Some("crypto-off-1"), "{app}");
    }
    for device in ["1700001", "1700002"] {
        assert!(
            progress.iter().any(|e| e.contains("Progress")
                && e.contains("partition 'ha1' with label 'ha-label'")
                && e.contains(device)),
            "progress for the partition on {device}"
        );
    }
    assert_eq!(state(&w, id), ServiceState::Initialized);
}

#[test]
fn init_2_non_ppso_legacy_is_initialized_at_creation() {
    let mut w = world();
    let t = w.template(HsmLine::Luna6, ServiceType::Partition, AuthMethod::Password);
    let mut req = w.request("legacy app", t, &["hsm62"]);
    req.init = Some(password_creds("legacy_app", false, false));
    let started = w.rig.console.submit_create_service(req).unwrap();
    let done = wait(&mut w, started);
    assert!(ok(&done), "{}", done.summary);
    let p = w.sim_partition("hsm62", "legacy_app").unwrap();
    assert!(p.initialized && !p.ppso);
    assert_eq!(p.co_password.as_deref(), Some("crypto-off-1"));
    assert_eq!(p.domain.as_deref(), Some("clone-domain-1"));
    let id = w.service_id("legacy app");
    assert_eq!(state(&w, id), ServiceState::Initialized);
    let s = w.rig.console.store.load_service(id).unwrap().unwrap();
    assert!(!s.ppso);
    let err = w
        .rig
        .console
        .submit_initialize(id, password_creds("x", false, false))
        .err()
        .unwrap();
    assert_eq!(
        err.to_string(),
        "Service 'legacy app' is already initialized"
    );
    no_secret_on_disk(&w, &[]);
}

#[test]
fn init_2_legacy_credentials_must_fit_the_service() {
    let mut w = world();
    let t = w.template(HsmLine::Luna6, ServiceType::Partition, AuthMethod::Password);
    for (creds, want) in [
        (
            password_creds("legacy", true, false),
            "Partition SO password: not used: this service has no per-partition SO",
        ),
        (
            password_creds("has space", false, false),
            "Partition Label: on software 5.x/6.x the label is the partition name",
        ),
    ] {
        let mut req = w.request("legacy", t, &["hsm62"]);
        req.init = Some(creds);
        let err = w.rig.console.submit_create_service(req).err().unwrap();
        assert!(err.to_string().contains(want), "{err}");
    }
    assert_eq!(w.sim_partition_count("hsm62"), 0);
}

#[test]
fn init_3_ped_ppso_via_lunash_and_activated() {
    let mut w = world();
    let t = w.template(HsmLine::Luna77, ServiceType::Partition, AuthMethod::Ped);
    let id = w.create("pedsvc", t, &["ped78"]);
    let done = init(&mut w, id, ped_creds("ped-label", true, true));
    assert!(ok(&done), "{}", done.summary);
    let p = w.sim_partition("ped78", "pedsvc").unwrap();
    assert!(p.initialized);
    assert_eq!(p.label, "ped-label");
    assert_eq!(p.co, SimRole::Activated);
    assert!(p.policies.contains(&(22, 1)) && p.policies.contains(&(23, 1)));
    assert_eq!(state(&w, id), ServiceState::Activated);
    no_secret_on_disk(&w, &[]);
}

#[test]
fn init_3_non_ppso_ped_legacy_shows_a_generated_16_digit_challenge_once() {
    let mut w = world();
    let t = w.template(HsmLine::Luna6, ServiceType::Partition, AuthMethod::Ped);
    let mut req = w.request("ped legacy", t, &["ped62"]);
    req.init = Some(ped_creds("pedleg", false, false));
    let started = w.rig.console.submit_create_service(req).unwrap();
    let challenge = started
        .generated_challenge
        .as_ref()
        .unwrap()
        .expose_secret()
        .to_string();
    assert_eq!(challenge.len(), 16);
    assert!(challenge.chars().all(|c| c.is_ascii_digit()));
    let done = wait(&mut w, started);
    assert!(ok(&done), "{}", done.summary);
    assert!(!done.summary.contains(&challenge));
    assert!(!done.result.to_string().contains(&challenge));
    assert!(w.sim_partition("ped62", "pedleg").unwrap().initialized);
    assert_eq!(
        state(&w, w.service_id("ped legacy")),
        ServiceState::Initialized
    );
    no_secret_on_disk(&w, &[&challenge]);
}

#[test]
fn init_2_wrong_confirmation_is_refused_naming_the_field() {
    let mut w = world();
    let t = w.template(
        HsmLine::Luna77,
        ServiceType::Partition,
        AuthMethod::Password,
    );
    let id = w.create("conf", t, &["hsm78a"]);
    let cases = [
        (
            InitCredentials::Password {
                label: "l".into(),
                domain: twice("clone-domain-1"),
                so: Some(twice("part-so-pass")),
                co: ConfirmedSecret::new(secret("crypto-off-1"), secret("crypto-off-2")),
                cu: None,
            },
            "Crypto Officer password: the confirmation does not match; type it again",
        ),
        (
            InitCredentials::Password {
                label: "l".into(),
                domain: ConfirmedSecret::new(secret("clone-domain-1"), secret("clone-domain")),
                so: Some(twice("part-so-pass")),
                co: twice("crypto-off-1"),
                cu: None,
            },
            "Cloning domain: the confirmation does not match; type it again",
        ),
        (
            password_creds("l", false, false),
            "Partition SO password: required for a per-partition SO service",
        ),
        (
            ped_creds("l", true, false),
            "Service 'conf' uses Password authentication; PED credentials do not apply",
        ),
    ];
    for (creds, want) in cases {
        let err = w.rig.console.submit_initialize(id, creds).err().unwrap();
        assert_eq!(err.to_string(), want);
        assert!(!err.to_string().contains("crypto-off"));
    }
    assert!(!w.sim_partition("hsm78a", "conf").unwrap().initialized);
    assert_eq!(state(&w, id), ServiceState::Uninitialized);
}

#[test]
fn init_1_owner_of_the_owning_org_may_initialize() {
    let mut w = world();
    let t = w.template(
        HsmLine::Luna77,
        ServiceType::Partition,
        AuthMethod::Password,
    );
    let id = w.create("owned", t, &["hsm78a"]);
    let org = w.org;
    w.sign_in_owner("olivia", org);
    let done = init(&mut w, id, password_creds("owned", true, false));
    assert!(ok(&done), "{}", done.summary);
    assert!(w.sim_partition("hsm78a", "owned").unwrap().initialized);
    let audit = w.rig.console.store.export_audit().unwrap();
    assert!(
        audit
            .iter()
            .any(|e| e.event.actor == "olivia" && e.event.action == "service.initialize")
    );
}

#[test]
fn init_1_owner_of_another_org_sees_nothing_and_changes_nothing() {
    let mut w = world();
    let t = w.template(
        HsmLine::Luna77,
        ServiceType::Partition,
        AuthMethod::Password,
    );
    let id = w.create("secret svc", t, &["hsm78a"]);
    let other = w.other_org;
    w.sign_in_owner("mallory", other);
    let err = w
        .rig
        .console
        .submit_initialize(id, password_creds("x", true, false))
        .err()
        .unwrap();
    assert_eq!(err.to_string(), format!("no service with id {id}"));
    assert!(!err.to_string().contains("secret svc"));
    assert!(!w.sim_partition("hsm78a", "secret_svc").unwrap().initialized);
    assert_eq!(state(&w, id), ServiceState::Uninitialized);
}

/// The client host's slot serials.
fn host_slots(w: &lifecycle_support::World) -> Vec<String> {
    let f = w.rig.fleet.lock().unwrap();
    f.client_host
        .slots
        .iter()
        .map(|s| s.serial.clone())
        .collect()
}

#[test]
fn svc_1_init_2_new_partition_on_72_becomes_a_slot_by_ntls_assignment() {
    let mut w = world();
    // No pre-declared slot for hsm72's first partition: only the assignment can make one.
    w.rig
        .fleet
        .lock()
        .unwrap()
        .client_host
        .slots
        .retain(|s| s.serial != "1700003000001");
    assert!(!host_slots(&w).contains(&"1700003000001".to_string()));
    let t = w.template(HsmLine::Luna7, ServiceType::Partition, AuthMethod::Password);
    let id = w.create("ntls", t, &["hsm72"]);
    {
        let f = w.rig.fleet.lock().unwrap();
        let app = f.appliance("hsm72").unwrap();
        let me = app
            .clients
            .iter()
            .find(|c| c.name == "client-host")
            .expect("the client host is registered on the appliance");
        assert_eq!(me.hostname, "client-host");
        assert_eq!(me.partitions, vec!["ntls".to_string()]);
    }
    assert!(host_slots(&w).contains(&"1700003000001".to_string()));
    let done = init(&mut w, id, password_creds("ntls", true, true));
    assert!(ok(&done), "{}", done.summary);
    let p = w.sim_partition("hsm72", "ntls").unwrap();
    assert!(p.initialized);
    assert_eq!(p.cu, SimRole::Initialized);
    assert_eq!(state(&w, id), ServiceState::Initialized);
}

#[test]
fn svc_1_failed_create_revokes_the_assignment_and_the_slot_goes() {
    let mut w = world();
    {
        let mut f = w.rig.fleet.lock().unwrap();
        f.client_host.slots.retain(|s| s.serial != "1700001000001");
        f.appliance_mut("hsm78b").unwrap().licences = 0;
    }
    let before = host_slots(&w);
    let t = w.template(HsmLine::Luna77, ServiceType::HaGroup, AuthMethod::Password);
    // hsm78a is created and assigned first; hsm78b has no licence: everything is undone.
    let req = w.request("ntls-ha", t, &["hsm78a", "hsm78b"]);
    let started = w.rig.console.submit_create_service(req).unwrap();
    let done = w.rig.console.wait(started.job, |_| {}).unwrap();
    assert!(!ok(&done), "{}", done.summary);
    assert!(done.summary.contains("licen"), "{}", done.summary);
    assert_eq!(host_slots(&w), before, "no slot is left behind");
    let f = w.rig.fleet.lock().unwrap();
    let app = f.appliance("hsm78a").unwrap();
    assert!(app.partitions.is_empty(), "the partition was deleted");
    let me = app
        .clients
        .iter()
        .find(|c| c.name == "client-host")
        .unwrap();
    assert!(me.partitions.is_empty(), "the assignment was revoked");
}
