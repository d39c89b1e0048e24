//! `JobShared`: what every task of one running job shares (ids, executor, secrets, channel,
//! pool, cancel), plus the secret scrubbing applied to every text that leaves the job.

use super::cancel_token::CancelToken;
use super::config::{EngineConfig, RetryPolicy};
use super::event::JobEvent;
use super::executor::{ShellProvider, StepError, StepExecutor, StepOutput};
use crate::domain::audit_event::{AuditEvent, Outcome};
use crate::domain::ids::{JobId, OrganizationId};
use crate::domain::operation::Operation;
use crate::domain::plan::PlanStep;
use crate::domain::timestamp::Timestamp;
use secrecy::{ExposeSecret, SecretString};
use std::sync::Arc;
use std::sync::atomic::AtomicUsize;
use std::time::Duration;
use tokio::sync::{Semaphore, mpsc};

pub type Clock = Arc<dyn Fn() -> Timestamp + Send + Sync>;

pub struct JobShared {
    pub id: JobId,
    pub actor: String,
    pub organization: Option<OrganizationId>,
    pub operation: Operation,
    pub executor: Arc<dyn StepExecutor>,
    pub provider: Arc<dyn ShellProvider>,
    /// Dropped (and zeroized) when the job's last task ends.
    pub secrets: Arc<Vec<SecretString>>,
    pub cancel: CancelToken,
    pub events: mpsc::Sender<JobEvent>,
    pub pool: Arc<Semaphore>,
    pub timeout: Duration,
    pub watchdog: Duration,
    pub retry: RetryPolicy,
    pub clock: Clock,
    /// Steps finished so far (shared by the per-device tasks).
    pub done: AtomicUsize,
    pub total: usize,
}

impl JobShared {
    pub fn settings(config: &EngineConfig, step_timeout: Option<Duration>) -> (Duration, Duration) {
        let timeout = step_timeout.unwrap_or(config.step_timeout);
        (timeout, config.watchdog.max(timeout))
    }

    /// Sends an event; a closed channel (owner gone) is not the job's problem.
    pub async fn send(&self, event: JobEvent) {
        let _ = self.events.send(event).await;
    }

    /// `text` with every secret of the job replaced by `[redacted]`.
    pub fn scrub(&self, text: &str) -> String {
        scrub(text, &self.secrets)
    }

    pub fn scrub_output(&self, out: StepOutput) -> StepOutput {
        StepOutput {
            text: self.scrub(&out.text),
            data: out.data,
        }
    }

    pub fn scrub_error(&self, err: StepError) -> StepError {
        match err {
            StepError::Device { output, reason } => StepError::Device {
                output: self.scrub(&output),
                reason: self.scrub(&reason),
            },
            other => other,
        }
    }

    /// The audit event of a state-changing step (or undo step) that ran.
    pub fn audit(
        &self,
        step: &PlanStep,
        undoing: bool,
        result: &Result<StepOutput, StepError>,
    ) -> AuditEvent {
        let what = step.action.to_string();
        AuditEvent {
            at: (self.clock)(),
            actor: self.actor.clone(),
            organization: self.organization,
            action: self.operation.name().to_string(),
            device: Some(step.device.clone()),
            target: if undoing {
                format!("undo: {what}")
            } else {
                what
            },
            outcome: match result {
                Ok(_) => Outcome::Success,
                Err(e) => Outcome::Failure {
                    reason: self.scrub(&e.to_string()),
                },
            },
        }
    }
}

/// Replaces every non-empty secret in `text`.
pub fn scrub(text: &str, secrets: &[SecretString]) -> String {
    let mut out = text.to_string();
    for s in secrets {
        let s = s.expose_secret();
        if !s.is_empty() && out.contains(s) {
            out = out.replace(s, "[redacted]");
        }
    }
    out
}

/// The wall clock as a `Timestamp` (the engine's default clock).
pub fn system_clock() -> Timestamp {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
        .unwrap_or(0);
    Timestamp(secs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn x_1_scrub_removes_every_secret() {
        let secrets = vec![SecretString::from("s3cret"), SecretString::from("")];
        assert_eq!(
            scrub("login s3cret failed; s3cret", &secrets),
            "login [redacted] failed; [redacted]"
        );
        assert_eq!(scrub("nothing here", &secrets), "nothing here");
    }
}
