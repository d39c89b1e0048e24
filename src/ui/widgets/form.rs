//! The one form widget: a label column, values drawn per field kind (secrets as dots only),
//! the focused field marked, inline errors under their field and a summary pinned at the bottom.

use crate::domain::text::neutralize_line;
use crate::kit::{FieldInput, FormField, FormState};
use crate::ui::theme::Theme;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

/// Draws a [`FormState`] (no block: screens and modals put it in theirs).
pub struct Form<'a> {
    state: &'a FormState,
    theme: &'a Theme,
}

impl<'a> Form<'a> {
    pub fn new(state: &'a FormState, theme: &'a Theme) -> Self {
        Form { state, theme }
    }

    fn label_width(&self) -> usize {
        let longest = self.state.fields().iter().map(|f| f.label.chars().count());
        longest.max().unwrap_or(0).min(28) + 2
    }

    fn value_spans(&self, f: &FormField, focused: bool) -> Vec<Span<'static>> {
        let t = self.theme;
        let value_style = match (f.locked.is_some(), focused) {
            (true, _) => t.muted,
            (false, true) => t.focus,
            (false, false) => t.base,
        };
        let cursor = || Span::styled("▏", t.focus);
        let mut spans = match &f.input {
            // The cursor where the edit happens, not only at the end (issue 11.11).
            FieldInput::Text(s) | FieldInput::Number(s) if focused => {
                let at = s.cursor();
                let before: String =
                    neutralize_line(&s.text().chars().take(at).collect::<String>());
                let after: String = neutralize_line(&s.text().chars().skip(at).collect::<String>());
                vec![
                    Span::styled(before, value_style),
                    cursor(),
                    Span::styled(after, value_style),
                ]
            }
            FieldInput::Text(s) | FieldInput::Number(s) => {
                vec![Span::styled(neutralize_line(s.text()), value_style)]
            }
            FieldInput::Secret(s) if s.is_empty() && !focused => {
                vec![Span::styled("(empty)", t.muted)]
            }
            FieldInput::Secret(s) => vec![Span::styled(s.masked(), value_style)],
            FieldInput::Checkbox(b) => {
                let mark = if *b { "[x]" } else { "[ ]" };
                vec![Span::styled(mark, value_style)]
            }
            FieldInput::Choice { options, selected } => {
                let label = options.get(*selected).map_or("", String::as_str);
                vec![
                    Span::styled("◀ ", t.muted),
                    Span::styled(neutralize_line(label), value_style),
                    Span::styled(" ▶", t.muted),
                ]
            }
        };
        if focused && matches!(f.input, FieldInput::Secret(_)) {
            spans.push(cursor());
        }
        spans
    }

    /// All field lines, and the line range of the focused field (for scrolling). An error under
    /// its field wraps at `width` instead of being cut.
    fn field_lines(&self, width: u16) -> (Vec<Line<'static>>, std::ops::Range<usize>) {
        let t = self.theme;
        let label_w = self.label_width();
        let mut lines = Vec::new();
        let mut focused_range = 0..0;
        for (i, f) in self.state.fields().iter().enumerate() {
            if !self.state.is_shown(i) {
                continue;
            }
            let focused = i == self.state.focus_index();
            let start = lines.len();
            let marker = if focused { "▶ " } else { "  " };
            let label_style = if focused { t.focus } else { t.base };
            let mut spans = vec![
                Span::styled(marker, t.focus),
                Span::styled(
                    format!("{:<label_w$}", format!("{}:", f.label)),
                    label_style,
                ),
            ];
            spans.extend(self.value_spans(f, focused));
            lines.push(Line::from(spans));
            let indent = label_w + 2;
            let room = usize::from(width).saturating_sub(indent).max(12);
            let mut under = |text: String, style| {
                for piece in wrap_words(&neutralize_line(&text), room) {
                    lines.push(Line::from(vec![
                        Span::raw(" ".repeat(indent)),
                        Span::styled(piece, style),
                    ]));
                }
            };
            if let Some(why) = &f.locked {
                under(format!("fixed: {why}"), t.warning);
            }
            // A fixed field's reason always shows; a note only for the focused field.
            if let Some(note) = f.note.as_ref().filter(|_| focused && f.locked.is_none()) {
                under(note.clone(), t.muted);
            }
            if let Some(err) = &f.error {
                under(format!("✖ {err}"), t.error);
            }
            if focused {
                focused_range = start..lines.len();
            }
        }
        (lines, focused_range)
    }

    fn summary_lines(&self) -> Vec<Line<'static>> {
        let errors = self.state.error_summary();
        if errors.is_empty() {
            return Vec::new();
        }
        let n = errors.len();
        let head = if n == 1 {
            "✖ 1 problem to fix:".to_owned()
        } else {
            format!("✖ {n} problems to fix:")
        };
        let mut lines = vec![Line::raw(""), Line::styled(head, self.theme.error)];
        lines.extend(
            errors
                .into_iter()
                .map(|e| Line::styled(format!("  • {}", neutralize_line(&e)), self.theme.error)),
        );
        lines
    }
}

impl Widget for Form<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let summary = self.summary_lines();
        // The summary keeps at least 2 lines for fields; it is cut, not the focused field.
        let summary_h = (summary.len() as u16).min(area.height.saturating_sub(2));
        let fields_area = Rect {
            height: area.height - summary_h,
            ..area
        };
        let summary_area = Rect {
            y: fields_area.bottom(),
            height: summary_h,
            ..area
        };
        let (lines, focused) = self.field_lines(area.width);
        let height = usize::from(fields_area.height);
        let skip = focused.end.saturating_sub(height);
        let visible: Vec<Line<'static>> = lines.into_iter().skip(skip).collect();
        Paragraph::new(visible).render(fields_area, buf);
        Paragraph::new(summary).render(summary_area, buf);
    }
}

/// `text` in pieces of at most `width` columns, broken at spaces where it can be.
fn wrap_words(text: &str, width: usize) -> Vec<String> {
    use crate::ui::widgets::fit::width as cols;
    let mut out = Vec::new();
    let mut line = String::new();
    for word in text.split(' ') {
        let candidate = if line.is_empty() {
            word.to_string()
        } else {
            format!("{line} {word}")
        };
        if cols(&candidate) <= width || line.is_empty() {
            line = candidate;
        } else {
            out.push(std::mem::take(&mut line));
            line = word.to_string();
        }
    }
    if !line.is_empty() || out.is_empty() {
        out.push(line);
    }
    out
}
