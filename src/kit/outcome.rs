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
