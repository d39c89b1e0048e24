//! What a data table cell holds (plain text, a number that sorts numerically, or a status) and
//! the column description (its title; its width is presentation, in `ui::columns`).

use super::status::{Status, StatusKind};
use std::borrow::Cow;

/// One column of a data table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    pub title: Cow<'static, str>,
}

impl Column {
    pub fn new(title: impl Into<Cow<'static, str>>) -> Self {
        Column {
            title: title.into(),
        }
    }
}

/// One cell of a data table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CellValue {
    Text(String),
    /// Shown as `text`, sorted by `value` (sizes, counts, ports).
    Number {
        value: i128,
        text: String,
    },
    /// Always drawn as symbol + word + colour.
    Status(Status),
}

/// Sort key of a cell; variants order mixed columns deterministically.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum SortKey {
    Number(i128),
    Status(StatusKind, String),
    Text(String, String),
}

impl CellValue {
    pub fn text(s: impl Into<String>) -> Self {
        CellValue::Text(s.into())
    }

    pub fn number(value: impl Into<i128> + Copy + ToString) -> Self {
        CellValue::Number {
            text: value.to_string(),
            value: value.into(),
        }
    }

    pub fn status(s: impl Into<Status>) -> Self {
        CellValue::Status(s.into())
    }

    /// The text drawn in the cell (and searched by the filter).
    pub fn display(&self) -> Cow<'_, str> {
        match self {
            CellValue::Text(s) => Cow::Borrowed(s),
            CellValue::Number { text, .. } => Cow::Borrowed(text),
            CellValue::Status(s) => Cow::Owned(s.text()),
        }
    }

    /// Case-insensitive text order, numeric order for numbers, severity order for statuses.
    pub fn sort_key(&self) -> SortKey {
        match self {
            CellValue::Text(s) => SortKey::Text(s.to_lowercase(), s.clone()),
            CellValue::Number { value, .. } => SortKey::Number(*value),
            CellValue::Status(s) => SortKey::Status(s.kind, s.word.to_string()),
        }
    }
}

impl From<String> for CellValue {
    fn from(s: String) -> Self {
        CellValue::Text(s)
    }
}

impl From<&str> for CellValue {
    fn from(s: &str) -> Self {
        CellValue::Text(s.to_owned())
    }
}

impl From<Status> for CellValue {
    fn from(s: Status) -> Self {
        CellValue::Status(s)
    }
}

impl From<StatusKind> for CellValue {
    fn from(k: StatusKind) -> Self {
        CellValue::Status(Status::new(k))
    }
}
