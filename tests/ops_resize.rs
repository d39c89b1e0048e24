//! Resize against the simulated demo fleet (SIZE-1/2): the simulator's sizes and the database
//! are checked after success, refusal, no space midway and a dropped link.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod ops_manage_support;
mod ops_support;

use lunadeck::domain::audit_event::Outcome;
use lunadeck::domain::ids::ServiceId;
use lunadeck::domain::organization::Role;
use lunadeck::jobs::JobEvent;
use lunadeck::ops::OpsError;
use lunadeck::sim::faults::DropPoint;
use lunadeck::sim::fleet::DEMO_FLEET;
use ops_manage_support::{
    add_devices, clock_at, console_as, ok, org, save_service, sim_size, wait,
};
use ops_support::{Rig, finish, rig_with};

const LON1: &str = "1582775433934";
const LON2: &str = "1582790433012";

fn my_ha() -> (Rig, ServiceId) {
    let mut r = rig_with(DEMO_FLEET);
    add_devices(&mut r, &["lon-hsm-01", "lon-hsm-02"]);
    let o = org(&mut r, "payments");
    let id = save_service(&mut r, "payments", Some("myHA"), &[LON1, LON2], o);
    (r, id)
}

fn stored_size(r: &Rig, id: ServiceId) -> u64 {
    r.console
        .store
        .load_service(id)
        .unwrap()
        .unwrap()
        .partition_size
}

#[test]
fn size_1_resize_every_member_and_save_on_success() {
    let (mut r, id) = my_ha();
    let job = r.console.submit_resize(id, "700000");
    let done = finish(&mut r, job);
    assert!(ok(&done), "{}", done.summary);
    assert_eq!(
        done.summary,
        "Service 'payments' resized: every partition is now 700000 bytes."
    );
    assert_eq!((sim_size(&r, LON1), sim_size(&r, LON2)), (700000, 700000));
    assert_eq!(stored_size(&r, id), 700000);
    let p = r
        .console
        .store
        .load_partition(&lunadeck::domain::ids::PartitionSerial::new(LON2))
        .unwrap()
        .unwrap();
    assert_eq!(p.size, 700000);
}

#[test]
fn size_1_bad_size_text_refused_before_any_job() {
    let (mut r, id) = my_ha();
    for (text, want) in [
        ("12a", "digits only"),
        ("999", "below the minimum"),
        ("", "required"),
        ("648381", "already 648381 bytes"),
        ("99999999", "bytes free"),
    ] {
        let e = r.console.submit_resize(id, text).unwrap_err();
        assert!(e.to_string().contains(want), "{text:?}: {e}");
        assert_eq!(e.exit_code(), 2);
    }
    assert_eq!(
        r.console.store.count_jobs().unwrap(),
        4,
        "only the device jobs ran"
    );
}

#[test]
fn size_2_offline_device_refused_with_nothing_changed() {
    let (mut r, id) = my_ha();
    r.fleet
        .lock()
        .unwrap()
        .faults_mut("lon-hsm-02")
        .unwrap()
        .unreachable = true;
    let job = r.console.submit_refresh(&[]);
    finish(&mut r, job);
    let e = r.console.submit_resize(id, "700000").unwrap_err();
    assert_eq!(
        e.to_string(),
        "device 'lon-hsm-02' is unreachable: try again when all devices are online"
    );
    assert_eq!((sim_size(&r, LON1), sim_size(&r, LON2)), (648381, 648381));
    assert_eq!(stored_size(&r, id), 648381);
}

#[test]
fn size_2_device_down_at_run_time_fails_at_login_before_any_resize() {
    let (mut r, id) = my_ha();
    r.fleet
        .lock()
        .unwrap()
        .faults_mut("lon-hsm-02")
        .unwrap()
        .unreachable = true;
    let job = r.console.submit_resize(id, "700000");
    let done = finish(&mut r, job);
    assert!(!ok(&done));
    assert!(done.summary.starts_with("Resize refused: logging in as HSM SO on device 'lon-hsm-02' failed, no partition was resized."), "{}", done.summary);
    assert_eq!((sim_size(&r, LON1), sim_size(&r, LON2)), (648381, 648381));
    assert_eq!(stored_size(&r, id), 648381);
}

#[test]
fn size_2_no_space_on_second_device_puts_first_back() {
    let (mut r, id) = my_ha();
    // The appliance filled up after it was last read: the plan passes, the device refuses.
    r.fleet
        .lock()
        .unwrap()
        .appliances
        .iter_mut()
        .find(|a| a.name == "lon-hsm-02")
        .unwrap()
        .storage_total = 2_000_000;
    let job = r.console.submit_resize(id, "900000");
    let done = finish(&mut r, job);
    assert!(!ok(&done));
    assert!(
        done.summary.starts_with("Resize failed on device 'lon-hsm-02' at step 2 of 2 (resize partition 'sp_sehsm3' to 900000 bytes). The device said: "),
        "{}",
        done.summary
    );
    assert!(
        done.summary.contains("NOT_ENOUGH_MEMORY"),
        "{}",
        done.summary
    );
    assert!(
        done.summary
            .ends_with("Put back to the old size: 'sp_sehsm3' on 'lon-hsm-01' (648381 bytes)."),
        "{}",
        done.summary
    );
    assert_eq!((sim_size(&r, LON1), sim_size(&r, LON2)), (648381, 648381));
    assert_eq!(stored_size(&r, id), 648381);
    let events = r.console.store.list_audit(&Default::default()).unwrap();
    let last = events
        .iter()
        .rev()
        .find(|e| e.event.action == "service.resize" && e.event.target == "payments")
        .unwrap();
    assert!(matches!(last.event.outcome, Outcome::Failure { .. }));
}

#[test]
fn size_2_link_dropped_mid_step_undoes_first_and_says_unknown() {
    let (mut r, id) = my_ha();
    let fleet = r.fleet.clone();
    let job = r.console.submit_resize(id, "700000").unwrap();
    let done = r
        .console
        .wait(job, |e| {
            if let JobEvent::Progress { step, done: 2, .. } = e {
                assert!(step.contains("resize"), "{step}");
                fleet.lock().unwrap().faults_mut("lon-hsm-02").unwrap().drop =
                    Some(DropPoint::After);
            }
        })
        .unwrap();
    assert!(!ok(&done));
    assert!(
        done.summary
            .contains("Put back to the old size: 'sp_sehsm3' on 'lon-hsm-01'"),
        "{}",
        done.summary
    );
    assert!(
        done.summary
            .contains("The link to device 'lon-hsm-02' failed"),
        "{}",
        done.summary
    );
    assert_eq!(sim_size(&r, LON1), 648381);
    assert_eq!(stored_size(&r, id), 648381, "nothing saved on failure");
}

#[test]
fn perm_resize_admin_only() {
    let (mut r, id) = my_ha();
    let own = r
        .console
        .store
        .load_service(id)
        .unwrap()
        .unwrap()
        .organization;
    let other = org(&mut r, "retail");
    for (user, role, want) in [
        (
            "owner1",
            Role::Owner(own),
            "only an Admin can resize a service",
        ),
        ("owner2", Role::Owner(other), "no service with id"),
    ] {
        let mut c = console_as(&mut r, user, role, clock_at(1_800_000_000));
        let e = c.submit_resize(id, "700000").unwrap_err();
        assert!(e.to_string().contains(want), "{user}: {e}");
        assert!(matches!(e, OpsError::Refused(_) | OpsError::NotFound(_)));
    }
    assert_eq!(sim_size(&r, LON1), 648381);
    let job = r.console.submit_resize(id, "650000");
    assert!(ok(&wait(&mut r.console, job.unwrap())));
}
