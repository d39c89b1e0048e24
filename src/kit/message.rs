//! Message modal: the result of an action (success, error or information) with its full text;
//! Enter or Esc closes it.

use super::outcome::ModalOutcome;
use crossterm::event::{KeyCode, KeyEvent};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MessageKind {
    Success,
    Error,
    Info,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MessageModal {
    pub kind: MessageKind,
    pub title: String,
    pub text: Vec<String>,
}

impl MessageModal {
    pub fn new(kind: MessageKind, title: impl Into<String>, text: Vec<String>) -> Self {
        MessageModal {
            kind,
            title: title.into(),
            text,
        }
    }

    /// Enter closes as `Confirmed`, Esc as `Cancelled`; both just close.
    pub fn handle_key(&mut self, key: KeyEvent) -> ModalOutcome {
        match key.code {
            KeyCode::Enter => ModalOutcome::Confirmed,
            KeyCode::Esc => ModalOutcome::Cancelled,
            _ => ModalOutcome::Pending,
        }
    }
}
