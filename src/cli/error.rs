//! `CliError`: why a subcommand stopped, and its exit status — 2 for bad input or a refusal
//! (nothing was done), 1 when an operation ran and failed.

use crate::domain::text::neutralize_text;
use crate::ops::OpsError;
use crate::store::StoreError;

/// Exit status of a refusal or bad input (clap uses it for parse errors too).
pub const EXIT_REFUSED: u8 = 2;
/// Exit status of an operation that ran and failed.
pub const EXIT_FAILED: u8 = 1;

/// `Display` is the message printed on stderr (and in the --json error document): control
/// characters from an argument, the database or a device are neutralized (`domain::text`).
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// Bad input or a refusal before anything ran (exit 2).
    #[error("{}", neutralize_text(.0))]
    Refused(String),
    /// Something ran and failed (exit 1).
    #[error("{}", neutralize_text(.0))]
    Failed(String),
    #[error("{}", neutralize_text(&.0.to_string()))]
    Ops(#[from] OpsError),
    /// A job failed and its outcome was already printed (the --json document included): exit 1.
    #[error("{}", neutralize_text(.0))]
    Reported(String),
}

impl CliError {
    pub fn refused(message: impl Into<String>) -> CliError {
        CliError::Refused(message.into())
    }

    pub fn failed(message: impl Into<String>) -> CliError {
        CliError::Failed(message.into())
    }

    pub fn exit_code(&self) -> u8 {
        match self {
            CliError::Refused(_) => EXIT_REFUSED,
            CliError::Failed(_) | CliError::Reported(_) => EXIT_FAILED,
            CliError::Ops(OpsError::Store(e)) if is_refusal(e) => EXIT_REFUSED,
            CliError::Ops(e) => e.exit_code(),
        }
    }
}

/// Store errors that refuse bad input (a login, a duplicate name) rather than fail.
fn is_refusal(e: &StoreError) -> bool {
    matches!(
        e,
        StoreError::BadLogin
            | StoreError::AccountDisabled { .. }
            | StoreError::AccountsExist
            | StoreError::Invalid { .. }
            | StoreError::Conflict { .. }
            | StoreError::NotFound { .. }
    )
}

impl From<StoreError> for CliError {
    fn from(e: StoreError) -> CliError {
        if is_refusal(&e) {
            CliError::Refused(e.to_string())
        } else {
            CliError::Failed(e.to_string())
        }
    }
}

pub type CliResult<T> = Result<T, CliError>;

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use super::*;
    use crate::domain::DomainError;

    #[test]
    fn x_4_error_messages_are_neutralized() {
        let e = CliError::refused("no device named '\u{1b}]0;x\u{7}'\nsecond line");
        assert_eq!(
            e.to_string(),
            "no device named '\\u{1b}]0;x\\u{7}'\nsecond line"
        );
        let ops: CliError = OpsError::NotFound("no template named 'a\u{9b}2J'".into()).into();
        assert_eq!(ops.to_string(), "no template named 'a\\u{9b}2J'");
        assert_eq!(CliError::failed("plain").to_string(), "plain");
    }

    #[test]
    fn x_5_exit_codes() {
        let cases: [(CliError, u8); 9] = [
            (OpsError::Store(StoreError::BadLogin).into(), 2),
            (OpsError::Store(StoreError::AccountsExist).into(), 2),
            (CliError::Reported("job".into()), 1),
            (CliError::refused("no"), 2),
            (CliError::failed("broke"), 1),
            (OpsError::Refused(DomainError::refused("x")).into(), 2),
            (OpsError::NotFound("none".into()).into(), 2),
            (OpsError::Failed("device".into()).into(), 1),
            (StoreError::BadLogin.into(), 2),
        ];
        for (err, want) in cases {
            assert_eq!(err.exit_code(), want, "{err}");
        }
    }
}
