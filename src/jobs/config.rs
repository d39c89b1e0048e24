//! Engine settings (pool width, timeouts) and the retry rule: only read-only steps are retried,
//! only on transport failures, and an SO login step never, whatever the settings say.

use super::executor::StepError;
use crate::luna::shell::CommandTimeouts;
use std::time::Duration;

/// How often a read-only step is tried again after a transport failure. There is deliberately no
/// knob for state-changing or SO-login steps: those are never retried.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    pub read_only_retries: u32,
    /// Pause before a retry, multiplied by the try number.
    pub delay: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            read_only_retries: 2,
            delay: Duration::from_millis(200),
        }
    }
}

/// What the engine knows about a step when deciding on a retry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StepKind {
    pub changes_state: bool,
    /// Flagged by the executor or seen on the wire (`hsm login`).
    pub so_login: bool,
}

impl RetryPolicy {
    /// Whether a step that failed with `error` on try `attempt` (0 = first) runs again.
    pub fn should_retry(&self, kind: StepKind, attempt: u32, error: &StepError) -> bool {
        if kind.so_login || kind.changes_state {
            return false;
        }
        error.is_transient() && attempt < self.read_only_retries
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EngineConfig {
    /// Device steps in flight at once across all jobs (at least 1).
    pub width: usize,
    /// The timeout of each class of command (`[ssh]`), and the stall period.
    pub timeouts: CommandTimeouts,
    /// Longest a step may take as a whole before the engine gives up on it and drops the
    /// device's session (a shell that ignores its own timeout cannot hold the job forever).
    pub watchdog: Duration,
    pub retry: RetryPolicy,
}

impl Default for EngineConfig {
    fn default() -> Self {
        EngineConfig {
            width: 16,
            timeouts: CommandTimeouts::default(),
            // Longer than the longest command (600 s) plus the time a shell takes to report
            // its own timeout, so the watchdog only catches shells that ignore theirs.
            watchdog: Duration::from_secs(900),
            retry: RetryPolicy::default(),
        }
    }
}

/// The blocking threads a runtime needs for an engine `width` wide: every running step holds one
/// (an SSH session's reads block), with room for the rest; never fewer than tokio's default 512.
pub fn blocking_threads(width: usize) -> usize {
    width.saturating_add(64).max(512)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::luna::shell::ShellError;

    #[test]
    fn the_runtime_holds_a_blocking_thread_for_every_step_of_a_wide_engine() {
        assert_eq!(blocking_threads(16), 512, "tokio's default stays the floor");
        assert_eq!(blocking_threads(1024), 1088);
        assert_eq!(blocking_threads(usize::MAX), usize::MAX);
    }

    fn shell(kind: &str) -> StepError {
        let target = "hsm-1".to_string();
        StepError::Shell(match kind {
            "dropped" => ShellError::Dropped { target },
            "unreachable" => ShellError::Unreachable {
                target,
                reason: "no route".into(),
            },
            "timeout" => ShellError::Timeout {
                target,
                after: Duration::from_secs(1),
                said: String::new(),
            },
            _ => ShellError::AuthFailed {
                target,
                user: "admin".into(),
            },
        })
    }

    const READ: StepKind = StepKind {
        changes_state: false,
        so_login: false,
    };

    #[test]
    fn x_1_read_only_retried_on_transport_failures_only() {
        let p = RetryPolicy {
            read_only_retries: 2,
            ..RetryPolicy::default()
        };
        for (err, attempt, want) in [
            (shell("dropped"), 0, true),
            (shell("unreachable"), 1, true),
            (shell("timeout"), 0, true),
            (shell("timeout"), 2, false),
            (shell("auth"), 0, false),
            (
                StepError::Device {
                    output: "Error".into(),
                    reason: "refused".into(),
                },
                0,
                false,
            ),
            (StepError::Cancelled, 0, false),
        ] {
            assert_eq!(
                p.should_retry(READ, attempt, &err),
                want,
                "{err:?} {attempt}"
            );
        }
    }

    #[test]
    fn x_1_state_changing_never_retried() {
        let p = RetryPolicy {
            read_only_retries: u32::MAX,
            ..RetryPolicy::default()
        };
        let kind = StepKind {
            changes_state: true,
            so_login: false,
        };
        assert!(!p.should_retry(kind, 0, &shell("dropped")));
    }

    #[test]
    fn x_1_so_login_never_retried_whatever_the_policy() {
        let kind = StepKind {
            changes_state: false,
            so_login: true,
        };
        for retries in [0, 1, 2, 100, u32::MAX] {
            let p = RetryPolicy {
                read_only_retries: retries,
                ..RetryPolicy::default()
            };
            for kind_name in ["dropped", "unreachable", "timeout", "auth"] {
                assert!(!p.should_retry(kind, 0, &shell(kind_name)));
            }
        }
    }
}
