//! The all-or-nothing run of one job: lock every device (sorted, so jobs cannot deadlock), run
//! the steps in plan order, and on failure or cancel undo the succeeded steps in reverse.

use super::device_slots::{DeviceSlots, SlotGuard};
use super::event::{JobEvent, JobOutcome, StepRecord, UndoRecord};
use super::executor::{StepError, StepOutput};
use super::failure_message::failure_message;
use super::job_shared::JobShared;
use super::step_runner::run_step;
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
    for step in &plan.steps {
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
            return cancel_undo(&shared, &mut guards, &plan, i, undo_on_cancel, outputs).await;
        }
        match step_on(&shared, &mut guards, step).await {
            Ok(out) => outputs.push(record(i, step, out)),
            Err(StepError::Cancelled) => {
                return cancel_undo(&shared, &mut guards, &plan, i, undo_on_cancel, outputs).await;
            }
            Err(error) => {
                let undo = undo_steps(&shared, &mut guards, undo_for(&plan, i)).await;
                let failure = Failure {
                    index: i,
                    step: step.clone(),
                    error,
                };
                return failed(&plan, &failure, undo, outputs, "");
            }
        }
    }
    JobOutcome::Succeeded { outputs }
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
        Some(guard) => run_step(shared, guard, step, false).await,
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
            Some(guard) => run_step(shared, guard, &step, true).await,
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

/// Undoes the first `succeeded` steps of `plan` if asked, and reports the cancel.
pub async fn cancel_undo(
    shared: &Arc<JobShared>,
    guards: &mut Guards,
    plan: &Plan,
    succeeded: usize,
    undo_on_cancel: bool,
    outputs: Vec<StepRecord>,
) -> JobOutcome {
    let undo = if undo_on_cancel {
        undo_steps(shared, guards, undo_for(plan, succeeded)).await
    } else {
        Vec::new()
    };
    let (undone, not_undone) = split(undo);
    JobOutcome::Cancelled {
        undone,
        not_undone,
        outputs,
    }
}

pub fn cancelled(undone: Vec<UndoRecord>, outputs: Vec<StepRecord>) -> JobOutcome {
    JobOutcome::Cancelled {
        undone,
        not_undone: Vec::new(),
        outputs,
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
    let error = failure.error.to_string();
    let device_output = failure.error.device_output().to_string();
    let mut message = failure_message(plan, failure.index, &error, &device_output, &undo);
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
