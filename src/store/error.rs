//! The store's one error type: every message names the database file and what was being done,
//! and never contains a password or a hash.

use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The file could not be created, opened or configured.
    #[error("Cannot open the database {path}: {reason}")]
    Open { path: PathBuf, reason: String },
    /// `PRAGMA quick_check` found damaged pages when the file was opened.
    #[error("The database {path} is damaged: {problem}; restore it from a backup")]
    Damaged { path: PathBuf, problem: String },
    /// The file was written by a newer lunadeck.
    #[error(
        "The database {path} has schema version {found}, newer than this lunadeck supports \
         ({supported}); upgrade lunadeck"
    )]
    TooNew {
        path: PathBuf,
        found: i64,
        supported: i64,
    },
    /// SQLite failed while doing `what`.
    #[error("Database {path}: {what} failed: {source}")]
    Sqlite {
        path: PathBuf,
        what: String,
        #[source]
        source: rusqlite::Error,
    },
    /// A stored value could not be read back (damaged or foreign data).
    #[error("Database {path}: {what}: stored data is unreadable ({reason})")]
    Corrupt {
        path: PathBuf,
        what: String,
        reason: String,
    },
    /// The lease file of a running job (beside the database) could not be taken.
    #[error("Cannot take the job lease {path}: {reason}")]
    Lease { path: PathBuf, reason: String },
    /// A uniqueness or reference rule refused the write; `message` is the user's sentence.
    #[error("{message}")]
    Conflict { message: String },
    /// The thing asked for does not exist.
    #[error("{message}")]
    NotFound { message: String },
    /// Unknown user or wrong password (deliberately the same).
    #[error("Unknown username or wrong password.")]
    BadLogin,
    /// The password was right but the account is disabled.
    #[error("The account '{username}' is disabled; ask an administrator.")]
    AccountDisabled { username: String },
    /// `create_first_admin` when an account already exists.
    #[error("An account already exists; the first administrator can only be created once.")]
    AccountsExist,
    /// A value the store refuses to save.
    #[error("{message}")]
    Invalid { message: String },
    /// The audit trail's hash chain is broken.
    #[error(transparent)]
    AuditBroken(#[from] crate::domain::audit_chain::ChainBreak),
    /// The chain is intact but disagrees with the witness kept outside the database: its end
    /// was cut off or it was rewritten.
    #[error(transparent)]
    AuditWitness(#[from] super::audit_witness::WitnessMismatch),
    /// The audit key file is missing, unreadable, of the wrong size or readable by others.
    #[error("The audit key {path}: {reason}")]
    AuditKey { path: PathBuf, reason: String },
    /// The witness directory or one of its files could not be read.
    #[error("The audit witness {path} cannot be read: {reason}")]
    AuditWitnessUnreadable { path: PathBuf, reason: String },
    /// Hashing a password failed (the password itself is never included).
    #[error("Password hashing failed: {reason}")]
    PasswordHash { reason: String },
}

impl StoreError {
    pub(crate) fn sqlite(path: &Path, what: impl Into<String>, source: rusqlite::Error) -> Self {
        StoreError::Sqlite {
            path: path.to_path_buf(),
            what: what.into(),
            source,
        }
    }

    pub(crate) fn corrupt(path: &Path, what: impl Into<String>, reason: impl ToString) -> Self {
        StoreError::Corrupt {
            path: path.to_path_buf(),
            what: what.into(),
            reason: reason.to_string(),
        }
    }

    /// SQLite reported the database busy or locked (should not surface: every write waits).
    pub fn is_busy(&self) -> bool {
        match self {
            StoreError::Sqlite { source, .. } => is_busy(source),
            _ => false,
        }
    }
}

pub(crate) fn is_busy(e: &rusqlite::Error) -> bool {
    matches!(
        e.sqlite_error_code(),
        Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
    )
}

/// SQLite found the file damaged, or not a database at all.
pub(crate) fn is_damage(e: &rusqlite::Error) -> bool {
    matches!(
        e.sqlite_error_code(),
        Some(rusqlite::ErrorCode::DatabaseCorrupt | rusqlite::ErrorCode::NotADatabase)
    )
}

pub(crate) fn is_constraint(e: &rusqlite::Error) -> bool {
    matches!(
        e.sqlite_error_code(),
        Some(rusqlite::ErrorCode::ConstraintViolation)
    )
}

/// Adds the file and the action to SQLite and JSON errors.
pub(crate) trait Context<T> {
    fn ctx(self, path: &Path, what: &str) -> Result<T, StoreError>;
}

impl<T> Context<T> for Result<T, rusqlite::Error> {
    fn ctx(self, path: &Path, what: &str) -> Result<T, StoreError> {
        self.map_err(|e| StoreError::sqlite(path, what, e))
    }
}

impl<T> Context<T> for Result<T, serde_json::Error> {
    fn ctx(self, path: &Path, what: &str) -> Result<T, StoreError> {
        self.map_err(|e| StoreError::corrupt(path, what, e))
    }
}

/// Which rule a constraint violation broke.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Violation {
    Unique,
    ForeignKey,
    Other,
}

/// Maps a constraint violation to a `Conflict` carrying the user's sentence for that rule;
/// other errors keep their SQLite detail.
pub(crate) fn conflict_or(
    path: &Path,
    what: &str,
    e: rusqlite::Error,
    message: impl FnOnce(Violation) -> String,
) -> StoreError {
    if !is_constraint(&e) {
        return StoreError::sqlite(path, what, e);
    }
    let kind = match &e {
        rusqlite::Error::SqliteFailure(f, _) => match f.extended_code {
            rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE
            | rusqlite::ffi::SQLITE_CONSTRAINT_PRIMARYKEY => Violation::Unique,
            rusqlite::ffi::SQLITE_CONSTRAINT_FOREIGNKEY => Violation::ForeignKey,
            _ => Violation::Other,
        },
        _ => Violation::Other,
    };
    StoreError::Conflict {
        message: message(kind),
    }
}
