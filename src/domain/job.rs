//! A job: one operation run by the engine over one or more devices, with its state.

use super::ids::{HsmSerial, JobId, ServiceId};
use super::timestamp::Timestamp;
use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum JobState {
    Queued,
    Running,
    Succeeded,
    /// Which device, which step, what it printed and what was undone are in the message.
    Failed {
        message: String,
    },
    Cancelled,
}

impl JobState {
    pub fn is_finished(&self) -> bool {
        matches!(
            self,
            JobState::Succeeded | JobState::Failed { .. } | JobState::Cancelled
        )
    }
}

impl fmt::Display for JobState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            JobState::Queued => "queued",
            JobState::Running => "running",
            JobState::Succeeded => "done",
            JobState::Failed { .. } => "failed",
            JobState::Cancelled => "cancelled",
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Job {
    pub id: JobId,
    /// Operation name, e.g. `service.resize`.
    pub operation: String,
    pub service: Option<ServiceId>,
    pub devices: Vec<HsmSerial>,
    pub started_by: String,
    pub started_at: Timestamp,
    pub finished_at: Option<Timestamp>,
    pub state: JobState,
    /// Set once the user has seen the outcome (finished jobs stay until then).
    pub acknowledged: bool,
    /// What the job works on, when its operation alone does not say it (a migration's source
    /// service and partition, say).
    #[serde(default)]
    pub subject: Option<String>,
}

impl Job {
    /// X-1, PERM: whether `session` sees this job at all — an Admin every job, anyone else only
    /// the jobs they started (and a disabled account none). Seeing is also the right to cancel
    /// or acknowledge it; a job one may not see is, to them, a job that does not exist.
    pub fn visible_to(&self, session: &super::permission::Session) -> bool {
        if session.user.disabled {
            return false;
        }
        session.user.role == super::organization::Role::Admin
            || self.started_by == session.user.username
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ids::{OrganizationId, UserId};
    use crate::domain::organization::{Role, User};
    use crate::domain::permission::Session;

    fn session(name: &str, role: Role, disabled: bool) -> Session {
        Session {
            user: User {
                id: UserId(1),
                username: name.into(),
                role,
                disabled,
            },
            read_only: false,
        }
    }

    fn job(by: &str) -> Job {
        Job {
            id: JobId(3),
            operation: "service.resize".into(),
            service: None,
            devices: Vec::new(),
            started_by: by.into(),
            started_at: Timestamp(0),
            finished_at: None,
            state: JobState::Running,
            acknowledged: false,
            subject: None,
        }
    }

    #[test]
    fn x_1_admins_see_every_job_owners_their_own_disabled_none() {
        let owner = Role::Owner(OrganizationId(2));
        assert!(job("bob").visible_to(&session("admin", Role::Admin, false)));
        assert!(job("alice").visible_to(&session("alice", owner, false)));
        assert!(!job("bob").visible_to(&session("alice", owner, false)));
        assert!(!job("alice").visible_to(&session("alice", owner, true)));
        assert!(!job("bob").visible_to(&session("admin", Role::Admin, true)));
    }
}
