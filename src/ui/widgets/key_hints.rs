//! The key hints bar screens put at the bottom: "Enter open  c create  / filter  ? help".
//! Hints that do not fit are dropped whole (never cut mid-word).

use crate::ui::theme::Theme;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

pub struct KeyHints<'a> {
    hints: &'a [(&'a str, &'a str)],
    theme: &'a Theme,
}

impl<'a> KeyHints<'a> {
    /// `hints` are (key, label) pairs, most important first.
    pub fn new(hints: &'a [(&'a str, &'a str)], theme: &'a Theme) -> Self {
        KeyHints { hints, theme }
    }

    /// The line drawn in `width` columns.
    pub fn line(&self, width: u16) -> Line<'static> {
        let mut spans = Vec::new();
        let mut used = 0usize;
        for (i, (key, label)) in self.hints.iter().enumerate() {
            let sep = if i == 0 { 0 } else { 2 };
            let need = sep + key.chars().count() + 1 + label.chars().count();
            if used + need > usize::from(width) {
                break;
            }
            if sep > 0 {
                spans.push(Span::raw("  "));
            }
            spans.push(Span::styled((*key).to_owned(), self.theme.key_hint));
            spans.push(Span::styled(format!(" {label}"), self.theme.muted));
            used += need;
        }
        Line::from(spans)
    }
}

impl Widget for KeyHints<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        if area.height == 0 {
            return;
        }
        self.line(area.width).render(area, buf);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nav_3_key_hints_drop_whole_hints_that_do_not_fit() {
        let t = Theme::mono();
        let hints = [("Enter", "open"), ("c", "create"), ("/", "filter")];
        let cases = [
            (80, "Enter open  c create  / filter"),
            (20, "Enter open  c create"),
            (10, "Enter open"),
            (9, ""),
        ];
        for (width, want) in cases {
            assert_eq!(
                KeyHints::new(&hints, &t).line(width).to_string(),
                want,
                "width {width}"
            );
        }
    }
}
