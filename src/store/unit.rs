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
        match self
            .conn
            .execute_batch("COMMIT")
            .ctx(&self.path, "committing a change")
        {
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

    fn end_batched_unit(&mut self, failed: bool, commit: bool) -> Result<(), StoreError> {
        if failed {
            // The unit's writes and the audit head it appended are undone; the batch goes on.
            self.pending_witness = self.batch_mark.take();
            self.conn
                .execute_batch(&format!("ROLLBACK TO {SAVEPOINT}; RELEASE {SAVEPOINT}"))
                .ctx(&self.path, "undoing a change")?;
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
        self.pending_witness = mark;
        self.conn
            .execute_batch(&format!("ROLLBACK TO {name}; RELEASE {name}"))
            .ctx(&self.path, "undoing a change")?;
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
        match self
            .conn
            .execute_batch("COMMIT")
            .ctx(&self.path, "committing a group of changes")
        {
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

    #[test]
    fn a_failed_attempt_inside_a_unit_undoes_only_itself() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("a.sqlite")).unwrap();
        store
            .atomically(|s| -> Result<(), StoreError> {
                s.append_audit(event(1))?;
                let tried: Result<(), StoreError> = s.attempt(|s| {
                    s.append_audit(event(2))?;
                    Err(StoreError::Invalid {
                        message: "refused".into(),
                    })
                });
                assert!(tried.is_err());
                s.attempt(|s| s.append_audit(event(3)).map(|_| ()))?;
                Ok(())
            })
            .unwrap();
        let targets: Vec<String> = store
            .list_audit(&Default::default())
            .unwrap()
            .into_iter()
            .map(|e| e.event.target)
            .collect();
        assert_eq!(targets, ["t3", "t1"]);
        assert!(store.check_audit().is_ok());
    }
}
