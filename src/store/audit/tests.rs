//! The keyed chain across the schema upgrade: events written unkeyed by a v3 database
//! keep verifying the old way, new ones are keyed, and the mark between them is sealed.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
use super::super::schema::{KEYED_VERSION, MIGRATIONS};
use super::*;
use crate::domain::audit_chain::{BreakKind, chain, hash_event};

fn event(n: i64) -> AuditEvent {
    AuditEvent {
        at: Timestamp(1_700_000_000 + n),
        actor: "root".into(),
        organization: None,
        action: "account.manage".into(),
        device: None,
        target: format!("user{n}"),
        outcome: Outcome::Success,
    }
}

/// A v3 database (before the keyed chain) holding `n` events hashed the old way.
fn v3_with_events(path: &Path, n: i64) {
    let conn = Connection::open(path).unwrap();
    for sql in &MIGRATIONS[..KEYED_VERSION - 1] {
        conn.execute_batch(sql).unwrap();
    }
    conn.pragma_update(None, "user_version", 3).unwrap();
    let mut prev: Option<ChainedEvent> = None;
    for i in 1..=n {
        let e = chain(prev.as_ref(), event(i));
        conn.execute(
            &format!(
                "INSERT INTO audit ({COLUMNS}) VALUES (?1, ?2, ?3, NULL, ?4, NULL, ?5, 'success', NULL, ?6, ?7)"
            ),
            params![
                e.seq as i64,
                e.event.at.0,
                e.event.actor,
                e.event.action,
                e.event.target,
                e.prev_hash,
                e.hash
            ],
        )
        .unwrap();
        conn.execute(
            "UPDATE audit_head SET count = ?1, last_hash = ?2",
            params![e.seq as i64, e.hash],
        )
        .unwrap();
        prev = Some(e);
    }
}

#[test]
fn x_6_an_upgraded_v3_trail_keeps_its_unkeyed_events_and_keys_the_new_ones() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v3.db");
    v3_with_events(&path, 3);
    let mut store = Store::open(&path).unwrap();
    assert_eq!(store.verify_audit().unwrap(), 3);
    let recorded = store.read("t", head).unwrap();
    assert_eq!(
        recorded.keyed_from, 4,
        "keyed from the first event after the upgrade"
    );
    assert_eq!(
        recorded.seal.as_deref(),
        Some(store.key.seal_keyed_from(4).as_str())
    );
    let fourth = store.append_audit(event(4)).unwrap();
    assert_ne!(fourth.hash, hash_event(4, &fourth.prev_hash, &fourth.event));
    assert_eq!(store.verify_audit().unwrap(), 4);
    drop(store);
    assert_eq!(Store::open(&path).unwrap().verify_audit().unwrap(), 4);
    // Moving the mark down (to have event 4 checked unkeyed after recomputing it) is refused.
    let c = Connection::open(&path).unwrap();
    c.execute_batch("DROP TRIGGER audit_no_update").unwrap();
    let plain = hash_event(4, &fourth.prev_hash, &fourth.event);
    c.execute("UPDATE audit SET hash = ?1 WHERE seq = 4", [&plain])
        .unwrap();
    c.execute(
        "UPDATE audit_head SET keyed_from = 5, last_hash = ?1",
        [&plain],
    )
    .unwrap();
    let err = Store::open(&path).unwrap().verify_audit().unwrap_err();
    let StoreError::AuditBroken(brk) = &err else {
        panic!("{err:?}");
    };
    assert_eq!((brk.seq, brk.kind), (5, BreakKind::Altered), "{err}");
}

#[test]
fn x_6_a_fresh_database_is_keyed_from_the_first_event() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("new.db")).unwrap();
    let first = store.append_audit(event(1)).unwrap();
    assert_ne!(first.hash, hash_event(1, &first.prev_hash, &first.event));
    let recorded = store.read("t", head).unwrap();
    assert_eq!(recorded.keyed_from, 1);
    assert_eq!(store.verify_audit().unwrap(), 1);
}
