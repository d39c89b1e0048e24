//! The Devices tab's keys (DEV-1..3).
//! Names (`config.toml`) and help sentences are derived from the enum.

use crate::app::key_table::KeyTable;
use strum::{EnumIter, EnumMessage, IntoStaticStr};

/// `[keys.devices]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, EnumIter, IntoStaticStr, EnumMessage)]
#[strum(serialize_all = "snake_case")]
pub enum DevicesKey {
    #[strum(message = "add a device (name, host, port, SSH login)")]
    Add,
    #[strum(message = "edit the device: name, address, SSH user, remote PED server (DEV-3)")]
    Edit,
    #[strum(message = "authorize the device: one HSM SO login, kept in memory")]
    Authorize,
    #[strum(message = "read again")]
    Refresh,
    #[strum(message = "remove the device from the console (asks first)")]
    Remove,
    #[strum(message = "sort by the next column")]
    Sort,
    #[strum(message = "reverse the sort order")]
    SortReverse,
}

impl KeyTable for DevicesKey {
    const NAME: &'static str = "devices";
    const TITLE: &'static str = "Devices tab";
}
