//! The Accounts tab's keys (ACC-1..4).
//! Names (`config.toml`) and help sentences are derived from the enum.

use crate::app::key_table::KeyTable;
use strum::{EnumIter, EnumMessage, IntoStaticStr};

/// `[keys.accounts]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, EnumIter, IntoStaticStr, EnumMessage)]
#[strum(serialize_all = "snake_case")]
pub enum AccountsKey {
    #[strum(message = "create an organization")]
    NewOrganization,
    #[strum(message = "create an account")]
    NewUser,
    #[strum(message = "disable or enable the account (asks first)")]
    ToggleDisabled,
    #[strum(message = "change the account's password")]
    Password,
    #[strum(message = "switch between users and organizations")]
    SwitchList,
    #[strum(message = "read again")]
    Refresh,
    #[strum(message = "sort by the next column")]
    Sort,
    #[strum(message = "reverse the sort order")]
    SortReverse,
}

impl KeyTable for AccountsKey {
    const NAME: &'static str = "accounts";
    const TITLE: &'static str = "Accounts tab";
}
