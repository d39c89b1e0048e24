//! The Service Templates screen's keys (TPL-1..5).
//! Names (`config.toml`) and help sentences are derived from the enum.

use crate::app::key_table::KeyTable;
use strum::{EnumIter, EnumMessage, IntoStaticStr};

/// `[keys.templates]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, EnumIter, IntoStaticStr, EnumMessage)]
#[strum(serialize_all = "snake_case")]
pub enum TemplatesKey {
    #[strum(message = "create a service template (wizard, TPL-2)")]
    Add,
    #[strum(message = "copy the template into the create wizard, prefilled (TPL-3)")]
    Copy,
    #[strum(message = "show the General tab of the selected template")]
    General,
    #[strum(message = "show the Capabilities tab of the selected template")]
    Capabilities,
    #[strum(message = "edit the tab shown: name and description, or capabilities (TPL-4)")]
    Edit,
    #[strum(message = "read again")]
    Refresh,
    #[strum(message = "delete the template (asks first; services keep their capabilities)")]
    Delete,
    #[strum(message = "sort by the next column")]
    Sort,
    #[strum(message = "reverse the sort order")]
    SortReverse,
}

impl KeyTable for TemplatesKey {
    const NAME: &'static str = "templates";
    const TITLE: &'static str = "Service Templates";
}
