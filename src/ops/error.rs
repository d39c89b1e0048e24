//! `OpsError`: why an operation was refused or failed, and the CLI exit code it maps to
//! (2 bad input or refused, 1 the operation failed on a device or in the store).

use crate::domain::DomainError;
use crate::store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum OpsError {
    /// Refused by a rule, a permission or a validation (nothing was changed).
    #[error("{0}")]
    Refused(#[from] DomainError),
    #[error("{0}")]
    NotFound(String),
    /// The operation ran and failed; the message says which device, step and what was undone.
    #[error("{0}")]
    Failed(String),
    #[error("{0}")]
    Store(#[from] StoreError),
}

impl OpsError {
    pub fn exit_code(&self) -> u8 {
        match self {
            OpsError::Refused(_) | OpsError::NotFound(_) => 2,
            OpsError::Failed(_) | OpsError::Store(_) => 1,
        }
    }
}

pub type OpsResult<T> = Result<T, OpsError>;
