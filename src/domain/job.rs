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
}
