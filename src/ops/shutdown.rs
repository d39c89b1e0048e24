//! What becomes of the jobs still running when the console stops (Quit anyway, a signal, the
//! jump host's SSH connection dropped): recorded as failed — abandoned — with the reason and an
//! audit event, so the history never says "running" for a job nobody follows (issue 11.14).

use super::console::Console;
use super::error::OpsResult;
use crate::domain::audit_event::{AuditEvent, Outcome};
use crate::domain::ids::JobId;
use crate::domain::job::JobState;

/// The audit action of a job abandoned by a stopping console.
pub const ABANDONED_ACTION: &str = "job.abandoned";

impl Console {
    /// Records every job still running as abandoned because `why`; the jobs recorded. Each job
    /// and its audit event are one transaction.
    pub fn abandon_running(&mut self, why: &str) -> OpsResult<Vec<JobId>> {
        let mut ids: Vec<JobId> = self.running.keys().copied().collect();
        ids.sort_by_key(|id| id.0);
        let mut recorded = Vec::new();
        for id in ids {
            let done = self.atomically(|c| {
                let Some(mut job) = c.store.load_job(id)? else {
                    return Ok(false);
                };
                if job.state.is_finished() {
                    return Ok(false);
                }
                job.state = JobState::Failed {
                    message: format!(
                        "abandoned: {why}; a step in flight on a device may or may not have \
                         completed — check the devices (the audit trail has every step that \
                         finished)"
                    ),
                };
                job.finished_at = Some(c.now());
                c.store.save_job(&job)?;
                c.store.append_audit(AuditEvent {
                    at: c.now(),
                    actor: c.session().user.username.clone(),
                    organization: None,
                    action: ABANDONED_ACTION.to_string(),
                    device: None,
                    target: format!("job {id} ({})", job.operation),
                    outcome: Outcome::Failure {
                        reason: why.to_string(),
                    },
                })?;
                Ok(true)
            })?;
            if done {
                recorded.push(id);
            }
        }
        Ok(recorded)
    }
}
