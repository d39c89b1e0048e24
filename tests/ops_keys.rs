//! Keys tab (MNG-5) and Clients tab (MNG-6) against the demo fleet's `myHA` group: CO session,
//! HA synchronize first, objects cached; clients read and their status.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod ops_manage_support;
mod ops_support;

use lunadeck::domain::ids::{PartitionSerial, ServiceId};
use lunadeck::domain::organization::Role;
use lunadeck::ops::clients::ClientStatus;
use lunadeck::ops::keys::{KEYS_IDLE_SECONDS, KeysLogin};
use lunadeck::sim::fleet::DEMO_FLEET;
use ops_manage_support::{add_devices, clock_at, console_as, ok, org, save_service, wait};
use ops_support::{Rig, rig_with};
use secrecy::SecretString;
use std::sync::atomic::Ordering;

const LON1: &str = "1582775433934";
const LON2: &str = "1582790433012";
const T0: i64 = 1_800_000_000;

fn my_ha() -> (Rig, ServiceId) {
    let mut r = rig_with(DEMO_FLEET);
    add_devices(&mut r, &["lon-hsm-01", "lon-hsm-02"]);
    let o = org(&mut r, "payments");
    let id = save_service(&mut r, "payments", Some("myHA"), &[LON1, LON2], o);
    (r, id)
}

fn co() -> KeysLogin {
    KeysLogin::Password(SecretString::from("CoPass-sehsm3"))
}

fn sim_objects(r: &Rig, serial: &str) -> usize {
    r.fleet
        .lock()
        .unwrap()
        .partition_by_serial(serial)
        .unwrap()
        .1
        .objects
        .len()
}

#[test]
fn mng_5_keys_synchronize_then_list_every_member_and_cache() {
    let (mut r, id) = my_ha();
    assert_eq!((sim_objects(&r, LON1), sim_objects(&r, LON2)), (2, 1));
    let job = r.console.open_keys_session(id, co()).unwrap();
    let done = wait(&mut r.console, job);
    assert!(ok(&done), "{}", done.summary);
    let n1 = sim_objects(&r, LON1);
    assert_eq!(
        n1,
        sim_objects(&r, LON2),
        "the HA members were synchronized first"
    );
    let cached = r
        .console
        .store
        .list_key_objects(&PartitionSerial::new(LON2))
        .unwrap();
    assert_eq!(cached.len(), n1);
    let mac = cached
        .iter()
        .find(|o| o.label == "DARKSTARKEY-mac-key")
        .unwrap();
    assert_eq!(mac.object_type, "Symmetric Key");
    assert_eq!(
        (mac.algorithm.as_deref(), mac.bits),
        (Some("AES"), Some(256))
    );
    assert!(mac.fingerprint.as_deref().unwrap_or("").contains(':'));
    assert!(mac.handle > 0);
    assert_eq!(r.console.keys(id).unwrap().len(), 2 * n1);
    // no secret in the result or the database
    assert!(!done.result.to_string().contains("CoPass"));
}

#[test]
fn mng_5_wrong_co_password_ends_the_session() {
    let (mut r, id) = my_ha();
    let job = r
        .console
        .open_keys_session(id, KeysLogin::Password(SecretString::from("nope-nope")))
        .unwrap();
    let done = wait(&mut r.console, job);
    assert!(!ok(&done));
    assert!(
        done.summary.contains("CKR_PIN_INCORRECT"),
        "{}",
        done.summary
    );
    // Issue 8.8: the echo of the typed password (one star per character) is never shown.
    assert!(!done.summary.contains('*'), "{}", done.summary);
    assert!(!r.console.keys_session_open(id));
    let e = r.console.keys(id).unwrap_err();
    assert!(e.to_string().contains("log in as crypto officer"), "{e}");
}

#[test]
fn mng_5_log_off_and_idle_three_hours_end_the_session() {
    let (mut r, id) = my_ha();
    let clock = clock_at(T0);
    let mut c = console_as(&mut r, "admin2", Role::Admin, clock.clone());
    let job = c.open_keys_session(id, co()).unwrap();
    assert!(ok(&wait(&mut c, job)));
    clock.store(T0 + KEYS_IDLE_SECONDS - 1, Ordering::SeqCst);
    assert!(
        c.keys(id).is_ok(),
        "still alive, and this use resets the idle time"
    );
    clock.store(T0 + 2 * KEYS_IDLE_SECONDS - 2, Ordering::SeqCst);
    assert!(c.keys_session_open(id));
    clock.store(T0 + 2 * KEYS_IDLE_SECONDS - 1, Ordering::SeqCst);
    let e = c.keys(id).unwrap_err();
    assert!(e.to_string().contains("idle for 3 hours"), "{e}");
    let job = c.open_keys_session(id, co()).unwrap();
    assert!(ok(&wait(&mut c, job)));
    assert!(c.log_off_keys(id));
    assert!(c.submit_list_keys(id).is_err());
}

#[test]
fn perm_keys_owner_of_own_org_allowed_other_org_sees_nothing() {
    let (mut r, id) = my_ha();
    let own = r
        .console
        .store
        .load_service(id)
        .unwrap()
        .unwrap()
        .organization;
    let other = org(&mut r, "retail");
    let mut mine = console_as(&mut r, "owner1", Role::Owner(own), clock_at(T0));
    let job = mine.open_keys_session(id, co()).unwrap();
    assert!(ok(&wait(&mut mine, job)));
    assert!(!mine.keys(id).unwrap().is_empty());
    let mut theirs = console_as(&mut r, "owner2", Role::Owner(other), clock_at(T0));
    let e = theirs.open_keys_session(id, co()).unwrap_err();
    assert_eq!(e.to_string(), format!("no service with id {id}"));
    assert!(theirs.service_clients(id).is_err());
}

#[test]
fn mng_6_clients_read_with_status_fingerprint_and_registration() {
    let (mut r, id) = my_ha();
    let job = r.console.submit_read_clients(id).unwrap();
    let done = wait(&mut r.console, job);
    assert!(ok(&done), "{}", done.summary);
    let rows = r.console.service_clients(id).unwrap();
    let names: Vec<(&str, &str)> = rows
        .iter()
        .map(|c| (c.device.as_str(), c.name.as_str()))
        .collect();
    assert_eq!(
        names,
        vec![
            ("lon-hsm-01", "Payments API (prod)"),
            ("lon-hsm-02", "Payments API (prod)")
        ],
        "web server 01 uses another partition"
    );
    for c in &rows {
        assert_eq!(c.status, ClientStatus::Ok);
        assert_eq!(c.host, "pay-api.example.net");
        assert!(c.fingerprint.as_deref().unwrap_or("").contains(':'));
        assert_eq!(
            c.last_registration,
            Some(lunadeck::domain::timestamp::Timestamp(T0))
        );
        assert_eq!(c.partitions, vec!["sp_sehsm3".to_string()]);
    }
    let svc = r.console.store.load_service(id).unwrap().unwrap();
    let names = r.console.service_partition_names(&svc).unwrap();
    assert_eq!(r.console.mark_for_reregistration(&names).unwrap(), 2);
    let rows = r.console.service_clients(id).unwrap();
    assert!(
        rows.iter()
            .all(|c| c.status == ClientStatus::NeedsReregistration)
    );
    // a later read keeps the flag (same certificate)
    let job = r.console.submit_read_clients(id).unwrap();
    assert!(ok(&wait(&mut r.console, job)));
    assert!(
        r.console
            .service_clients(id)
            .unwrap()
            .iter()
            .all(|c| c.status == ClientStatus::NeedsReregistration)
    );
}
