#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! Fleet fixtures, generation and the shared state file.

use lunadeck::sim::profile::Profile;
use lunadeck::sim::{Fleet, FleetStore};
use std::collections::BTreeSet;

#[test]
fn x_2_demo_fleet_loads_with_six_or_more_appliances_across_profiles() {
    let fleet = Fleet::demo().unwrap();
    assert!(fleet.appliances.len() >= 6, "{}", fleet.appliances.len());
    let versions: BTreeSet<String> = fleet
        .appliances
        .iter()
        .map(|a| a.software.split('.').take(2).collect::<Vec<_>>().join("."))
        .collect();
    for v in ["5.3", "6.2", "7.2", "7.8"] {
        assert!(versions.contains(v), "no {v} appliance in {versions:?}");
    }
    assert!(
        fleet
            .appliances
            .iter()
            .any(|a| a.auth == lunadeck::sim::model::Auth::Ped)
    );
    assert!(fleet.client_host.ha_groups.len() >= 2);
    assert!(
        fleet
            .appliances
            .iter()
            .flat_map(|a| &a.clients)
            .any(|c| c.name.contains(' '))
    );
    // Every HA member and slot points at an existing partition with the right serial length.
    for g in &fleet.client_host.ha_groups {
        for m in &g.members {
            assert!(fleet.partition_by_serial(m).is_some(), "{m}");
        }
    }
    for a in &fleet.appliances {
        let digits = Profile::of(&a.software, &a.firmware).serial_digits();
        for p in &a.partitions {
            assert_eq!(p.serial.len(), digits, "{} on {}", p.serial, a.name);
        }
    }
    // One appliance nearly full, one with licences nearly exhausted.
    assert!(fleet.appliances.iter().any(|a| a.free_storage() < 300_000));
    assert!(
        fleet
            .appliances
            .iter()
            .any(|a| a.licences as usize - a.partitions.len() <= 1)
    );
}

#[test]
fn x_2_small_fleet_and_bad_toml() {
    let small = Fleet::from_toml(include_str!("../fixtures/fleets/small.toml")).unwrap();
    assert_eq!(small.appliances.len(), 2);
    let err = Fleet::from_toml("[[appliance]]\nname = 3\n").unwrap_err();
    assert!(err.starts_with("fleet file is not valid:"), "{err}");
}

#[test]
fn x_2_generated_fleet_is_deterministic() {
    let a = Fleet::generate(100, 50);
    assert_eq!(a.appliances.len(), 100);
    assert!(a.appliances.iter().all(|x| x.latency_ms == 50));
    assert_eq!(a, Fleet::generate(100, 50));
    let serials: BTreeSet<&str> = a
        .appliances
        .iter()
        .flat_map(|x| x.partitions.iter().map(|p| p.serial.as_str()))
        .collect();
    assert_eq!(serials.len(), 100);
}

#[test]
fn x_1_new_serials_are_deterministic_and_unique() {
    let mut fleet = Fleet::from_toml(include_str!("../fixtures/fleets/small.toml")).unwrap();
    let beta = fleet.appliance_mut("beta").unwrap();
    let s1 = beta.new_serial();
    let s2 = beta.new_serial();
    assert_eq!((s1.len(), s2.len()), (9, 9));
    assert_ne!(s1, s2);
    assert!(s1.starts_with("534071"));
    let alpha = fleet.appliance_mut("alpha").unwrap();
    let s = alpha.new_serial();
    assert_eq!(s.len(), 13);
    assert_ne!(s, "1600001000001");
}

#[test]
fn x_1_state_file_is_shared_by_two_store_handles() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("fleet.json");
    let a = FleetStore::new(&path);
    let b = FleetStore::new(&path);
    a.init_if_missing(&Fleet::demo().unwrap()).unwrap();
    // A second init does not overwrite.
    b.init_if_missing(&Fleet::default()).unwrap();
    a.update(|f| f.zeroize("lon-hsm-01")).unwrap();
    let seen = b.load().unwrap();
    assert!(seen.appliance("lon-hsm-01").unwrap().zeroized);
    b.update(|f| f.faults_mut("par-hsm-01").unwrap().extra_latency_ms = 500)
        .unwrap();
    assert_eq!(a.load().unwrap().latency_ms("par-hsm-01"), 535);
    assert!(!dir.path().join("fleet.json.lock").exists());
}

#[test]
fn x_1_lock_waits_for_the_holder_and_breaks_stale_locks() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("fleet.json");
    let mut store = FleetStore::new(&path);
    store.save(&Fleet::default()).unwrap();
    let held = store.lock().unwrap();
    store.wait_at_most = std::time::Duration::from_millis(50);
    store.stale_after = std::time::Duration::from_secs(600);
    let err = store.load().unwrap_err();
    assert!(err.to_string().contains("still held"), "{err}");
    drop(held);
    assert!(store.load().is_ok());
    // A lock left by a dead process is broken once stale.
    std::fs::write(dir.path().join("fleet.json.lock"), b"").unwrap();
    store.stale_after = std::time::Duration::ZERO;
    std::thread::sleep(std::time::Duration::from_millis(10));
    assert!(store.load().is_ok());
}

#[test]
fn x_1_corrupt_state_file_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("fleet.json");
    std::fs::write(&path, "{not json").unwrap();
    let err = FleetStore::new(&path).load().unwrap_err();
    assert!(err.to_string().starts_with("simulator state "), "{err}");
    assert!(err.to_string().contains("is not valid"), "{err}");
}
