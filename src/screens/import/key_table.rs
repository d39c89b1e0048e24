//! Import Partitions' keys: the splash (IMP-1) and the saved table (IMP-2..8).
//! Names (`config.toml`) and help sentences are derived from the enum.

use crate::app::key_table::KeyTable;
use strum::{EnumIter, EnumMessage, IntoStaticStr};

/// `[keys.import_start]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, EnumIter, IntoStaticStr, EnumMessage)]
#[strum(serialize_all = "snake_case")]
pub enum ImportStartKey {
    #[strum(message = "Get Started: run discovery on every device")]
    GetStarted,
}

impl KeyTable for ImportStartKey {
    const NAME: &'static str = "import_start";
    const TITLE: &'static str = "Import Partitions (no table yet)";
}

/// `[keys.import_table]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, EnumIter, IntoStaticStr, EnumMessage)]
#[strum(serialize_all = "snake_case")]
pub enum ImportTableKey {
    #[strum(message = "previous column")]
    ColumnLeft,
    #[strum(message = "next column")]
    ColumnRight,
    #[strum(message = "edit the highlighted cell")]
    EditCell,
    #[strum(message = "leave the row out of this import")]
    DeleteRow,
    #[strum(message = "Finish Imports (lists row errors)")]
    FinishImports,
    #[strum(message = "cancel the import (deletes the table; asks first)")]
    CancelImport,
}

impl KeyTable for ImportTableKey {
    const NAME: &'static str = "import_table";
    const TITLE: &'static str = "Import table";
}
