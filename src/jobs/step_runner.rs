//! Runs one plan step on its device's session: on the blocking pool (never on the async
//! executor), within the pool width, under a watchdog, with the retry rule and audit events.

use super::cancel_token::CancelToken;
use super::config::StepKind;
use super::device_slots::SlotGuard;
use super::event::JobEvent;
use super::executor::{StepContext, StepError, StepOutput};
use super::job_shared::JobShared;
use super::so_login_guard::SoLoginGuard;
use crate::domain::plan::PlanStep;
use crate::luna::shell::{Shell, ShellError};
use std::sync::Arc;

/// Why a step runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// A step of the plan: it does not start once the job is cancelled, and a cancel stops it.
    Do,
    /// An undo step: runs to its end, cancel or not.
    Undo,
    /// A read after a failure or a cancel (`JobRequest::reread`): runs to its end too.
    Reread,
}

/// Runs `step` (retrying a read-only step on transport failures as the policy allows), sends
/// `StepFailed` for each failed try and an `Audit` event if the step changes the device.
/// What was typed at secret questions never reaches the output (`luna::dialogue`).
pub async fn run_step(
    shared: &Arc<JobShared>,
    slot: &mut SlotGuard,
    step: &PlanStep,
    phase: Phase,
) -> Result<StepOutput, StepError> {
    let undoing = phase == Phase::Undo;
    let mut attempt: u32 = 0;
    let result = loop {
        let (result, so_login_sent) = run_once(shared, slot, step, attempt, phase).await;
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
    phase: Phase,
) -> (Result<StepOutput, StepError>, bool) {
    let Ok(_permit) = shared.pool.clone().acquire_owned().await else {
        return (Err(protocol(step, "the engine is shutting down")), false);
    };
    let shell = slot.shell.take();
    let job = Arc::clone(shared);
    let blocking_step = step.clone();
    let handle = tokio::task::spawn_blocking(move || {
        blocking_try(&job, shell, &blocking_step, attempt, phase)
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
    phase: Phase,
) -> TryResult {
    if phase == Phase::Do && job.cancel.is_cancelled() {
        // Cancelled while the step waited for its turn: it never starts.
        return (shell, false, Err(StepError::Cancelled));
    }
    let mut shell = match shell {
        Some(s) => s,
        None => match job.provider.open(&step.device) {
            Ok(s) => s,
            Err(e) => return (None, false, Err(StepError::Shell(e))),
        },
    };
    // An undo, and a re-read, run to their end even in a cancelled job.
    let after_cancel = CancelToken::new();
    let cancel = match phase {
        Phase::Do => &job.cancel,
        Phase::Undo | Phase::Reread => &after_cancel,
    };
    let ctx = StepContext {
        job: job.id,
        timeouts: job.timeouts,
        cancel,
        secrets: &job.secrets,
        attempt,
        undoing: phase == Phase::Undo,
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
