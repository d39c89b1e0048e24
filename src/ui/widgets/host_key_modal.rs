//! Host-key trust modal (DEV-1): first contact shows the key algorithm and SHA256 fingerprint;
//! the default is Reject, Esc rejects, and only Enter on Trust records the key.

use super::modal::{Button, ModalOutcome, ModalView, button_row, draw_modal};
use crate::ui::theme::Theme;
use crossterm::event::{KeyCode, KeyEvent};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HostKeyChoice {
    Reject,
    Trust,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HostKeyModal {
    pub device: String,
    pub host: String,
    pub port: u16,
    pub algorithm: String,
    /// `SHA256:` + base64, as `known_hosts::fingerprint` prints it.
    pub fingerprint: String,
    focus: HostKeyChoice,
}

impl HostKeyModal {
    pub fn new(
        device: impl Into<String>,
        host: impl Into<String>,
        port: u16,
        algorithm: impl Into<String>,
        fingerprint: impl Into<String>,
    ) -> Self {
        HostKeyModal {
            device: device.into(),
            host: host.into(),
            port,
            algorithm: algorithm.into(),
            fingerprint: fingerprint.into(),
            focus: HostKeyChoice::Reject,
        }
    }

    pub fn focus(&self) -> HostKeyChoice {
        self.focus
    }

    /// `Confirmed` = trust the key, `Cancelled` = reject it.
    pub fn handle_key(&mut self, key: KeyEvent) -> ModalOutcome {
        match key.code {
            KeyCode::Esc => ModalOutcome::Cancelled,
            KeyCode::Enter => match self.focus {
                HostKeyChoice::Reject => ModalOutcome::Cancelled,
                HostKeyChoice::Trust => ModalOutcome::Confirmed,
            },
            KeyCode::Tab | KeyCode::BackTab | KeyCode::Left | KeyCode::Right => {
                self.focus = match self.focus {
                    HostKeyChoice::Reject => HostKeyChoice::Trust,
                    HostKeyChoice::Trust => HostKeyChoice::Reject,
                };
                ModalOutcome::Pending
            }
            _ => ModalOutcome::Pending,
        }
    }
}

impl ModalView for HostKeyModal {
    fn draw(&self, theme: &Theme, area: Rect, buf: &mut Buffer) {
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
        let hints = "Tab switch · Enter choose · Esc reject";
        draw_modal(theme, area, buf, "Unknown host key", body, buttons, hints);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::KeyModifiers;

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    #[test]
    fn dev_1_host_key_defaults_to_reject_and_esc_rejects() {
        let mut m = HostKeyModal::new("hsm-a", "10.0.0.5", 22, "ssh-ed25519", "SHA256:abc");
        assert_eq!(m.focus(), HostKeyChoice::Reject);
        assert_eq!(m.handle_key(key(KeyCode::Char('y'))), ModalOutcome::Pending);
        assert_eq!(m.handle_key(key(KeyCode::Enter)), ModalOutcome::Cancelled);
        m.handle_key(key(KeyCode::Right));
        assert_eq!(m.focus(), HostKeyChoice::Trust);
        assert_eq!(m.handle_key(key(KeyCode::Esc)), ModalOutcome::Cancelled);
        assert_eq!(m.handle_key(key(KeyCode::Enter)), ModalOutcome::Confirmed);
    }
}
