//! Store round trips: fresh schema, reopen, every entity saved and loaded equal, uniqueness and
//! reference rules with their messages, and the import draft surviving a restart (IMP-3).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod store_fixtures;

use lunadeck::domain::ids::*;
use lunadeck::domain::job::JobState;
use lunadeck::store::{LATEST_VERSION, Store, StoreError};
use store_fixtures::*;

#[test]
fn fresh_schema_is_latest_and_reopen_keeps_data() {
    let db = temp_db();
    let mut store = db.open();
    assert_eq!(store.schema_version().unwrap(), LATEST_VERSION);
    const { assert!(LATEST_VERSION >= 1) };
    assert_eq!(store.integrity_check().unwrap(), "ok");
    store.save_device(&device("1500001", "hsm-a")).unwrap();
    drop(store);
    let store = db.open();
    assert_eq!(store.schema_version().unwrap(), LATEST_VERSION);
    assert_eq!(
        store.list_devices().unwrap(),
        vec![device("1500001", "hsm-a")]
    );
}

#[cfg(unix)]
#[test]
fn database_file_is_private() {
    use std::os::unix::fs::PermissionsExt;
    let db = temp_db();
    let _store = db.open();
    let mode = std::fs::metadata(&db.path).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600);
}

#[test]
fn newer_schema_is_refused_with_the_file_named() {
    let db = temp_db();
    drop(db.open());
    let raw = rusqlite::Connection::open(&db.path).unwrap();
    raw.pragma_update(None, "user_version", LATEST_VERSION + 1)
        .unwrap();
    drop(raw);
    let err = Store::open(&db.path).unwrap_err();
    assert!(matches!(err, StoreError::TooNew { .. }), "{err:?}");
    let msg = err.to_string();
    assert!(msg.contains(&db.path.display().to_string()), "{msg}");
    assert!(msg.contains("upgrade lunadeck"), "{msg}");
}

#[test]
fn garbage_file_is_an_error_not_a_panic() {
    let db = temp_db();
    std::fs::write(&db.path, vec![0x42u8; 8192]).unwrap();
    let err = Store::open(&db.path).unwrap_err();
    let msg = err.to_string();
    assert!(msg.starts_with("Cannot open the database"), "{msg}");
    assert!(msg.contains("lunadeck.db"), "{msg}");
    let missing_dir = db.dir.path().join("nope").join("x.db");
    let msg = Store::open(&missing_dir).unwrap_err().to_string();
    assert!(msg.contains("nope/x.db"), "{msg}");
}

#[test]
fn devices_partitions_clients_and_keys_round_trip() {
    let db = temp_db();
    let mut store = db.open();
    let mut a = device("1500001", "hsm-a");
    let b = device("1500002", "hsm-b");
    store.save_device(&a).unwrap();
    store.save_device(&b).unwrap();
    a.status = lunadeck::domain::device::DeviceStatus::Unreachable;
    a.host = "10.0.0.9".into();
    store.save_device(&a).unwrap(); // upsert on the serial
    assert_eq!(store.load_device(&a.serial).unwrap(), Some(a.clone()));
    assert_eq!(store.list_devices().unwrap(), vec![a.clone(), b.clone()]);

    let p1 = partition("154438865", "1500001", "par1");
    let p2 = partition("154438866", "1500002", "par2");
    store.save_partition(&p1).unwrap();
    store.save_partition(&p2).unwrap();
    assert_eq!(store.load_partition(&p1.serial).unwrap(), Some(p1.clone()));
    assert_eq!(
        store.list_partitions(Some(&b.serial)).unwrap(),
        vec![p2.clone()]
    );
    assert_eq!(store.list_partitions(None).unwrap().len(), 2);

    let c = client("1500001", "app 01");
    store.save_client(&c).unwrap();
    assert_eq!(
        store.list_clients(Some(&a.serial)).unwrap(),
        vec![c.clone()]
    );

    let keys = vec![key_object("154438865", 7), key_object("154438865", 12)];
    store.replace_key_objects(&p1.serial, &keys).unwrap();
    assert_eq!(store.list_key_objects(&p1.serial).unwrap(), keys);

    // Refresh replaces the partitions of one device only.
    let p3 = partition("154438867", "1500001", "par3");
    store
        .replace_partitions(&a.serial, std::slice::from_ref(&p3))
        .unwrap();
    assert_eq!(
        store.list_partitions(Some(&a.serial)).unwrap(),
        vec![p3.clone()]
    );
    assert_eq!(store.list_key_objects(&p1.serial).unwrap(), vec![]);

    // Removing a device removes what hangs off it.
    assert!(store.delete_device(&a.serial).unwrap());
    assert!(!store.delete_device(&a.serial).unwrap());
    assert_eq!(store.list_partitions(None).unwrap(), vec![p2]);
    assert_eq!(store.list_clients(None).unwrap(), vec![]);
    assert!(store.delete_client(&b.serial, "none").is_ok());
    assert!(
        store
            .delete_partition(&PartitionSerial::new("154438866"))
            .unwrap()
    );
}

#[test]
fn rules_refuse_with_readable_messages() {
    let db = temp_db();
    let mut store = db.open();
    store.save_device(&device("1500001", "hsm-a")).unwrap();
    let cases: Vec<(&str, Result<(), StoreError>, &str)> = vec![
        (
            "device name taken, other case",
            store.save_device(&device("1500002", "HSM-A")),
            "A device named 'HSM-A' already exists.",
        ),
        (
            "partition on unknown device",
            store.save_partition(&partition("1", "999", "p")),
            "Partition 1 refers to device 999, which is not in the console.",
        ),
        (
            "client on unknown device",
            store.save_client(&client("999", "app")),
            "Client 'app' refers to device 999, which is not in the console.",
        ),
        (
            "service in unknown organization",
            store
                .save_service(&service("svc", OrganizationId(42), &[]))
                .map(drop),
            "Organization 42 does not exist.",
        ),
    ];
    for (name, got, want) in cases {
        let err = got.expect_err(name);
        assert!(
            matches!(err, StoreError::Conflict { .. }),
            "{name}: {err:?}"
        );
        assert_eq!(err.to_string(), want, "{name}");
    }
}

#[test]
fn organizations_templates_services_round_trip() {
    let db = temp_db();
    let mut store = db.open();
    let org = store.save_organization(&organization("Payments")).unwrap();
    let other = store.save_organization(&organization("Retail")).unwrap();
    assert_ne!(org, other);
    let err = store
        .save_organization(&organization("PAYMENTS"))
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "An organization named 'PAYMENTS' already exists."
    );
    assert_eq!(
        store.load_organization(org).unwrap().unwrap().name,
        "Payments"
    );

    let mut t = template("HA max");
    t.id = store.save_template(&t).unwrap();
    assert_eq!(store.load_template(t.id).unwrap(), Some(t.clone()));
    t.description = "edited".into();
    assert_eq!(store.save_template(&t).unwrap(), t.id);
    assert_eq!(store.list_templates().unwrap(), vec![t.clone()]);
    let err = store.save_template(&template("ha MAX")).unwrap_err();
    assert_eq!(err.to_string(), "A template named 'ha MAX' already exists.");

    let mut s = service("Payments-HA", org, &["154438865", "154438866", "154438867"]);
    s.template = Some(t.id);
    s.id = store.save_service(&s).unwrap();
    assert_eq!(store.load_service(s.id).unwrap(), Some(s.clone()));
    // Member order is kept, including after a reorder.
    s.members.reverse();
    store.save_service(&s).unwrap();
    assert_eq!(store.load_service(s.id).unwrap(), Some(s.clone()));
    assert_eq!(
        store.find_service_by_name("payments-ha").unwrap(),
        Some(s.clone())
    );

    // Names are unique per organization (PERM): the same name in another one is fine.
    let err = store
        .save_service(&service("PAYMENTS-ha", org, &[]))
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "A service named 'PAYMENTS-ha' already exists."
    );
    let elsewhere = store
        .save_service(&service("PAYMENTS-ha", other, &[]))
        .unwrap();
    store.delete_service(elsewhere).unwrap();
    let err = store
        .save_service(&service("second", other, &["154438866"]))
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "Partition 154438866 already belongs to another service."
    );
    // The refused save left nothing behind.
    assert_eq!(store.find_service_by_name("second").unwrap(), None);

    let s2 = store
        .save_service(&service("retail", other, &["9"]))
        .unwrap();
    // Listing loads every member in one query: each service gets its own, in order.
    let retail = store.load_service(s2).unwrap().unwrap();
    assert_eq!(
        store.list_services(Some(other)).unwrap(),
        vec![retail.clone()]
    );
    assert_eq!(store.list_services(None).unwrap(), vec![s.clone(), retail]);

    let err = store.delete_organization(org).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!("Organization {org} still owns services or accounts.")
    );
    assert!(store.delete_service(s.id).unwrap());
    assert!(store.delete_organization(org).unwrap());
    assert!(store.delete_template(t.id).unwrap());
    assert_eq!(store.load_service(s2).unwrap().unwrap().members.len(), 1);
}

#[test]
fn jobs_round_trip() {
    let db = temp_db();
    let mut store = db.open();
    let mut j = job("service.resize");
    j.id = store.save_job(&j).unwrap();
    assert_eq!(store.load_job(j.id).unwrap(), Some(j.clone()));
    j.state = JobState::Succeeded;
    j.acknowledged = true;
    store.save_job(&j).unwrap();
    assert_eq!(store.list_jobs().unwrap(), vec![j.clone()]);
    assert_eq!(store.count_jobs().unwrap(), 1);
    assert!(store.delete_job(j.id).unwrap());
    assert_eq!(store.load_job(j.id).unwrap(), None);
}

#[test]
fn imp_3_import_draft_saved_per_edit_survives_reopen() {
    let db = temp_db();
    let mut store = db.open();
    assert_eq!(store.load_import_draft().unwrap(), None);
    store
        .replace_import_draft(
            &[
                import_row("1", ""),
                import_row("2", ""),
                import_row("3", ""),
            ],
            T0,
        )
        .unwrap();
    let mut edited = import_row("2", "payments");
    edited.ha_group = String::new();
    store.save_import_row(&edited, T0.plus_seconds(60)).unwrap();
    assert!(
        store
            .delete_import_row(&PartitionSerial::new("3"), T0.plus_seconds(90))
            .unwrap()
    );
    assert!(
        !store
            .delete_import_row(&PartitionSerial::new("nope"), T0.plus_seconds(95))
            .unwrap()
    );
    drop(store);

    let mut store = db.open();
    let draft = store.load_import_draft().unwrap().unwrap();
    assert_eq!(draft.created_at, T0);
    assert_eq!(draft.edited_at, T0.plus_seconds(90));
    let mut deleted = import_row("3", "");
    deleted.deleted = true;
    assert_eq!(draft.rows, vec![import_row("1", ""), edited, deleted]);

    // A new row goes to the end; clearing removes the table (IMP-8).
    store
        .save_import_row(&import_row("4", "x"), T0.plus_seconds(120))
        .unwrap();
    let draft = store.load_import_draft().unwrap().unwrap();
    assert_eq!(draft.rows.last().unwrap().partition.as_str(), "4");
    store.clear_import_draft().unwrap();
    drop(store);
    assert_eq!(db.open().load_import_draft().unwrap(), None);
}

#[test]
fn imp_3_first_edit_starts_a_draft() {
    let db = temp_db();
    let mut store = db.open();
    store.save_import_row(&import_row("1", "a"), T0).unwrap();
    let draft = store.load_import_draft().unwrap().unwrap();
    assert_eq!((draft.created_at, draft.edited_at), (T0, T0));
    assert_eq!(draft.rows, vec![import_row("1", "a")]);
}

#[test]
fn a_damaged_page_is_found_on_open_with_the_file_named_not_later() {
    let db = temp_db();
    drop(db.open());
    let mut raw = rusqlite::Connection::open(&db.path).unwrap();
    let tx = raw.transaction().unwrap();
    for i in 0..3000 {
        tx.execute(
            "INSERT INTO organizations (name) VALUES (?1)",
            [format!("organization number {i:05}")],
        )
        .unwrap();
    }
    tx.commit().unwrap();
    let root: i64 = raw
        .query_row(
            "SELECT rootpage FROM sqlite_master WHERE name = 'organizations'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let page_size: i64 = raw
        .pragma_query_value(None, "page_size", |r| r.get(0))
        .unwrap();
    let _: i64 = raw
        .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| r.get(0))
        .unwrap();
    drop(raw);
    assert!(root > 1, "the table's root is not the header page");
    // Garbage over the root page of a table of 3000 rows (an interior b-tree page).
    let mut bytes = std::fs::read(&db.path).unwrap();
    let start = usize::try_from((root - 1) * page_size).unwrap();
    let len = usize::try_from(page_size).unwrap();
    assert!(bytes.len() >= start + len, "the page is in the file");
    for (i, b) in bytes[start..start + len].iter_mut().enumerate() {
        *b = (i as u8).wrapping_mul(37) ^ 0xA5;
    }
    std::fs::write(&db.path, &bytes).unwrap();
    let err = Store::open(&db.path).unwrap_err();
    let msg = err.to_string();
    let named = format!("The database {} is damaged: ", db.path.display());
    assert!(msg.starts_with(&named), "{msg}");
    assert!(msg.ends_with("; restore it from a backup"), "{msg}");
    assert!(
        msg.contains("page") && !msg.contains('\n'),
        "one line: {msg}"
    );
}
