//! The keyed audit chain and its witness (X-6, issue 9.4): a trail whose end was cut off, or
//! that was recomputed whole, is found by `check_audit`, as the README's table says.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod store_fixtures;

use lunadeck::domain::audit_chain::{
    AuditKey, BreakKind, GENESIS_HASH, KEY_LEN, Keying, hash_event,
};
use lunadeck::domain::audit_event::AuditEvent;
use lunadeck::store::{AuditCheck, Store, StoreError, WitnessCheck, WitnessMismatch};
use std::path::PathBuf;
use store_fixtures::*;

const EVENTS: u64 = 6;

fn witness_dir(db: &TempDb) -> PathBuf {
    db.dir.path().join("state").join("audit-witness")
}

fn open(db: &TempDb) -> Store {
    db.open().with_witness(witness_dir(db))
}

/// A database of `EVENTS` events, each witnessed.
fn filled() -> TempDb {
    let db = temp_db();
    let mut store = open(&db);
    for n in 1..=EVENTS {
        store.append_audit(audit_event(n)).unwrap();
    }
    db
}

/// A raw connection with the append-only triggers dropped, as an attacker would.
fn raw(db: &TempDb) -> rusqlite::Connection {
    let c = rusqlite::Connection::open(&db.path).unwrap();
    c.execute_batch(
        "DROP TRIGGER IF EXISTS audit_no_update; DROP TRIGGER IF EXISTS audit_no_delete;",
    )
    .unwrap();
    c
}

/// The key an attacker who can read the data directory has.
fn stolen_key(db: &TempDb) -> AuditKey {
    let bytes = std::fs::read(db.dir.path().join("audit.key")).unwrap();
    AuditKey::from_bytes(bytes.try_into().unwrap())
}

/// Rewrites the stored chain as `hash` computes it, after `edit` changed the events, and
/// moves the head to match (a whole recomputed trail).
fn recompute(
    db: &TempDb,
    edit: impl Fn(u64, &mut AuditEvent),
    hash: impl Fn(u64, &str, &AuditEvent) -> String,
) {
    let events = db.open().export_audit().unwrap();
    let c = raw(db);
    let mut prev = GENESIS_HASH.to_string();
    for e in &events {
        let mut event = e.event.clone();
        edit(e.seq, &mut event);
        let h = hash(e.seq, &prev, &event);
        c.execute(
            "UPDATE audit SET target = ?1, prev_hash = ?2, hash = ?3 WHERE seq = ?4",
            rusqlite::params![event.target, prev, h, e.seq as i64],
        )
        .unwrap();
        prev = h;
    }
    c.execute(
        "UPDATE audit_head SET count = ?1, last_hash = ?2",
        rusqlite::params![events.len() as i64, prev],
    )
    .unwrap();
}

fn broken_at(err: &StoreError) -> (u64, BreakKind) {
    let StoreError::AuditBroken(brk) = err else {
        panic!("expected a chain break: {err:?}");
    };
    (brk.seq, brk.kind)
}

#[test]
fn x_6_an_intact_trail_matches_its_witness() {
    let db = filled();
    let check = open(&db).check_audit().unwrap();
    assert_eq!(check.events, EVENTS);
    let WitnessCheck::Matched { file } = &check.witness else {
        panic!("{check:?}");
    };
    assert!(file.starts_with(witness_dir(&db)), "{file:?}");
    let name = file.file_name().unwrap().to_string_lossy().to_string();
    assert!(name.starts_with("audit-witness.20"), "{name}");
    // One line per append, each `seq hash keyed_from mac`.
    let text = std::fs::read_to_string(file).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len() as u64, EVENTS);
    let last: Vec<&str> = lines[5].split(' ').collect();
    assert_eq!(last.len(), 4, "{}", lines[5]);
    assert_eq!(last[0], "6");
    assert_eq!(last[1], db.open().export_audit().unwrap()[5].hash);
    assert_eq!(last[2], "1", "a fresh database is keyed from event 1");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(file), 0o600);
        assert_eq!(mode(&witness_dir(&db)), 0o700);
    }
    assert!(
        check.notes()[0].contains("the witness agrees"),
        "{:?}",
        check.notes()
    );
}

#[test]
fn x_6_cut_off_end_with_the_head_rewound_is_found_by_the_witness() {
    let db = filled();
    let c = raw(&db);
    c.execute("DELETE FROM audit WHERE seq > 4", []).unwrap();
    c.execute(
        "UPDATE audit_head SET count = 4, last_hash = (SELECT hash FROM audit WHERE seq = 4)",
        [],
    )
    .unwrap();
    drop(c);
    // The chain and its head agree: only the witness knows better.
    assert_eq!(db.open().verify_audit().unwrap(), 4);
    let err = open(&db).check_audit().unwrap_err();
    let StoreError::AuditWitness(WitnessMismatch::Truncated {
        witnessed, present, ..
    }) = &err
    else {
        panic!("{err:?}");
    };
    assert_eq!((*witnessed, *present), (6, 4));
    let msg = err.to_string();
    assert!(
        msg.starts_with("Audit trail cut off: the witness "),
        "{msg}"
    );
    assert!(
        msg.contains("recorded event 6, but the database ends at event 4"),
        "{msg}"
    );
}

#[test]
fn x_6_a_cut_end_stays_visible_after_new_appends_reuse_its_numbers() {
    let db = filled();
    let c = raw(&db);
    c.execute("DELETE FROM audit WHERE seq > 4", []).unwrap();
    c.execute(
        "UPDATE audit_head SET count = 4, last_hash = (SELECT hash FROM audit WHERE seq = 4)",
        [],
    )
    .unwrap();
    drop(c);
    let mut store = open(&db);
    for n in 5..=7 {
        store.append_audit(audit_event(100 + n)).unwrap();
    }
    let err = store.check_audit().unwrap_err();
    assert!(
        matches!(
            err,
            StoreError::AuditWitness(WitnessMismatch::Rewritten { seq: 5, .. })
        ),
        "{err:?}"
    );
    assert!(
        err.to_string().contains("cut there and appended to again"),
        "{err}"
    );
}

#[test]
fn x_6_a_chain_recomputed_without_the_key_is_refused() {
    // Plain SHA-256 (the old, unkeyed chain): breaks at the first keyed event, witness or not.
    let db = filled();
    recompute(
        &db,
        |seq, e| {
            if seq == 3 {
                e.target = "forged".into();
            }
        },
        hash_event,
    );
    let err = db.open().check_audit().unwrap_err();
    assert_eq!(broken_at(&err), (1, BreakKind::Altered));
    assert!(err.to_string().contains("without the audit key"), "{err}");
    // Another key, the mark re-sealed with it: same.
    let db = filled();
    let wrong = AuditKey::from_bytes([0x5a; KEY_LEN]);
    let keying = Keying {
        key: &wrong,
        keyed_from: 1,
    };
    recompute(&db, |_, _| {}, |s, p, e| keying.hash(s, p, e));
    raw(&db)
        .execute(
            "UPDATE audit_head SET keyed_seal = ?1",
            [wrong.seal_keyed_from(1)],
        )
        .unwrap();
    assert_eq!(
        broken_at(&db.open().check_audit().unwrap_err()),
        (1, BreakKind::Altered)
    );
}

#[test]
fn x_6_moving_the_keyed_from_mark_is_refused() {
    // Every event declared "old" and recomputed with plain SHA-256: the chain checks, the
    // mark's seal does not.
    let db = filled();
    raw(&db)
        .execute("UPDATE audit_head SET keyed_from = 7", [])
        .unwrap();
    recompute(&db, |_, _| {}, hash_event);
    let err = db.open().check_audit().unwrap_err();
    assert_eq!(broken_at(&err), (7, BreakKind::Altered));
    assert!(
        err.to_string().contains("not sealed by the audit key"),
        "{err}"
    );
    // With the key as well (re-sealed): the witness recorded another mark and other hashes.
    let key = stolen_key(&db);
    raw(&db)
        .execute(
            "UPDATE audit_head SET keyed_seal = ?1",
            [key.seal_keyed_from(7)],
        )
        .unwrap();
    assert_eq!(db.open().verify_audit().unwrap(), EVENTS);
    let err = open(&db).check_audit().unwrap_err();
    assert!(
        matches!(
            err,
            StoreError::AuditWitness(WitnessMismatch::Rewritten { seq: 1, .. })
        ),
        "{err:?}"
    );
}

#[test]
fn x_6_with_the_key_a_rewritten_chain_passes_the_chain_check_but_not_the_witness() {
    let db = filled();
    let key = stolen_key(&db);
    let keying = Keying {
        key: &key,
        keyed_from: 1,
    };
    recompute(
        &db,
        |seq, e| {
            if seq == 2 {
                e.target = "forged".into();
            }
        },
        |s, p, e| keying.hash(s, p, e),
    );
    assert_eq!(db.open().verify_audit().unwrap(), EVENTS);
    let err = open(&db).check_audit().unwrap_err();
    let msg = err.to_string();
    assert!(
        matches!(
            err,
            StoreError::AuditWitness(WitnessMismatch::Rewritten { seq: 2, .. })
        ),
        "{err:?}"
    );
    assert!(
        msg.starts_with("Audit trail rewritten: event 2 is not the event the witness"),
        "{msg}"
    );
}

fn witness_file(db: &TempDb) -> PathBuf {
    let mut files: Vec<PathBuf> = std::fs::read_dir(witness_dir(db))
        .map(|d| d.map(|e| e.unwrap().path()).collect())
        .unwrap_or_default();
    files.sort();
    files.pop().expect("a witness file")
}

#[test]
fn x_6_forged_witness_lines_are_ignored_and_reported() {
    let db = filled();
    let file = witness_file(&db);
    let mut text = std::fs::read_to_string(&file).unwrap();
    // A line claiming a longer trail, with a MAC not made by the key, and some garbage.
    text.push_str(&format!("99 {} 1 {}\n", "ab".repeat(32), "cd".repeat(32)));
    text.push_str("not a witness line\n");
    std::fs::write(&file, text).unwrap();
    let check: AuditCheck = open(&db).check_audit().unwrap();
    assert!(
        matches!(check.witness, WitnessCheck::Matched { .. }),
        "{check:?}"
    );
    assert_eq!(check.ignored_lines, 2);
    let notes = check.notes().join("; ");
    assert!(notes.contains("2 witness line(s) ignored"), "{notes}");
    // A line moved to another event number fails its MAC too.
    let db = filled();
    let file = witness_file(&db);
    let text = std::fs::read_to_string(&file).unwrap();
    let last = text.lines().last().unwrap().to_string();
    std::fs::write(&file, format!("{text}{}\n", last.replacen("6 ", "8 ", 1))).unwrap();
    let check = open(&db).check_audit().unwrap();
    assert_eq!(check.ignored_lines, 1);
}

#[test]
fn x_6_no_witness_is_a_note_not_an_error() {
    let db = filled();
    std::fs::remove_dir_all(witness_dir(&db)).unwrap();
    let check = open(&db).check_audit().unwrap();
    assert_eq!(check.events, EVENTS);
    assert!(
        matches!(check.witness, WitnessCheck::NotFound { .. }),
        "{check:?}"
    );
    assert!(
        check.notes()[0].starts_with("note: no witness line found in "),
        "{:?}",
        check.notes()
    );
    // A store opened without a witness directory (tools, tests) keeps none.
    let check = db.open().check_audit().unwrap();
    assert_eq!(check.witness, WitnessCheck::NotKept);
}

#[test]
fn x_6_only_committed_appends_are_witnessed() {
    let db = temp_db();
    let mut store = open(&db);
    let out: Result<(), StoreError> = store.atomically(|s| {
        s.append_audit(audit_event(1))?;
        s.append_audit(audit_event(2))?;
        Err(StoreError::Invalid {
            message: "refused".into(),
        })
    });
    assert!(out.is_err());
    assert!(
        !witness_dir(&db).exists(),
        "a rolled-back unit leaves no witness line"
    );
    assert_eq!(store.verify_audit().unwrap(), 0);
    // A committed unit: one line, for its newest event, written after the commit.
    store
        .atomically(|s| {
            s.append_audit(audit_event(1))?;
            s.append_audit(audit_event(2))?;
            Ok::<(), StoreError>(())
        })
        .unwrap();
    let text = std::fs::read_to_string(witness_file(&db)).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 1, "{text}");
    assert!(lines[0].starts_with("2 "), "{text}");
    // An inner unit that fails rolls the outer one back: nothing more is witnessed.
    let _ = store.atomically(|s| {
        s.append_audit(audit_event(3))?;
        s.atomically(|s| {
            s.append_audit(audit_event(4))?;
            Err::<(), StoreError>(StoreError::Invalid {
                message: "inner".into(),
            })
        })
    });
    assert_eq!(std::fs::read_to_string(witness_file(&db)).unwrap(), text);
    let check = store.check_audit().unwrap();
    assert_eq!(check.events, 2);
    assert!(
        matches!(check.witness, WitnessCheck::Matched { .. }),
        "{check:?}"
    );
}

#[cfg(unix)]
#[test]
fn x_6_the_key_file_is_private_reused_and_guarded() {
    use std::os::unix::fs::PermissionsExt;
    let db = filled();
    let key = db.dir.path().join("audit.key");
    let meta = std::fs::metadata(&key).unwrap();
    assert_eq!(meta.permissions().mode() & 0o777, 0o600);
    assert_eq!(meta.len(), 32);
    let bytes = std::fs::read(&key).unwrap();
    // Reopened: the same key (the keyed chain still verifies), the file untouched.
    assert_eq!(open(&db).check_audit().unwrap().events, EVENTS);
    assert_eq!(std::fs::read(&key).unwrap(), bytes);
    // Readable by others: refused on open, naming the file.
    std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o644)).unwrap();
    let err = Store::open(&db.path).unwrap_err().to_string();
    assert!(err.contains("audit.key: is readable by others"), "{err}");
    // Missing while the trail is keyed: refused, not silently replaced.
    std::fs::remove_file(&key).unwrap();
    let err = Store::open(&db.path).unwrap_err().to_string();
    assert!(err.contains("audit.key: is missing"), "{err}");
    assert!(!key.exists());
}
