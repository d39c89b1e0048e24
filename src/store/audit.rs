//! The audit trail: events appended to the keyed hash chain inside one immediate
//! transaction (so concurrent processes keep one chain), listed newest first, verified against
//! the head and the witness. No function here updates or deletes an event; triggers refuse it.

use super::Store;
use super::audit_witness::{AuditCheck, Witnessed};
use super::codec::{i64_to_u64, rows, u64_to_i64};
use super::error::{Context, StoreError};
use crate::domain::audit_chain::{
    AuditKey, ChainHead, ChainedEvent, Keying, verify_against_head_with,
};
use crate::domain::audit_event::{AuditEvent, Outcome};
use crate::domain::ids::{HsmSerial, OrganizationId};
use crate::domain::timestamp::Timestamp;
use rusqlite::{Connection, OptionalExtension, params};
use std::path::Path;

/// Which events `list_audit` returns; `None` fields do not filter.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuditFilter {
    pub organization: Option<OrganizationId>,
    pub actor: Option<String>,
    pub action: Option<String>,
    pub limit: Option<u32>,
}

const COLUMNS: &str =
    "seq, at, actor, organization, action, device, target, outcome, reason, prev_hash, hash";

/// A row as stored, before the sequence number is checked to be non-negative.
struct RawEvent {
    seq: i64,
    event: AuditEvent,
    prev_hash: String,
    hash: String,
}

fn raw_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<RawEvent> {
    let outcome: String = r.get(7)?;
    let reason: Option<String> = r.get(8)?;
    let outcome = if outcome == "success" {
        Outcome::Success
    } else {
        Outcome::Failure {
            reason: reason.unwrap_or_default(),
        }
    };
    Ok(RawEvent {
        seq: r.get(0)?,
        event: AuditEvent {
            at: Timestamp(r.get(1)?),
            actor: r.get(2)?,
            organization: r.get::<_, Option<i64>>(3)?.map(OrganizationId),
            action: r.get(4)?,
            device: r.get::<_, Option<String>>(5)?.map(HsmSerial),
            target: r.get(6)?,
            outcome,
        },
        prev_hash: r.get(9)?,
        hash: r.get(10)?,
    })
}

fn events<P: rusqlite::Params>(
    c: &Connection,
    path: &Path,
    sql: &str,
    params: P,
) -> Result<Vec<ChainedEvent>, StoreError> {
    let what = "reading the audit trail";
    rows(c, path, what, sql, params, raw_from_row)?
        .into_iter()
        .map(|raw| {
            Ok(ChainedEvent {
                seq: i64_to_u64(path, what, raw.seq)?,
                event: raw.event,
                prev_hash: raw.prev_hash,
                hash: raw.hash,
            })
        })
        .collect()
}

/// The recorded head, with the first keyed event and the key's seal of that mark.
struct Head {
    head: ChainHead,
    keyed_from: u64,
    seal: Option<String>,
}

fn head(c: &Connection, path: &Path) -> Result<Head, StoreError> {
    let what = "reading the audit head";
    let found: Option<(i64, String, i64, Option<String>)> = c
        .query_row(
            "SELECT count, last_hash, keyed_from, keyed_seal FROM audit_head WHERE id = 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .optional()
        .ctx(path, what)?;
    match found {
        Some((count, last_hash, keyed_from, seal)) => Ok(Head {
            head: ChainHead {
                count: i64_to_u64(path, what, count)?,
                last_hash,
            },
            keyed_from: i64_to_u64(path, what, keyed_from)?,
            seal,
        }),
        None => Err(StoreError::corrupt(
            path,
            what,
            "the audit head record is missing",
        )),
    }
}

/// Seals the keyed-from mark with the audit key (run by the upgrade that adds it, in its
/// transaction: a mark without a seal is never committed).
pub(super) fn seal_keyed_from(
    tx: &Connection,
    path: &Path,
    key: &AuditKey,
) -> Result<(), StoreError> {
    let what = "sealing the audit head";
    let found = head(tx, path)?;
    tx.execute(
        "UPDATE audit_head SET keyed_seal = ?1 WHERE id = 1",
        [key.seal_keyed_from(found.keyed_from)],
    )
    .ctx(path, what)?;
    Ok(())
}

impl Store {
    /// Appends an event after the recorded head and moves the head, in one transaction; the
    /// new head is witnessed once that transaction commits (at once, or when the unit does).
    pub fn append_audit(&mut self, event: AuditEvent) -> Result<ChainedEvent, StoreError> {
        let key = self.key.clone();
        let (chained, keyed_from) = self.write("appending to the audit trail", |tx, path| {
            let what = "appending to the audit trail";
            let Head {
                head, keyed_from, ..
            } = head(tx, path)?;
            let seq = head.count.saturating_add(1);
            let keying = Keying {
                key: &key,
                keyed_from,
            };
            let hash = keying.hash(seq, &head.last_hash, &event);
            let chained = ChainedEvent {
                seq,
                event,
                prev_hash: head.last_hash,
                hash,
            };
            let e = &chained.event;
            let (outcome, reason) = match &e.outcome {
                Outcome::Success => ("success", None),
                Outcome::Failure { reason } => ("failure", Some(reason.as_str())),
            };
            let seq_col = u64_to_i64(path, what, seq)?;
            tx.execute(
                &format!("INSERT INTO audit ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)"),
                params![
                    seq_col,
                    e.at.0,
                    e.actor,
                    e.organization.map(|o| o.0),
                    e.action,
                    e.device.as_ref().map(HsmSerial::as_str),
                    e.target,
                    outcome,
                    reason,
                    chained.prev_hash,
                    chained.hash
                ],
            )
            .ctx(path, what)?;
            tx.execute(
                "UPDATE audit_head SET count = ?1, last_hash = ?2 WHERE id = 1",
                params![seq_col, chained.hash],
            )
            .ctx(path, what)?;
            Ok((chained, keyed_from))
        })?;
        self.witness_appended(Witnessed {
            seq: chained.seq,
            hash: chained.hash.clone(),
            keyed_from,
        });
        Ok(chained)
    }

    /// Events matching `filter`, newest first.
    pub fn list_audit(&self, filter: &AuditFilter) -> Result<Vec<ChainedEvent>, StoreError> {
        self.read("reading the audit trail", |c, path| {
            events(
                c,
                path,
                &format!(
                    "SELECT {COLUMNS} FROM audit
                     WHERE (?1 IS NULL OR organization = ?1) AND (?2 IS NULL OR actor = ?2)
                       AND (?3 IS NULL OR action = ?3)
                     ORDER BY id DESC LIMIT ?4"
                ),
                params![
                    filter.organization.map(|o| o.0),
                    filter.actor,
                    filter.action,
                    filter.limit.map_or(-1, i64::from)
                ],
            )
        })
    }

    /// Every event in the order it was stored (for export).
    pub fn export_audit(&self) -> Result<Vec<ChainedEvent>, StoreError> {
        self.read("reading the audit trail", |c, path| {
            events(
                c,
                path,
                &format!("SELECT {COLUMNS} FROM audit ORDER BY id"),
                [],
            )
        })
    }

    /// `check_audit`, keeping only the number of events checked.
    pub fn verify_audit(&self) -> Result<u64, StoreError> {
        Ok(self.check_audit()?.events)
    }

    /// Verifies the whole chain (keyed from the recorded mark on, the mark's seal), the
    /// recorded head, then the newest witness line. `StoreError::AuditBroken` names the first
    /// altered, missing or reordered event; `StoreError::AuditWitness` a trail whose end was
    /// cut off or that was rewritten (the chain itself being intact).
    pub fn check_audit(&self) -> Result<AuditCheck, StoreError> {
        let (all, recorded) = self.read("verifying the audit trail", |c, path| {
            let all = events(
                c,
                path,
                &format!("SELECT {COLUMNS} FROM audit ORDER BY id"),
                [],
            )?;
            Ok((all, head(c, path)?))
        })?;
        let keying = Keying {
            key: &self.key,
            keyed_from: recorded.keyed_from,
        };
        verify_against_head_with(&all, &recorded.head, Some(keying))?;
        keying.check_seal(recorded.seal.as_deref())?;
        let (witness, ignored_lines) = self.witness_check(&all, recorded.keyed_from)?;
        Ok(AuditCheck {
            events: all.len() as u64,
            witness,
            ignored_lines,
        })
    }
}

#[cfg(test)]
mod tests;
