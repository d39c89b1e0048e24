//! The `Shell` trait: one session to a LunaSH appliance or a LunaCM client host, whatever the
//! transport (SSH, in-process simulator, replay). Secrets travel only as prompt answers.

use secrecy::SecretString;
use std::time::Duration;

/// Why a command could not be run to its end. Messages name the target (device or host).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ShellError {
    #[error("{target}: unreachable ({reason})")]
    Unreachable { target: String, reason: String },
    #[error("{target}: SSH login refused for user '{user}'")]
    AuthFailed { target: String, user: String },
    #[error(
        "{target}: host key mismatch: recorded {expected}, presented {presented}; nothing was sent"
    )]
    HostKeyMismatch {
        target: String,
        expected: String,
        presented: String,
    },
    #[error("{target}: host key {fingerprint} ({algorithm}) is not trusted; nothing was sent")]
    HostKeyUntrusted {
        target: String,
        algorithm: String,
        fingerprint: String,
    },
    #[error("{target}: no answer within {} s", after.as_secs())]
    Timeout { target: String, after: Duration },
    #[error("{target}: the link dropped during the command")]
    Dropped { target: String },
    #[error("{target}: cancelled")]
    Cancelled { target: String },
    #[error("{target}: the device asked '{question}' and was answered 'quit'")]
    UnexpectedQuestion { target: String, question: String },
    #[error("{target}: the device prompted for a secret that was not provided ('{prompt}')")]
    MissingSecret { target: String, prompt: String },
    #[error("{target}: {reason}")]
    Protocol { target: String, reason: String },
}

/// What one command printed (stdout and stderr merged), without the echoed command line and the
/// trailing prompt, and how long it took.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reply {
    pub output: String,
    pub elapsed: Duration,
}

/// A session to one appliance (LunaSH) or to the client host (LunaCM).
///
/// `command` never contains a secret; every secret the command prompts for is taken, in order,
/// from `answers` (a prompt with no answer left is `ShellError::MissingSecret`).
pub trait Shell: Send {
    /// The device or host this session talks to, as used in messages.
    fn target(&self) -> &str;

    fn run(
        &mut self,
        command: &str,
        answers: &[SecretString],
        timeout: Duration,
    ) -> Result<Reply, ShellError>;
}
