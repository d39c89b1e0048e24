//! Units of work (X-6, issue 9): while one is open every write of the store joins one
//! `BEGIN IMMEDIATE` transaction, so a change and its audit event commit together or not at all.

use super::Store;
use super::error::{Context, StoreError};

impl Store {
    /// Opens a unit of work: until the matching `end_unit`, every write of this store is part
    /// of one `BEGIN IMMEDIATE` transaction (units nest: only the outermost commits).
    pub fn begin_unit(&mut self) -> Result<(), StoreError> {
        if self.unit_depth == 0 {
            self.conn
                .execute_batch("BEGIN IMMEDIATE")
                .ctx(&self.path, "starting a change")?;
        }
        self.unit_depth += 1;
        Ok(())
    }

    /// Closes a unit of work: the outermost one commits when `commit`, else everything since
    /// `begin_unit` is rolled back (an inner unit that fails rolls back the outer one too).
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
        if failed {
            self.drop_witness();
            self.conn
                .execute_batch("ROLLBACK")
                .ctx(&self.path, "undoing a change")?;
            return if commit {
                Err(StoreError::Conflict {
                    message: "part of the change failed, so none of it was saved".into(),
                })
            } else {
                Ok(())
            };
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
}
