//! Activate Roles later (INIT-5) and Initialize Crypto User later (INIT-6) against the simulated
//! fleet: who is refused and why, and what changes on the partitions and in the database.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod lifecycle_support;
mod ops_support;

use lifecycle_support::{World, ok, password_creds, ped_creds, secret, twice, world};
use lunadeck::domain::device::AuthMethod;
use lunadeck::domain::ids::ServiceId;
use lunadeck::domain::initialization::InitCredentials;
use lunadeck::domain::lifecycle::ServiceState;
use lunadeck::domain::partition::RoleState;
use lunadeck::domain::template::{HsmLine, ServiceType};
use lunadeck::ops::Finished;
use lunadeck::ops::init_steps::Started;
use lunadeck::sim::model::Role as SimRole;

fn wait(w: &mut World, started: Started) -> Finished {
    w.rig.console.wait(started.job, |_| {}).unwrap()
}

fn init(w: &mut World, id: ServiceId, creds: InitCredentials) -> Finished {
    let started = w.rig.console.submit_initialize(id, creds).unwrap();
    wait(w, started)
}

fn state(w: &World, id: ServiceId) -> ServiceState {
    w.rig.console.store.load_service(id).unwrap().unwrap().state
}

/// No secret of the tests is in the database file or the audit trail.
fn no_secret_on_disk(w: &World, extra: &[&str]) {
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

#[test]
fn init_5_activation_rules() {
    let mut w = world();
    // Password service: nothing to activate.
    let tp = w.template(
        HsmLine::Luna77,
        ServiceType::Partition,
        AuthMethod::Password,
    );
    let pw = w.create("pw", tp, &["hsm78a"]);
    let err = w
        .rig
        .console
        .submit_activate_roles(pw, secret("co-challenge-1"), None)
        .err()
        .unwrap();
    assert!(
        err.to_string().contains("uses password authentication"),
        "{err}"
    );
    // Non-PPSO PED (legacy): the exact LunaCM way.
    let tl = w.template(HsmLine::Luna6, ServiceType::Partition, AuthMethod::Ped);
    let mut req = w.request("old ped", tl, &["ped62"]);
    req.init = Some(ped_creds("oldped", false, false));
    let started = w.rig.console.submit_create_service(req).unwrap();
    assert!(ok(&wait(&mut w, started)));
    let old = w.service_id("old ped");
    let err = w
        .rig
        .console
        .submit_activate_roles(old, secret("co-challenge-1"), None)
        .err()
        .unwrap();
    assert!(
        err.to_string()
            .contains("partition changepolicy -policy 22 -value 1"),
        "{err}"
    );
    // PPSO PED: not before initialization, then activation works later (INIT-5).
    let tped = w.template(HsmLine::Luna77, ServiceType::Partition, AuthMethod::Ped);
    let ped = w.create("ped later", tped, &["ped78"]);
    let err = w
        .rig
        .console
        .submit_activate_roles(ped, secret("co-challenge-1"), None)
        .err()
        .unwrap();
    assert!(err.to_string().contains("not initialized yet"), "{err}");
    assert!(ok(&init(&mut w, ped, ped_creds("pl", true, false))));
    assert_eq!(
        w.sim_partition("ped78", "ped_later").unwrap().co,
        SimRole::Initialized
    );
    let started = w
        .rig
        .console
        .submit_activate_roles(ped, secret("co-challenge-1"), None)
        .unwrap();
    let done = wait(&mut w, started);
    assert!(ok(&done), "{}", done.summary);
    assert_eq!(
        w.sim_partition("ped78", "ped_later").unwrap().co,
        SimRole::Activated
    );
    assert_eq!(state(&w, ped), ServiceState::Activated);
    // The crypto user only with the crypto officer, and only once initialized.
    let err = w
        .rig
        .console
        .submit_activate_roles(
            ped,
            secret("co-challenge-1"),
            Some(secret("cu-challenge-1")),
        )
        .err()
        .unwrap();
    assert!(
        err.to_string().contains("Initialize Crypto User first"),
        "{err}"
    );
    // PPSO + STC deployed: refused with the reason.
    let mut s = w.rig.console.store.load_service(ped).unwrap().unwrap();
    s.stc = true;
    s.state = ServiceState::Deployed;
    w.rig.console.store.save_service(&s).unwrap();
    let err = w
        .rig
        .console
        .submit_activate_roles(ped, secret("co-challenge-1"), None)
        .err()
        .unwrap();
    assert!(
        err.to_string()
            .contains("only reach the partition through the STC link"),
        "{err}"
    );
}

#[test]
fn init_6_initialize_crypto_user_later_on_78() {
    let mut w = world();
    let t = w.template(
        HsmLine::Luna77,
        ServiceType::Partition,
        AuthMethod::Password,
    );
    let id = w.create("cu later", t, &["hsm78a"]);
    let err = w
        .rig
        .console
        .submit_initialize_crypto_user(id, secret("crypto-off-1"), twice("crypto-usr-1"))
        .err()
        .unwrap();
    assert!(err.to_string().contains("not initialized yet"), "{err}");
    assert!(ok(&init(&mut w, id, password_creds("cul", true, false))));
    let started = w
        .rig
        .console
        .submit_initialize_crypto_user(id, secret("crypto-off-1"), twice("crypto-usr-1"))
        .unwrap();
    let done = wait(&mut w, started);
    assert!(ok(&done), "{}", done.summary);
    let p = w.sim_partition("hsm78a", "cu_later").unwrap();
    assert_eq!(p.cu, SimRole::Initialized);
    assert_eq!(p.cu_password.as_deref(), Some("crypto-usr-1"));
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
