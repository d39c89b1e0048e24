//! The sign-in screen's keys.
//! Names (`config.toml`) and help sentences are derived from the enum.

use crate::app::key_table::{KeyTable, Layer};
use strum::{EnumIter, EnumMessage, IntoStaticStr};

/// `[keys.login]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, EnumIter, IntoStaticStr, EnumMessage)]
#[strum(serialize_all = "snake_case")]
pub enum LoginKey {
    #[strum(message = "accept what was typed")]
    Submit,
    #[strum(message = "next field")]
    NextField,
    #[strum(message = "previous field")]
    PrevField,
    #[strum(message = "delete the character before the cursor")]
    DeleteBack,
}

impl KeyTable for LoginKey {
    /// The sign-in fields take every key until a session exists.
    const LAYER: Layer = Layer::Exclusive;
    const NAME: &'static str = "login";
    const TITLE: &'static str = "Login";
}

impl LoginKey {
    /// What the key does to the sign-in fields.
    pub fn input(self) -> crate::kit::DialogInput {
        use crate::kit::DialogInput as D;
        match self {
            LoginKey::Submit => D::Submit,
            LoginKey::NextField => D::NextField,
            LoginKey::PrevField => D::PrevField,
            LoginKey::DeleteBack => D::DeleteBack,
        }
    }
}
