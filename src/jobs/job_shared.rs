//! `JobShared`: what every task of one running job shares (ids, executor, secrets, channel,
//! pool, cancel, timeouts), and the audit event of a step. Device text needs no scrubbing here:
//! `luna::dialogue` cuts what was typed at secret questions where it was typed.

use super::cancel_token::CancelToken;
use super::config::{EngineConfig, RetryPolicy};
use super::event::JobEvent;
use super::executor::{ShellProvider, StepError, StepExecutor, StepOutput};
use crate::domain::audit_event::{AuditEvent, Outcome};
use crate::domain::ids::{JobId, OrganizationId};
use crate::domain::operation::Operation;
use crate::domain::plan::PlanStep;
use crate::domain::timestamp::Timestamp;
use crate::luna::shell::CommandTimeouts;
use secrecy::SecretString;
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
    pub timeouts: CommandTimeouts,
    pub watchdog: Duration,
    pub retry: RetryPolicy,
    pub clock: Clock,
    /// Steps finished so far (shared by the per-device tasks).
    pub done: AtomicUsize,
    pub total: usize,
    /// Read-only steps run after a failure or a cancel (`JobRequest::reread`).
    pub reread: Vec<PlanStep>,
}

impl JobShared {
    /// The command timeouts and the watchdog (never shorter than the longest command).
    pub fn settings(config: &EngineConfig) -> (CommandTimeouts, Duration) {
        let timeouts = config.timeouts;
        (timeouts, config.watchdog.max(timeouts.longest()))
    }

    /// Sends an event; a closed channel (owner gone) is not the job's problem.
    pub async fn send(&self, event: JobEvent) {
        let _ = self.events.send(event).await;
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
                    reason: e.to_string(),
                },
            },
        }
    }
}

/// The wall clock as a `Timestamp` (the engine's default clock).
pub fn system_clock() -> Timestamp {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
        .unwrap_or(0);
    Timestamp(secs)
}
