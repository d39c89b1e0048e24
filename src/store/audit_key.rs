//! The audit key file: `audit.key` next to the database, 32 random bytes, mode 0600,
//! created once on first open (written aside, then linked in: two racing processes share one).

use super::error::StoreError;
use crate::domain::audit_chain::{AuditKey, KEY_LEN};
use rand_core::{OsRng, RngCore};
use std::io::{ErrorKind, Read, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;
use zeroize::Zeroizing;

/// Name of the key file, in the database's directory.
pub const KEY_FILE: &str = "audit.key";

/// A key file shorter than the key may be one another process is still writing (only on file
/// systems without hard links): read it again that many times, a little apart.
const SHORT_RETRIES: u32 = 40;
const SHORT_PAUSE: Duration = Duration::from_millis(25);

/// The key file of the database at `db`.
pub fn key_path(db: &Path) -> PathBuf {
    db.parent().unwrap_or_else(|| Path::new(".")).join(KEY_FILE)
}

fn key_err(path: &Path, reason: impl Into<String>) -> StoreError {
    StoreError::AuditKey {
        path: path.to_path_buf(),
        reason: reason.into(),
    }
}

enum Read32 {
    Key(AuditKey),
    Missing,
    Short(u64),
}

/// Reads the key file, refusing one others can read or of another size than the key.
fn read_key(path: &Path) -> Result<Read32, StoreError> {
    let mut file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == ErrorKind::NotFound => return Ok(Read32::Missing),
        Err(e) => return Err(key_err(path, format!("cannot be read ({e})"))),
    };
    let meta = file
        .metadata()
        .map_err(|e| key_err(path, format!("cannot be read ({e})")))?;
    if !meta.is_file() {
        return Err(key_err(path, "is not a regular file"));
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = meta.permissions().mode() & 0o777;
        if mode & 0o077 != 0 {
            return Err(key_err(
                path,
                format!(
                    "is readable by others (mode {mode:04o}); it must be private to its owner: \
                     chmod 600 {}",
                    path.display()
                ),
            ));
        }
    }
    let len = meta.len();
    if len != KEY_LEN as u64 {
        if len < KEY_LEN as u64 {
            return Ok(Read32::Short(len));
        }
        return Err(key_err(
            path,
            format!("holds {len} bytes, not {KEY_LEN}: it is not an audit key"),
        ));
    }
    let mut bytes = Zeroizing::new([0u8; KEY_LEN]);
    file.read_exact(&mut bytes[..])
        .map_err(|e| key_err(path, format!("cannot be read ({e})")))?;
    Ok(Read32::Key(AuditKey::from_bytes(*bytes)))
}

fn private_new(path: &Path) -> std::io::Result<std::fs::File> {
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    opts.open(path)
}

fn write_new(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut file = private_new(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

/// Creates the key file with fresh random bytes unless another process did first: the bytes
/// go to a private temporary file that is then hard-linked to the final name, which fails if
/// that name exists, so the file is only ever seen whole.
fn create(path: &Path) -> Result<(), StoreError> {
    let mut bytes = Zeroizing::new([0u8; KEY_LEN]);
    OsRng
        .try_fill_bytes(&mut bytes[..])
        .map_err(|e| key_err(path, format!("cannot be created: no random bytes ({e})")))?;
    let tmp = path.with_file_name(format!(
        "{KEY_FILE}.{}.{}.tmp",
        std::process::id(),
        OsRng.next_u64()
    ));
    let cannot = |e: std::io::Error| key_err(path, format!("cannot be created ({e})"));
    write_new(&tmp, &bytes[..]).map_err(cannot)?;
    let linked = std::fs::hard_link(&tmp, path);
    let _ = std::fs::remove_file(&tmp);
    match linked {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == ErrorKind::AlreadyExists => Ok(()),
        // No hard links on this file system: create the name itself, once.
        Err(_) => match write_new(path, &bytes[..]) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == ErrorKind::AlreadyExists => Ok(()),
            Err(e) => Err(cannot(e)),
        },
    }
}

/// The key of the database at `db`. A missing file is created only when `may_create` (the
/// trail was never keyed); otherwise its absence is an error naming it.
pub fn load_or_create(db: &Path, may_create: bool) -> Result<AuditKey, StoreError> {
    let path = key_path(db);
    let mut created = false;
    let mut attempt = 0;
    loop {
        match read_key(&path)? {
            Read32::Key(key) => return Ok(key),
            Read32::Missing if !may_create => {
                return Err(key_err(
                    &path,
                    format!(
                        "is missing, but the audit trail of {} was keyed with it; restore it \
                         from a backup (without it the trail cannot be verified)",
                        db.display()
                    ),
                ));
            }
            Read32::Missing if !created => {
                create(&path)?;
                created = true;
            }
            Read32::Missing => return Err(key_err(&path, "vanished right after it was created")),
            Read32::Short(len) if attempt >= SHORT_RETRIES => {
                return Err(key_err(
                    &path,
                    format!("holds {len} bytes, not {KEY_LEN}: it is not an audit key"),
                ));
            }
            Read32::Short(_) => {
                attempt += 1;
                std::thread::sleep(SHORT_PAUSE);
            }
        }
    }
}

/// The key of the database open on `conn`: a trail already keyed (schema version 4 on) needs
/// its key file; a new or older database gets one, created once.
pub fn load_for_database(conn: &rusqlite::Connection, db: &Path) -> Result<AuditKey, StoreError> {
    let version: i64 =
        super::retry_busy(|| conn.pragma_query_value(None, "user_version", |r| r.get(0))).map_err(
            |e| StoreError::Open {
                path: db.to_path_buf(),
                reason: e.to_string(),
            },
        )?;
    let keyed = usize::try_from(version).is_ok_and(|v| v >= super::schema::KEYED_VERSION);
    load_or_create(db, !keyed)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use super::*;

    #[cfg(unix)]
    #[test]
    fn x_6_key_file_is_created_private_once_and_reused() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("lunadeck.sqlite");
        let key = load_or_create(&db, true).unwrap();
        let path = dir.path().join(KEY_FILE);
        let meta = std::fs::metadata(&path).unwrap();
        assert_eq!(meta.permissions().mode() & 0o777, 0o600);
        assert_eq!(meta.len(), KEY_LEN as u64);
        let again = load_or_create(&db, false).unwrap();
        assert_eq!(key.mac_hex(b"x"), again.mac_hex(b"x"));
        // Racing creators end with one key.
        let race = tempfile::tempdir().unwrap();
        let db = race.path().join("lunadeck.sqlite");
        let macs: Vec<String> = std::thread::scope(|s| {
            let handles: Vec<_> = (0..8)
                .map(|_| s.spawn(|| load_or_create(&db, true).unwrap().mac_hex(b"x")))
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        });
        assert!(macs.windows(2).all(|w| w[0] == w[1]), "{macs:?}");
        let left: Vec<_> = std::fs::read_dir(race.path()).unwrap().collect();
        assert_eq!(left.len(), 1, "no temporary file is left behind");
    }

    #[cfg(unix)]
    #[test]
    fn x_6_bad_key_files_are_refused_naming_the_file() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("lunadeck.sqlite");
        let path = dir.path().join(KEY_FILE);
        let err = load_or_create(&db, false).unwrap_err().to_string();
        assert!(err.contains("audit.key: is missing"), "{err}");
        std::fs::write(&path, [1u8; 40]).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
        let err = load_or_create(&db, true).unwrap_err().to_string();
        assert!(err.contains("holds 40 bytes, not 32"), "{err}");
        std::fs::write(&path, [1u8; 32]).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        let err = load_or_create(&db, true).unwrap_err().to_string();
        assert!(err.starts_with("The audit key "), "{err}");
        assert!(err.contains("readable by others (mode 0644)"), "{err}");
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
        assert!(load_or_create(&db, true).is_ok());
    }
}
