//! Typed confirmation for irreversible actions (delete service, remove partition): lists what
//! will be destroyed; the OK button stays disabled until the exact name is typed.

use super::dialog_input::DialogInput;
use super::outcome::ModalOutcome;

/// Longest name accepted in the input.
const TYPED_MAX_CHARS: usize = 256;

/// Where the focus is: the name input (start), then Cancel, then OK (only when enabled).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TypedFocus {
    Input,
    Cancel,
    Ok,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypedConfirmModal {
    pub title: String,
    /// What will be destroyed, one item per line.
    pub destroyed: Vec<String>,
    /// The exact text to type (e.g. the service name).
    pub expected: String,
    pub ok_label: String,
    pub(crate) typed: String,
    pub(crate) focus: TypedFocus,
}

impl TypedConfirmModal {
    pub fn new(title: impl Into<String>, expected: impl Into<String>, ok_label: &str) -> Self {
        TypedConfirmModal {
            title: title.into(),
            destroyed: Vec::new(),
            expected: expected.into(),
            ok_label: ok_label.to_owned(),
            typed: String::new(),
            focus: TypedFocus::Input,
        }
    }

    pub fn destroying(mut self, items: Vec<String>) -> Self {
        self.destroyed = items;
        self
    }

    pub fn typed(&self) -> &str {
        &self.typed
    }

    pub fn focus(&self) -> TypedFocus {
        self.focus
    }

    /// True only on an exact, case-sensitive match of the whole name.
    pub fn ok_enabled(&self) -> bool {
        !self.expected.is_empty() && self.typed == self.expected
    }

    pub fn handle(&mut self, input: DialogInput) -> ModalOutcome {
        match input {
            DialogInput::Cancel => return ModalOutcome::Cancelled,
            DialogInput::Submit => return self.enter(),
            DialogInput::NextField | DialogInput::NextChoice => self.focus = self.next_focus(),
            DialogInput::PrevField | DialogInput::PrevChoice => self.focus = self.prev_focus(),
            DialogInput::DeleteBack => {
                self.typed.pop();
                self.focus = TypedFocus::Input;
            }
            DialogInput::ClearField => {
                self.typed.clear();
                self.focus = TypedFocus::Input;
            }
            DialogInput::Type(c) if self.typed.chars().count() < TYPED_MAX_CHARS => {
                self.typed.push(c);
                self.focus = TypedFocus::Input;
            }
            // The name is typed, not edited: a mistake is cleared (Ctrl-u) and typed again.
            DialogInput::Type(_)
            | DialogInput::Home
            | DialogInput::End
            | DialogInput::DeleteForward
            | DialogInput::DeleteWord
            | DialogInput::NextStep
            | DialogInput::PrevStep => {}
        }
        if self.focus == TypedFocus::Ok && !self.ok_enabled() {
            self.focus = TypedFocus::Input;
        }
        ModalOutcome::Pending
    }

    fn enter(&mut self) -> ModalOutcome {
        match self.focus {
            TypedFocus::Cancel => ModalOutcome::Cancelled,
            TypedFocus::Ok if self.ok_enabled() => ModalOutcome::Confirmed,
            // Enter in the input never confirms by itself: it moves to OK once the name matches.
            TypedFocus::Input | TypedFocus::Ok => {
                if self.ok_enabled() {
                    self.focus = TypedFocus::Ok;
                }
                ModalOutcome::Pending
            }
        }
    }

    fn next_focus(&self) -> TypedFocus {
        match self.focus {
            TypedFocus::Input => TypedFocus::Cancel,
            TypedFocus::Cancel if self.ok_enabled() => TypedFocus::Ok,
            TypedFocus::Cancel | TypedFocus::Ok => TypedFocus::Input,
        }
    }

    fn prev_focus(&self) -> TypedFocus {
        match self.focus {
            TypedFocus::Input if self.ok_enabled() => TypedFocus::Ok,
            TypedFocus::Input | TypedFocus::Ok => TypedFocus::Cancel,
            TypedFocus::Cancel => TypedFocus::Input,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(m: &mut TypedConfirmModal, s: &str) {
        for c in s.chars() {
            assert_eq!(m.handle(DialogInput::Type(c)), ModalOutcome::Pending);
        }
    }

    #[test]
    fn nav_3_typed_confirmation_enables_only_on_an_exact_match() {
        let cases = [
            ("payments", true),
            ("", false),
            ("payment", false),
            ("Payments", false),
            ("payments ", false),
            (" payments", false),
            ("paymentsx", false),
        ];
        for (text, enabled) in cases {
            let mut m = TypedConfirmModal::new("Delete service", "payments", "Delete");
            typed(&mut m, text);
            assert_eq!(m.ok_enabled(), enabled, "typed {text:?}");
        }
    }

    #[test]
    fn nav_3_typed_confirmation_never_confirms_without_the_name_or_by_esc() {
        let mut m = TypedConfirmModal::new("Delete service", "payments", "Delete");
        typed(&mut m, "paym");
        assert_eq!(m.handle(DialogInput::Submit), ModalOutcome::Pending);
        m.handle(DialogInput::NextField);
        assert_eq!(m.focus(), TypedFocus::Cancel, "Tab reaches Cancel first");
        m.handle(DialogInput::NextField);
        assert_eq!(m.focus(), TypedFocus::Input, "disabled OK is skipped");
        typed(&mut m, "ents");
        assert_eq!(m.handle(DialogInput::Submit), ModalOutcome::Pending);
        assert_eq!(m.focus(), TypedFocus::Ok, "Enter on a match moves to OK");
        m.handle(DialogInput::DeleteBack);
        assert_eq!(m.focus(), TypedFocus::Input, "editing leaves the OK button");
        assert!(!m.ok_enabled());
        typed(&mut m, "s");
        m.handle(DialogInput::PrevField);
        assert_eq!(m.focus(), TypedFocus::Ok);
        assert_eq!(m.handle(DialogInput::Cancel), ModalOutcome::Cancelled);
        assert_eq!(m.handle(DialogInput::Submit), ModalOutcome::Confirmed);
    }
}
