//! The sign-in screen's state (NAV-4): sign in, or on first start create the Admin (password
//! twice). Passwords live in zeroizing buffers and never appear in `Debug`.

use std::fmt;
use zeroize::Zeroizing;

/// What the login screen asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoginMode {
    /// Waiting for the backend to open the database.
    Connecting,
    SignIn,
    /// No account exists yet: create the first administrator.
    CreateAdmin,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoginField {
    Username,
    Password,
    /// Create-the-Admin only: the password again.
    Confirm,
}

/// Editing, or waiting for the backend's answer (keys are ignored meanwhile).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoginPhase {
    Editing,
    Checking,
}

pub struct Login {
    pub mode: LoginMode,
    pub phase: LoginPhase,
    pub field: LoginField,
    pub username: String,
    pub password: Zeroizing<String>,
    pub confirm: Zeroizing<String>,
    /// The last refusal, shown under the form.
    pub error: Option<String>,
    /// What happened before (the last user signed out), shown under the form.
    pub said: Option<String>,
    /// Fields still holding what the console put there (`--demo`: the demo Admin): the first
    /// key typed or deleted in such a field replaces the whole text.
    pub prefilled: Vec<LoginField>,
}

impl fmt::Debug for Login {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Login")
            .field("mode", &self.mode)
            .field("phase", &self.phase)
            .field("field", &self.field)
            .field("username", &self.username)
            .field("password", &"[REDACTED]")
            .field("confirm", &"[REDACTED]")
            .field("error", &self.error)
            .field("said", &self.said)
            .field("prefilled", &self.prefilled)
            .finish()
    }
}

impl Default for Login {
    fn default() -> Self {
        Login::connecting()
    }
}

impl Login {
    pub fn connecting() -> Login {
        Login {
            mode: LoginMode::Connecting,
            phase: LoginPhase::Checking,
            field: LoginField::Username,
            username: String::new(),
            password: Zeroizing::new(String::new()),
            confirm: Zeroizing::new(String::new()),
            error: None,
            said: None,
            prefilled: Vec::new(),
        }
    }

    /// `--demo` only: fills the sign-in fields with the demo Admin (`ops::demo`; that account
    /// exists only in the throwaway database), so Enter signs in and typing replaces them.
    pub fn prefill_demo_admin(&mut self) {
        if self.mode != LoginMode::SignIn {
            return;
        }
        self.username = crate::ops::demo::DEMO_USER.to_string();
        self.password = Zeroizing::new(crate::ops::demo::DEMO_PASSWORD.to_string());
        self.prefilled = vec![LoginField::Username, LoginField::Password];
    }

    /// The focused field's prefilled text is dropped (true), before a key edits the field.
    pub fn drop_prefill(&mut self) -> bool {
        let field = self.field;
        if !self.prefilled.contains(&field) {
            return false;
        }
        self.prefilled.retain(|f| *f != field);
        match field {
            LoginField::Username => self.username.clear(),
            LoginField::Password => self.password = Zeroizing::new(String::new()),
            LoginField::Confirm => self.confirm = Zeroizing::new(String::new()),
        }
        true
    }

    /// The fields of the current mode, in focus order.
    pub fn fields(&self) -> &'static [LoginField] {
        match self.mode {
            LoginMode::Connecting => &[],
            LoginMode::SignIn => &[LoginField::Username, LoginField::Password],
            LoginMode::CreateAdmin => &[
                LoginField::Username,
                LoginField::Password,
                LoginField::Confirm,
            ],
        }
    }

    /// Moves the focus to the next (or previous) field, wrapping around.
    pub fn cycle(&mut self, forward: bool) {
        let fields = self.fields();
        let Some(i) = fields.iter().position(|f| *f == self.field) else {
            return;
        };
        let n = fields.len();
        let j = if forward {
            (i + 1) % n
        } else {
            (i + n - 1) % n
        };
        if let Some(f) = fields.get(j) {
            self.field = *f;
        }
    }

    pub fn focused_buffer(&mut self) -> &mut String {
        match self.field {
            LoginField::Username => &mut self.username,
            LoginField::Password => &mut self.password,
            LoginField::Confirm => &mut self.confirm,
        }
    }

    /// Empties both password buffers (their old content is zeroized by `clear`'s owner type).
    pub fn clear_passwords(&mut self) {
        self.password = Zeroizing::new(String::new());
        self.confirm = Zeroizing::new(String::new());
        self.prefilled.clear();
    }
}
