//! The plug the operations implement: `StepExecutor` runs one plan step on one device's shell
//! (blocking, on a blocking thread), and `ShellProvider` opens a device's session.

use super::cancel_token::CancelToken;
use crate::domain::ids::{HsmSerial, JobId};
use crate::domain::plan::PlanStep;
use crate::luna::shell::{Ask, CommandClass, CommandTimeouts, Shell, ShellError};
use secrecy::SecretString;
use std::fmt;

/// What a step gets besides its shell. Secrets are the job's, in the order the operation put
/// them in `JobRequest::secrets`; hand them to `Shell::run` as prompt answers, never in a
/// command line.
pub struct StepContext<'a> {
    pub job: JobId,
    /// The timeout of each class of command, and the stall period.
    pub timeouts: CommandTimeouts,
    /// Lets a long step stop between its commands; the engine checks it between steps anyway.
    pub cancel: &'a CancelToken,
    pub secrets: &'a [SecretString],
    /// 0 for the first try, 1.. for retries of a read-only step.
    pub attempt: u32,
    /// True while running an undo step (after a failure or a cancel).
    pub undoing: bool,
}

impl StepContext<'_> {
    /// How to run one command of `class` answering with `secrets`: its timeout, the stall
    /// period, and this job's cancel (which stops the command in flight).
    pub fn ask<'s>(&'s self, class: CommandClass, secrets: &'s [SecretString]) -> Ask<'s> {
        Ask {
            secrets,
            timeout: self.timeouts.of(class),
            stall: self.timeouts.stall,
            cancel: self.cancel,
        }
    }
}

impl fmt::Debug for StepContext<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StepContext")
            .field("job", &self.job)
            .field("timeouts", &self.timeouts)
            .field(
                "secrets",
                &format_args!("[{} redacted]", self.secrets.len()),
            )
            .field("attempt", &self.attempt)
            .field("undoing", &self.undoing)
            .finish()
    }
}

/// What a step produced: the device's text (nothing typed at a secret question is in it) and, optionally, parsed data the operation wants to hand to the owner (e.g. a
/// serialized `Vec<Partition>` from discovery). `Null` when there is none.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct StepOutput {
    pub text: String,
    pub data: serde_json::Value,
}

impl StepOutput {
    pub fn text(text: impl Into<String>) -> Self {
        StepOutput {
            text: text.into(),
            data: serde_json::Value::Null,
        }
    }
}

/// Why a step failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StepError {
    /// The session failed (unreachable, timeout, dropped...). Only `Dropped`, `Unreachable`
    /// and `Timeout` of a read-only step may be retried.
    #[error("{0}")]
    Shell(#[from] ShellError),
    /// The device answered but refused: `output` is what it printed, `reason` the sentence for
    /// the user (e.g. "not enough free storage").
    #[error("{reason}")]
    Device { output: String, reason: String },
    /// The step saw the cancel token and stopped before changing anything.
    #[error("cancelled")]
    Cancelled,
}

impl StepError {
    /// What the device printed, if it printed anything.
    pub fn device_output(&self) -> &str {
        match self {
            StepError::Device { output, .. } => output,
            _ => "",
        }
    }

    /// The job's cancel stopped the step: between two commands, or mid-command (the
    /// transport closed the channel).
    pub fn is_cancel(&self) -> bool {
        matches!(
            self,
            StepError::Cancelled | StepError::Shell(ShellError::Cancelled { .. })
        )
    }

    /// Stopped mid-command: the device was in the middle of a command.
    pub fn stopped_mid_command(&self) -> bool {
        matches!(self, StepError::Shell(ShellError::Cancelled { .. }))
    }

    /// A transport failure worth retrying for a read-only step.
    pub fn is_transient(&self) -> bool {
        matches!(
            self,
            StepError::Shell(
                ShellError::Dropped { .. }
                    | ShellError::Unreachable { .. }
                    | ShellError::Timeout { .. }
            )
        )
    }
}

/// Runs the steps of one kind of operation (resize, import, discovery...). Called on a blocking
/// thread with the device's session; must not spawn async work.
pub trait StepExecutor: Send + Sync {
    fn execute(
        &self,
        step: &PlanStep,
        shell: &mut dyn Shell,
        ctx: &StepContext<'_>,
    ) -> Result<StepOutput, StepError>;

    /// Whether this step logs in as the HSM SO (`hsm login`). Such a step is never retried,
    /// whatever the retry policy says (three failed SO logins zeroize the HSM). The engine also
    /// detects `hsm login` on the wire, so a forgotten flag cannot lead to a retry.
    fn so_login(&self, step: &PlanStep) -> bool {
        let _ = step;
        false
    }
}

/// Opens a session to a device (blocking: called on a blocking thread). Sessions are kept in the
/// device's slot and reused across steps and jobs; a session whose link failed is reopened.
pub trait ShellProvider: Send + Sync {
    fn open(&self, device: &HsmSerial) -> Result<Box<dyn Shell>, ShellError>;
}
