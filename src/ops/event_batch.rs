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
