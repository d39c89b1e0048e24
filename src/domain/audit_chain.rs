//! The hash chain over the audit trail: each event carries a hash of a canonical,
//! length-prefixed encoding of itself and of the previous event's hash, so edits, removals and
//! reorderings are found by `verify`. Events from `keyed_from` on are hashed with HMAC-SHA256
//! under the audit key (kept outside the database), older ones with plain SHA-256, so someone
//! who can write the database but not read the key cannot recompute the chain.
//!
//! A chain alone cannot reveal that its *tail* was cut off (the shorter chain is still valid), so
//! the store also keeps the head (event count and last hash) apart and `verify_against_head`
//! checks it; the witness outside the database (see the store) covers a rewritten head.

use super::audit_event::{AuditEvent, Outcome};
use super::ids::{HsmSerial, OrganizationId};
use sha2::{Digest, Sha256};
use std::fmt;

mod key;
pub use key::{AuditKey, KEY_LEN};

/// `prev_hash` of the first event.
pub const GENESIS_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// Tag mixed into every hash so the encoding can evolve without ambiguity.
const ENCODING_TAG: &[u8] = b"lunadeck-audit-v1";
/// Tag of the keyed (HMAC) encoding: the same fields.
const KEYED_TAG: &[u8] = b"lunadeck-audit-v2-hmac";

/// An event with its place in the chain. `seq` starts at 1.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ChainedEvent {
    pub seq: u64,
    pub event: AuditEvent,
    pub prev_hash: String,
    pub hash: String,
}

/// The head of the chain as recorded apart from the events (to detect a truncated tail).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainHead {
    pub count: u64,
    pub last_hash: String,
}

impl ChainHead {
    pub fn empty() -> Self {
        ChainHead {
            count: 0,
            last_hash: GENESIS_HASH.to_string(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BreakKind {
    /// The event's content no longer matches its hash.
    Altered,
    /// An event is absent (a gap in the sequence, or a cut tail).
    Missing,
    /// Events are out of order or one points at a different predecessor.
    Reordered,
}

impl fmt::Display for BreakKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            BreakKind::Altered => "altered",
            BreakKind::Missing => "missing",
            BreakKind::Reordered => "reordered",
        })
    }
}

/// The first place where the chain is broken.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("Audit trail broken at event {seq} ({kind}): {message}")]
pub struct ChainBreak {
    pub seq: u64,
    pub kind: BreakKind,
    pub message: String,
}

fn put_bytes(buf: &mut Vec<u8>, bytes: &[u8]) {
    buf.extend_from_slice(&(bytes.len() as u64).to_be_bytes());
    buf.extend_from_slice(bytes);
}

fn put_str(buf: &mut Vec<u8>, s: &str) {
    put_bytes(buf, s.as_bytes());
}

fn put_i64(buf: &mut Vec<u8>, v: i64) {
    buf.extend_from_slice(&v.to_be_bytes());
}

fn put_org(buf: &mut Vec<u8>, org: Option<OrganizationId>) {
    match org {
        None => buf.push(0),
        Some(id) => {
            buf.push(1);
            put_i64(buf, id.0);
        }
    }
}

fn put_device(buf: &mut Vec<u8>, device: &Option<HsmSerial>) {
    match device {
        None => buf.push(0),
        Some(serial) => {
            buf.push(1);
            put_str(buf, serial.as_str());
        }
    }
}

fn put_outcome(buf: &mut Vec<u8>, outcome: &Outcome) {
    match outcome {
        Outcome::Success => buf.push(0),
        Outcome::Failure { reason } => {
            buf.push(1);
            put_str(buf, reason);
        }
    }
}

/// The canonical bytes hashed for one event: every field in a fixed order, strings
/// length-prefixed, optional values tagged, so no two different events encode alike.
fn canonical(tag: &[u8], seq: u64, prev_hash: &str, e: &AuditEvent) -> Vec<u8> {
    let mut buf = Vec::with_capacity(256);
    put_bytes(&mut buf, tag);
    buf.extend_from_slice(&seq.to_be_bytes());
    put_str(&mut buf, prev_hash);
    put_i64(&mut buf, e.at.0);
    put_str(&mut buf, &e.actor);
    put_org(&mut buf, e.organization);
    put_str(&mut buf, &e.action);
    put_device(&mut buf, &e.device);
    put_str(&mut buf, &e.target);
    put_outcome(&mut buf, &e.outcome);
    buf
}

/// Lower-case hex SHA-256 of the canonical encoding (events before `keyed_from`).
pub fn hash_event(seq: u64, prev_hash: &str, event: &AuditEvent) -> String {
    let digest = Sha256::digest(canonical(ENCODING_TAG, seq, prev_hash, event));
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// Lower-case hex HMAC-SHA256 under `key` of the keyed canonical encoding.
pub fn hash_event_keyed(key: &AuditKey, seq: u64, prev_hash: &str, event: &AuditEvent) -> String {
    key.mac_hex(&canonical(KEYED_TAG, seq, prev_hash, event))
}

/// How one trail's hashes are made: plain SHA-256 before `keyed_from` (events written before
/// the chain was keyed), HMAC under `key` from it on.
#[derive(Debug, Clone, Copy)]
pub struct Keying<'a> {
    pub key: &'a AuditKey,
    pub keyed_from: u64,
}

impl Keying<'_> {
    pub fn hash(&self, seq: u64, prev_hash: &str, event: &AuditEvent) -> String {
        if seq >= self.keyed_from {
            hash_event_keyed(self.key, seq, prev_hash, event)
        } else {
            hash_event(seq, prev_hash, event)
        }
    }

    /// The recorded seal of `keyed_from` must be the key's: a changed mark (to have keyed
    /// events checked the unkeyed way) or a key that is not this trail's is a break.
    pub fn check_seal(&self, seal: Option<&str>) -> Result<(), ChainBreak> {
        if seal == Some(self.key.seal_keyed_from(self.keyed_from).as_str()) {
            return Ok(());
        }
        Err(brk(
            self.keyed_from,
            BreakKind::Altered,
            format!(
                "the mark that keyed events begin at event {} is not sealed by the audit key: \
                 it was changed, or the key is not this trail's",
                self.keyed_from
            ),
        ))
    }
}

/// Appends `event` after `prev` (or starts the chain).
pub fn chain(prev: Option<&ChainedEvent>, event: AuditEvent) -> ChainedEvent {
    let (seq, prev_hash) = match prev {
        Some(p) => (p.seq.saturating_add(1), p.hash.clone()),
        None => (1, GENESIS_HASH.to_string()),
    };
    let hash = hash_event(seq, &prev_hash, &event);
    ChainedEvent {
        seq,
        event,
        prev_hash,
        hash,
    }
}

fn brk(seq: u64, kind: BreakKind, message: String) -> ChainBreak {
    ChainBreak { seq, kind, message }
}

/// Checks events in stored order, starting from seq 1, and reports the first break (every
/// event hashed the unkeyed way).
pub fn verify(events: &[ChainedEvent]) -> Result<(), ChainBreak> {
    verify_with(events, None)
}

/// `verify` with the keyed hash from `keying.keyed_from` on.
pub fn verify_keyed(events: &[ChainedEvent], keying: Keying<'_>) -> Result<(), ChainBreak> {
    verify_with(events, Some(keying))
}

fn verify_with(events: &[ChainedEvent], keying: Option<Keying<'_>>) -> Result<(), ChainBreak> {
    let mut expected_seq: u64 = 1;
    let mut expected_prev: &str = GENESIS_HASH;
    for (i, e) in events.iter().enumerate() {
        if e.seq < expected_seq {
            return Err(brk(
                e.seq,
                BreakKind::Reordered,
                format!("event {} appears after event {}", e.seq, expected_seq - 1),
            ));
        }
        if e.seq > expected_seq {
            let later = events.iter().skip(i).any(|x| x.seq == expected_seq);
            return Err(if later {
                brk(
                    expected_seq,
                    BreakKind::Reordered,
                    format!("event {expected_seq} appears after event {}", e.seq),
                )
            } else {
                brk(
                    expected_seq,
                    BreakKind::Missing,
                    format!(
                        "event {expected_seq} was removed (next present is {})",
                        e.seq
                    ),
                )
            });
        }
        if e.prev_hash != expected_prev {
            return Err(brk(
                e.seq,
                BreakKind::Reordered,
                format!(
                    "event {} does not follow event {}: its previous hash points elsewhere",
                    e.seq,
                    expected_seq.saturating_sub(1)
                ),
            ));
        }
        let keyed = keying.filter(|k| e.seq >= k.keyed_from);
        let expected = match keying {
            Some(k) => k.hash(e.seq, &e.prev_hash, &e.event),
            None => hash_event(e.seq, &e.prev_hash, &e.event),
        };
        if expected != e.hash {
            let how = if keyed.is_some() {
                "it was edited, or the chain was recomputed without the audit key"
            } else {
                "it was edited"
            };
            return Err(brk(
                e.seq,
                BreakKind::Altered,
                format!("event {} no longer matches its hash: {how}", e.seq),
            ));
        }
        expected_seq = e.seq.saturating_add(1);
        expected_prev = &e.hash;
    }
    Ok(())
}

/// `verify`, then checks the events end where the separately stored head says they end.
pub fn verify_against_head(events: &[ChainedEvent], head: &ChainHead) -> Result<(), ChainBreak> {
    verify_against_head_with(events, head, None)
}

/// `verify_against_head`, keyed from `keying.keyed_from` on when given.
pub fn verify_against_head_with(
    events: &[ChainedEvent],
    head: &ChainHead,
    keying: Option<Keying<'_>>,
) -> Result<(), ChainBreak> {
    verify_with(events, keying)?;
    let (count, last_hash) = match events.last() {
        Some(last) => (last.seq, last.hash.as_str()),
        None => (0, GENESIS_HASH),
    };
    if head.count > count {
        return Err(brk(
            count.saturating_add(1),
            BreakKind::Missing,
            format!(
                "the trail ends at event {count} but {} events were recorded: the tail was removed",
                head.count
            ),
        ));
    }
    if head.count < count {
        return Err(brk(
            head.count.saturating_add(1),
            BreakKind::Altered,
            format!(
                "events after {} were not recorded by lunadeck (the recorded head ends there)",
                head.count
            ),
        ));
    }
    if head.last_hash != last_hash {
        return Err(brk(
            count,
            BreakKind::Altered,
            format!("event {count} does not match the recorded head hash"),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests;
