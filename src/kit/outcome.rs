//! What a key did to a modal (state kept in `kit`, drawn by `ui::widgets`): still open,
//! confirmed, or cancelled.

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
/// such dialog answers the same keys. `Esc` cancels, `Enter` chooses the focused button,
/// `Tab`/`Shift-Tab`/`Left`/`Right`/`h`/`l` move between the two (`(Pending, true)`: toggle
/// the focus); any other key does nothing.
pub fn two_buttons(
    code: crossterm::event::KeyCode,
    affirmative_focused: bool,
) -> (ModalOutcome, bool) {
    use crossterm::event::KeyCode;
    match code {
        KeyCode::Esc => (ModalOutcome::Cancelled, false),
        KeyCode::Enter if affirmative_focused => (ModalOutcome::Confirmed, false),
        KeyCode::Enter => (ModalOutcome::Cancelled, false),
        KeyCode::Tab
        | KeyCode::BackTab
        | KeyCode::Left
        | KeyCode::Right
        | KeyCode::Char('h')
        | KeyCode::Char('l') => (ModalOutcome::Pending, true),
        _ => (ModalOutcome::Pending, false),
    }
}
