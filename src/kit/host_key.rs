//! Host-key trust modal (DEV-1): first contact shows the key algorithm and SHA256 fingerprint;
//! the default is Reject, Esc rejects, and only Enter on Trust records the key.

use super::dialog_input::DialogInput;
use super::outcome::ModalOutcome;

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
    pub(crate) focus: HostKeyChoice,
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
    pub fn handle(&mut self, input: DialogInput) -> ModalOutcome {
        let (outcome, toggle) =
            super::outcome::two_buttons(input, self.focus == HostKeyChoice::Trust);
        if toggle {
            self.focus = match self.focus {
                HostKeyChoice::Reject => HostKeyChoice::Trust,
                HostKeyChoice::Trust => HostKeyChoice::Reject,
            };
        }
        outcome
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dev_1_host_key_defaults_to_reject_and_esc_rejects() {
        let mut m = HostKeyModal::new("hsm-a", "10.0.0.5", 22, "ssh-ed25519", "SHA256:abc");
        assert_eq!(m.focus(), HostKeyChoice::Reject);
        assert_eq!(m.handle(DialogInput::Type('y')), ModalOutcome::Pending);
        assert_eq!(m.handle(DialogInput::Submit), ModalOutcome::Cancelled);
        m.handle(DialogInput::NextChoice);
        assert_eq!(m.focus(), HostKeyChoice::Trust);
        assert_eq!(m.handle(DialogInput::Cancel), ModalOutcome::Cancelled);
        assert_eq!(m.handle(DialogInput::Submit), ModalOutcome::Confirmed);
        // The keys of every two-button question: h moves back to Reject, as in a confirmation.
        m.handle(DialogInput::Type('h'));
        assert_eq!(m.focus(), HostKeyChoice::Reject);
    }
}
