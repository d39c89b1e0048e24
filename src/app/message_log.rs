//! The message log (issue 11.1): every notice, failure and message the console showed in this
//! session, numbered, full text, newest first; `M` and `:messages` open it.

use super::modal::Modal;
use super::panel_dialog::Dialog;
use super::state::App;
use std::collections::VecDeque;

/// How many messages a session keeps (the oldest go first).
pub const KEPT: usize = 1000;

/// One logged message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoggedMessage {
    /// 1 for the session's first message.
    pub number: u64,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct MessageLog {
    entries: VecDeque<LoggedMessage>,
    count: u64,
}

impl MessageLog {
    /// Adds a message (the text as shown; drawing neutralizes it).
    pub fn push(&mut self, text: impl Into<String>) {
        self.count += 1;
        self.entries.push_back(LoggedMessage {
            number: self.count,
            text: text.into(),
        });
        while self.entries.len() > KEPT {
            self.entries.pop_front();
        }
    }

    /// Newest first.
    pub fn newest_first(&self) -> impl Iterator<Item = &LoggedMessage> {
        self.entries.iter().rev()
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// What the user was shown before an `update`: the notice line, a message modal, a message
/// dialog. After it, whatever is new goes into the log (one place, whoever set it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Shown {
    notice: Option<String>,
    modal: Option<String>,
    dialog: Option<String>,
}

impl Shown {
    pub(super) fn of(app: &App) -> Shown {
        Shown {
            notice: app.notice.clone(),
            modal: app.modal.as_ref().and_then(modal_text),
            dialog: app.panels.dialog.as_ref().and_then(dialog_text),
        }
    }

    /// Logs what `app` shows now and did not before.
    pub(super) fn log_new(self, app: &mut App) {
        let now = Shown::of(app);
        for (before, after) in [
            (self.notice, now.notice),
            (self.modal, now.modal),
            (self.dialog, now.dialog),
        ] {
            if let Some(text) = after.filter(|t| before.as_ref() != Some(t)) {
                app.messages.push(text);
            }
        }
    }
}

fn modal_text(modal: &Modal) -> Option<String> {
    match modal {
        Modal::Notice { title, message } => Some(format!("{title}: {message}")),
        Modal::Fatal { message } => Some(format!("lunadeck cannot continue: {message}")),
        Modal::Help { .. } | Modal::ConfirmQuit { .. } | Modal::Messages { .. } => None,
    }
}

fn dialog_text(dialog: &Dialog) -> Option<String> {
    match dialog {
        Dialog::Message(m) if m.logged => Some(format!("{}: {}", m.title, m.text.join(" "))),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use super::*;

    #[test]
    fn x_7_the_log_keeps_the_newest_first_and_drops_the_oldest_beyond_its_size() {
        let mut log = MessageLog::default();
        for i in 0..(KEPT + 5) {
            log.push(format!("m{i}"));
        }
        assert_eq!(log.len(), KEPT);
        let newest: Vec<_> = log.newest_first().take(2).map(|m| m.number).collect();
        assert_eq!(newest, [KEPT as u64 + 5, KEPT as u64 + 4]);
        assert_eq!(
            log.newest_first().last().map(|m| m.text.as_str()),
            Some("m5")
        );
    }
}
