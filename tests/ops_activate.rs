//! Activate Roles later (INIT-5) and Initialize Crypto User later (INIT-6) against the simulated
//! fleet: who is refused and why, and what changes on the partitions and in the database.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod lifecycle_support;
mod ops_support;

use lifecycle_support::{
    init, no_secret_on_disk, ok, password_creds, ped_creds, secret, state, twice, wait, world,
};
use lunadeck::domain::device::AuthMethod;
use lunadeck::domain::lifecycle::ServiceState;
use lunadeck::domain::partition::RoleState;
use lunadeck::domain::template::{HsmLine, ServiceType};
use lunadeck::sim::model::Role as SimRole;

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
