//! Unit tests of the audit hash chain: every field hashed, and the first edit, removal,
//! reordering or cut tail found.

use super::*;
use crate::domain::timestamp::Timestamp;

fn event(n: i64) -> AuditEvent {
    AuditEvent {
        at: Timestamp(1_700_000_000 + n),
        actor: format!("admin{n}"),
        organization: if n % 2 == 0 {
            Some(OrganizationId(n))
        } else {
            None
        },
        action: "service.create".into(),
        device: Some(HsmSerial::new(format!("15{n:05}"))),
        target: format!("svc{n}"),
        outcome: if n % 3 == 0 {
            Outcome::Failure {
                reason: "timeout".into(),
            }
        } else {
            Outcome::Success
        },
    }
}

fn chain_of(n: usize) -> Vec<ChainedEvent> {
    let mut out: Vec<ChainedEvent> = Vec::new();
    for i in 0..n {
        let next = chain(out.last(), event(i as i64));
        out.push(next);
    }
    out
}

fn head(events: &[ChainedEvent]) -> ChainHead {
    events.last().map_or_else(ChainHead::empty, |e| ChainHead {
        count: e.seq,
        last_hash: e.hash.clone(),
    })
}

#[test]
fn x_6_intact_chain_verifies() {
    let events = chain_of(6);
    assert_eq!(events[0].prev_hash, GENESIS_HASH);
    assert_eq!(events[0].seq, 1);
    assert_eq!(events[5].prev_hash, events[4].hash);
    assert_eq!(events[0].hash.len(), 64);
    assert_eq!(verify(&events), Ok(()));
    assert_eq!(verify(&[]), Ok(()));
    assert_eq!(verify_against_head(&events, &head(&events)), Ok(()));
}

#[test]
fn x_6_hash_covers_every_field_unambiguously() {
    let base = event(1);
    let h = hash_event(1, GENESIS_HASH, &base);
    let mut variants = Vec::new();
    let mut e = base.clone();
    e.at = Timestamp(0);
    variants.push(e);
    let mut e = base.clone();
    e.actor = "other".into();
    variants.push(e);
    let mut e = base.clone();
    e.organization = Some(OrganizationId(1));
    variants.push(e);
    let mut e = base.clone();
    e.action = "service.delete".into();
    variants.push(e);
    let mut e = base.clone();
    e.device = None;
    variants.push(e);
    let mut e = base.clone();
    e.target = "x".into();
    variants.push(e);
    let mut e = base.clone();
    e.outcome = Outcome::Failure {
        reason: String::new(),
    };
    variants.push(e);
    for v in &variants {
        assert_ne!(hash_event(1, GENESIS_HASH, v), h, "{v:?}");
    }
    assert_ne!(hash_event(2, GENESIS_HASH, &base), h);
    // Moving characters between adjacent strings changes the hash (length prefixes).
    let mut a = base.clone();
    a.actor = "ab".into();
    a.action = "c".into();
    let mut b = base;
    b.actor = "a".into();
    b.action = "bc".into();
    assert_ne!(
        hash_event(1, GENESIS_HASH, &a),
        hash_event(1, GENESIS_HASH, &b)
    );
}

#[test]
fn x_6_finds_first_break() {
    struct Case {
        name: &'static str,
        tamper: fn(&mut Vec<ChainedEvent>),
        seq: u64,
        kind: BreakKind,
        says: &'static str,
    }
    let cases = [
        Case {
            name: "edit a field",
            tamper: |v| v[2].event.target = "forged".into(),
            seq: 3,
            kind: BreakKind::Altered,
            says: "event 3 no longer matches its hash",
        },
        Case {
            name: "edit two: first reported",
            tamper: |v| {
                v[4].event.actor = "x".into();
                v[1].event.actor = "y".into();
            },
            seq: 2,
            kind: BreakKind::Altered,
            says: "edited",
        },
        Case {
            name: "delete one",
            tamper: |v| {
                v.remove(3);
            },
            seq: 4,
            kind: BreakKind::Missing,
            says: "event 4 was removed (next present is 5)",
        },
        Case {
            name: "delete first",
            tamper: |v| {
                v.remove(0);
            },
            seq: 1,
            kind: BreakKind::Missing,
            says: "event 1 was removed",
        },
        Case {
            name: "swap two",
            tamper: |v| v.swap(2, 3),
            seq: 3,
            kind: BreakKind::Reordered,
            says: "event 3 appears after event 4",
        },
        Case {
            name: "swap contents, keep seq",
            tamper: |v| {
                let (a, b) = (v[2].clone(), v[3].clone());
                v[2] = ChainedEvent { seq: 3, ..b };
                v[3] = ChainedEvent { seq: 4, ..a };
            },
            seq: 3,
            kind: BreakKind::Reordered,
            says: "previous hash points elsewhere",
        },
        Case {
            name: "seq goes backwards",
            tamper: |v| v[4].seq = 2,
            seq: 2,
            kind: BreakKind::Reordered,
            says: "event 2 appears after event 4",
        },
        Case {
            name: "edit and rehash one event",
            tamper: |v| {
                v[1].event.target = "forged".into();
                v[1].hash = hash_event(2, &v[1].prev_hash, &v[1].event);
            },
            seq: 3,
            kind: BreakKind::Reordered,
            says: "event 3 does not follow event 2",
        },
    ];
    for c in cases {
        let mut events = chain_of(6);
        (c.tamper)(&mut events);
        let err = verify(&events).expect_err(c.name);
        assert_eq!((err.seq, err.kind), (c.seq, c.kind), "{}: {err}", c.name);
        assert!(err.message.contains(c.says), "{}: {err}", c.name);
    }
}

#[test]
fn x_6_cut_tail_needs_the_head() {
    let mut events = chain_of(5);
    let recorded = head(&events);
    events.pop();
    // The shorter chain is valid on its own ...
    assert_eq!(verify(&events), Ok(()));
    // ... the separately stored head reveals the cut.
    let err = verify_against_head(&events, &recorded).unwrap_err();
    assert_eq!((err.seq, err.kind), (5, BreakKind::Missing));
    assert!(err.message.contains("the tail was removed"), "{err}");
    assert_eq!(
        err.to_string(),
        "Audit trail broken at event 5 (missing): the trail ends at event 4 but 5 events \
         were recorded: the tail was removed"
    );
    let err = verify_against_head(&[], &recorded).unwrap_err();
    assert_eq!((err.seq, err.kind), (1, BreakKind::Missing));
}

#[test]
fn x_6_head_mismatch_and_extra_events() {
    let events = chain_of(3);
    let mut wrong = head(&events);
    wrong.last_hash = GENESIS_HASH.into();
    let err = verify_against_head(&events, &wrong).unwrap_err();
    assert_eq!((err.seq, err.kind), (3, BreakKind::Altered));
    let short = ChainHead {
        count: 2,
        last_hash: events[1].hash.clone(),
    };
    let err = verify_against_head(&events, &short).unwrap_err();
    assert_eq!((err.seq, err.kind), (3, BreakKind::Altered));
    assert!(err.message.contains("not recorded by lunadeck"), "{err}");
}

/// Events 1..=n, hashed the unkeyed way before `keying.keyed_from` and keyed from it on.
fn keyed_chain_of(n: usize, keying: Keying<'_>) -> Vec<ChainedEvent> {
    let mut out: Vec<ChainedEvent> = Vec::new();
    for i in 0..n {
        let (seq, prev_hash) = out.last().map_or((1, GENESIS_HASH.to_string()), |p| {
            (p.seq + 1, p.hash.clone())
        });
        let e = event(i as i64);
        let hash = keying.hash(seq, &prev_hash, &e);
        out.push(ChainedEvent {
            seq,
            event: e,
            prev_hash,
            hash,
        });
    }
    out
}

#[test]
fn x_6_keyed_chain_needs_the_key_and_keeps_older_events_unkeyed() {
    let key = AuditKey::from_bytes([7; KEY_LEN]);
    let keying = Keying {
        key: &key,
        keyed_from: 3,
    };
    let events = keyed_chain_of(5, keying);
    // Events before the mark are the old, unkeyed ones.
    assert_eq!(
        events[1].hash,
        hash_event(2, &events[1].prev_hash, &events[1].event)
    );
    assert_ne!(
        events[2].hash,
        hash_event(3, &events[2].prev_hash, &events[2].event)
    );
    assert_eq!(verify_keyed(&events, keying), Ok(()));
    assert_eq!(
        verify_against_head_with(&events, &head(&events), Some(keying)),
        Ok(())
    );
    // Without the key (plain SHA-256) or with another key the keyed part does not verify.
    let err = verify(&events).unwrap_err();
    assert_eq!((err.seq, err.kind), (3, BreakKind::Altered));
    let other = AuditKey::from_bytes([8; KEY_LEN]);
    let wrong = Keying {
        key: &other,
        keyed_from: 3,
    };
    let err = verify_keyed(&events, wrong).unwrap_err();
    assert_eq!((err.seq, err.kind), (3, BreakKind::Altered));
    assert!(err.message.contains("without the audit key"), "{err}");
    // A chain recomputed with plain SHA-256 is refused by the keyed check.
    let recomputed = chain_of(5);
    let err = verify_keyed(&recomputed, keying).unwrap_err();
    assert_eq!((err.seq, err.kind), (3, BreakKind::Altered));
}

#[test]
fn x_6_the_keyed_from_mark_is_sealed() {
    let key = AuditKey::from_bytes([7; KEY_LEN]);
    let keying = Keying {
        key: &key,
        keyed_from: 4,
    };
    let seal = key.seal_keyed_from(4);
    assert_eq!(keying.check_seal(Some(&seal)), Ok(()));
    let moved = Keying {
        key: &key,
        keyed_from: 9,
    };
    let err = moved.check_seal(Some(&seal)).unwrap_err();
    assert_eq!((err.seq, err.kind), (9, BreakKind::Altered));
    assert!(err.message.contains("not sealed by the audit key"), "{err}");
    assert!(keying.check_seal(None).is_err());
    let other = AuditKey::from_bytes([1; KEY_LEN]);
    assert!(
        Keying {
            key: &other,
            keyed_from: 4
        }
        .check_seal(Some(&seal))
        .is_err()
    );
}
