//! Detach and delete against the simulated fleet (DEL-1, DEL-2): detach sends nothing, delete
//! needs the exact name, destroys on every device, and reports a partial failure precisely.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod lifecycle_support;
mod ops_support;

use lifecycle_support::{World, ok, password_creds, world};
use lunadeck::domain::device::AuthMethod;
use lunadeck::domain::ids::ServiceId;
use lunadeck::domain::template::{HsmLine, ServiceType};
use lunadeck::ops::Finished;
use lunadeck::sim::faults::DropPoint;

fn ha_service(w: &mut World, name: &str) -> ServiceId {
    let t = w.template(HsmLine::Luna77, ServiceType::HaGroup, AuthMethod::Password);
    w.create(name, t, &["hsm78a", "hsm78b"])
}

fn delete(w: &mut World, id: ServiceId, typed: &str) -> Finished {
    let job = w.rig.console.submit_delete_service(id, typed).unwrap();
    w.rig.console.wait(job, |_| {}).unwrap()
}

#[test]
fn del_1_detach_forgets_the_service_and_leaves_the_devices_untouched() {
    let mut w = world();
    let id = ha_service(&mut w, "keepme");
    let before = w.rig.fleet.lock().unwrap().clone();
    w.rig.console.detach_service(id).unwrap();
    assert_eq!(
        *w.rig.fleet.lock().unwrap(),
        before,
        "nothing sent to any device"
    );
    assert!(w.rig.console.store.load_service(id).unwrap().is_none());
    assert_eq!(
        w.rig.console.store.list_partitions(None).unwrap().len(),
        2,
        "the partitions stay known (they can be imported again)"
    );
    let audit = w.rig.console.store.export_audit().unwrap();
    assert!(
        audit
            .iter()
            .any(|e| e.event.action == "service.detach" && e.event.target == "keepme")
    );
}

#[test]
fn del_1_owner_may_not_detach() {
    let mut w = world();
    let id = ha_service(&mut w, "keepme");
    let org = w.org;
    w.sign_in_owner("olivia", org);
    let err = w.rig.console.detach_service(id).unwrap_err();
    assert!(err.to_string().starts_with("Not permitted"), "{err}");
    assert!(w.rig.console.store.load_service(id).unwrap().is_some());
}

#[test]
fn del_2_wrong_typed_name_is_refused_and_nothing_is_sent() {
    let mut w = world();
    let id = ha_service(&mut w, "Ledger");
    for (typed, want) in [
        ("", "type the service name 'Ledger' to confirm"),
        (
            "ledger",
            "'ledger' does not match: type the service name 'Ledger' exactly to confirm",
        ),
    ] {
        let err = w.rig.console.submit_delete_service(id, typed).unwrap_err();
        assert_eq!(err.to_string(), want);
    }
    assert!(w.sim_partition("hsm78a", "Ledger").is_some());
    assert!(w.sim_partition("hsm78b", "Ledger").is_some());
    assert!(w.rig.console.store.load_service(id).unwrap().is_some());
}

#[test]
fn del_2_right_name_destroys_the_partitions_on_every_device() {
    let mut w = world();
    let id = ha_service(&mut w, "Ledger");
    assert!(ok(&{
        let s = w
            .rig
            .console
            .submit_initialize(id, password_creds("ledger", true, false))
            .unwrap();
        w.rig.console.wait(s.job, |_| {}).unwrap()
    }));
    let done = delete(&mut w, id, "Ledger");
    assert!(ok(&done), "{}", done.summary);
    assert!(done.summary.contains("deleted"), "{}", done.summary);
    assert!(w.sim_partition("hsm78a", "Ledger").is_none());
    assert!(w.sim_partition("hsm78b", "Ledger").is_none());
    assert!(w.rig.console.store.load_service(id).unwrap().is_none());
    assert!(
        w.rig
            .console
            .store
            .list_partitions(None)
            .unwrap()
            .is_empty()
    );
}

#[test]
fn del_2_link_dropped_on_one_device_is_reported_precisely() {
    let mut w = world();
    let id = ha_service(&mut w, "Split");
    let b_serial = w.sim_partition("hsm78b", "Split").unwrap().serial;
    let a_serial = w.sim_partition("hsm78a", "Split").unwrap().serial;
    w.rig
        .fleet
        .lock()
        .unwrap()
        .faults_mut("hsm78b")
        .unwrap()
        .drop = Some(DropPoint::After);
    let done = delete(&mut w, id, "Split");
    assert!(!ok(&done));
    let s = &done.summary;
    assert!(s.contains("only partly deleted"), "{s}");
    assert!(
        s.contains(&format!("Destroyed: 'Split' ({a_serial}) on hsm78a")),
        "{s}"
    );
    assert!(
        s.contains(&format!(
            "kept in the service: 'Split' ({b_serial}) on hsm78b"
        )),
        "{s}"
    );
    assert!(s.contains("cannot be undone"), "{s}");
    assert!(w.sim_partition("hsm78a", "Split").is_none());
    assert!(w.sim_partition("hsm78b", "Split").is_some());
    let svc = w.rig.console.store.load_service(id).unwrap().unwrap();
    let members: Vec<String> = svc
        .members
        .iter()
        .map(|m| m.partition.to_string())
        .collect();
    assert_eq!(members, vec![b_serial.clone()]);
    let parts = w.rig.console.store.list_partitions(None).unwrap();
    assert_eq!(parts.len(), 1);
    assert_eq!(parts[0].serial.to_string(), b_serial);
    // Once the link is back, deleting again finishes the job.
    w.rig
        .fleet
        .lock()
        .unwrap()
        .faults_mut("hsm78b")
        .unwrap()
        .drop = None;
    let done = delete(&mut w, id, "Split");
    assert!(ok(&done), "{}", done.summary);
    assert!(w.sim_partition("hsm78b", "Split").is_none());
    assert!(w.rig.console.store.load_service(id).unwrap().is_none());
}

#[test]
fn del_2_owner_of_the_owning_org_may_delete() {
    let mut w = world();
    let id = ha_service(&mut w, "ours");
    let org = w.org;
    w.sign_in_owner("olivia", org);
    let done = delete(&mut w, id, "ours");
    assert!(ok(&done), "{}", done.summary);
    assert!(w.sim_partition("hsm78a", "ours").is_none());
    assert!(w.rig.console.store.load_service(id).unwrap().is_none());
}

#[test]
fn del_2_owner_of_another_org_sees_nothing_and_destroys_nothing() {
    let mut w = world();
    let id = ha_service(&mut w, "theirs");
    let other = w.other_org;
    w.sign_in_owner("mallory", other);
    let err = w
        .rig
        .console
        .submit_delete_service(id, "theirs")
        .unwrap_err();
    assert_eq!(err.to_string(), format!("no service with id {id}"));
    let err = w.rig.console.detach_service(id).unwrap_err();
    assert_eq!(err.to_string(), format!("no service with id {id}"));
    assert!(w.sim_partition("hsm78a", "theirs").is_some());
    assert!(w.sim_partition("hsm78b", "theirs").is_some());
    assert!(w.rig.console.store.load_service(id).unwrap().is_some());
}
