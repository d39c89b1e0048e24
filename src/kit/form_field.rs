//! One field of the form widget: what it holds (text, digits, choice, checkbox, secret), its
//! label, the domain field whose errors land on it, a note, and why it is fixed when it is.

use super::secret_field::{Mask, SecretField};
use super::text_field::TextField;
use crate::domain::error::Field;

/// What a field holds and how it is edited.
#[derive(Debug)]
pub enum FieldInput {
    Text(TextField),
    /// Digits only; the domain parses and judges the value.
    Number(TextField),
    /// Left/Right (or Space) cycle through the options.
    Choice {
        options: Vec<String>,
        selected: usize,
    },
    /// Space toggles.
    Checkbox(bool),
    Secret(SecretField),
}

/// One labelled field.
#[derive(Debug)]
pub struct FormField {
    pub id: &'static str,
    pub label: String,
    pub input: FieldInput,
    /// The domain field whose `DomainError::Invalid` lands on this field.
    pub domain: Option<Field>,
    pub error: Option<String>,
    /// What the field means or needs, drawn under it while it has the focus (a rule made
    /// visible while choosing).
    pub note: Option<String>,
    /// Why the value is fixed (a rule forbids changing it): drawn with the reason, edits do
    /// nothing.
    pub locked: Option<String>,
}

impl FormField {
    fn with(id: &'static str, label: impl Into<String>, input: FieldInput) -> Self {
        FormField {
            id,
            label: label.into(),
            input,
            domain: None,
            error: None,
            note: None,
            locked: None,
        }
    }
    pub fn text(id: &'static str, label: impl Into<String>) -> Self {
        Self::with(id, label, FieldInput::Text(TextField::default()))
    }
    pub fn number(id: &'static str, label: impl Into<String>) -> Self {
        Self::with(id, label, FieldInput::Number(TextField::default()))
    }
    pub fn choice(id: &'static str, label: impl Into<String>, options: Vec<String>) -> Self {
        Self::with(
            id,
            label,
            FieldInput::Choice {
                options,
                selected: 0,
            },
        )
    }
    pub fn checkbox(id: &'static str, label: impl Into<String>) -> Self {
        Self::with(id, label, FieldInput::Checkbox(false))
    }
    pub fn secret(id: &'static str, label: impl Into<String>) -> Self {
        Self::with(id, label, FieldInput::Secret(SecretField::new(Mask::Dots)))
    }
    /// Initial value of a text or number field (ignored for other kinds).
    pub fn value(mut self, v: impl Into<String>) -> Self {
        if let FieldInput::Text(s) | FieldInput::Number(s) = &mut self.input {
            *s = TextField::new(&v.into());
        }
        self
    }
    /// Initial state of a checkbox, or the selected option of a choice.
    pub fn checked(mut self, on: bool) -> Self {
        if let FieldInput::Checkbox(b) = &mut self.input {
            *b = on;
        }
        self
    }
    pub fn selected(mut self, index: usize) -> Self {
        if let FieldInput::Choice { options, selected } = &mut self.input {
            *selected = index.min(options.len().saturating_sub(1));
        }
        self
    }
    /// A line drawn under the field: what it means or what a device needs for it.
    pub fn note(mut self, text: impl Into<String>) -> Self {
        self.note = Some(text.into());
        self
    }
    /// Domain validation errors about `field` are shown under this one.
    pub fn bound_to(mut self, field: Field) -> Self {
        self.domain = Some(field);
        self
    }

    /// A secret typed twice: the field bound to `field`, then its "type it again" twin (read
    /// back together with `FormState::confirmed`).
    pub fn secret_pair(
        id: &'static str,
        confirm: &'static str,
        label: &str,
        field: Field,
    ) -> [FormField; 2] {
        [
            FormField::secret(id, label).bound_to(field),
            FormField::secret(confirm, "  type it again"),
        ]
    }
}
