//! Message modal: the result of an action (success, error or information) with its full text;
//! Enter or Esc closes it.

use super::modal::{Button, DialogKeys, ModalView, button_row, draw_modal};
use crate::domain::text::neutralize_text;
use crate::kit::{MessageKind, MessageModal};
use crate::ui::theme::Theme;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;

impl ModalView for MessageModal {
    fn draw(&self, theme: &Theme, keys: &DialogKeys, area: Rect, buf: &mut Buffer) {
        let (head, style) = match self.kind {
            MessageKind::Success => ("✔ Success", theme.success),
            MessageKind::Error => ("✖ Error", theme.error),
            MessageKind::Info => ("ℹ Information", theme.title),
        };
        let mut body = vec![Line::styled(head, style)];
        // Messages quote names, device output and errors: neutralized, line breaks kept.
        for t in &self.text {
            body.extend(
                neutralize_text(t)
                    .split('\n')
                    .map(|l| Line::raw(l.to_string())),
            );
        }
        let buttons = button_row(
            &[Button {
                label: "OK",
                focused: true,
                enabled: true,
                destructive: false,
            }],
            theme,
        );
        draw_modal(
            theme,
            area,
            buf,
            &self.title,
            body,
            buttons,
            &format!("{}/{} close", keys.submit, keys.cancel),
        );
    }
}
