//! The Audit tab's keys (AUD-1..2).
//! Names (`config.toml`) and help sentences are derived from the enum.

use crate::app::key_table::KeyTable;
use strum::{EnumIter, EnumMessage, IntoStaticStr};

/// `[keys.audit]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, EnumIter, IntoStaticStr, EnumMessage)]
#[strum(serialize_all = "snake_case")]
pub enum AuditKey {
    #[strum(message = "verify the audit hash chain")]
    Verify,
    #[strum(message = "read again")]
    Refresh,
    #[strum(message = "sort by the next column")]
    Sort,
    #[strum(message = "reverse the sort order")]
    SortReverse,
}

impl KeyTable for AuditKey {
    const NAME: &'static str = "audit";
    const TITLE: &'static str = "Audit tab";
}
