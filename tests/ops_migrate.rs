//! Migrate Service (MIG-1..4) against fixtures/fleets/manage.toml: per-target outcome, the
//! clone from the source's first partition, the repair offer, and Import when nothing worked.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod ops_manage_support;
mod ops_support;

use lunadeck::domain::ids::{HsmSerial, ServiceId};
use lunadeck::domain::migration::NEW_SERVICE_FAILED;
use lunadeck::domain::organization::Role;
use lunadeck::ops::migrate::{MigrateForm, MigrateRoles};
use lunadeck::sim::model::SimObject;
use ops_manage_support::{
    add_devices, clock_at, console_as, ok, org, save_service, slow, twice, wait,
};
use ops_support::{Rig, rig_with};
use secrecy::SecretString;

const MANAGE: &str = include_str!("../fixtures/fleets/manage.toml");
const P1: &str = "1700001000001";
const NEW: &str = "1700003000001";

fn source() -> (Rig, ServiceId) {
    let mut r = rig_with(MANAGE);
    {
        let mut f = r.fleet.lock().unwrap();
        let p = f.partition_by_serial_mut(P1).unwrap();
        p.objects.push(SimObject {
            label: "master".into(),
            kind: "Symmetric Key".into(),
            handle: 40,
            algorithm: Some("AES".into()),
            bits: Some(256),
            fingerprint: Some("AA:BB".into()),
            bytes: 248,
        });
    }
    add_devices(&mut r, &["m1", "m2", "m3", "m4"]);
    let o = org(&mut r, "apps");
    let id = save_service(&mut r, "apps", None, &[P1], o);
    (r, id)
}

fn form(r: &Rig, id: ServiceId, targets: &[&str], domain: &str) -> MigrateForm {
    MigrateForm {
        name: "apps-new".into(),
        description: String::new(),
        organization: r
            .console
            .store
            .load_service(id)
            .unwrap()
            .unwrap()
            .organization,
        size: "200000".into(),
        targets: targets.iter().map(|s| HsmSerial::new(*s)).collect(),
        label: "svc".into(),
        roles: MigrateRoles::Password {
            domain: twice(domain),
            so: twice("new-so-pass"),
            co: twice("new-co-pass"),
            source_co: SecretString::from("svc-co-pass"),
        },
        model: None,
    }
}

fn objects_on(r: &Rig, serial: &str) -> Vec<String> {
    let f = r.fleet.lock().unwrap();
    f.partition_by_serial(serial)
        .map(|(_, p)| p.objects.iter().map(|o| o.label.clone()).collect())
        .unwrap_or_default()
}

#[test]
fn mig_4_good_target_kept_failed_target_offered_add_partition() {
    let (mut r, id) = source();
    assert_eq!(r.console.migration_sources().unwrap().len(), 1);
    // m2 already holds a partition named "svc": its creation fails; m3 works.
    let f = form(&r, id, &["1700003", "1700002"], "svc-domain");
    let (job, _warnings) = r.console.submit_migrate(id, f).unwrap();
    let done = wait(&mut r.console, job);
    assert!(
        done.summary
            .contains("from partition 'svc' of 'apps' to 1 of 2 device(s)"),
        "{}",
        done.summary
    );
    assert!(
        done.summary.contains("add exactly device(s) m2"),
        "{}",
        done.summary
    );
    assert_eq!(
        objects_on(&r, NEW),
        vec!["master".to_string()],
        "cloned from the first partition"
    );
    let s = r
        .console
        .store
        .find_service_by_name("apps-new")
        .unwrap()
        .unwrap();
    assert_eq!(s.members.len(), 1);
    assert_eq!(s.members[0].partition.as_str(), NEW);
    let targets = done.result["targets"].as_array().unwrap().clone();
    assert_eq!(targets[0]["migrated"], true);
    assert_eq!(targets[1]["migrated"], false);
    // secrets never in the result
    for secret in ["new-co-pass", "svc-co-pass", "svc-domain", "new-so-pass"] {
        assert!(!done.result.to_string().contains(secret));
        assert!(!done.summary.contains(secret));
    }
}

#[test]
fn mig_4_every_target_failed_points_to_import_and_undoes() {
    let (mut r, id) = source();
    // a different cloning domain: the clone is refused, the new partition is deleted again
    let f = form(&r, id, &["1700003"], "other-domain");
    let (job, _) = r.console.submit_migrate(id, f).unwrap();
    let done = wait(&mut r.console, job);
    assert!(!ok(&done));
    assert_eq!(done.summary, NEW_SERVICE_FAILED);
    assert!(
        r.fleet
            .lock()
            .unwrap()
            .appliance("m3")
            .unwrap()
            .partitions
            .is_empty()
    );
    assert!(
        r.console
            .store
            .find_service_by_name("apps-new")
            .unwrap()
            .is_none()
    );
}

#[test]
fn mig_3_short_licences_refused_before_anything() {
    let (mut r, id) = source();
    let f = form(&r, id, &["1700004"], "svc-domain");
    let e = r.console.submit_migrate(id, f).unwrap_err();
    assert_eq!(
        e.to_string(),
        "not enough partition licences: device 'm4' has no free partition licence (1 of 1 used)"
    );
}

#[test]
fn mig_3_unknown_licences_are_a_warning_and_the_appliance_refuses_itself() {
    let (mut r, id) = source();
    // m4 as a 5.x appliance would be stored: its hsm show printed no licence counts.
    let serial = HsmSerial::new("1700004");
    let mut m4 = r.console.store.load_device(&serial).unwrap().unwrap();
    m4.facts.licences = None;
    r.console.store.save_device(&m4).unwrap();
    let f = form(&r, id, &["1700004"], "svc-domain");
    let (job, warnings) = r.console.submit_migrate(id, f).unwrap();
    assert!(
        warnings.contains(
            &"could not check the partition licences of device 'm4' (its hsm show prints no licence counts)"
                .to_string()
        ),
        "{warnings:?}"
    );
    // The simulated m4 has 1 of 1 licences used: creating the partition is refused there.
    let done = wait(&mut r.console, job);
    assert!(!ok(&done), "{}", done.summary);
    assert_eq!(done.summary, NEW_SERVICE_FAILED);
}

#[test]
fn perm_migrate_admin_only() {
    let (mut r, id) = source();
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
            "only an Admin can migrate a service",
        ),
        ("owner2", Role::Owner(other), "no service with id"),
    ] {
        let mut c = console_as(&mut r, user, role, clock_at(1_800_000_000));
        let f = form(&r, id, &["1700003"], "svc-domain");
        let e = c.submit_migrate(id, f).unwrap_err();
        assert!(e.to_string().contains(want), "{user}: {e}");
    }
    assert!(
        r.fleet
            .lock()
            .unwrap()
            .appliance("m3")
            .unwrap()
            .partitions
            .is_empty()
    );
}

#[test]
fn mig_5_console_stays_usable_while_a_migration_runs() {
    let (mut r, id) = source();
    slow(&r, "m3", 30);
    let f = form(&r, id, &["1700003"], "svc-domain");
    let (migration, _) = r.console.submit_migrate(id, f).unwrap();
    // a job on a device the migration does not involve is accepted and completes meanwhile
    let refresh = r
        .console
        .submit_refresh(&[HsmSerial::new("1700002")])
        .unwrap();
    let done = wait(&mut r.console, refresh);
    assert!(ok(&done), "{}", done.summary);
    let finished = r
        .console
        .store
        .load_job(migration)
        .unwrap()
        .unwrap()
        .finished_at;
    if finished.is_none() {
        let done = wait(&mut r.console, migration);
        assert!(ok(&done), "{}", done.summary);
    }
    assert!(
        r.console
            .store
            .find_service_by_name("apps-new")
            .unwrap()
            .is_some()
    );
}

#[test]
fn mig_5_the_record_follows_each_target_and_locks_the_source_while_it_runs() {
    use lunadeck::domain::migration_record::TargetState;
    let (mut r, id) = source();
    let f = form(&r, id, &["1700003", "1700002"], "svc-domain");
    let (job, _) = r.console.submit_migrate(id, f).unwrap();
    // Running: the source is locked to every changing operation, and listed so.
    let locked = r.console.edit_service_general(id, "renamed", "");
    let e = locked.unwrap_err().to_string();
    assert!(e.contains("locked by migration 1"), "{e}");
    let rows = r.console.services().unwrap();
    let row = rows.iter().find(|s| s.id == id).unwrap();
    assert_eq!(row.locked_by.map(|m| m.0), Some(1));
    let overview = r.console.migration_overview().unwrap();
    assert!(overview.records[0].running());
    wait(&mut r.console, job);
    let overview = r.console.migration_overview().unwrap();
    let rec = &overview.records[0];
    assert!(!rec.running());
    assert_eq!(rec.source_name, "apps");
    assert_eq!(rec.source_partition, "svc");
    let states: Vec<(&str, TargetState)> = rec
        .targets
        .iter()
        .map(|t| (t.device_name.as_str(), t.state))
        .collect();
    assert_eq!(
        states,
        [("m3", TargetState::Migrated), ("m2", TargetState::Failed)]
    );
    assert!(rec.new_service.is_some());
    // Ended: nothing is locked any more.
    r.console
        .edit_service_general(id, "apps", "described")
        .unwrap();
}

#[test]
fn mig_2_a_target_chosen_twice_or_hosting_the_source_is_refused_and_nothing_starts() {
    let (mut r, id) = source();
    let twice_chosen = form(&r, id, &["1700003", "1700003"], "svc-domain");
    let e = r.console.submit_migrate(id, twice_chosen).unwrap_err();
    assert!(e.to_string().contains("is chosen twice"), "{e}");
    let on_source = form(&r, id, &["1700001"], "svc-domain");
    let e = r.console.submit_migrate(id, on_source).unwrap_err();
    assert!(e.to_string().contains("hosts the source service"), "{e}");
    assert!(r.console.migration_overview().unwrap().records.is_empty());
    assert!(objects_on(&r, NEW).is_empty(), "nothing created on m3");
}

#[test]
fn mig_5_another_console_on_the_same_database_sees_the_lock_until_the_migration_ends() {
    let (mut r, id) = source();
    let f = form(&r, id, &["1700003"], "svc-domain");
    let (job, _) = r.console.submit_migrate(id, f).unwrap();
    // A second console (another terminal's `lunadeck`) on the same database and fleet.
    let mut other = console_as(&mut r, "admin2", Role::Admin, clock_at(1_800_000_000));
    let e = other
        .edit_service_general(id, "renamed", "")
        .unwrap_err()
        .to_string();
    assert!(e.contains("locked by migration 1"), "{e}");
    let seen = other.migration_overview().unwrap();
    assert!(seen.records[0].running(), "not taken for interrupted");
    wait(&mut r.console, job);
    let seen = other.migration_overview().unwrap();
    assert!(!seen.records[0].running());
    assert!(
        seen.records[0]
            .outcome
            .as_deref()
            .is_some_and(|o| !o.contains("interrupted"))
    );
    other.edit_service_general(id, "apps", "described").unwrap();
}

#[test]
fn mig_5_a_migration_whose_console_stopped_is_interrupted_for_the_others() {
    let (mut r, id) = source();
    let mut other = console_as(&mut r, "admin2", Role::Admin, clock_at(1_800_000_000));
    slow(&r, "m3", 200);
    let f = form(&r, id, &["1700003"], "svc-domain");
    r.console.submit_migrate(id, f).unwrap();
    assert!(other.migration_overview().unwrap().records[0].running());
    // The console that runs it goes away (its process ends): its lease goes with it.
    let Rig { console, .. } = r;
    drop(console);
    let seen = other.migration_overview().unwrap();
    let rec = &seen.records[0];
    assert!(!rec.running());
    assert!(
        rec.outcome
            .as_deref()
            .is_some_and(|o| o.starts_with("interrupted")),
        "{:?}",
        rec.outcome
    );
    other.edit_service_general(id, "apps", "described").unwrap();
}

#[test]
fn mig_4_when_the_console_cannot_save_the_new_service_the_end_says_why_and_keeps_nothing_half() {
    let (mut r, id) = source();
    slow(&r, "m3", 100);
    let f = form(&r, id, &["1700003"], "svc-domain");
    let organization = f.organization;
    let (job, _) = r.console.submit_migrate(id, f).unwrap();
    // Meanwhile another service takes the new one's name in its organization.
    let mut taken = r.console.store.load_service(id).unwrap().unwrap();
    taken.id = ServiceId(0);
    taken.name = "apps-new".into();
    taken.organization = organization;
    taken.members.clear();
    r.console.store.save_service(&taken).unwrap();
    let done = wait(&mut r.console, job);
    assert!(
        done.summary.starts_with(NEW_SERVICE_FAILED)
            && done.summary.contains("(the console could not save it:"),
        "{}",
        done.summary
    );
    // The partition made on m3 is not half-recorded: no stored partition without its service.
    let serial = lunadeck::domain::ids::PartitionSerial::new(NEW);
    assert!(r.console.store.load_partition(&serial).unwrap().is_none());
    let rec = &r.console.migration_overview().unwrap().records[0];
    assert!(!rec.running());
    assert!(
        rec.outcome
            .as_deref()
            .is_some_and(|o| o.contains("could not save it"))
    );
}
