//! Status shown as symbol + word + colour, never colour alone (NAV-3), so it reads the same in
//! the monochrome theme and to colour-blind users.

use crate::domain::device::DeviceStatus;
use crate::domain::job::JobState;
use std::borrow::Cow;

/// The kinds of state a status cell can show.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum StatusKind {
    Up,
    Degraded,
    Down,
    Unknown,
    Warning,
    Running,
    Done,
    Failed,
    Cancelled,
}

impl StatusKind {
    /// Every kind, in display order.
    pub const ALL: [StatusKind; 9] = [
        StatusKind::Up,
        StatusKind::Degraded,
        StatusKind::Down,
        StatusKind::Unknown,
        StatusKind::Warning,
        StatusKind::Running,
        StatusKind::Done,
        StatusKind::Failed,
        StatusKind::Cancelled,
    ];

    /// The symbol drawn before the word.
    pub fn symbol(self) -> &'static str {
        match self {
            StatusKind::Up => "●",
            StatusKind::Degraded => "◐",
            StatusKind::Down => "✖",
            StatusKind::Unknown => "?",
            StatusKind::Warning => "▲",
            StatusKind::Running => "↻",
            StatusKind::Done => "✔",
            StatusKind::Failed => "✖",
            StatusKind::Cancelled => "⊘",
        }
    }

    /// The default word for this kind.
    pub fn word(self) -> &'static str {
        match self {
            StatusKind::Up => "up",
            StatusKind::Degraded => "degraded",
            StatusKind::Down => "down",
            StatusKind::Unknown => "unknown",
            StatusKind::Warning => "warning",
            StatusKind::Running => "running",
            StatusKind::Done => "done",
            StatusKind::Failed => "failed",
            StatusKind::Cancelled => "cancelled",
        }
    }
}

/// A status with the word the screen wants (e.g. `Down` worded "unreachable").
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Status {
    pub kind: StatusKind,
    pub word: Cow<'static, str>,
}

impl Status {
    pub fn new(kind: StatusKind) -> Self {
        Status {
            kind,
            word: Cow::Borrowed(kind.word()),
        }
    }

    /// Same kind (symbol and colour), another word.
    pub fn worded(kind: StatusKind, word: impl Into<Cow<'static, str>>) -> Self {
        Status {
            kind,
            word: word.into(),
        }
    }

    /// "● up": what every cell, list and bar shows.
    pub fn text(&self) -> String {
        format!("{} {}", self.kind.symbol(), self.word)
    }
}

impl From<StatusKind> for Status {
    fn from(kind: StatusKind) -> Self {
        Status::new(kind)
    }
}

impl From<DeviceStatus> for Status {
    fn from(s: DeviceStatus) -> Self {
        match s {
            DeviceStatus::Up => Status::new(StatusKind::Up),
            DeviceStatus::Unreachable => Status::worded(StatusKind::Down, "unreachable"),
            DeviceStatus::Unauthorized => Status::worded(StatusKind::Warning, "unauthorized"),
        }
    }
}

impl From<&JobState> for Status {
    fn from(s: &JobState) -> Self {
        match s {
            JobState::Queued => Status::worded(StatusKind::Unknown, "queued"),
            JobState::Running => Status::new(StatusKind::Running),
            JobState::Succeeded => Status::new(StatusKind::Done),
            JobState::Failed { .. } => Status::new(StatusKind::Failed),
            JobState::Cancelled => Status::new(StatusKind::Cancelled),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nav_3_status_is_symbol_and_word_for_every_kind() {
        let want = [
            (StatusKind::Up, "● up"),
            (StatusKind::Degraded, "◐ degraded"),
            (StatusKind::Down, "✖ down"),
            (StatusKind::Unknown, "? unknown"),
            (StatusKind::Warning, "▲ warning"),
            (StatusKind::Running, "↻ running"),
            (StatusKind::Done, "✔ done"),
            (StatusKind::Failed, "✖ failed"),
            (StatusKind::Cancelled, "⊘ cancelled"),
        ];
        for (kind, text) in want {
            assert_eq!(Status::new(kind).text(), text);
        }
    }

    #[test]
    fn nav_3_device_and_job_states_keep_their_own_word() {
        assert_eq!(
            Status::from(DeviceStatus::Unreachable).text(),
            "✖ unreachable"
        );
        assert_eq!(
            Status::from(DeviceStatus::Unauthorized).text(),
            "▲ unauthorized"
        );
        assert_eq!(Status::from(&JobState::Queued).text(), "? queued");
        let failed = JobState::Failed {
            message: "boom".into(),
        };
        assert_eq!(Status::from(&failed).kind, StatusKind::Failed);
    }
}
