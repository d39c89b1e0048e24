//! The Devices tab's keys (DEV-1..3; marking and the marked devices' actions, issue 16).
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
    #[strum(
        message = "mark or unmark the device, then move down (authorize, refresh, discover act on the marked)"
    )]
    Mark,
    #[strum(message = "mark every device the filter shows (again: unmark them)")]
    MarkAll,
    #[strum(
        message = "authorize the device, or the marked ones with one SO password: one HSM SO login each, kept in memory"
    )]
    Authorize,
    #[strum(message = "read again (only the marked devices, when some are)")]
    Refresh,
    #[strum(
        message = "discover partitions on the marked devices (else the selected one) for Import Partitions (IMP-1)"
    )]
    Discover,
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
