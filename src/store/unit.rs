//! Units of work (X-6, issue 9): while one is open every write of the store joins one
//! `BEGIN IMMEDIATE` transaction, so a change and its audit event commit together or not at all.
//!
//! A batch (issue 16) groups units: one transaction, each unit in its own savepoint, so a unit
//! that fails undoes only itself and the batch commits once (one disk sync for many job events).

use super::Store;
use super::error::{Context, StoreError};

const SAVEPOINT: &str = "lunadeck_unit";

impl Store {
    /// Opens a unit of work: until the matching `end_unit`, every write of this store is part
    /// of one `BEGIN IMMEDIATE` transaction (units nest: only the outermost commits). Inside a
    /// batch the outermost unit is a savepoint of the batch's transaction.
    pub fn begin_unit(&mut self) -> Result<(), StoreError> {
        if self.unit_depth == 0 {
            if self.batch_open {
                self.conn
                    .execute_batch(&format!("SAVEPOINT {SAVEPOINT}"))
                    .ctx(&self.path, "starting a change")?;
                self.batch_mark = self.pending_witness.clone();
            } else {
                self.conn
                    .execute_batch("BEGIN IMMEDIATE")
                    .ctx(&self.path, "starting a change")?;
            }
        }
        self.unit_depth += 1;
        Ok(())
    }

    /// Closes a unit of work: the outermost one commits when `commit`, else everything since
    /// `begin_unit` is rolled back (an inner unit that fails rolls back the outer one too).
    /// Inside a batch the outermost unit is released into the batch, or rolled back alone.
    pub fn end_unit(&mut self, commit: bool) -> Result<(), StoreError> {
        if self.unit_depth == 0 {
            return Ok(());
        }
        if !commit {
            self.unit_failed = true;
        }
        self.unit_depth -= 1;
        if self.unit_depth > 0 {
            return Ok(());
        }
        let failed = std::mem::take(&mut self.unit_failed);
        if self.batch_open {
            return self.end_batched_unit(failed, commit);
        }
        if failed {
            self.drop_witness();
            self.conn
                .execute_batch("ROLLBACK")
                .ctx(&self.path, "undoing a change")?;
            return if commit { Err(partly_failed()) } else { Ok(()) };
        }
        self.commit("committing a change")
    }

    /// COMMIT the open transaction, then witness its audit heads; when it fails, ROLLBACK and
    /// witness nothing.
    fn commit(&mut self, what: &str) -> Result<(), StoreError> {
        match self.conn.execute_batch("COMMIT").ctx(&self.path, what) {
            Ok(()) => {
                self.flush_witness();
                Ok(())
            }
            Err(e) => {
                self.drop_witness();
                let _ = self.conn.execute_batch("ROLLBACK");
                Err(e)
            }
        }
    }

    /// Undoes savepoint `name` and what it wrote; the pending audit head goes back to `mark`.
    fn undo_savepoint(
        &mut self,
        name: &str,
        mark: Option<super::audit_witness::Witnessed>,
    ) -> Result<(), StoreError> {
        self.pending_witness = mark;
        self.conn
            .execute_batch(&format!("ROLLBACK TO {name}; RELEASE {name}"))
            .ctx(&self.path, "undoing a change")
    }

    fn end_batched_unit(&mut self, failed: bool, commit: bool) -> Result<(), StoreError> {
        if failed {
            // The unit's writes and the audit head it appended are undone; the batch goes on.
            let mark = self.batch_mark.take();
            self.undo_savepoint(SAVEPOINT, mark)?;
            return if commit { Err(partly_failed()) } else { Ok(()) };
        }
        self.batch_mark = None;
        self.conn
            .execute_batch(&format!("RELEASE {SAVEPOINT}"))
            .ctx(&self.path, "keeping a change")
    }

    /// Runs `f` as one unit of work: every state change it makes and every audit event it
    /// appends are committed together, or none is.
    pub fn atomically<T, E: From<StoreError>>(
        &mut self,
        f: impl FnOnce(&mut Store) -> Result<T, E>,
    ) -> Result<T, E> {
        self.begin_unit()?;
        let out = f(self);
        self.end_unit(out.is_ok())?;
        out
    }

    /// Runs `f` so that, when it fails, only what it wrote is undone: inside a unit or a batch
    /// it is a savepoint of its own (the enclosing unit goes on and decides for itself), outside
    /// one it is a unit. The audit heads it appended are forgotten with it.
    pub fn attempt<T, E: From<StoreError>>(
        &mut self,
        f: impl FnOnce(&mut Store) -> Result<T, E>,
    ) -> Result<T, E> {
        if self.unit_depth == 0 {
            return self.atomically(f);
        }
        let name = format!("lunadeck_attempt_{}", self.unit_depth);
        self.conn
            .execute_batch(&format!("SAVEPOINT {name}"))
            .ctx(&self.path, "starting a change")?;
        let mark = self.pending_witness.clone();
        let outer_failed = std::mem::take(&mut self.unit_failed);
        self.unit_depth += 1;
        let out = f(self);
        self.unit_depth -= 1;
        let inner_failed = std::mem::replace(&mut self.unit_failed, outer_failed);
        if out.is_ok() && !inner_failed {
            self.conn
                .execute_batch(&format!("RELEASE {name}"))
                .ctx(&self.path, "keeping a change")?;
            return out;
        }
        self.undo_savepoint(&name, mark)?;
        match out {
            Ok(_) => Err(partly_failed().into()),
            err => err,
        }
    }

    /// Opens a batch (outside any unit): the units until `end_batch` share one transaction.
    /// A write outside a unit meanwhile is a unit of its own.
    pub fn begin_batch(&mut self) -> Result<(), StoreError> {
        if self.batch_open || self.unit_depth > 0 {
            return Ok(());
        }
        self.conn
            .execute_batch("BEGIN IMMEDIATE")
            .ctx(&self.path, "starting a group of changes")?;
        self.batch_open = true;
        Ok(())
    }

    /// Commits the batch: every unit released into it is saved now (its audit heads are then
    /// witnessed), or, when the commit fails, none is.
    pub fn end_batch(&mut self) -> Result<(), StoreError> {
        if !self.batch_open {
            return Ok(());
        }
        self.batch_open = false;
        self.commit("committing a group of changes")
    }
}

fn partly_failed() -> StoreError {
    StoreError::Conflict {
        message: "part of the change failed, so none of it was saved".into(),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;
    use crate::domain::audit_event::{AuditEvent, Outcome};
    use crate::domain::timestamp::Timestamp;

    fn event(n: i64) -> AuditEvent {
        AuditEvent {
            at: Timestamp(n),
            actor: "unit".into(),
            organization: None,
            action: "test.attempt".into(),
            device: None,
            target: format!("t{n}"),
            outcome: Outcome::Success,
        }
    }

    fn refused(s: &mut Store, n: i64) -> Result<(), StoreError> {
        s.append_audit(event(n))?;
        Err(StoreError::Invalid {
            message: "refused".into(),
        })
    }

    /// The trail, newest first, once the chain is checked intact and the witness is on its head.
    fn trail(store: &Store) -> Vec<String> {
        let check = store.check_audit().unwrap();
        assert!(
            matches!(check.witness, super::super::WitnessCheck::Matched { .. }),
            "{check:?}"
        );
        store
            .list_audit(&Default::default())
            .unwrap()
            .into_iter()
            .map(|e| e.event.target)
            .collect()
    }

    // The failing part comes last in both: its audit head must not be the one witnessed.
    #[test]
    fn a_failed_attempt_inside_a_unit_undoes_only_itself() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("a.sqlite"))
            .unwrap()
            .with_witness(dir.path().join("w"));
        store
            .atomically(|s| -> Result<(), StoreError> {
                s.append_audit(event(1))?;
                s.attempt(|s| s.append_audit(event(2)).map(|_| ()))?;
                assert!(s.attempt(|s| refused(s, 3)).is_err());
                Ok(())
            })
            .unwrap();
        assert_eq!(trail(&store), ["t2", "t1"]);
    }

    #[test]
    fn a_failing_unit_in_a_batch_undoes_only_itself_and_the_rest_commits_at_its_end() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("b.sqlite");
        let witness = dir.path().join("w");
        let mut store = Store::open(&db).unwrap().with_witness(witness.clone());
        // Opened first: opening runs migrations, which wait for the batch's write lock.
        let other = Store::open(&db).unwrap().with_witness(witness);
        store.begin_batch().unwrap();
        store.append_audit(event(1)).unwrap();
        store
            .atomically(|s| s.append_audit(event(2)).map(|_| ()))
            .unwrap();
        assert!(store.atomically(|s| refused(s, 3)).is_err());
        // Not committed yet: another connection does not see the batch.
        assert!(other.list_audit(&Default::default()).unwrap().is_empty());
        store.end_batch().unwrap();
        assert_eq!(trail(&other), ["t2", "t1"], "t3 undone alone");
    }
}
