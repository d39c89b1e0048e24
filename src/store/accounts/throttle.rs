//! The failed-login counters of login throttling (NAV-4), shared by every process on the file:
//! per username (a digest of the lower-cased name), its failures and the attempt being checked.

use super::super::Store;
use super::super::error::{Context, StoreError};
use crate::domain::login_throttle::{Gate, Record, gate};
use rusqlite::{Connection, OptionalExtension, params};
use sha2::{Digest, Sha256};
use std::path::Path;

/// A username's counter is forgotten this long after its last failure (keeps the table small
/// when many unknown names are tried).
const FORGET_AFTER_MS: i64 = 24 * 60 * 60 * 1000;

/// The row key of `username`: names differing only in ASCII case (as the accounts table
/// compares them) share one counter, and the typed text itself is never stored.
fn name_key(username: &str) -> String {
    let mut h = Sha256::new();
    h.update(b"lunadeck login throttle\0");
    h.update(username.to_ascii_lowercase().as_bytes());
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

fn load(c: &Connection, path: &Path, key: &str) -> Result<Option<Record>, StoreError> {
    let found: Option<(i64, i64, Option<i64>)> = c
        .query_row(
            "SELECT failures, last_failure_ms, checking_since_ms FROM login_failures
             WHERE name_key = ?1",
            [key],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()
        .ctx(path, "reading the failed logins")?;
    Ok(found.map(|(failures, last, since)| Record {
        failures: u32::try_from(failures).unwrap_or(u32::MAX),
        last_failure_ms: last,
        checking_since_ms: since,
    }))
}

impl Store {
    /// Starts a login attempt for `username` at `now_ms`, in one immediate transaction so that
    /// processes sharing the file see each other's attempts. `Open` marks the attempt as being
    /// checked until `login_failed`, `login_succeeded` or `end_login_check`; `Throttled` and
    /// `Busy` change nothing.
    pub fn begin_login(&mut self, username: &str, now_ms: i64) -> Result<Gate, StoreError> {
        let key = name_key(username);
        self.write("starting a login", |tx, path| {
            let record = load(tx, path, &key)?;
            let decided = gate(record.as_ref(), now_ms);
            if decided == Gate::Open {
                tx.execute(
                    "INSERT INTO login_failures (name_key, failures, last_failure_ms,
                     checking_since_ms) VALUES (?1, 0, 0, ?2)
                     ON CONFLICT (name_key) DO UPDATE SET checking_since_ms = ?2",
                    params![key, now_ms],
                )
                .ctx(path, "starting a login")?;
            }
            Ok(decided)
        })
    }

    /// Records a failed login of `username` at `now_ms` (one more failure, the check ended) and
    /// returns the failures so far. Meant to run in one unit of work with its audit event.
    pub fn login_failed(&mut self, username: &str, now_ms: i64) -> Result<u32, StoreError> {
        let key = name_key(username);
        self.write("recording a failed login", |tx, path| {
            let what = "recording a failed login";
            tx.execute(
                "DELETE FROM login_failures WHERE last_failure_ms < ?1 AND name_key <> ?2
                 AND (checking_since_ms IS NULL OR checking_since_ms < ?1)",
                params![now_ms.saturating_sub(FORGET_AFTER_MS), key],
            )
            .ctx(path, what)?;
            let failures: i64 = tx
                .query_row(
                    "INSERT INTO login_failures (name_key, failures, last_failure_ms,
                     checking_since_ms) VALUES (?1, 1, ?2, NULL)
                     ON CONFLICT (name_key) DO UPDATE SET failures = failures + 1,
                     last_failure_ms = ?2, checking_since_ms = NULL
                     RETURNING failures",
                    params![key, now_ms],
                    |r| r.get(0),
                )
                .ctx(path, what)?;
            Ok(u32::try_from(failures).unwrap_or(u32::MAX))
        })
    }

    /// A successful login: the failures of `username` are forgotten.
    pub fn login_succeeded(&mut self, username: &str) -> Result<(), StoreError> {
        let key = name_key(username);
        self.write("recording a login", |tx, path| {
            tx.execute("DELETE FROM login_failures WHERE name_key = ?1", [key])
                .ctx(path, "recording a login")
                .map(drop)
        })
    }

    /// Ends a check that neither failed nor succeeded (the store failed meanwhile).
    pub fn end_login_check(&mut self, username: &str) -> Result<(), StoreError> {
        let key = name_key(username);
        self.write("ending a login", |tx, path| {
            tx.execute(
                "UPDATE login_failures SET checking_since_ms = NULL WHERE name_key = ?1",
                [key],
            )
            .ctx(path, "ending a login")
            .map(drop)
        })
    }

    /// The recorded failed logins of `username` (0 when none).
    pub fn failed_logins(&self, username: &str) -> Result<u32, StoreError> {
        let key = name_key(username);
        self.read("reading the failed logins", |c, path| {
            Ok(load(c, path, &key)?.map_or(0, |r| r.failures))
        })
    }
}
