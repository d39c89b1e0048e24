//! Confirmation modal for reversible-but-significant actions: the default button is Cancel,
//! Esc cancels, and only Enter on the confirm button confirms (no single-letter shortcut).

use super::dialog_input::DialogInput;
use super::outcome::ModalOutcome;

/// Which button has the focus.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConfirmFocus {
    Cancel,
    Confirm,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfirmModal {
    pub title: String,
    pub message: Vec<String>,
    pub confirm_label: String,
    /// What the other button says it does ("Keep the table"); "Cancel" unless set.
    pub keep_label: String,
    /// Draw the confirm button as destructive.
    pub destructive: bool,
    pub(crate) focus: ConfirmFocus,
}

impl ConfirmModal {
    pub fn new(title: impl Into<String>, message: Vec<String>, confirm_label: &str) -> Self {
        ConfirmModal {
            title: title.into(),
            message,
            confirm_label: confirm_label.to_owned(),
            keep_label: "Cancel".to_owned(),
            destructive: false,
            focus: ConfirmFocus::Cancel,
        }
    }

    /// Names the harmless button by what it does (issue 11.8: "Keep the table").
    pub fn keeping(mut self, label: &str) -> Self {
        self.keep_label = label.to_owned();
        self
    }

    pub fn destructive(mut self) -> Self {
        self.destructive = true;
        self
    }

    pub fn focus(&self) -> ConfirmFocus {
        self.focus
    }

    pub fn toggle(&mut self) {
        self.focus = match self.focus {
            ConfirmFocus::Cancel => ConfirmFocus::Confirm,
            ConfirmFocus::Confirm => ConfirmFocus::Cancel,
        };
    }

    pub fn handle(&mut self, input: DialogInput) -> ModalOutcome {
        let (outcome, toggle) =
            super::outcome::two_buttons(input, self.focus == ConfirmFocus::Confirm);
        if toggle {
            self.toggle();
        }
        outcome
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nav_3_confirm_defaults_to_cancel_and_esc_never_confirms() {
        let mut m = ConfirmModal::new("Detach", vec!["Detach payments?".into()], "Detach");
        assert_eq!(m.focus(), ConfirmFocus::Cancel);
        assert_eq!(m.handle(DialogInput::Type('y')), ModalOutcome::Pending);
        assert_eq!(m.handle(DialogInput::Submit), ModalOutcome::Cancelled);
        assert_eq!(m.handle(DialogInput::NextField), ModalOutcome::Pending);
        assert_eq!(m.focus(), ConfirmFocus::Confirm);
        assert_eq!(m.handle(DialogInput::Cancel), ModalOutcome::Cancelled);
        assert_eq!(m.handle(DialogInput::Submit), ModalOutcome::Confirmed);
    }
}
