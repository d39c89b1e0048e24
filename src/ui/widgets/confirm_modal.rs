//! Confirmation modal for reversible-but-significant actions: the default button is Cancel,
//! Esc cancels, and only Enter on the confirm button confirms (no single-letter shortcut).

use super::modal::{Button, DialogKeys, ModalView, button_row, draw_modal};
use crate::kit::{ConfirmFocus, ConfirmModal};
use crate::ui::theme::Theme;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;

impl ModalView for ConfirmModal {
    fn draw(&self, theme: &Theme, keys: &DialogKeys, area: Rect, buf: &mut Buffer) {
        let body = self.message.iter().map(|m| Line::raw(m.clone())).collect();
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
