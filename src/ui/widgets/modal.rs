//! What every modal shares: the outcome of a key, the centred box sized to its text (usable
//! at 80x24), buttons drawn with the focus visible in both themes, and the `ModalView` trait.

use crate::domain::text::neutralize_line;
pub use crate::kit::ModalOutcome;
use crate::ui::theme::Theme;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Widget, Wrap};

/// The keys a dialog's hint line names, as the user's `[keys.dialog]` binds them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DialogKeys {
    pub submit: String,
    pub cancel: String,
    pub next: String,
}

impl Default for DialogKeys {
    /// The embedded defaults.
    fn default() -> Self {
        DialogKeys {
            submit: "Enter".into(),
            cancel: "Esc".into(),
            next: "Tab".into(),
        }
    }
}

/// A modal that draws itself over the whole screen area, centred.
pub trait ModalView {
    fn draw(&self, theme: &Theme, keys: &DialogKeys, area: Rect, buf: &mut Buffer);
}

/// Adapter so a modal can be passed to `Frame::render_widget`.
pub struct Themed<'a, M: ModalView>(pub &'a M, pub &'a Theme, pub &'a DialogKeys);

impl<M: ModalView> Widget for Themed<'_, M> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        self.0.draw(self.1, self.2, area, buf);
    }
}

/// Widest a modal gets; narrower screens shrink it.
pub const MODAL_MAX_WIDTH: u16 = 68;

/// A rectangle of `width` x `height` centred in `area`, clamped to it.
pub fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let w = width.min(area.width);
    let h = height.min(area.height);
    Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    }
}

/// Rows `lines` take when a `Paragraph` wraps them at `width`, words kept whole as they are
/// drawn (counting characters alone underestimates: a word that does not fit moves down).
pub fn wrapped_height(lines: &[Line<'_>], width: u16) -> u16 {
    let paragraph = ratatui::widgets::Paragraph::new(lines.to_vec())
        .wrap(ratatui::widgets::Wrap { trim: false });
    u16::try_from(paragraph.line_count(width.max(1))).unwrap_or(u16::MAX)
}

/// One button of a modal's button row.
pub struct Button<'a> {
    pub label: &'a str,
    pub focused: bool,
    pub enabled: bool,
    pub destructive: bool,
}

impl Button<'_> {
    fn style(&self, theme: &Theme) -> Style {
        match (self.enabled, self.focused, self.destructive) {
            (false, _, _) => theme.disabled,
            (true, true, true) => theme.destructive,
            (true, true, false) => theme.selected,
            (true, false, _) => theme.base,
        }
    }
}

/// "[ Cancel ]  [ Delete ]", the focused one marked by ▶ as well as its style.
pub fn button_row(buttons: &[Button<'_>], theme: &Theme) -> Line<'static> {
    let mut spans = Vec::new();
    for (i, b) in buttons.iter().enumerate() {
        if i > 0 {
            spans.push(Span::raw("   "));
        }
        let marker = if b.focused { "▶" } else { " " };
        spans.push(Span::styled(marker, theme.focus));
        spans.push(Span::styled(format!("[ {} ]", b.label), b.style(theme)));
    }
    Line::from(spans).centered()
}

/// Draws the modal box: clears behind it, border + title, the body wrapped, a blank line,
/// the button row, and key hints in the bottom border. Sized to the content.
pub fn draw_modal(
    theme: &Theme,
    area: Rect,
    buf: &mut Buffer,
    title: &str,
    body: Vec<Line<'static>>,
    buttons: Line<'static>,
    hints: &str,
) {
    let width = MODAL_MAX_WIDTH.min(area.width.saturating_sub(2)).max(10);
    let inner_w = width.saturating_sub(4);
    let body_h = wrapped_height(&body, inner_w);
    let height = body_h.saturating_add(5);
    let rect = centered(area, width, height);
    Clear.render(rect, buf);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.modal_border)
        .title(Line::styled(
            format!(" {} ", neutralize_line(title)),
            theme.title,
        ))
        .title_bottom(Line::styled(format!(" {hints} "), theme.muted).centered());
    let inner = block.inner(rect);
    block.render(rect, buf);
    let padded = Rect {
        x: inner.x.saturating_add(1),
        width: inner.width.saturating_sub(2),
        ..inner
    };
    let buttons_y = padded.bottom().saturating_sub(1);
    // One blank line above the body and one between the body and the buttons.
    let body_area = Rect {
        y: padded.y.saturating_add(1),
        height: buttons_y.saturating_sub(padded.y.saturating_add(2)),
        ..padded
    };
    Paragraph::new(body)
        .wrap(Wrap { trim: false })
        .render(body_area, buf);
    let button_area = Rect {
        y: buttons_y,
        height: 1,
        ..padded
    };
    Paragraph::new(buttons).render(button_area, buf);
}
