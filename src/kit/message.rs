//! Message modal: the result of an action (success, error or information) with its full text;
//! Enter or Esc closes it.

use super::dialog_input::DialogInput;
use super::outcome::ModalOutcome;

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
    /// Goes into the message log when shown (a result); false for a view (a row's details).
    pub logged: bool,
}

impl MessageModal {
    pub fn new(kind: MessageKind, title: impl Into<String>, text: Vec<String>) -> Self {
        MessageModal {
            kind,
            title: title.into(),
            text,
            logged: true,
        }
    }

    /// A row's full values, read in a popup (not something said: not logged).
    pub fn details(title: impl Into<String>, text: Vec<String>) -> Self {
        MessageModal {
            logged: false,
            ..MessageModal::new(MessageKind::Info, title, text)
        }
    }

    /// Submit closes as `Confirmed`, Cancel as `Cancelled`; both just close.
    pub fn handle(&mut self, input: DialogInput) -> ModalOutcome {
        match input {
            DialogInput::Submit => ModalOutcome::Confirmed,
            DialogInput::Cancel => ModalOutcome::Cancelled,
            _ => ModalOutcome::Pending,
        }
    }
}
