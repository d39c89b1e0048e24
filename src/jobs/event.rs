//! `JobEvent`: every message the engine sends its owner (the app or the CLI) on one channel:
//! start, waits, progress, failures, undo, audit events and the final outcome. No secrets.

use super::executor::StepOutput;
use crate::domain::audit_event::AuditEvent;
use crate::domain::ids::{HsmSerial, JobId};

/// One step that succeeded, with what it produced.
#[derive(Debug, Clone, PartialEq)]
pub struct StepRecord {
    /// Index of the step in the plan.
    pub index: usize,
    pub device: HsmSerial,
    pub device_name: String,
    /// The step as a sentence (`StepAction`'s Display).
    pub step: String,
    pub output: StepOutput,
}

/// One undo step that was run, and how it went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UndoRecord {
    pub device: HsmSerial,
    pub device_name: String,
    /// The undo action as a sentence, e.g. "resize partition 'p1' to 4000 bytes".
    pub step: String,
    /// Why it failed (None: it succeeded).
    pub error: Option<String>,
}

/// A step whose command was stopped mid-way by a cancel: whether it took effect on the device
/// is not known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoppedStep {
    pub device: HsmSerial,
    pub device_name: String,
    pub step: String,
    /// The step changes the device (so its effect must be checked).
    pub changes_state: bool,
}

/// How one device's part of a per-device job ended (reported as soon as it ends).
#[derive(Debug, Clone, PartialEq)]
pub enum DeviceEnd {
    Done,
    /// The sentence of the failure (device, step, what the device said).
    Failed(String),
    Cancelled,
}

#[derive(Debug, Clone, PartialEq)]
pub enum JobOutcome {
    Succeeded {
        outputs: Vec<StepRecord>,
    },
    /// The first failed step (in plan order) and what was undone. `message` is the sentence for
    /// the user: which device, which step, what the device printed, what was undone or not.
    Failed {
        device: HsmSerial,
        device_name: String,
        step_index: usize,
        step: String,
        device_output: String,
        undone: Vec<UndoRecord>,
        not_undone: Vec<UndoRecord>,
        message: String,
        /// The device's host key was not trusted, so nothing was sent to it (the CLI adds how
        /// to pin it).
        untrusted_host_key: bool,
        /// Steps that succeeded (and were not undone, or were): for per-device jobs, the
        /// results of the devices that worked.
        outputs: Vec<StepRecord>,
    },
    Cancelled {
        undone: Vec<UndoRecord>,
        not_undone: Vec<UndoRecord>,
        /// Steps that had succeeded before the cancel.
        outputs: Vec<StepRecord>,
        /// Steps stopped mid-command (their devices were in the middle of a command).
        stopped: Vec<StoppedStep>,
    },
}

impl JobOutcome {
    /// The job's recorded end state.
    pub fn job_state(&self) -> crate::domain::job::JobState {
        use crate::domain::job::JobState;
        match self {
            JobOutcome::Succeeded { .. } => JobState::Succeeded,
            JobOutcome::Failed { message, .. } => JobState::Failed {
                message: message.clone(),
            },
            JobOutcome::Cancelled { .. } => JobState::Cancelled,
        }
    }

    /// The `JobState` name the store uses: "done", "failed", "cancelled".
    pub fn state_name(&self) -> &'static str {
        match self {
            JobOutcome::Succeeded { .. } => "done",
            JobOutcome::Failed { .. } => "failed",
            JobOutcome::Cancelled { .. } => "cancelled",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum JobEvent {
    Started {
        job: JobId,
        devices: Vec<HsmSerial>,
    },
    /// The job waits for another job to finish with this device.
    Waiting {
        job: JobId,
        device: HsmSerial,
        device_name: String,
    },
    /// A step starts: `done` steps of `total` are finished before it.
    Progress {
        job: JobId,
        device: HsmSerial,
        step: String,
        done: usize,
        total: usize,
    },
    StepFailed {
        job: JobId,
        device: HsmSerial,
        step: String,
        error: String,
        device_output: String,
        /// Try number that failed (0 = first); `retrying` says whether another try follows.
        attempt: u32,
        retrying: bool,
    },
    /// An undo step starts.
    Undoing {
        job: JobId,
        device: HsmSerial,
        step: String,
    },
    /// One per state-changing step run (including undo steps), success or failure.
    Audit(AuditEvent),
    /// Per-device jobs: one device's steps ended (its results can be shown and kept at once,
    /// whatever the other devices do).
    DeviceFinished {
        job: JobId,
        device: HsmSerial,
        device_name: String,
        outputs: Vec<StepRecord>,
        end: DeviceEnd,
    },
    Finished {
        job: JobId,
        outcome: JobOutcome,
    },
}

impl JobEvent {
    pub fn job(&self) -> Option<crate::domain::ids::JobId> {
        match self {
            JobEvent::Started { job, .. }
            | JobEvent::Waiting { job, .. }
            | JobEvent::Progress { job, .. }
            | JobEvent::StepFailed { job, .. }
            | JobEvent::Undoing { job, .. }
            | JobEvent::DeviceFinished { job, .. }
            | JobEvent::Finished { job, .. } => Some(*job),
            JobEvent::Audit(_) => None,
        }
    }
}
