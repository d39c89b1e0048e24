//! Initialize New Partitions (HA-2) against fixtures/fleets/manage.toml: the new member gets the
//! service's label, domain and credentials, and the seed's crypto-user table is applied row by
//! row, checked on the simulator's role states.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod ops_manage_support;
mod ops_support;

use lunadeck::domain::ids::{HsmSerial, ServiceId};
use lunadeck::domain::initialization::ConfirmedSecret;
use lunadeck::domain::lifecycle::ServiceState;
use lunadeck::ops::ha_init::NewPartitionsForm;
use lunadeck::sim::model::Role as SimRole;
use ops_manage_support::{add_devices, ok, org, save_service, twice, wait};
use ops_support::{Rig, rig_with};
use secrecy::SecretString;

const MANAGE: &str = include_str!("../fixtures/fleets/manage.toml");
const P1: &str = "1700001000001";
const P2: &str = "1700002000001";
const NEW: &str = "1700003000001";

/// An HA service on m1 + m2 (old CU initialized or not) with a new pending member on m3.
fn with_pending(old_cu: bool) -> (Rig, ServiceId) {
    let mut r = rig_with(MANAGE);
    if old_cu {
        let mut f = r.fleet.lock().unwrap();
        for s in [P1, P2] {
            let p = f.partition_by_serial_mut(s).unwrap();
            p.cu = SimRole::Initialized;
            p.cu_password = Some("svc-cu-pass".into());
        }
    }
    add_devices(&mut r, &["m1", "m2", "m3"]);
    let o = org(&mut r, "apps");
    let id = save_service(&mut r, "apps", Some("svcHA"), &[P1, P2], o);
    let job = r
        .console
        .submit_add_partitions(id, &[HsmSerial::new("1700003")])
        .unwrap();
    assert!(ok(&wait(&mut r.console, job)));
    (r, id)
}

fn form(cu: bool) -> NewPartitionsForm {
    NewPartitionsForm {
        domain: twice("svc-domain"),
        so: Some(twice("svc-so-pass")),
        co: twice("svc-co-pass"),
        cu: cu.then(|| twice("svc-cu-pass")),
    }
}

fn cu_states(r: &Rig) -> (SimRole, SimRole) {
    let f = r.fleet.lock().unwrap();
    (
        f.partition_by_serial(NEW).unwrap().1.cu,
        f.partition_by_serial(P1).unwrap().1.cu,
    )
}

fn run(old_cu: bool, choose: bool) -> (Rig, ServiceId, String) {
    let (mut r, id) = with_pending(old_cu);
    let (job, table) = r
        .console
        .submit_init_new_partitions(id, form(choose))
        .unwrap();
    let done = wait(&mut r.console, job);
    assert!(ok(&done), "{}", done.summary);
    {
        let f = r.fleet.lock().unwrap();
        let p = f.partition_by_serial(NEW).unwrap().1;
        assert!(p.initialized);
        assert_eq!(p.label, "svc");
        assert_eq!(
            p.domain.as_deref(),
            Some("svc-domain"),
            "same cloning domain"
        );
        assert_eq!(p.co_password.as_deref(), Some("svc-co-pass"));
    }
    let s = r.console.store.load_service(id).unwrap().unwrap();
    assert_eq!(s.state, ServiceState::Initialized);
    assert!(s.members.iter().all(|m| !m.pending_init));
    (r, id, table.behaviour.to_string())
}

#[test]
fn ha_2_row_1_choose_cu_old_initialized_no_change_on_old() {
    let (r, _, behaviour) = run(true, true);
    assert_eq!(behaviour, "No change on old partition");
    assert_eq!(cu_states(&r), (SimRole::Initialized, SimRole::Initialized));
}

#[test]
fn ha_2_row_2_choose_cu_old_not_initialized_old_also_initialized() {
    let (r, id, behaviour) = run(false, true);
    assert_eq!(behaviour, "Old partition will also be initialized");
    assert_eq!(cu_states(&r), (SimRole::Initialized, SimRole::Initialized));
    let f = r.fleet.lock().unwrap();
    assert_eq!(
        f.partition_by_serial(P2).unwrap().1.cu,
        SimRole::Initialized
    );
    drop(f);
    let old = r
        .console
        .store
        .load_partition(&lunadeck::domain::ids::PartitionSerial::new(P2))
        .unwrap()
        .unwrap();
    assert!(old.roles.cu.is_initialized());
    let _ = id;
}

#[test]
fn ha_2_row_3_skip_cu_old_initialized_new_stays_uninitialized() {
    let (r, _, behaviour) = run(true, false);
    assert_eq!(behaviour, "No change on old partition");
    assert_eq!(
        cu_states(&r),
        (SimRole::NotInitialized, SimRole::Initialized)
    );
}

#[test]
fn ha_2_row_4_skip_cu_old_not_initialized_nothing() {
    let (r, _, behaviour) = run(false, false);
    assert_eq!(behaviour, "No change on old partition");
    assert_eq!(
        cu_states(&r),
        (SimRole::NotInitialized, SimRole::NotInitialized)
    );
}

#[test]
fn ha_2_mismatched_confirmation_refused_before_anything() {
    let (mut r, id) = with_pending(false);
    let mut f = form(false);
    f.co = ConfirmedSecret::new(
        SecretString::from("svc-co-pass"),
        SecretString::from("other-pass"),
    );
    let e = r.console.submit_init_new_partitions(id, f).unwrap_err();
    assert!(e.to_string().contains("Crypto Officer"), "{e}");
    assert!(
        !r.fleet
            .lock()
            .unwrap()
            .partition_by_serial(NEW)
            .unwrap()
            .1
            .initialized
    );
}
