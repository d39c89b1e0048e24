//! The one open modal, if any (`App::modal`): help, the message log, quit confirmation, an
//! error to read. A
//! modal swallows every key; its buttons default to the harmless choice.

/// The two buttons of the quit confirmation; `Stay` is the default (never quit by accident).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum QuitChoice {
    #[default]
    Stay,
    Quit,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Modal {
    /// The key help, generated from the live key map; `scroll` is the first line shown.
    Help { scroll: u16 },
    /// Quit while jobs run?
    ConfirmQuit { running: usize, choice: QuitChoice },
    /// An error or notice the user acknowledges.
    Notice { title: String, message: String },
    /// The message log, newest first; `scroll` is the first line shown.
    Messages { scroll: u16 },
    /// The console cannot go on; closing it quits.
    Fatal { message: String },
}
