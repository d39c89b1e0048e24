//! The sign-in screen's keys (NAV-4): typing into the focused field (replacing a prefilled
//! text), moving between fields, and Enter, which sends the request (the passwords then wiped).

use super::{Login, LoginField, LoginMode, LoginPhase, Request};
use crate::app::screen::Cx;
use crate::kit::DialogInput;
use secrecy::SecretString;

pub(super) fn key(state: &mut Login, key: DialogInput, cx: &mut Cx<'_, Login>) {
    if state.phase == LoginPhase::Checking {
        return;
    }
    match key {
        DialogInput::Type(c) => {
            state.drop_prefill();
            state.focused_buffer().push(c);
            state.error = None;
        }
        DialogInput::DeleteBack => {
            // A prefilled field is emptied at once; any other loses its last character.
            if state.drop_prefill() {
                return;
            }
            state.focused_buffer().pop();
        }
        DialogInput::NextField => state.cycle(true),
        DialogInput::PrevField => state.cycle(false),
        DialogInput::Submit => {
            if let Some(request) = submit(state, cx.read_only) {
                cx.ask(request);
            }
        }
        _ => {}
    }
}

fn submit(state: &mut Login, read_only: bool) -> Option<Request> {
    let username = state.username.trim().to_string();
    let refuse = |state: &mut Login, field: LoginField, message: &str| {
        state.field = field;
        state.error = Some(message.to_string());
        None
    };
    if username.is_empty() {
        return refuse(state, LoginField::Username, "Username: enter a username.");
    }
    if state.password.is_empty() {
        return refuse(state, LoginField::Password, "Password: enter a password.");
    }
    let password = SecretString::from(state.password.as_str()).into();
    let request = match state.mode {
        LoginMode::Connecting => return None,
        LoginMode::SignIn => Request::SignIn { username, password },
        LoginMode::CreateAdmin => {
            if read_only {
                return refuse(
                    state,
                    LoginField::Username,
                    "Read-only mode: no account exists yet and creating the first \
                     administrator writes the database; start once without --read-only.",
                );
            }
            if state.confirm.as_str() != state.password.as_str() {
                state.clear_passwords();
                return refuse(
                    state,
                    LoginField::Password,
                    "Password: the two passwords differ; type them again.",
                );
            }
            Request::CreateAdmin { username, password }
        }
    };
    state.clear_passwords();
    state.error = None;
    state.phase = LoginPhase::Checking;
    Some(request)
}
