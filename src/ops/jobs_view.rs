//! The jobs a user sees and what they may do with one: list, cancel a running job,
//! acknowledge a finished one. The console, its backend and the CLI all go through these.

use super::console::Console;
use super::error::{OpsError, OpsResult};
use crate::domain::DomainError;
use crate::domain::ids::JobId;
use crate::domain::job::Job;

impl Console {
    /// The jobs the signed-in user sees (`Job::visible_to`), newest first.
    pub fn visible_jobs(&self) -> OpsResult<Vec<Job>> {
        let session = self.session();
        let mut jobs = self.store.list_jobs()?;
        jobs.retain(|j| j.visible_to(session));
        jobs.sort_by_key(|j| std::cmp::Reverse(j.id.0));
        Ok(jobs)
    }

    /// One job the user sees; one they may not see is "no job N", as if it did not exist.
    pub fn visible_job(&self, id: JobId) -> OpsResult<Job> {
        self.store
            .load_job(id)?
            .filter(|j| j.visible_to(self.session()))
            .ok_or_else(|| OpsError::NotFound(format!("no job {id}")))
    }

    /// asks the engine to stop a running job the user sees (it undoes what it can and
    /// reports `Cancelled`).
    pub fn cancel_job(&mut self, id: JobId) -> OpsResult<()> {
        self.visible_job(id)?;
        if !self.cancel_running(id) {
            return Err(OpsError::NotFound(format!("job {id} is not running")));
        }
        Ok(())
    }

    /// Marks a finished job the user sees as seen (finished jobs stay listed until then).
    pub fn acknowledge_job(&mut self, id: JobId) -> OpsResult<()> {
        let mut job = self.visible_job(id)?;
        if !job.state.is_finished() {
            return Err(DomainError::refused(format!(
                "job {id} is still running: cancel it or wait for it to finish"
            ))
            .into());
        }
        job.acknowledged = true;
        self.store.save_job(&job)?;
        Ok(())
    }
}
