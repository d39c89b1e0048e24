//! The Jobs tab's keys (JOB-1..3).
//! Names (`config.toml`) and help sentences are derived from the enum.

use crate::app::key_table::KeyTable;
use strum::{EnumIter, EnumMessage, IntoStaticStr};

/// `[keys.jobs]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, EnumIter, IntoStaticStr, EnumMessage)]
#[strum(serialize_all = "snake_case")]
pub enum JobsKey {
    #[strum(message = "cancel the running job (asks first)")]
    CancelJob,
    #[strum(message = "acknowledge a finished job (it leaves the list)")]
    Acknowledge,
    #[strum(message = "sort by the next column")]
    Sort,
    #[strum(message = "reverse the sort order")]
    SortReverse,
}

impl KeyTable for JobsKey {
    const NAME: &'static str = "jobs";
    const TITLE: &'static str = "Jobs tab";
}
