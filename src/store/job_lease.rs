//! Which process runs a job: the one holding the job's lease, an exclusive lock on a file beside
//! the database, so another console on the same database sees the migration it runs (MIG-5).
//!
//! The operating system drops the lock when the process ends, however it ends: a lease file
//! nobody holds is a job whose console stopped.

use super::Store;
use super::error::StoreError;
use crate::domain::ids::JobId;
use std::fs::{File, OpenOptions, TryLockError};
use std::path::PathBuf;

/// A held lease: the lock lasts as long as this value (dropping it removes the file).
#[derive(Debug)]
pub struct JobLease {
    path: PathBuf,
    _file: File,
}

impl Drop for JobLease {
    fn drop(&mut self) {
        // Removed while still locked, so nobody finds the file free in between.
        let _ = std::fs::remove_file(&self.path);
    }
}

impl Store {
    fn lease_path(&self, job: JobId) -> PathBuf {
        let mut name = self.path.as_os_str().to_owned();
        name.push(format!(".job-{}.lease", job.0));
        PathBuf::from(name)
    }

    /// Takes the lease of `job` for this process (the job runs here).
    pub fn take_job_lease(&self, job: JobId) -> Result<JobLease, StoreError> {
        let path = self.lease_path(job);
        let failed = |reason: String| StoreError::Lease {
            path: path.clone(),
            reason,
        };
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(|e| failed(e.to_string()))?;
        file.try_lock().map_err(|e| match e {
            TryLockError::WouldBlock => failed("another process holds the job's lease".into()),
            TryLockError::Error(e) => failed(e.to_string()),
        })?;
        Ok(JobLease { path, _file: file })
    }

    /// Whether another process (or another console of this one) holds the lease of `job`:
    /// the job is running there.
    pub fn job_leased_elsewhere(&self, job: JobId) -> bool {
        let Ok(file) = File::open(self.lease_path(job)) else {
            return false;
        };
        matches!(file.try_lock_shared(), Err(TryLockError::WouldBlock))
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    #[test]
    fn a_held_lease_is_seen_from_another_store_and_gone_once_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("l.sqlite");
        let owner = Store::open(&db).unwrap();
        let other = Store::open(&db).unwrap();
        assert!(!other.job_leased_elsewhere(JobId(7)), "no lease yet");
        let lease = owner.take_job_lease(JobId(7)).unwrap();
        assert!(other.job_leased_elsewhere(JobId(7)));
        assert!(!other.job_leased_elsewhere(JobId(8)), "only that job");
        assert!(other.take_job_lease(JobId(7)).is_err(), "one holder");
        drop(lease);
        assert!(!other.job_leased_elsewhere(JobId(7)));
        assert!(
            !db.with_extension("sqlite.job-7.lease").exists(),
            "file removed"
        );
    }
}
