//! Host-key trust modal (DEV-1): first contact shows the key algorithm and SHA256 fingerprint;
//! the default is Reject, Esc rejects, and only Enter on Trust records the key.

use super::modal::{Button, DialogKeys, ModalView, button_row, draw_modal};
use crate::kit::{HostKeyChoice, HostKeyModal};
use crate::ui::theme::Theme;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

impl ModalView for HostKeyModal {
    fn draw(&self, theme: &Theme, keys: &DialogKeys, area: Rect, buf: &mut Buffer) {
        let body = vec![
            Line::raw(format!(
                "First contact with {} ({}:{}).",
                self.device, self.host, self.port
            )),
            Line::raw("lunadeck has no host key recorded for it."),
            Line::raw(""),
            Line::from(vec![
                Span::raw("Algorithm:   "),
                Span::styled(self.algorithm.clone(), theme.title),
            ]),
            Line::from(vec![
                Span::raw("Fingerprint: "),
                Span::styled(self.fingerprint.clone(), theme.title),
            ]),
            Line::raw(""),
            Line::styled(
                "Compare it with the appliance console (sysconf fingerprint ssh) before trusting.",
                theme.warning,
            ),
        ];
        let buttons = button_row(
            &[
                Button {
                    label: "Reject",
                    focused: self.focus == HostKeyChoice::Reject,
                    enabled: true,
                    destructive: false,
                },
                Button {
                    label: "Trust",
                    focused: self.focus == HostKeyChoice::Trust,
                    enabled: true,
                    destructive: false,
                },
            ],
            theme,
        );
        let hints = &format!(
            "{} switch · {} choose · {} reject",
            keys.next, keys.submit, keys.cancel
        );
        draw_modal(theme, area, buf, "Unknown host key", body, buttons, hints);
    }
}
