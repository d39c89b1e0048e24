//! What a key did to a modal (state kept in `kit`, drawn by `ui::widgets`): still open,
//! confirmed, or cancelled.

use super::dialog_input::DialogInput;

/// What a key did to a modal. A modal swallows every key, so there is no "ignored".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ModalOutcome {
    /// Still open.
    Pending,
    /// The affirmative button was chosen (message modals: closed with Enter).
    Confirmed,
    /// Cancel, Reject or Esc (message modals: closed with Esc).
    Cancelled,
}

/// A two-button question (Cancel/Confirm, Reject/Trust): the one reading of its keys, so every
/// such dialog answers the same keys. Cancel closes, Submit chooses the focused button; the
/// field and choice keys, and typing `h`/`l` (no text is typed here), move between the two
/// (`(Pending, true)`: toggle the focus); anything else does nothing.
pub fn two_buttons(input: DialogInput, affirmative_focused: bool) -> (ModalOutcome, bool) {
    match input {
        DialogInput::Cancel => (ModalOutcome::Cancelled, false),
        DialogInput::Submit if affirmative_focused => (ModalOutcome::Confirmed, false),
        DialogInput::Submit => (ModalOutcome::Cancelled, false),
        DialogInput::NextField
        | DialogInput::PrevField
        | DialogInput::NextChoice
        | DialogInput::PrevChoice
        | DialogInput::Type('h' | 'l') => (ModalOutcome::Pending, true),
        _ => (ModalOutcome::Pending, false),
    }
}
