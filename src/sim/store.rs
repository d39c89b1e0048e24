//! `FleetStore`: the simulator state as JSON in a file, guarded by an exclusive `<file>.lock`
//! (create_new, short retries, stale-lock timeout) so separate processes share one fleet.

use super::model::Fleet;
use std::fs;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StoreError {
    #[error("simulator state {path}: {reason}")]
    Io { path: String, reason: String },
    #[error("simulator state {path} is not valid: {reason}")]
    Corrupt { path: String, reason: String },
    #[error("simulator state {path}: lock {path}.lock still held after {} s", after.as_secs())]
    LockTimeout { path: String, after: Duration },
}

/// A fleet state file shared between processes.
#[derive(Debug, Clone)]
pub struct FleetStore {
    path: PathBuf,
    /// A lock file older than this is taken to be left by a dead process and removed.
    pub stale_after: Duration,
    /// How long to wait for the lock before giving up.
    pub wait_at_most: Duration,
}

/// Holds the lock; removes the lock file when dropped.
pub struct StoreLock {
    lock_path: PathBuf,
}

impl Drop for StoreLock {
    fn drop(&mut self) {
        let _ = fs::remove_file(&self.lock_path);
    }
}

impl FleetStore {
    pub fn new(path: impl Into<PathBuf>) -> FleetStore {
        FleetStore {
            path: path.into(),
            stale_after: Duration::from_secs(30),
            wait_at_most: Duration::from_secs(60),
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    fn io(&self, e: impl std::fmt::Display) -> StoreError {
        StoreError::Io {
            path: self.path.display().to_string(),
            reason: e.to_string(),
        }
    }

    fn lock_path(&self) -> PathBuf {
        let mut name = self.path.as_os_str().to_owned();
        name.push(".lock");
        PathBuf::from(name)
    }

    /// Takes the exclusive lock, waiting in 5 ms steps and breaking a stale lock.
    pub fn lock(&self) -> Result<StoreLock, StoreError> {
        let lock_path = self.lock_path();
        let started = SystemTime::now();
        loop {
            match fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&lock_path)
            {
                Ok(_) => return Ok(StoreLock { lock_path }),
                Err(e) if e.kind() == ErrorKind::AlreadyExists => {
                    let age = fs::metadata(&lock_path)
                        .and_then(|m| m.modified())
                        .ok()
                        .and_then(|t| t.elapsed().ok());
                    if age.is_some_and(|a| a > self.stale_after) {
                        let _ = fs::remove_file(&lock_path);
                        continue;
                    }
                    if started.elapsed().unwrap_or_default() > self.wait_at_most {
                        return Err(StoreError::LockTimeout {
                            path: self.path.display().to_string(),
                            after: self.wait_at_most,
                        });
                    }
                    std::thread::sleep(Duration::from_millis(5));
                }
                Err(e) => return Err(self.io(e)),
            }
        }
    }

    /// Reads the state (caller should hold the lock for a consistent read-modify-write).
    pub fn read(&self) -> Result<Fleet, StoreError> {
        let text = fs::read_to_string(&self.path).map_err(|e| self.io(e))?;
        serde_json::from_str(&text).map_err(|e| StoreError::Corrupt {
            path: self.path.display().to_string(),
            reason: e.to_string(),
        })
    }

    /// Writes the state atomically (temporary file then rename).
    pub fn write(&self, fleet: &Fleet) -> Result<(), StoreError> {
        let text = serde_json::to_string_pretty(fleet).map_err(|e| self.io(e))?;
        let mut tmp = self.path.as_os_str().to_owned();
        tmp.push(".tmp");
        fs::write(&tmp, text).map_err(|e| self.io(e))?;
        fs::rename(&tmp, &self.path).map_err(|e| self.io(e))
    }

    /// Writes `fleet` as the state unless a state file already exists.
    pub fn init_if_missing(&self, fleet: &Fleet) -> Result<(), StoreError> {
        let _lock = self.lock()?;
        if self.path.exists() {
            return Ok(());
        }
        self.write(fleet)
    }

    /// Locked read.
    pub fn load(&self) -> Result<Fleet, StoreError> {
        let _lock = self.lock()?;
        self.read()
    }

    /// Locked overwrite.
    pub fn save(&self, fleet: &Fleet) -> Result<(), StoreError> {
        let _lock = self.lock()?;
        self.write(fleet)
    }

    /// Lock, read, change, write, unlock.
    pub fn update<R>(&self, change: impl FnOnce(&mut Fleet) -> R) -> Result<R, StoreError> {
        let _lock = self.lock()?;
        let mut fleet = self.read()?;
        let result = change(&mut fleet);
        self.write(&fleet)?;
        Ok(result)
    }
}
