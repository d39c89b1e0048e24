//! Typed confirmation for irreversible actions (delete service, remove partition): lists what
//! will be destroyed; the OK button stays disabled until the exact name is typed.

use super::modal::{Button, DialogKeys, ModalView, button_row, draw_modal};
use crate::kit::{TypedConfirmModal, TypedFocus};
use crate::ui::theme::Theme;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

impl ModalView for TypedConfirmModal {
    fn draw(&self, theme: &Theme, keys: &DialogKeys, area: Rect, buf: &mut Buffer) {
        let mut body = vec![Line::styled(
            "This will permanently destroy:",
            theme.warning,
        )];
        body.extend(self.destroyed.iter().map(|d| Line::raw(format!("  • {d}"))));
        body.push(Line::styled("This cannot be undone.", theme.error));
        body.push(Line::from(vec![
            Span::raw("Type "),
            Span::styled(self.expected.clone(), theme.title),
            Span::raw(" to confirm:"),
        ]));
        let input_style = if self.focus == TypedFocus::Input {
            theme.focus
        } else {
            theme.base
        };
        let mut input = vec![Span::styled("> ", theme.muted)];
        input.push(Span::styled(self.typed.clone(), input_style));
        if self.focus == TypedFocus::Input {
            input.push(Span::styled("▏", theme.focus));
        }
        body.push(Line::from(input));
        body.push(if self.ok_enabled() {
            Line::styled("✔ name matches", theme.success)
        } else {
            Line::styled(
                format!("{} stays disabled until the name matches", self.ok_label),
                theme.muted,
            )
        });
        let buttons = button_row(
            &[
                Button {
                    // Says what it does (issue 11.8): nothing is deleted.
                    label: "Keep it",
                    focused: self.focus == TypedFocus::Cancel,
                    enabled: true,
                    destructive: false,
                },
                Button {
                    label: &self.ok_label,
                    focused: self.focus == TypedFocus::Ok,
                    enabled: self.ok_enabled(),
                    destructive: true,
                },
            ],
            theme,
        );
        let hints = &format!(
            "type the name · {} move · {} choose · {} cancel",
            keys.next, keys.submit, keys.cancel
        );
        draw_modal(theme, area, buf, &self.title, body, buttons, hints);
    }
}
