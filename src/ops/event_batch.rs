//! Engine events persisted in groups (issue 16): the events waiting when one arrives are handled
//! in one store batch — one transaction, each event's changes in a savepoint of its own — so a
//! thousand devices finishing at once cost one disk sync instead of a thousand.

use super::console::Console;
use super::error::OpsResult;
use crate::jobs::JobEvent;

/// At most this many events in one batch: the batch holds the database's write lock, so it
/// stays short (other consoles on the database wait for it).
pub const EVENT_BATCH: usize = 256;

impl Console {
    /// `first` and the engine events already waiting after it, at most `EVENT_BATCH` in all;
    /// none is waited for.
    pub fn with_ready_events(&mut self, first: JobEvent) -> Vec<JobEvent> {
        let mut batch = vec![first];
        while batch.len() < EVENT_BATCH {
            match self.events.try_recv() {
                Ok(e) => batch.push(e),
                Err(_) => break,
            }
        }
        batch
    }

    /// Runs `f` (which handles a batch of events) in one store batch: every unit of work it
    /// commits is saved when `f` returns, in one transaction. Err when that commit failed:
    /// then nothing `f` changed in the database was saved.
    pub fn in_store_batch<T>(&mut self, f: impl FnOnce(&mut Console) -> T) -> OpsResult<T> {
        self.store.begin_batch()?;
        let out = f(self);
        self.store.end_batch()?;
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use crate::domain::audit_event::{AuditEvent, Outcome};
    use crate::domain::timestamp::Timestamp;
    use crate::store::Store;

    fn event(n: i64) -> AuditEvent {
        AuditEvent {
            at: Timestamp(n),
            actor: "batch".into(),
            organization: None,
            action: "test.batch".into(),
            device: None,
            target: format!("t{n}"),
            outcome: Outcome::Success,
        }
    }

    #[test]
    fn a_failing_unit_in_a_batch_undoes_only_itself_and_the_rest_commits_once() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("b.sqlite");
        let mut store = Store::open(&db).unwrap();
        // Opened first: opening runs migrations, which wait for the batch's write lock.
        let other = Store::open(&db).unwrap();
        store.begin_batch().unwrap();
        store.append_audit(event(1)).unwrap();
        let failed: Result<(), crate::store::StoreError> = store.atomically(|s| {
            s.append_audit(event(2))?;
            Err(crate::store::StoreError::Invalid {
                message: "refused".into(),
            })
        });
        assert!(failed.is_err());
        store
            .atomically(|s| s.append_audit(event(3)).map(|_| ()))
            .unwrap();
        // Not committed yet: another connection does not see the batch.
        assert!(other.list_audit(&Default::default()).unwrap().is_empty());
        store.end_batch().unwrap();
        let targets: Vec<String> = other
            .list_audit(&Default::default())
            .unwrap()
            .into_iter()
            .map(|e| e.event.target)
            .collect();
        assert_eq!(targets, ["t3", "t1"], "newest first; t2 undone alone");
        assert!(other.check_audit().is_ok(), "one unbroken chain");
    }
}
