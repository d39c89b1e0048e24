//! The sign-in screen (NAV-4): in front of everything until a session exists; sign in, or on
//! first start create the Admin. Its requests are answered before the `Console` exists.

mod draw;
pub mod key_table;
mod keys;
pub mod state;

pub use state::{Login, LoginField, LoginMode, LoginPhase};

use crate::app::App;
use crate::app::message::BackendEvent;
use crate::app::screen::{Answers, Cx, Screen, ScreenInput};
use crate::app::wire_secret::WireSecret;
use crate::ops::Console;
pub use key_table::LoginKey;
use ratatui::Frame;
use ratatui::layout::Rect;
use serde::{Deserialize, Serialize};

/// What the sign-in screen asks the backend (answered by `app::backend::sign_in`, throttled and
/// audited like the CLI's login).
#[derive(Debug, Serialize, Deserialize)]
pub enum Request {
    SignIn {
        username: String,
        password: WireSecret,
    },
    /// First start: create the Admin, then sign in as them.
    CreateAdmin {
        username: String,
        password: WireSecret,
    },
}

/// What the backend answers it (success is the frame's `BackendEvent::LoggedIn`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Event {
    Refused { message: String },
}

impl Screen for Login {
    type Keys = LoginKey;
    const PLACE: crate::app::Place = crate::app::Place::SignIn;
    type Request = Request;
    type Event = Event;
    type Form = crate::app::screen::NoForm;
    type Dialog = crate::app::screen::NoDialog;

    fn typing(&self) -> bool {
        true
    }

    fn typing_input(
        &self,
        map: &crate::app::Keymap,
        key: crate::app::key_chord::KeyChord,
    ) -> Option<crate::kit::DialogInput> {
        match map.lookup::<LoginKey>(key) {
            Some(k) => Some(k.input()),
            None => key.typed_char().map(crate::kit::DialogInput::Type),
        }
    }

    fn input(&mut self, input: ScreenInput, cx: &mut Cx<'_, Self>) -> bool {
        if let ScreenInput::Dialog(key) = input {
            keys::key(self, key, cx);
        }
        true
    }

    fn event(&mut self, event: Event, _cx: &mut Cx<'_, Self>) {
        let Event::Refused { message } = event;
        self.phase = LoginPhase::Editing;
        self.field = LoginField::Password;
        self.error = Some(message);
    }

    fn frame(&mut self, event: &BackendEvent, _cx: &mut Cx<'_, Self>) {
        match event {
            BackendEvent::Ready { has_accounts } => {
                self.mode = if *has_accounts {
                    LoginMode::SignIn
                } else {
                    LoginMode::CreateAdmin
                };
                self.phase = LoginPhase::Editing;
                self.field = LoginField::Username;
            }
            BackendEvent::LoggedIn(_) => *self = Login::connecting(),
            _ => {}
        }
    }

    /// After sign-in the backend has a `Console`: a second sign-in is refused.
    fn serve(_console: &mut Console, _request: Request, out: &mut Answers<'_>) {
        out.failed("already signed in");
    }

    fn draw(&self, app: &App, frame: &mut Frame, area: Rect) {
        draw::draw(frame, area, self, app);
    }
}
