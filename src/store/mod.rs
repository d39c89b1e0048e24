//! The store: the one owner of the SQLite connection (no SQL outside this module). WAL,
//! `synchronous=FULL`, a busy timeout, and every write in its own `BEGIN IMMEDIATE` transaction.
//!
//! Entities with console-assigned ids (services, templates, organizations, jobs) are saved with
//! upsert semantics: an id of 0 asks the store for a new id, which `save_*` returns.

mod accounts;
mod audit;
mod codec;
mod devices;
mod error;
mod import_draft;
mod jobs;
mod schema;
mod services;

pub use audit::AuditFilter;
pub use error::StoreError;
pub use import_draft::ImportDraft;
pub use schema::LATEST_VERSION;

use error::Context;
use rusqlite::{Connection, Transaction, TransactionBehavior};
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
        retry_busy(|| conn.pragma_update(None, "foreign_keys", "ON")).map_err(open_err)?;
        let mut store = Store {
            conn,
            path: path.to_path_buf(),
        };
        let mut attempt = 0;
        loop {
            match store.migrate(schema::MIGRATIONS) {
                Err(e) if e.is_busy() && attempt < OPEN_RETRIES => {
                    attempt += 1;
                    std::thread::sleep(OPEN_RETRY_PAUSE);
                }
                other => return other.map(|()| store),
            }
        }
    }

    /// Applies missing migrations in one immediate transaction; the version is read inside it,
    /// so two processes opening a fresh file at once apply each migration exactly once.
    fn migrate(&mut self, migrations: &[&str]) -> Result<(), StoreError> {
        let latest = i64::try_from(migrations.len()).unwrap_or(i64::MAX);
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
            if from < migrations.len() {
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
    /// timeout) and commits; any error rolls everything back.
    pub(crate) fn write<T>(
        &mut self,
        what: &str,
        f: impl FnOnce(&Transaction<'_>, &Path) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let path = self.path.as_path();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .ctx(path, what)?;
        let out = f(&tx, path)?;
        tx.commit().ctx(path, what)?;
        Ok(out)
    }

    /// Runs `f` in a read transaction, so several statements see one snapshot.
    pub(crate) fn read<T>(
        &self,
        what: &str,
        f: impl FnOnce(&Connection, &Path) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let path = self.path.as_path();
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
