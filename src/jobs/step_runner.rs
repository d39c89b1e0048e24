//! Runs one plan step on its device's session: on the blocking pool (never on the async
//! executor), within the pool width, under a watchdog, with the retry rule and audit events.

use super::config::StepKind;
use super::device_slots::SlotGuard;
use super::event::JobEvent;
use super::executor::{StepContext, StepError, StepOutput};
use super::job_shared::JobShared;
use super::so_login_guard::SoLoginGuard;
use crate::domain::plan::PlanStep;
use crate::luna::shell::{Shell, ShellError};
use std::sync::Arc;

/// Runs `step` (retrying a read-only step on transport failures as the policy allows), sends
/// `StepFailed` for each failed try and an `Audit` event if the step changes the device.
/// What was typed at secret questions never reaches the output (`luna::dialogue`).
pub async fn run_step(
    shared: &Arc<JobShared>,
    slot: &mut SlotGuard,
    step: &PlanStep,
    undoing: bool,
) -> Result<StepOutput, StepError> {
    let mut attempt: u32 = 0;
    let result = loop {
        let (result, so_login_sent) = run_once(shared, slot, step, attempt, undoing).await;
        let err = match result {
            Ok(out) => break Ok(out),
            Err(e) => e,
        };
        let kind = StepKind {
            changes_state: step.changes_state || undoing,
            so_login: so_login_sent || shared.executor.so_login(step),
        };
        let retrying = !shared.cancel.is_cancelled()
            && !undoing
            && shared.retry.should_retry(kind, attempt, &err);
        shared
            .send(JobEvent::StepFailed {
                job: shared.id,
                device: step.device.clone(),
                step: step.action.to_string(),
                error: err.to_string(),
                device_output: err.device_output().to_string(),
                attempt,
                retrying,
            })
            .await;
        if !retrying {
            break Err(err);
        }
        attempt = attempt.saturating_add(1);
        tokio::time::sleep(shared.retry.delay.saturating_mul(attempt)).await;
    };
    if step.changes_state || undoing {
        shared
            .send(JobEvent::Audit(shared.audit(step, undoing, &result)))
            .await;
    }
    result
}

/// One try. Returns the result and whether an SO login went out (true when unknown).
async fn run_once(
    shared: &Arc<JobShared>,
    slot: &mut SlotGuard,
    step: &PlanStep,
    attempt: u32,
    undoing: bool,
) -> (Result<StepOutput, StepError>, bool) {
    let Ok(_permit) = shared.pool.clone().acquire_owned().await else {
        return (Err(protocol(step, "the engine is shutting down")), false);
    };
    let shell = slot.shell.take();
    let job = Arc::clone(shared);
    let blocking_step = step.clone();
    let handle = tokio::task::spawn_blocking(move || {
        blocking_try(&job, shell, &blocking_step, attempt, undoing)
    });
    match tokio::time::timeout(shared.watchdog, handle).await {
        Ok(Ok((shell, so_login, result))) => {
            slot.shell = shell;
            (result, so_login)
        }
        Ok(Err(_join)) => (Err(protocol(step, "the step crashed")), true),
        // The blocking thread keeps the hung session; the next step opens a new one.
        Err(_elapsed) => (
            Err(protocol(
                step,
                &format!(
                    "no answer within the watchdog's {:.1} s; its session was given up",
                    shared.watchdog.as_secs_f64()
                ),
            )),
            true,
        ),
    }
}

type TryResult = (Option<Box<dyn Shell>>, bool, Result<StepOutput, StepError>);

/// On a blocking thread: open the session if needed, run the executor behind the SO-login
/// guard, and keep the session unless its link failed (dropped here, off the async threads).
fn blocking_try(
    job: &JobShared,
    shell: Option<Box<dyn Shell>>,
    step: &PlanStep,
    attempt: u32,
    undoing: bool,
) -> TryResult {
    let mut shell = match shell {
        Some(s) => s,
        None => match job.provider.open(&step.device) {
            Ok(s) => s,
            Err(e) => return (None, false, Err(StepError::Shell(e))),
        },
    };
    let ctx = StepContext {
        job: job.id,
        timeouts: job.timeouts,
        cancel: &job.cancel,
        secrets: &job.secrets,
        attempt,
        undoing,
    };
    let (result, so_login) = {
        let mut guard = SoLoginGuard::new(shell.as_mut());
        let result = job.executor.execute(step, &mut guard, &ctx);
        (result, guard.so_login_sent())
    };
    let keep = !matches!(&result, Err(e) if e.is_transient());
    (keep.then_some(shell), so_login, result)
}

fn protocol(step: &PlanStep, reason: &str) -> StepError {
    StepError::Shell(ShellError::Protocol {
        target: step.device_name.clone(),
        reason: reason.to_string(),
    })
}
