//! The `Shell` trait: one session to a LunaSH appliance or a LunaCM client host, whatever the
//! transport (SSH, in-process simulator, replay). Secrets travel only as prompt answers.

use secrecy::SecretString;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

/// How long a device may sit quiet on a pending line lunadeck does not understand before the
/// command stops (`[ssh] stall_secs`).
pub const DEFAULT_STALL: Duration = Duration::from_secs(10);

/// Why a command could not be run to its end. Messages name the target (device or host).
/// Serialized typed (transcripts record the error itself, not its sentence).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, serde::Serialize, serde::Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
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
    /// `said`: the last lines the device printed before it went quiet (empty: nothing).
    #[error("{target}: no answer within {} s{}", after.as_secs(), quoted(said))]
    Timeout {
        target: String,
        after: Duration,
        said: String,
    },
    /// The device waits on a line that is not a question lunadeck understands; nothing was
    /// typed there.
    #[error(
        "{target} is waiting for input lunadeck does not understand: «{last_lines}»; nothing was answered"
    )]
    Stalled { target: String, last_lines: String },
    #[error("{target}: the link dropped during the command")]
    Dropped { target: String },
    /// The command was stopped mid-way by a cancel (its channel closed).
    #[error("{target}: stopped mid-command (cancelled)")]
    Cancelled { target: String },
    #[error("{target}: the device asked '{question}' and was answered 'quit'")]
    UnexpectedQuestion { target: String, question: String },
    #[error("{target}: the device prompted for a secret that was not provided ('{prompt}')")]
    MissingSecret { target: String, prompt: String },
    #[error("{target}: {reason}")]
    Protocol { target: String, reason: String },
}

fn quoted(said: &str) -> String {
    if said.is_empty() {
        "; the device printed nothing".to_string()
    } else {
        format!("; it last printed «{said}»")
    }
}

impl ShellError {
    /// The device or host the error is about.
    pub fn target(&self) -> &str {
        match self {
            ShellError::Unreachable { target, .. }
            | ShellError::AuthFailed { target, .. }
            | ShellError::HostKeyMismatch { target, .. }
            | ShellError::HostKeyUntrusted { target, .. }
            | ShellError::Timeout { target, .. }
            | ShellError::Stalled { target, .. }
            | ShellError::Dropped { target }
            | ShellError::Cancelled { target }
            | ShellError::UnexpectedQuestion { target, .. }
            | ShellError::MissingSecret { target, .. }
            | ShellError::Protocol { target, .. } => target,
        }
    }
}

/// Whether the caller gave up on the command (a job cancel): polled by the transports at every
/// read slice, so a cancel stops a command in flight, not only the next one.
pub trait CancelFlag: Sync {
    fn is_cancelled(&self) -> bool;
}

impl CancelFlag for AtomicBool {
    fn is_cancelled(&self) -> bool {
        self.load(Ordering::SeqCst)
    }
}

/// A command nobody cancels.
pub struct NeverCancelled;

impl CancelFlag for NeverCancelled {
    fn is_cancelled(&self) -> bool {
        false
    }
}

/// How long a kind of command may take: reads are short, state changes longer, and
/// `partition create`/`init` and cloning longest (`[ssh]` in config.toml).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CommandClass {
    Read,
    Change,
    Long,
}

/// The timeout of each class of command, and the stall period.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CommandTimeouts {
    pub read: Duration,
    pub change: Duration,
    pub long: Duration,
    /// How long a pending line lunadeck does not understand may wait before the command stops.
    pub stall: Duration,
}

impl Default for CommandTimeouts {
    /// The defaults of `assets/config.toml`.
    fn default() -> Self {
        CommandTimeouts {
            read: Duration::from_secs(30),
            change: Duration::from_secs(120),
            long: Duration::from_secs(600),
            stall: DEFAULT_STALL,
        }
    }
}

impl CommandTimeouts {
    /// One timeout for every class (tests, short-lived tools); the default stall period unless
    /// it is longer than the timeout.
    pub fn uniform(timeout: Duration) -> CommandTimeouts {
        CommandTimeouts {
            read: timeout,
            change: timeout,
            long: timeout,
            stall: DEFAULT_STALL.min(timeout),
        }
    }

    pub fn of(&self, class: CommandClass) -> Duration {
        match class {
            CommandClass::Read => self.read,
            CommandClass::Change => self.change,
            CommandClass::Long => self.long,
        }
    }

    pub fn longest(&self) -> Duration {
        self.read.max(self.change).max(self.long)
    }
}

/// How one command is run: the secrets its questions are answered with, in order, how long it
/// may take, how long a pending line nobody understands may wait, and who may cancel it.
#[derive(Clone, Copy)]
pub struct Ask<'a> {
    pub secrets: &'a [SecretString],
    pub timeout: Duration,
    pub stall: Duration,
    pub cancel: &'a dyn CancelFlag,
}

impl std::fmt::Debug for Ask<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Ask")
            .field(
                "secrets",
                &format_args!("[{} redacted]", self.secrets.len()),
            )
            .field("timeout", &self.timeout)
            .field("stall", &self.stall)
            .finish()
    }
}

impl Ask<'static> {
    /// No secrets, the default stall period, never cancelled.
    pub fn new(timeout: Duration) -> Ask<'static> {
        Ask {
            secrets: &[],
            timeout,
            stall: DEFAULT_STALL,
            cancel: &NeverCancelled,
        }
    }
}

impl<'a> Ask<'a> {
    pub fn with_secrets<'b>(self, secrets: &'b [SecretString]) -> Ask<'b>
    where
        'a: 'b,
    {
        Ask { secrets, ..self }
    }
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
/// `command` never contains a secret; every secret question of the command (as
/// `luna::dialogue` reads it) is answered, in order, from `ask.secrets` (a question with no
/// secret left is `ShellError::MissingSecret`, and nothing is typed).
pub trait Shell: Send {
    /// The device or host this session talks to, as used in messages.
    fn target(&self) -> &str;

    fn run(&mut self, command: &str, ask: &Ask<'_>) -> Result<Reply, ShellError>;
}

impl<S: Shell + ?Sized> Shell for Box<S> {
    fn target(&self) -> &str {
        (**self).target()
    }

    fn run(&mut self, command: &str, ask: &Ask<'_>) -> Result<Reply, ShellError> {
        (**self).run(command, ask)
    }
}
