//! The audit trail: events appended to the hash chain inside one immediate transaction
//! (so concurrent processes keep one chain), listed newest first, verified against the head.
//! No function here updates or deletes an event; triggers refuse it as well.

use super::Store;
use super::codec::{i64_to_u64, rows, u64_to_i64};
use super::error::{Context, StoreError};
use crate::domain::audit_chain::{ChainHead, ChainedEvent, hash_event, verify_against_head};
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

fn head(c: &Connection, path: &Path) -> Result<ChainHead, StoreError> {
    let what = "reading the audit head";
    let found: Option<(i64, String)> = c
        .query_row(
            "SELECT count, last_hash FROM audit_head WHERE id = 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()
        .ctx(path, what)?;
    match found {
        Some((count, last_hash)) => Ok(ChainHead {
            count: i64_to_u64(path, what, count)?,
            last_hash,
        }),
        None => Err(StoreError::corrupt(
            path,
            what,
            "the audit head record is missing",
        )),
    }
}

impl Store {
    /// Appends an event after the recorded head and moves the head, in one transaction.
    pub fn append_audit(&mut self, event: AuditEvent) -> Result<ChainedEvent, StoreError> {
        self.write("appending to the audit trail", |tx, path| {
            let what = "appending to the audit trail";
            let head = head(tx, path)?;
            let seq = head.count.saturating_add(1);
            let hash = hash_event(seq, &head.last_hash, &event);
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
            Ok(chained)
        })
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

    /// Verifies the whole chain and the recorded head; returns the number of events checked,
    /// or `StoreError::AuditBroken` naming the first altered, missing or reordered event.
    pub fn verify_audit(&self) -> Result<u64, StoreError> {
        let (all, head) = self.read("verifying the audit trail", |c, path| {
            let all = events(
                c,
                path,
                &format!("SELECT {COLUMNS} FROM audit ORDER BY id"),
                [],
            )?;
            Ok((all, head(c, path)?))
        })?;
        verify_against_head(&all, &head)?;
        Ok(all.len() as u64)
    }
}
