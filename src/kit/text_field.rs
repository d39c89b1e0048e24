//! A one-line text field (issue 11.11): the text and its cursor, edited by ratatui-textarea
//! (cursor moves, Home/End, word-wise delete, insertion in the middle); drawn by `ui`.

use ratatui_textarea::{CursorMove, TextArea};
use std::fmt;

/// One editing step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextEdit {
    Insert(char),
    Left,
    Right,
    Home,
    End,
    /// The character before the cursor.
    DeleteBack,
    /// The character under the cursor.
    DeleteForward,
    /// The word before the cursor.
    DeleteWord,
    Clear,
}

impl TextEdit {
    /// What a dialog key does to a text field; None for the keys that are not edits (Submit,
    /// Cancel, the field keys). The choice keys (Left/Right) move the cursor.
    pub fn of(input: crate::kit::DialogInput) -> Option<TextEdit> {
        use crate::kit::DialogInput as D;
        Some(match input {
            D::Type(c) => TextEdit::Insert(c),
            D::DeleteBack => TextEdit::DeleteBack,
            D::ClearField => TextEdit::Clear,
            D::PrevChoice => TextEdit::Left,
            D::NextChoice => TextEdit::Right,
            D::Home => TextEdit::Home,
            D::End => TextEdit::End,
            D::DeleteForward => TextEdit::DeleteForward,
            D::DeleteWord => TextEdit::DeleteWord,
            D::Submit | D::Cancel | D::NextField | D::PrevField | D::NextStep | D::PrevStep => {
                return None;
            }
        })
    }
}

#[derive(Clone)]
pub struct TextField {
    area: TextArea<'static>,
}

impl TextField {
    pub fn new(text: &str) -> TextField {
        // One line: a pasted or typed line break never gets in (it is Submit, or refused).
        let line: String = text.chars().filter(|c| !c.is_control()).collect();
        let mut area = TextArea::new(vec![line]);
        area.move_cursor(CursorMove::End);
        TextField { area }
    }

    pub fn text(&self) -> &str {
        self.area.lines().first().map_or("", String::as_str)
    }

    /// The cursor, in characters from the start.
    pub fn cursor(&self) -> usize {
        self.area.cursor().1
    }

    /// The text with a cursor mark where the next character goes ("prima▏ry").
    pub fn with_cursor(&self, mark: char) -> String {
        let at = self.cursor();
        let mut out: String = self.text().chars().take(at).collect();
        out.push(mark);
        out.extend(self.text().chars().skip(at));
        out
    }

    /// Terminal columns before the cursor (wide characters count two): where a terminal
    /// cursor goes.
    pub fn cursor_width(&self) -> usize {
        use unicode_width::UnicodeWidthChar;
        self.text()
            .chars()
            .take(self.cursor())
            .map(|c| c.width().unwrap_or(0))
            .sum()
    }

    pub fn len(&self) -> usize {
        self.text().chars().count()
    }

    pub fn is_empty(&self) -> bool {
        self.text().is_empty()
    }

    /// Applies `edit`, never beyond `max` characters; true when the text changed.
    pub fn edit(&mut self, edit: TextEdit, max: usize) -> bool {
        let before = self.text().to_string();
        match edit {
            TextEdit::Insert(c) if !c.is_control() && self.len() < max => self.area.insert_char(c),
            TextEdit::Insert(_) => {}
            TextEdit::Left => self.area.move_cursor(CursorMove::Back),
            TextEdit::Right => self.area.move_cursor(CursorMove::Forward),
            TextEdit::Home => self.area.move_cursor(CursorMove::Head),
            TextEdit::End => self.area.move_cursor(CursorMove::End),
            TextEdit::DeleteBack => {
                self.area.delete_char();
            }
            TextEdit::DeleteForward => {
                self.area.delete_next_char();
            }
            TextEdit::DeleteWord => {
                self.area.delete_word();
            }
            TextEdit::Clear => {
                *self = TextField::new("");
            }
        }
        self.text() != before
    }
}

impl Default for TextField {
    fn default() -> Self {
        TextField::new("")
    }
}

impl PartialEq for TextField {
    fn eq(&self, other: &Self) -> bool {
        self.text() == other.text() && self.cursor() == other.cursor()
    }
}

impl Eq for TextField {}

impl fmt::Debug for TextField {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TextField")
            .field("text", &self.text())
            .field("cursor", &self.cursor())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(f: &mut TextField, s: &str) {
        for c in s.chars() {
            f.edit(TextEdit::Insert(c), 256);
        }
    }

    #[test]
    fn x_11_11_a_typo_in_the_middle_is_fixed_without_retyping() {
        let mut f = TextField::new("payments-prod-eu-wset-primary");
        assert_eq!(f.cursor(), f.len());
        for _ in 0.."-primary".len() {
            f.edit(TextEdit::Left, 256);
        }
        for _ in 0..3 {
            f.edit(TextEdit::DeleteBack, 256);
        }
        typed(&mut f, "est");
        assert_eq!(f.text(), "payments-prod-eu-west-primary");
        f.edit(TextEdit::Home, 256);
        f.edit(TextEdit::DeleteForward, 256);
        typed(&mut f, "P");
        assert_eq!(f.text(), "Payments-prod-eu-west-primary");
        f.edit(TextEdit::End, 256);
        f.edit(TextEdit::DeleteWord, 256);
        assert_eq!(f.text(), "Payments-prod-eu-west-");
    }

    #[test]
    fn x_11_11_the_limit_and_control_characters_are_kept_out() {
        let mut f = TextField::new("ab\ncd");
        assert_eq!(f.text(), "abcd");
        assert!(!f.edit(TextEdit::Insert('\u{1b}'), 256));
        assert!(!f.edit(TextEdit::Insert('x'), 4));
        assert!(f.edit(TextEdit::Insert('x'), 5));
        assert!(f.edit(TextEdit::Clear, 5));
        assert!(f.is_empty());
        typed(&mut f, "暗号");
        assert_eq!((f.text(), f.cursor()), ("暗号", 2));
    }
}
