//! State of the one form widget: typed fields, focus, inline errors taken from domain errors
//! and an error summary. Pure: the app routes keys here with `handle_key`.

use super::dialog_input::DialogInput;
pub use super::form_field::{FieldInput, FormField};
use super::text_field::TextEdit;
use crate::domain::error::DomainError;
use crate::domain::initialization::ConfirmedSecret;
use secrecy::SecretString;

/// Longest value a text or number field accepts, in characters.
pub const FIELD_MAX_CHARS: usize = 256;

/// What a key did to the form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormKey {
    /// The form used the key (typing, moving focus).
    Consumed,
    /// Enter: the app validates through the domain and submits.
    Submit,
    /// Not a form key (e.g. Esc): the app handles it.
    Ignored,
}

/// Fields, the focused one, and errors not tied to a field.
#[derive(Debug)]
pub struct FormState {
    fields: Vec<FormField>,
    focus: usize,
    general_errors: Vec<String>,
    /// Fields on another page of a wizard: not drawn, skipped by the focus keys.
    hidden: Vec<bool>,
}

impl FormState {
    pub fn new(fields: Vec<FormField>) -> Self {
        let hidden = vec![false; fields.len()];
        FormState {
            fields,
            focus: 0,
            general_errors: Vec::new(),
            hidden,
        }
    }

    /// A wizard page: only the fields `keep` accepts are drawn and focused (their values and
    /// errors stay; the summary still lists every error). The focus moves to the first shown
    /// field unless it is on one already.
    pub fn show_only(&mut self, keep: impl Fn(&str) -> bool) {
        self.hidden = self.fields.iter().map(|f| !keep(f.id)).collect();
        if self.hidden.get(self.focus).copied().unwrap_or(true)
            && let Some(i) = self.hidden.iter().position(|h| !h)
        {
            self.focus = i;
        }
    }

    /// Whether field `i` is on the page shown.
    pub fn is_shown(&self, i: usize) -> bool {
        !self.hidden.get(i).copied().unwrap_or(false)
    }

    /// One step of the focus over the shown fields, `forward` or back, wrapping.
    fn step_focus(&mut self, forward: bool) {
        let n = self.fields.len();
        for _ in 0..n {
            self.focus = if forward {
                (self.focus + 1) % n
            } else {
                (self.focus + n - 1) % n
            };
            if self.is_shown(self.focus) {
                return;
            }
        }
    }

    pub fn fields(&self) -> &[FormField] {
        &self.fields
    }

    pub fn focus_index(&self) -> usize {
        self.focus
    }

    pub fn focused_id(&self) -> Option<&'static str> {
        self.fields.get(self.focus).map(|f| f.id)
    }

    pub fn focus_next(&mut self) {
        if !self.fields.is_empty() {
            self.step_focus(true);
        }
    }

    pub fn focus_prev(&mut self) {
        if !self.fields.is_empty() {
            self.step_focus(false);
        }
    }

    /// Focuses the field with `id` (e.g. the first one in error); false if there is none.
    pub fn focus_id(&mut self, id: &str) -> bool {
        match self.fields.iter().position(|f| f.id == id) {
            Some(i) => {
                self.focus = i;
                true
            }
            None => false,
        }
    }

    /// Routes one dialog input: the field keys move focus, Submit submits, DeleteBack and
    /// ClearField edit, the choice keys (and Space) change choices and checkboxes, characters
    /// type; Cancel is the caller's (`Ignored`).
    pub fn handle(&mut self, input: DialogInput) -> FormKey {
        match input {
            DialogInput::NextField => self.focus_next(),
            DialogInput::PrevField => self.focus_prev(),
            DialogInput::Submit => return FormKey::Submit,
            DialogInput::DeleteBack => self.edit(Edit::Backspace),
            DialogInput::ClearField => self.edit(Edit::Clear),
            DialogInput::PrevChoice => self.edit(Edit::Cycle(-1)),
            DialogInput::NextChoice => self.edit(Edit::Cycle(1)),
            DialogInput::Type(c) => self.edit(Edit::Type(c)),
            DialogInput::Home => self.edit(Edit::Text(TextEdit::Home)),
            DialogInput::End => self.edit(Edit::Text(TextEdit::End)),
            DialogInput::DeleteForward => self.edit(Edit::Text(TextEdit::DeleteForward)),
            DialogInput::DeleteWord => self.edit(Edit::Text(TextEdit::DeleteWord)),
            // Steps are the wizard's, Cancel the caller's.
            DialogInput::Cancel | DialogInput::NextStep | DialogInput::PrevStep => {
                return FormKey::Ignored;
            }
        }
        FormKey::Consumed
    }

    /// Value of a text or number field.
    pub fn text(&self, id: &str) -> Option<&str> {
        match &self.field(id)?.input {
            FieldInput::Text(s) | FieldInput::Number(s) => Some(s.text()),
            _ => None,
        }
    }

    pub fn checked(&self, id: &str) -> Option<bool> {
        match self.field(id)?.input {
            FieldInput::Checkbox(b) => Some(b),
            _ => None,
        }
    }

    /// Index of the selected option of a choice field.
    pub fn choice(&self, id: &str) -> Option<usize> {
        match self.field(id)?.input {
            FieldInput::Choice { selected, .. } => Some(selected),
            _ => None,
        }
    }

    pub fn choice_label(&self, id: &str) -> Option<&str> {
        match &self.field(id)?.input {
            FieldInput::Choice { options, selected } => options.get(*selected).map(String::as_str),
            _ => None,
        }
    }

    /// A copy of a secret field's content; the field keeps it (a wizard's later step sends
    /// it, going back shows it still typed).
    pub fn secret(&self, id: &str) -> Option<SecretString> {
        match &self.field(id)?.input {
            FieldInput::Secret(s) => Some(s.copy_secret()),
            _ => None,
        }
    }

    /// A secret typed twice (`FormField::secret_pair`), as the domain checks it; a field that
    /// is missing reads as empty.
    pub fn confirmed(&self, id: &str, confirm: &str) -> ConfirmedSecret {
        let get = |i| self.secret(i).unwrap_or_else(|| SecretString::from(""));
        ConfirmedSecret::new(get(id), get(confirm))
    }

    /// Wipes every secret field (the dialog closes, or its request was sent).
    pub fn wipe_secrets(&mut self) {
        for f in &mut self.fields {
            if let FieldInput::Secret(s) = &mut f.input {
                s.clear();
            }
        }
    }

    /// Takes a secret field's content, wiping the field.
    pub fn take_secret(&mut self, id: &str) -> Option<SecretString> {
        match &mut self.fields.iter_mut().find(|f| f.id == id)?.input {
            FieldInput::Secret(s) => Some(s.take_secret()),
            _ => None,
        }
    }

    /// What the fields hold, to tell whether anything was typed since (a secret only as
    /// empty or not: its content never leaves its field).
    pub fn snapshot(&self) -> Vec<String> {
        self.fields
            .iter()
            .map(|f| match &f.input {
                FieldInput::Text(s) | FieldInput::Number(s) => s.text().to_string(),
                FieldInput::Choice { selected, .. } => selected.to_string(),
                FieldInput::Checkbox(b) => b.to_string(),
                FieldInput::Secret(s) => (!s.is_empty()).to_string(),
            })
            .collect()
    }

    /// Sets a checkbox (false when `id` is no checkbox).
    pub fn set_checked(&mut self, id: &str, on: bool) -> bool {
        match self
            .fields
            .iter_mut()
            .find(|f| f.id == id)
            .map(|f| &mut f.input)
        {
            Some(FieldInput::Checkbox(b)) => {
                *b = on;
                true
            }
            _ => false,
        }
    }

    /// Fixes the field `id` with the reason (None frees it again).
    pub fn set_locked(&mut self, id: &str, reason: Option<String>) {
        if let Some(f) = self.fields.iter_mut().find(|f| f.id == id) {
            f.locked = reason;
        }
    }

    /// Shows `msg` under the field `id`; false when there is no such field.
    pub fn set_error(&mut self, id: &str, msg: impl Into<String>) -> bool {
        match self.fields.iter_mut().find(|f| f.id == id) {
            Some(f) => {
                f.error = Some(msg.into());
                true
            }
            None => false,
        }
    }

    /// Puts a domain error under the bound field (its reason), or in the summary (its full
    /// sentence) when no field is bound to it. Focuses the field in error.
    pub fn apply_domain_error(&mut self, err: &DomainError) {
        let bound = match err {
            DomainError::Invalid { field, reason } => self
                .fields
                .iter()
                .position(|f| f.domain == Some(*field))
                .map(|i| (i, reason)),
            _ => None,
        };
        match bound.and_then(|(i, r)| Some((i, r, self.fields.get_mut(i)?))) {
            Some((i, reason, f)) => {
                f.error = Some(reason.clone());
                self.focus = i;
            }
            None => self.general_errors.push(err.to_string()),
        }
    }

    pub fn clear_errors(&mut self) {
        self.fields.iter_mut().for_each(|f| f.error = None);
        self.general_errors.clear();
    }

    pub fn has_errors(&self) -> bool {
        !self.general_errors.is_empty() || self.fields.iter().any(|f| f.error.is_some())
    }

    /// "Label: message" for each field in error, then the errors about no field.
    pub fn error_summary(&self) -> Vec<String> {
        let fields = self
            .fields
            .iter()
            .filter_map(|f| f.error.as_ref().map(|e| format!("{}: {}", f.label, e)));
        fields.chain(self.general_errors.iter().cloned()).collect()
    }

    fn field(&self, id: &str) -> Option<&FormField> {
        self.fields.iter().find(|f| f.id == id)
    }

    fn edit(&mut self, edit: Edit) {
        let Some(f) = self.fields.get_mut(self.focus) else {
            return;
        };
        if f.locked.is_some() {
            return;
        }
        let changed = apply_edit(&mut f.input, edit);
        if changed {
            f.error = None;
        }
    }
}

#[derive(Debug, Clone, Copy)]
enum Edit {
    Type(char),
    Backspace,
    Clear,
    Cycle(isize),
    /// Cursor moves and deletes of a text field (nothing for other kinds).
    Text(TextEdit),
}

fn apply_edit(input: &mut FieldInput, edit: Edit) -> bool {
    match (input, edit) {
        (FieldInput::Text(s), Edit::Type(c)) => s.edit(TextEdit::Insert(c), FIELD_MAX_CHARS),
        (FieldInput::Number(s), Edit::Type(c)) if c.is_ascii_digit() => {
            s.edit(TextEdit::Insert(c), FIELD_MAX_CHARS)
        }
        (FieldInput::Text(s) | FieldInput::Number(s), Edit::Backspace) => {
            s.edit(TextEdit::DeleteBack, FIELD_MAX_CHARS)
        }
        (FieldInput::Text(s) | FieldInput::Number(s), Edit::Clear) => {
            s.edit(TextEdit::Clear, FIELD_MAX_CHARS)
        }
        // In a text field the choice keys (Left/Right) move the cursor.
        (FieldInput::Text(s) | FieldInput::Number(s), Edit::Cycle(d)) => {
            let step = if d < 0 {
                TextEdit::Left
            } else {
                TextEdit::Right
            };
            s.edit(step, FIELD_MAX_CHARS);
            false
        }
        (FieldInput::Text(s) | FieldInput::Number(s), Edit::Text(e)) => s.edit(e, FIELD_MAX_CHARS),
        (_, Edit::Text(_)) => false,
        (FieldInput::Secret(s), Edit::Type(c)) => s.push(c),
        (FieldInput::Secret(s), Edit::Backspace) => {
            s.backspace();
            true
        }
        (FieldInput::Secret(s), Edit::Clear) => {
            s.clear();
            true
        }
        (FieldInput::Checkbox(b), Edit::Type(' ')) => {
            *b = !*b;
            true
        }
        (FieldInput::Choice { options, selected }, Edit::Cycle(d)) => cycle(options, selected, d),
        (FieldInput::Choice { options, selected }, Edit::Type(' ')) => cycle(options, selected, 1),
        _ => false,
    }
}

fn cycle(options: &[String], selected: &mut usize, delta: isize) -> bool {
    let n = options.len() as isize;
    if n == 0 {
        return false;
    }
    *selected = (*selected as isize + delta).rem_euclid(n) as usize;
    true
}

#[cfg(test)]
#[path = "form_state_tests.rs"]
mod tests;
