//! The per-device run of a job (discovery, refresh): each device's steps in order on their own
//! task, devices in parallel, each locked only for its own steps; a failure stays on its device,
//! and each device's results are sent the moment its steps end (`DeviceFinished`).

use super::device_slots::DeviceSlots;
use super::event::{DeviceEnd, JobEvent, JobOutcome, StepRecord, StoppedStep, UndoRecord};
use super::executor::StepError;
use super::failure_message::{FailureFacts, failure_message};
use super::job_run::{Failure, Guards, failed, record, split, step_on, stopped, undo_steps};
use super::job_shared::JobShared;
use crate::domain::plan::{Plan, PlanStep, undo_for};
use crate::luna::shell::ShellError;
use std::sync::Arc;

#[derive(Default)]
struct GroupResult {
    outputs: Vec<StepRecord>,
    failure: Option<Failure>,
    undo: Vec<UndoRecord>,
    cancelled: bool,
    stopped: Option<StoppedStep>,
}

pub async fn run_per_device(
    shared: Arc<JobShared>,
    slots: Arc<DeviceSlots>,
    plan: Plan,
    undo_on_cancel: bool,
) -> JobOutcome {
    let mut tasks = Vec::new();
    for device in plan.devices() {
        let steps: Vec<(usize, PlanStep)> = plan
            .steps
            .iter()
            .enumerate()
            .filter(|(_, s)| s.device == device)
            .map(|(i, s)| (i, s.clone()))
            .collect();
        let first = steps.first().cloned();
        let sub = Plan {
            operation: plan.operation,
            steps: steps.iter().map(|(_, s)| s.clone()).collect(),
        };
        let indexes: Vec<usize> = steps.iter().map(|(i, _)| *i).collect();
        let task = tokio::spawn(run_group(
            shared.clone(),
            slots.clone(),
            sub,
            indexes,
            undo_on_cancel,
        ));
        tasks.push((first, task));
    }
    let mut all = GroupResult::default();
    let mut failures: Vec<Failure> = Vec::new();
    let mut stopped: Vec<StoppedStep> = Vec::new();
    for (first, task) in tasks {
        let group = match task.await {
            Ok(g) => g,
            Err(_) => crashed(first),
        };
        all.outputs.extend(group.outputs);
        all.undo.extend(group.undo);
        all.cancelled |= group.cancelled;
        stopped.extend(group.stopped);
        failures.extend(group.failure);
    }
    all.outputs.sort_by_key(|r| r.index);
    failures.sort_by_key(|f| f.index);
    let mut failures = failures.into_iter();
    if let Some(first) = failures.next() {
        let extra: String = failures
            .map(|f| {
                let said = match f.error.device_output().trim() {
                    "" => String::new(),
                    out => format!(
                        " The device said: {}",
                        crate::domain::text::device_said(out)
                    ),
                };
                format!(
                    " Also failed on device '{}' at step {} ({}): {}.{said}",
                    f.step.device_name,
                    f.index.saturating_add(1),
                    f.step.action,
                    f.error.to_string().trim_end_matches('.')
                )
            })
            .collect();
        return failed(&plan, &first, all.undo, all.outputs, &extra);
    }
    if all.cancelled {
        let (undone, not_undone) = split(all.undo);
        return JobOutcome::Cancelled {
            undone,
            not_undone,
            outputs: all.outputs,
            stopped,
        };
    }
    JobOutcome::Succeeded {
        outputs: all.outputs,
    }
}

/// One device's steps (`sub`, whose steps have plan indexes `indexes`), then its
/// `DeviceFinished` event.
async fn run_group(
    shared: Arc<JobShared>,
    slots: Arc<DeviceSlots>,
    sub: Plan,
    indexes: Vec<usize>,
    undo_on_cancel: bool,
) -> GroupResult {
    let Some(first) = sub.steps.first().cloned() else {
        return GroupResult::default();
    };
    let out = run_steps(&shared, &slots, &sub, indexes, undo_on_cancel).await;
    let end = match (&out.failure, out.cancelled) {
        (Some(f), _) => {
            let local = sub.steps.iter().position(|s| s == &f.step).unwrap_or(0);
            DeviceEnd::Failed(failure_message(&FailureFacts {
                plan: &sub,
                failed_at: local,
                error: &f.error,
                undo: &out.undo,
                succeeded: &(0..local).collect::<Vec<_>>(),
            }))
        }
        (None, true) => DeviceEnd::Cancelled,
        (None, false) => DeviceEnd::Done,
    };
    shared
        .send(JobEvent::DeviceFinished {
            job: shared.id,
            device: first.device.clone(),
            device_name: first.device_name.clone(),
            outputs: out.outputs.clone(),
            end,
        })
        .await;
    out
}

async fn run_steps(
    shared: &Arc<JobShared>,
    slots: &Arc<DeviceSlots>,
    sub: &Plan,
    indexes: Vec<usize>,
    undo_on_cancel: bool,
) -> GroupResult {
    let Some(first) = sub.steps.first() else {
        return GroupResult::default();
    };
    let device = first.device.clone();
    let lock = slots.lock(
        shared.id,
        &device,
        &first.device_name,
        &shared.events,
        &shared.cancel,
    );
    let Some(guard) = lock.await else {
        return GroupResult {
            cancelled: true,
            ..GroupResult::default()
        };
    };
    let mut guards = Guards::from([(device, guard)]);
    let mut out = GroupResult::default();
    for (k, (step, index)) in sub.steps.iter().zip(indexes).enumerate() {
        let result = if shared.cancel.is_cancelled() {
            Err(StepError::Cancelled)
        } else {
            step_on(shared, &mut guards, step).await
        };
        match result {
            Ok(o) => out.outputs.push(record(index, step, o)),
            Err(e) if e.is_cancel() => {
                if undo_on_cancel {
                    out.undo = undo_steps(shared, &mut guards, undo_for(sub, k)).await;
                }
                out.cancelled = true;
                out.stopped = e.stopped_mid_command().then(|| stopped(step));
                return out;
            }
            Err(error) => {
                out.undo = undo_steps(shared, &mut guards, undo_for(sub, k)).await;
                out.failure = Some(Failure {
                    index,
                    step: step.clone(),
                    error,
                });
                return out;
            }
        }
    }
    out
}

fn crashed(first: Option<(usize, PlanStep)>) -> GroupResult {
    let failure = first.map(|(index, step)| Failure {
        index,
        error: StepError::Shell(ShellError::Protocol {
            target: step.device_name.clone(),
            reason: "the device's task crashed".into(),
        }),
        step,
    });
    GroupResult {
        failure,
        ..GroupResult::default()
    }
}
