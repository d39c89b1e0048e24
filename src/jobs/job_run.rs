//! The all-or-nothing run of one job: lock every device (sorted, so jobs cannot deadlock), run
//! the steps in plan order, and on failure or cancel undo the succeeded steps in reverse.

use super::device_slots::{DeviceSlots, SlotGuard};
use super::event::{JobEvent, JobOutcome, StepRecord, StoppedStep, UndoRecord};
use super::executor::{StepError, StepOutput};
use super::failure_message::{FailureFacts, failure_message};
use super::job_shared::JobShared;
use super::step_runner::{Phase, run_step};
use crate::domain::ids::HsmSerial;
use crate::domain::plan::{Plan, PlanStep, undo_for};
use crate::luna::shell::ShellError;
use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::Ordering;

pub type Guards = HashMap<HsmSerial, SlotGuard>;

/// A step that failed, with its plan index.
pub struct Failure {
    pub index: usize,
    pub step: PlanStep,
    pub error: StepError,
}

pub async fn run_sequential(
    shared: Arc<JobShared>,
    slots: Arc<DeviceSlots>,
    plan: Plan,
    undo_on_cancel: bool,
) -> JobOutcome {
    let mut devices: Vec<(HsmSerial, String)> = Vec::new();
    for step in plan.steps.iter().chain(&shared.reread) {
        if !devices.iter().any(|(d, _)| d == &step.device) {
            devices.push((step.device.clone(), step.device_name.clone()));
        }
    }
    devices.sort();
    let mut guards = Guards::new();
    for (device, name) in devices {
        let lock = slots.lock(shared.id, &device, &name, &shared.events, &shared.cancel);
        match lock.await {
            Some(g) => {
                guards.insert(device, g);
            }
            None => return cancelled(Vec::new(), Vec::new()),
        }
    }
    let mut outputs = Vec::new();
    for (i, step) in plan.steps.iter().enumerate() {
        if shared.cancel.is_cancelled() {
            let stop = Cancel::between(i);
            return cancel_undo(&shared, &mut guards, &plan, stop, undo_on_cancel, outputs).await;
        }
        match step_on(&shared, &mut guards, step).await {
            Ok(out) => outputs.push(record(i, step, out)),
            Err(e) if e.is_cancel() => {
                let stop = Cancel {
                    succeeded: i,
                    stopped: e.stopped_mid_command().then(|| stopped(step)),
                };
                let outcome =
                    cancel_undo(&shared, &mut guards, &plan, stop, undo_on_cancel, outputs).await;
                return with_reread(&shared, &mut guards, &plan, outcome).await;
            }
            Err(error) => {
                let undo = undo_steps(&shared, &mut guards, undo_for(&plan, i)).await;
                let failure = Failure {
                    index: i,
                    step: step.clone(),
                    error,
                };
                let outcome = failed(&plan, &failure, undo, outputs, "");
                return with_reread(&shared, &mut guards, &plan, outcome).await;
            }
        }
    }
    JobOutcome::Succeeded { outputs }
}

/// After a failure or a cancel: runs the job's re-read steps (each on its own; one that fails
/// is left out) and adds what they read to the outcome's records, indexed after the plan.
async fn with_reread(
    shared: &Arc<JobShared>,
    guards: &mut Guards,
    plan: &Plan,
    mut outcome: JobOutcome,
) -> JobOutcome {
    let mut read = Vec::new();
    for (k, step) in shared.reread.iter().enumerate() {
        let result = match guards.get_mut(&step.device) {
            Some(guard) => run_step(shared, guard, step, Phase::Reread).await,
            None => Err(not_locked(step)),
        };
        if let Ok(out) = result {
            read.push(record(plan.steps.len() + k, step, out));
        }
    }
    match &mut outcome {
        JobOutcome::Failed { outputs, .. } | JobOutcome::Cancelled { outputs, .. } => {
            outputs.extend(read)
        }
        JobOutcome::Succeeded { .. } => {}
    }
    outcome
}

/// Sends `Progress` and runs step `index` on its device (whose guard must be held).
pub async fn step_on(
    shared: &Arc<JobShared>,
    guards: &mut Guards,
    step: &PlanStep,
) -> Result<StepOutput, StepError> {
    shared
        .send(JobEvent::Progress {
            job: shared.id,
            device: step.device.clone(),
            step: step.action.to_string(),
            done: shared.done.load(Ordering::SeqCst),
            total: shared.total,
        })
        .await;
    let result = match guards.get_mut(&step.device) {
        Some(guard) => run_step(shared, guard, step, Phase::Do).await,
        None => Err(not_locked(step)),
    };
    if result.is_ok() {
        shared.done.fetch_add(1, Ordering::SeqCst);
    }
    result
}

/// Runs the undo steps in the given order (already last-first), each reported, none retried,
/// none skipped because of a cancel.
pub async fn undo_steps(
    shared: &Arc<JobShared>,
    guards: &mut Guards,
    steps: Vec<PlanStep>,
) -> Vec<UndoRecord> {
    let mut out = Vec::new();
    for step in steps {
        shared
            .send(JobEvent::Undoing {
                job: shared.id,
                device: step.device.clone(),
                step: step.action.to_string(),
            })
            .await;
        let result = match guards.get_mut(&step.device) {
            Some(guard) => run_step(shared, guard, &step, Phase::Undo).await,
            None => Err(not_locked(&step)),
        };
        out.push(UndoRecord {
            device: step.device.clone(),
            device_name: step.device_name.clone(),
            step: step.action.to_string(),
            error: result.err().map(|e| e.to_string()),
        });
    }
    out
}

/// Where a cancel stopped a run: how many steps had succeeded, and the step stopped in the
/// middle of its command, if one was.
pub struct Cancel {
    pub succeeded: usize,
    pub stopped: Option<StoppedStep>,
}

impl Cancel {
    /// Seen between two steps: nothing was in flight.
    pub fn between(succeeded: usize) -> Cancel {
        Cancel {
            succeeded,
            stopped: None,
        }
    }
}

/// The step a cancel stopped mid-command.
pub fn stopped(step: &PlanStep) -> StoppedStep {
    StoppedStep {
        device: step.device.clone(),
        device_name: step.device_name.clone(),
        step: step.action.to_string(),
        changes_state: step.changes_state,
    }
}

/// Undoes the succeeded steps of `plan` if asked (the undo runs even though the job is
/// cancelled), and reports the cancel with the step stopped mid-command.
pub async fn cancel_undo(
    shared: &Arc<JobShared>,
    guards: &mut Guards,
    plan: &Plan,
    cancel: Cancel,
    undo_on_cancel: bool,
    outputs: Vec<StepRecord>,
) -> JobOutcome {
    let undo = if undo_on_cancel {
        undo_steps(shared, guards, undo_for(plan, cancel.succeeded)).await
    } else {
        Vec::new()
    };
    let (undone, not_undone) = split(undo);
    JobOutcome::Cancelled {
        undone,
        not_undone,
        outputs,
        stopped: cancel.stopped.into_iter().collect(),
    }
}

pub fn cancelled(undone: Vec<UndoRecord>, outputs: Vec<StepRecord>) -> JobOutcome {
    JobOutcome::Cancelled {
        undone,
        not_undone: Vec::new(),
        outputs,
        stopped: Vec::new(),
    }
}

/// The `Failed` outcome of `failure`; `extra` is appended to the message (other failures).
pub fn failed(
    plan: &Plan,
    failure: &Failure,
    undo: Vec<UndoRecord>,
    outputs: Vec<StepRecord>,
    extra: &str,
) -> JobOutcome {
    let device_output = failure.error.device_output().to_string();
    let succeeded: Vec<usize> = outputs.iter().map(|r| r.index).collect();
    let mut message = failure_message(&FailureFacts {
        plan,
        failed_at: failure.index,
        error: &failure.error,
        undo: &undo,
        succeeded: &succeeded,
    });
    message.push_str(extra);
    let (undone, not_undone) = split(undo);
    JobOutcome::Failed {
        device: failure.step.device.clone(),
        device_name: failure.step.device_name.clone(),
        step_index: failure.index,
        step: failure.step.action.to_string(),
        device_output,
        undone,
        not_undone,
        message,
        untrusted_host_key: matches!(
            failure.error,
            StepError::Shell(ShellError::HostKeyUntrusted { .. })
        ),
        outputs,
    }
}

pub fn split(undo: Vec<UndoRecord>) -> (Vec<UndoRecord>, Vec<UndoRecord>) {
    undo.into_iter().partition(|u| u.error.is_none())
}

pub fn record(index: usize, step: &PlanStep, output: StepOutput) -> StepRecord {
    StepRecord {
        index,
        device: step.device.clone(),
        device_name: step.device_name.clone(),
        step: step.action.to_string(),
        output,
    }
}

fn not_locked(step: &PlanStep) -> StepError {
    StepError::Shell(ShellError::Protocol {
        target: step.device_name.clone(),
        reason: "the job does not hold this device".into(),
    })
}
