//! The audit trail in the database: appends chain, listing filters newest first, and
//! tampering with the SQLite file directly is found at the first broken event.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod store_fixtures;

use lunadeck::domain::audit_chain::{BreakKind, GENESIS_HASH};
use lunadeck::domain::ids::OrganizationId;
use lunadeck::store::{AuditFilter, StoreError};
use rusqlite::types::Value;
use store_fixtures::*;

const EVENTS: u64 = 6;

fn filled() -> TempDb {
    let db = temp_db();
    let mut store = db.open();
    for n in 1..=EVENTS {
        let e = store.append_audit(audit_event(n)).unwrap();
        assert_eq!(e.seq, n);
    }
    db
}

/// A raw connection with the append-only triggers dropped, as an attacker would.
fn raw(db: &TempDb) -> rusqlite::Connection {
    let c = rusqlite::Connection::open(&db.path).unwrap();
    c.execute_batch("DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete;")
        .unwrap();
    c
}

const COLS: [&str; 11] = [
    "seq",
    "at",
    "actor",
    "organization",
    "action",
    "device",
    "target",
    "outcome",
    "reason",
    "prev_hash",
    "hash",
];

/// Swaps the contents of two stored rows (`with_seq`: the sequence numbers move too).
fn swap_rows(c: &rusqlite::Connection, a: i64, b: i64, with_seq: bool) {
    let cols: Vec<&str> = COLS
        .iter()
        .copied()
        .filter(|n| with_seq || *n != "seq")
        .collect();
    let read = |id: i64| -> Vec<Value> {
        c.query_row(
            &format!("SELECT {} FROM audit WHERE id = ?1", cols.join(", ")),
            [id],
            |r| (0..cols.len()).map(|i| r.get::<_, Value>(i)).collect(),
        )
        .unwrap()
    };
    let (va, vb) = (read(a), read(b));
    c.execute("UPDATE audit SET seq = -id WHERE id IN (?1, ?2)", [a, b])
        .unwrap();
    let write = |id: i64, vals: &[Value]| {
        let sets: Vec<String> = cols
            .iter()
            .enumerate()
            .map(|(i, n)| format!("{n} = ?{}", i + 2))
            .collect();
        let mut params: Vec<Value> = vec![Value::Integer(id)];
        params.extend_from_slice(vals);
        c.execute(
            &format!("UPDATE audit SET {} WHERE id = ?1", sets.join(", ")),
            rusqlite::params_from_iter(params),
        )
        .unwrap();
    };
    write(a, &vb);
    write(b, &va);
    if !with_seq {
        c.execute("UPDATE audit SET seq = id WHERE id IN (?1, ?2)", [a, b])
            .unwrap();
    }
}

#[test]
fn x_6_untampered_trail_verifies() {
    let db = temp_db();
    assert_eq!(db.open().verify_audit().unwrap(), 0);
    let db = filled();
    let store = db.open();
    assert_eq!(store.verify_audit().unwrap(), EVENTS);
    let all = store.export_audit().unwrap();
    assert_eq!(all.len() as u64, EVENTS);
    assert_eq!(all[0].prev_hash, GENESIS_HASH);
    assert_eq!(all[1].prev_hash, all[0].hash);
    assert_eq!(all[4].event, audit_event(5));
}

#[test]
fn x_6_tampering_names_the_first_broken_event() {
    struct Case {
        name: &'static str,
        tamper: fn(&rusqlite::Connection),
        seq: u64,
        kind: BreakKind,
    }
    let cases = [
        Case {
            name: "edit a field",
            tamper: |c| {
                c.execute("UPDATE audit SET target = 'forged' WHERE seq = 3", [])
                    .unwrap();
            },
            seq: 3,
            kind: BreakKind::Altered,
        },
        Case {
            name: "edit the outcome",
            tamper: |c| {
                c.execute(
                    "UPDATE audit SET outcome = 'success', reason = NULL WHERE seq = 5",
                    [],
                )
                .unwrap();
            },
            seq: 5,
            kind: BreakKind::Altered,
        },
        Case {
            name: "delete a row",
            tamper: |c| {
                c.execute("DELETE FROM audit WHERE seq = 4", []).unwrap();
            },
            seq: 4,
            kind: BreakKind::Missing,
        },
        Case {
            name: "swap two rows with their seq",
            tamper: |c| swap_rows(c, 2, 3, true),
            seq: 2,
            kind: BreakKind::Reordered,
        },
        Case {
            name: "swap two rows' contents, keep seq",
            tamper: |c| swap_rows(c, 3, 4, false),
            seq: 3,
            kind: BreakKind::Reordered,
        },
        Case {
            name: "delete the last row",
            tamper: |c| {
                c.execute("DELETE FROM audit WHERE seq = 6", []).unwrap();
            },
            seq: 6,
            kind: BreakKind::Missing,
        },
        Case {
            name: "delete the last row and rewind the head",
            tamper: |c| {
                c.execute("DELETE FROM audit WHERE seq = 6", []).unwrap();
                c.execute("UPDATE audit_head SET count = 5", []).unwrap();
            },
            seq: 5,
            kind: BreakKind::Altered,
        },
    ];
    for case in cases {
        let db = filled();
        (case.tamper)(&raw(&db));
        let err = db.open().verify_audit().unwrap_err();
        let StoreError::AuditBroken(brk) = &err else {
            panic!("{}: {err:?}", case.name);
        };
        assert_eq!(
            (brk.seq, brk.kind),
            (case.seq, case.kind),
            "{}: {err}",
            case.name
        );
        assert!(
            err.to_string().starts_with(&format!(
                "Audit trail broken at event {} ({})",
                case.seq, case.kind
            )),
            "{}: {err}",
            case.name
        );
    }
}

#[test]
fn x_6_appending_after_a_cut_tail_keeps_the_break_visible() {
    let db = filled();
    raw(&db)
        .execute("DELETE FROM audit WHERE seq = 6", [])
        .unwrap();
    let mut store = db.open();
    let next = store.append_audit(audit_event(7)).unwrap();
    assert_eq!(next.seq, 7);
    let err = store.verify_audit().unwrap_err();
    assert!(err.to_string().contains("event 6 (missing)"), "{err}");
}

#[test]
fn x_6_events_are_append_only_in_the_database() {
    let db = filled();
    let c = rusqlite::Connection::open(&db.path).unwrap();
    for sql in [
        "UPDATE audit SET actor = 'x'",
        "DELETE FROM audit WHERE seq = 1",
    ] {
        let err = c.execute(sql, []).unwrap_err();
        assert!(err.to_string().contains("append-only"), "{sql}: {err}");
    }
}

#[test]
fn x_6_list_filters_newest_first() {
    let db = filled();
    let store = db.open();
    let all = store.list_audit(&AuditFilter::default()).unwrap();
    let seqs: Vec<u64> = all.iter().map(|e| e.seq).collect();
    assert_eq!(seqs, vec![6, 5, 4, 3, 2, 1]);
    let cases = [
        (
            AuditFilter {
                actor: Some("alice".into()),
                ..Default::default()
            },
            vec![6, 4, 2],
        ),
        (
            AuditFilter {
                action: Some("service.delete".into()),
                ..Default::default()
            },
            vec![5, 3, 1],
        ),
        (
            AuditFilter {
                organization: Some(OrganizationId(2)),
                ..Default::default()
            },
            vec![6, 3],
        ),
        (
            AuditFilter {
                limit: Some(2),
                ..Default::default()
            },
            vec![6, 5],
        ),
        (
            AuditFilter {
                actor: Some("bob".into()),
                organization: Some(OrganizationId(1)),
                limit: Some(1),
                ..Default::default()
            },
            vec![5],
        ),
        (
            AuditFilter {
                actor: Some("nobody".into()),
                ..Default::default()
            },
            vec![],
        ),
    ];
    for (filter, want) in cases {
        let got: Vec<u64> = store
            .list_audit(&filter)
            .unwrap()
            .iter()
            .map(|e| e.seq)
            .collect();
        assert_eq!(got, want, "{filter:?}");
    }
}
