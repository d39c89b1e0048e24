//! `Action`: every user intent (from the key map) and every backend message, the only input of
//! `update`. Key routing turns key events into actions; the run loop turns backend events into
//! `Action::Backend`.

use super::message::BackendEvent;
use super::tab::{Focus, NavItem, Tab};

/// A movement in a list.
pub use crate::kit::Motion;

#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// Ctrl-C: quit, asking first while jobs run (a hard key, not in the key map).
    Interrupt,
    Quit,
    Help,
    /// The message log (issue 11.1).
    Messages,
    OpenCommandLine,
    OpenFilter,
    NextTab,
    PrevTab,
    GoTab(Tab),
    GoNav(NavItem),
    FocusNext,
    FocusPrev,
    FocusPane(Focus),
    Move(Motion),
    Open,
    /// Esc: close, cancel or go back; never changes anything on a device or in the database.
    Back,
    /// Choose the highlighted button of a dialog.
    Confirm,
    NextChoice,
    PrevChoice,
    /// A character typed into the focused text field.
    Input(char),
    /// A cursor move or delete in the `:` or `/` line.
    Edit(crate::kit::TextEdit),
    /// A pasted text, for the focused text field: as dialog keys when `dialog`, else as
    /// characters of the `:` or `/` line.
    Paste {
        chars: Vec<char>,
        dialog: bool,
    },
    DeleteBack,
    Submit,
    Complete,
    /// The animation clock (sent only while something animates).
    Tick,
    Resize,
    /// A key of the screen in front, from its own table (`[keys.devices]`, `[keys.services]`...).
    Screen(super::key_action::BoundKey),
    /// A key of the open dialog, as `[keys.dialog]` reads it (typed characters: `Type`).
    Dialog(crate::kit::DialogInput),
    /// Boxed: backend events are large, key actions are small.
    Backend(Box<BackendEvent>),
}

/// A side effect for the run loop to carry out.
#[derive(Debug)]
pub enum Command {
    Backend(super::message::BackendRequest),
    Quit,
}
