//! The store: the one owner of the SQLite connection (no SQL outside this module). WAL,
//! `synchronous=FULL`, a busy timeout, and every write in its own `BEGIN IMMEDIATE` transaction.
//!
//! Entities with console-assigned ids (services, templates, organizations, jobs) are saved with
//! upsert semantics: an id of 0 asks the store for a new id, which `save_*` returns.

mod accounts;
mod audit;
mod audit_key;
mod audit_witness;
mod codec;
mod devices;
mod error;
mod import_draft;
mod job_lease;
mod jobs;
mod migrations;
mod schema;
mod services;
mod unit;

pub use audit::AuditFilter;
pub use audit_key::key_path as audit_key_path;
pub use audit_witness::{AuditCheck, WitnessCheck, WitnessMismatch};
pub use error::StoreError;
pub use import_draft::ImportDraft;
pub use job_lease::JobLease;
pub use schema::LATEST_VERSION;

use error::Context;
use rusqlite::{Connection, TransactionBehavior};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// How long a write waits for another process's write before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);
/// Opening a fresh file from two processes at once may meet a lock the busy handler does not
/// cover (switching to WAL); retry that many times, a little apart.
const OPEN_RETRIES: u32 = 200;
const OPEN_RETRY_PAUSE: Duration = Duration::from_millis(25);

pub struct Store {
    conn: Connection,
    path: PathBuf,
    /// Open units of work (`atomically`): while one is open, every write joins its transaction.
    unit_depth: u32,
    /// An inner unit failed: the outermost one rolls back.
    unit_failed: bool,
    /// A batch (`begin_batch`) holds the transaction: units are savepoints in it.
    batch_open: bool,
    /// The pending witness when the batch's current unit began (restored if it rolls back).
    batch_mark: Option<audit_witness::Witnessed>,
    /// The audit key (`audit.key` beside the database) of the chain and the witness.
    key: crate::domain::audit_chain::AuditKey,
    /// Where witness lines go (`None`: none kept), and the head appended in the open unit.
    witness_dir: Option<PathBuf>,
    pending_witness: Option<audit_witness::Witnessed>,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("path", &self.path).finish()
    }
}

/// Creates the file readable by its owner only (mode 0600) if it does not exist yet; SQLite
/// gives its `-wal` and `-shm` files the same mode.
fn create_private(path: &Path) -> Result<(), StoreError> {
    let mut opts = std::fs::OpenOptions::new();
    opts.read(true).write(true).create(true).truncate(false);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    opts.open(path).map(drop).map_err(|e| StoreError::Open {
        path: path.to_path_buf(),
        reason: e.to_string(),
    })
}

fn retry_busy<T>(mut f: impl FnMut() -> rusqlite::Result<T>) -> rusqlite::Result<T> {
    let mut attempt = 0;
    loop {
        match f() {
            Err(e) if error::is_busy(&e) && attempt < OPEN_RETRIES => {
                attempt += 1;
                std::thread::sleep(OPEN_RETRY_PAUSE);
            }
            other => return other,
        }
    }
}

impl Store {
    /// Opens (creating if needed) the database at `path` and brings its schema up to date.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        create_private(path)?;
        let open_err = |e: rusqlite::Error| StoreError::Open {
            path: path.to_path_buf(),
            reason: e.to_string(),
        };
        let conn = Connection::open(path).map_err(open_err)?;
        conn.busy_timeout(BUSY_TIMEOUT).map_err(open_err)?;
        let mode: String =
            retry_busy(|| conn.pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get(0)))
                .map_err(open_err)?;
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(StoreError::Open {
                path: path.to_path_buf(),
                reason: format!("the file system refused write-ahead logging (mode {mode})"),
            });
        }
        retry_busy(|| conn.pragma_update(None, "synchronous", "FULL")).map_err(open_err)?;
        // Foreign keys are enforced once the schema is up to date: a migration that rebuilds a
        // table must not cascade its rows away (SQLite's procedure; checked before it commits).
        retry_busy(|| conn.pragma_update(None, "foreign_keys", "OFF")).map_err(open_err)?;
        // Damaged pages are found now, not by the first statement that happens to read them.
        let damaged = |text: String| {
            // The first problem on one line, without SQLite's "*** in database main ***".
            let lines: Vec<&str> = text.lines().filter(|l| !l.starts_with("***")).collect();
            let problem = if lines.is_empty() {
                text.clone()
            } else {
                lines.join(" ")
            };
            StoreError::Damaged {
                path: path.to_path_buf(),
                problem,
            }
        };
        match retry_busy(|| conn.query_row("PRAGMA quick_check(1)", [], |r| r.get::<_, String>(0)))
        {
            Ok(ok) if ok == "ok" => {}
            Ok(problem) => return Err(damaged(problem)),
            Err(e) if error::is_damage(&e) => return Err(damaged(e.to_string())),
            Err(e) => return Err(open_err(e)),
        }
        let key = audit_key::load_for_database(&conn, path)?;
        let mut store = Store {
            conn,
            path: path.to_path_buf(),
            unit_depth: 0,
            unit_failed: false,
            batch_open: false,
            batch_mark: None,
            key,
            witness_dir: None,
            pending_witness: None,
        };
        let mut attempt = 0;
        loop {
            match store.migrate(schema::MIGRATIONS) {
                Err(e) if e.is_busy() && attempt < OPEN_RETRIES => {
                    attempt += 1;
                    std::thread::sleep(OPEN_RETRY_PAUSE);
                }
                Err(e) => return Err(e),
                Ok(()) => {
                    retry_busy(|| store.conn.pragma_update(None, "foreign_keys", "ON"))
                        .map_err(open_err)?;
                    return Ok(store);
                }
            }
        }
    }

    /// Applies missing migrations in one immediate transaction; the version is read inside it,
    /// so two processes opening a fresh file at once apply each migration exactly once.
    fn migrate(&mut self, migrations: &[&str]) -> Result<(), StoreError> {
        let latest = i64::try_from(migrations.len()).unwrap_or(i64::MAX);
        let key = self.key.clone();
        self.write("upgrading the schema", |tx, path| {
            let found: i64 = tx
                .pragma_query_value(None, "user_version", |r| r.get(0))
                .ctx(path, "reading the schema version")?;
            if found > latest {
                return Err(StoreError::TooNew {
                    path: path.to_path_buf(),
                    found,
                    supported: latest,
                });
            }
            let from = usize::try_from(found)
                .map_err(|e| StoreError::corrupt(path, "reading the schema version", e))?;
            for (i, sql) in migrations.iter().enumerate().skip(from) {
                tx.execute_batch(sql)
                    .ctx(path, &format!("applying schema version {}", i + 1))?;
            }
            if from < schema::KEYED_VERSION && migrations.len() >= schema::KEYED_VERSION {
                audit::seal_keyed_from(tx, path, &key)?;
            }
            if from < migrations.len() {
                let broken: i64 = tx
                    .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
                        r.get(0)
                    })
                    .ctx(path, "checking the references after the upgrade")?;
                if broken > 0 {
                    return Err(StoreError::corrupt(
                        path,
                        "upgrading the schema",
                        format!("{broken} row(s) refer to rows that do not exist"),
                    ));
                }
                tx.pragma_update(None, "user_version", latest)
                    .ctx(path, "recording the schema version")?;
            }
            Ok(())
        })
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// `PRAGMA user_version`.
    pub fn schema_version(&self) -> Result<i64, StoreError> {
        self.conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .ctx(&self.path, "reading the schema version")
    }

    /// `PRAGMA integrity_check`: "ok", or SQLite's list of problems, one per line.
    pub fn integrity_check(&self) -> Result<String, StoreError> {
        let what = "checking integrity";
        let mut stmt = self
            .conn
            .prepare("PRAGMA integrity_check")
            .ctx(&self.path, what)?;
        let rows = stmt
            .query_map([], |r| r.get::<_, String>(0))
            .ctx(&self.path, what)?;
        let lines = rows.collect::<Result<Vec<_>, _>>().ctx(&self.path, what)?;
        Ok(lines.join("\n"))
    }

    /// Runs `f` in a `BEGIN IMMEDIATE` transaction (waits for other writers up to the busy
    /// timeout) and commits; any error rolls everything back. Inside a unit of work
    /// (`atomically`) it joins the unit's transaction instead.
    pub(crate) fn write<T>(
        &mut self,
        what: &str,
        f: impl FnOnce(&Connection, &Path) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        if self.unit_depth == 0 && self.batch_open {
            // Inside a batch a lone write is a unit of its own (a savepoint).
            self.begin_unit()?;
            let out = f(&self.conn, self.path.as_path());
            self.end_unit(out.is_ok())?;
            return out;
        }
        let path = self.path.as_path();
        if self.unit_depth > 0 {
            return f(&self.conn, path);
        }
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .ctx(path, what)?;
        let out = f(&tx, path)?;
        tx.commit().ctx(path, what)?;
        Ok(out)
    }

    /// Runs `f` in a read transaction, so several statements see one snapshot (inside a unit
    /// of work: the unit's transaction, which also sees its own writes).
    pub(crate) fn read<T>(
        &self,
        what: &str,
        f: impl FnOnce(&Connection, &Path) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let path = self.path.as_path();
        if self.unit_depth > 0 || self.batch_open {
            return f(&self.conn, path);
        }
        let tx = self.conn.unchecked_transaction().ctx(path, what)?;
        let out = f(&tx, path)?;
        tx.finish().ctx(path, what)?;
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn perm_v3_rebuilds_services_without_losing_members_and_names_are_unique_per_organization() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("v2.db");
        {
            let conn = Connection::open(&path).unwrap();
            conn.pragma_update(None, "foreign_keys", "ON").unwrap();
            for sql in &schema::MIGRATIONS[..2] {
                conn.execute_batch(sql).unwrap();
            }
            conn.pragma_update(None, "user_version", 2).unwrap();
            conn.execute_batch(
                "INSERT INTO organizations (id, name) VALUES (1, 'A'), (2, 'B');
                 INSERT INTO services (id, name, organization, template, state, data)
                     VALUES (7, 'pay', 1, NULL, 'initialized', '{}');
                 INSERT INTO service_members (service, position, partition, pending_init)
                     VALUES (7, 0, '1582775433934', 0);",
            )
            .unwrap();
        }
        let store = Store::open(&path).unwrap();
        assert_eq!(store.schema_version().unwrap(), LATEST_VERSION);
        let count = |sql: &str| -> i64 { store.conn.query_row(sql, [], |r| r.get(0)).unwrap() };
        assert_eq!(
            count("SELECT count(*) FROM service_members WHERE service = 7"),
            1
        );
        // The same name in another organization is fine; twice in one is not.
        store
            .conn
            .execute("INSERT INTO services (id, name, organization, state, data) VALUES (8, 'PAY', 2, 's', '{}')", [])
            .unwrap();
        assert!(store
            .conn
            .execute("INSERT INTO services (id, name, organization, state, data) VALUES (9, 'Pay', 1, 's', '{}')", [])
            .is_err());
        // Foreign keys are enforced again after the upgrade.
        assert!(store
            .conn
            .execute("INSERT INTO service_members (service, position, partition, pending_init) VALUES (99, 0, 'x', 0)", [])
            .is_err());
    }

    #[test]
    fn upgrade_applies_only_missing_migrations_and_keeps_data() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("up.db");
        let mut store = Store::open(&path).unwrap();
        store
            .append_audit(crate::domain::audit_event::AuditEvent {
                at: crate::domain::timestamp::Timestamp(1),
                actor: "root".into(),
                organization: None,
                action: "account.manage".into(),
                device: None,
                target: "root".into(),
                outcome: crate::domain::audit_event::Outcome::Success,
            })
            .unwrap();
        let mut next: Vec<&str> = schema::MIGRATIONS.to_vec();
        next.push("CREATE TABLE upgrade_probe (x INTEGER NOT NULL);");
        store.migrate(&next).unwrap();
        assert_eq!(store.schema_version().unwrap(), LATEST_VERSION + 1);
        // Running it again is a no-op (the probe table would otherwise already exist).
        store.migrate(&next).unwrap();
        assert_eq!(store.verify_audit().unwrap(), 1);
        // An older build refuses the upgraded file instead of misreading it.
        let err = store.migrate(schema::MIGRATIONS).unwrap_err();
        assert!(
            err.to_string()
                .contains("newer than this lunadeck supports"),
            "{err}"
        );
        // A failing migration rolls back entirely.
        next.push("CREATE TABLE broken (;");
        let err = store.migrate(&next).unwrap_err();
        assert!(err.to_string().contains("applying schema version"), "{err}");
        assert_eq!(store.schema_version().unwrap(), LATEST_VERSION + 1);
    }
}
