//! How a status (symbol + word, in `kit`) is styled: colour in the default theme, modifiers in
//! mono, so it never reads by colour alone (NAV-3).

use crate::kit::{Status, StatusKind};
use crate::ui::theme::Theme;
use ratatui::style::Style;
use ratatui::text::Span;

/// The theme style of a status kind.
pub trait StatusStyle {
    /// The theme style (colour in the default theme, modifiers in mono).
    fn style(self, theme: &Theme) -> Style;
}

impl StatusStyle for StatusKind {
    /// The theme style (colour in the default theme, modifiers in mono).
    fn style(self, theme: &Theme) -> Style {
        match self {
            StatusKind::Up | StatusKind::Done => theme.status_up,
            StatusKind::Degraded | StatusKind::Warning => theme.status_degraded,
            StatusKind::Down | StatusKind::Failed => theme.status_down,
            StatusKind::Unknown | StatusKind::Cancelled => theme.status_unknown,
            StatusKind::Running => theme.status_running,
        }
    }
}

/// A status as a styled span.
pub trait StatusSpan {
    fn span(&self, theme: &Theme) -> Span<'static>;
}

impl StatusSpan for Status {
    fn span(&self, theme: &Theme) -> Span<'static> {
        Span::styled(self.text(), self.kind.style(theme))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nav_3_down_and_up_differ_in_colour_in_default_and_in_modifier_in_mono() {
        let t = Theme::default16();
        assert_ne!(StatusKind::Up.style(&t), StatusKind::Down.style(&t));
        let m = Theme::mono();
        assert_ne!(StatusKind::Up.style(&m), StatusKind::Down.style(&m));
    }
}
