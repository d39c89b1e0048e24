//! The Migrate Service screen's keys (MIG-1..5).
//! Names (`config.toml`) and help sentences are derived from the enum.

use crate::app::key_table::KeyTable;
use strum::{EnumIter, EnumMessage, IntoStaticStr};

/// `[keys.migrate]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, EnumIter, IntoStaticStr, EnumMessage)]
#[strum(serialize_all = "snake_case")]
pub enum MigrateKey {
    #[strum(message = "migrate a service (wizard, MIG-2)")]
    Start,
    #[strum(
        message = "repair the selected migration: Add Partitions on exactly its failed targets (MIG-4)"
    )]
    Repair,
    #[strum(message = "read again")]
    Refresh,
    #[strum(message = "sort by the next column")]
    Sort,
    #[strum(message = "reverse the sort order")]
    SortReverse,
}

impl KeyTable for MigrateKey {
    const NAME: &'static str = "migrate";
    const TITLE: &'static str = "Migrate Service";
}
