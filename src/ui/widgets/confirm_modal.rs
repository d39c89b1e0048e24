//! Confirmation modal for reversible-but-significant actions: the default button is Cancel,
//! Esc cancels, and only Enter on the confirm button confirms (no single-letter shortcut).

use super::modal::{Button, DialogKeys, ModalView, button_row, draw_modal};
use crate::domain::text::neutralize_line;
use crate::kit::{ConfirmFocus, ConfirmModal};
use crate::ui::theme::Theme;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;

impl ModalView for ConfirmModal {
    fn draw(&self, theme: &Theme, keys: &DialogKeys, area: Rect, buf: &mut Buffer) {
        // Names in the message come from users and devices.
        let body = self
            .message
            .iter()
            .map(|m| Line::raw(neutralize_line(m)))
            .collect();
        let buttons = button_row(
            &[
                Button {
                    label: &self.keep_label,
                    focused: self.focus == ConfirmFocus::Cancel,
                    enabled: true,
                    destructive: false,
                },
                Button {
                    label: &self.confirm_label,
                    focused: self.focus == ConfirmFocus::Confirm,
                    enabled: true,
                    destructive: self.destructive,
                },
            ],
            theme,
        );
        let hints = &format!(
            "{} switch · {} choose · {} cancel",
            keys.next, keys.submit, keys.cancel
        );
        draw_modal(theme, area, buf, &self.title, body, buttons, hints);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn x_4_names_in_a_confirmation_are_shown_never_acted_on() {
        let modal = ConfirmModal::new(
            "Delete 'pay\u{1b}]0;x\u{7}'",
            vec!["Service 'a\u{1b}[31mb' goes".into()],
            "Delete",
        );
        let area = Rect::new(0, 0, 70, 12);
        let mut buf = Buffer::empty(area);
        modal.draw(&Theme::default16(), &DialogKeys::default(), area, &mut buf);
        let text: String = buf.content().iter().map(|c| c.symbol()).collect();
        assert!(!text.contains('\u{1b}'), "{text}");
        assert!(text.contains("a\\u{1b}[31mb"), "{text}");
        assert!(text.contains("pay\\u{1b}]0;x\\u{7}"), "{text}");
    }
}
