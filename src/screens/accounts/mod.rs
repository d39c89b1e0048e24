//! The Accounts screen (NAV-4, Admin only): users and organizations side by side (Tab moves
//! between them), creating both, disabling and enabling accounts, changing passwords.

mod draw;
pub mod key_table;
mod rows;
mod serve;

pub use rows::{
    UserRow, organization_form, own_password_form, password_form, user_form, user_request,
};

use crate::app::App;
use crate::app::panel_dialog::Dialog;
use crate::app::screen::{Answers, Cx, Screen, ScreenInput};
use crate::app::wire_secret::WireSecret;
use crate::domain::ids::{OrganizationId, UserId};
use crate::domain::operation::Operation;
use crate::domain::organization::{Organization, User};
use crate::kit::{Column, ConfirmModal, FormState, TableState};
use crate::ops::Console;
pub use key_table::AccountsKey;
use ratatui::Frame;
use ratatui::layout::Rect;
use serde::{Deserialize, Serialize};

/// Which of the two lists has the focus.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum AccountsList {
    #[default]
    Users,
    Organizations,
}

/// The Accounts screen's state.
#[derive(Debug)]
pub struct Accounts {
    pub organizations: TableState<Organization>,
    pub users: TableState<UserRow>,
    pub focus: AccountsList,
    pub loaded: bool,
    /// Set when the backend refused to list accounts (an Owner).
    pub refused: Option<String>,
}

impl Default for Accounts {
    fn default() -> Self {
        Accounts {
            organizations: TableState::new(vec![Column::new("#"), Column::new("Organization")]),
            users: TableState::new(vec![
                Column::new("Username"),
                Column::new("Role"),
                Column::new("Organization"),
                Column::new("Status"),
            ]),
            focus: AccountsList::default(),
            loaded: false,
            refused: None,
        }
    }
}

/// What the Accounts screen asks the backend. Secrets travel as `WireSecret`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum Request {
    /// Organizations and accounts (Admin only).
    List,
    CreateOrganization {
        name: String,
    },
    CreateUser {
        username: String,
        password: WireSecret,
        confirm: WireSecret,
        /// None: an Admin; Some: Owner of this organization.
        organization: Option<OrganizationId>,
    },
    SetDisabled {
        user: UserId,
        disabled: bool,
    },
    SetPassword {
        user: UserId,
        password: WireSecret,
        confirm: WireSecret,
    },
    /// The signed-in user's own password (Owners too): the current one, the new one twice.
    OwnPassword {
        current: WireSecret,
        password: WireSecret,
        confirm: WireSecret,
    },
}

/// What the backend answers it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Event {
    Listed {
        organizations: Vec<Organization>,
        users: Vec<User>,
    },
    /// The accounts may not be listed (an Owner): the sentence to show.
    Refused(String),
}

/// What its forms are for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Form {
    NewOrganization,
    NewUser,
    Password {
        user: UserId,
        username: String,
    },
    /// The signed-in user's own password.
    OwnPassword,
}

impl Accounts {
    fn key(&mut self, k: AccountsKey, cx: &mut Cx<'_, Self>) {
        let refusal = match cx.session {
            Some(s) => s.read_refusal(Operation::ManageAccounts),
            None => Some("nobody is signed in".to_string()),
        };
        if let Some(why) = refusal {
            // Anyone may change their own password (issue 11.12).
            if k == AccountsKey::Password {
                let title = "Your new password (the current one first)";
                cx.open_form(Form::OwnPassword, title, own_password_form());
                return;
            }
            cx.say(format!("Accounts: not permitted — {why}."));
            return;
        }
        let user = self.users.selected_row().cloned();
        match k {
            AccountsKey::SwitchList => {
                self.focus = match self.focus {
                    AccountsList::Users => AccountsList::Organizations,
                    AccountsList::Organizations => AccountsList::Users,
                };
                cx.clear_filter();
            }
            AccountsKey::Refresh => cx.ask(Request::List),
            AccountsKey::Sort | AccountsKey::SortReverse => {
                let reverse = k == AccountsKey::SortReverse;
                match self.focus {
                    AccountsList::Users => self.users.sort_next(reverse),
                    AccountsList::Organizations => self.organizations.sort_next(reverse),
                }
            }
            AccountsKey::NewOrganization => cx.open_form(
                Form::NewOrganization,
                "Create an organization",
                organization_form(),
            ),
            AccountsKey::NewUser => cx.open_form(
                Form::NewUser,
                "Create an account",
                user_form(self.organizations.rows()),
            ),
            AccountsKey::ToggleDisabled | AccountsKey::Password if user.is_none() => {
                cx.say("No account is selected (Tab switches to the users).")
            }
            AccountsKey::ToggleDisabled => {
                if let Some(u) = user {
                    let disable = !u.user.disabled;
                    let verb = if disable { "Disable" } else { "Enable" };
                    let mut modal = ConfirmModal::new(
                        format!("{verb} account"),
                        vec![format!("{verb} the account '{}'?", u.user.username)],
                        verb,
                    )
                    .keeping("Leave it as it is");
                    if disable {
                        modal = modal.destructive();
                    }
                    let then = Cx::<Self>::request(Request::SetDisabled {
                        user: u.user.id,
                        disabled: disable,
                    });
                    cx.open(Dialog::Confirm { modal, then });
                }
            }
            AccountsKey::Password => {
                if let Some(u) = user {
                    cx.open_form(
                        Form::Password {
                            user: u.user.id,
                            username: u.user.username.clone(),
                        },
                        format!("New password for {}", u.user.username),
                        password_form(),
                    );
                }
            }
        }
    }
}

impl Screen for Accounts {
    type Keys = AccountsKey;
    const PLACE: crate::app::Place = crate::app::Place::Tab(crate::app::Tab::Accounts);
    type Request = Request;
    type Event = Event;
    type Form = Form;
    type Dialog = crate::app::screen::NoDialog;

    fn shown(&mut self, cx: &mut Cx<'_, Self>) {
        cx.ask(Request::List);
    }

    fn input(&mut self, input: ScreenInput, cx: &mut Cx<'_, Self>) -> bool {
        match input {
            ScreenInput::Move(m) => match self.focus {
                AccountsList::Users => self.users.apply_motion(m),
                AccountsList::Organizations => self.organizations.apply_motion(m),
            },
            ScreenInput::Key(k) => match k.get::<AccountsKey>() {
                Some(k) => self.key(k, cx),
                None => return false,
            },
            // The two lists are the screen's panes: the focus keys move between them too.
            ScreenInput::FocusNext | ScreenInput::FocusPrev => {
                self.key(AccountsKey::SwitchList, cx)
            }
            _ => return false,
        }
        true
    }

    fn event(&mut self, event: Event, _cx: &mut Cx<'_, Self>) {
        match event {
            Event::Listed {
                organizations,
                users,
            } => self.set(organizations, users),
            Event::Refused(m) => {
                self.refused = Some(m);
                self.loaded = true;
            }
        }
    }

    fn submit(&mut self, form: &Form, state: &mut FormState, cx: &mut Cx<'_, Self>) -> bool {
        let request = match form {
            Form::NewOrganization => Request::CreateOrganization {
                name: state.text("name").unwrap_or_default().to_string(),
            },
            Form::NewUser => match user_request(state, self.organizations.rows()) {
                Some(r) => r,
                None => return false,
            },
            Form::OwnPassword => {
                let current = state.take_secret("current").unwrap_or_default();
                let (password, confirm) = rows::take_twice(state);
                if !rows::checked(state, None, &password, &confirm) {
                    return false;
                }
                Request::OwnPassword {
                    current: current.into(),
                    password: password.into(),
                    confirm: confirm.into(),
                }
            }
            Form::Password { user, .. } => {
                let (password, confirm) = rows::take_twice(state);
                if !rows::checked(state, None, &password, &confirm) {
                    return false;
                }
                Request::SetPassword {
                    user: *user,
                    password: password.into(),
                    confirm: confirm.into(),
                }
            }
        };
        cx.ask(request);
        true
    }

    fn lists(&self) -> bool {
        true
    }

    fn filter(&mut self, text: &str) {
        match self.focus {
            AccountsList::Users => self.users.set_filter(text),
            AccountsList::Organizations => self.organizations.set_filter(text),
        }
    }

    fn serve(console: &mut Console, request: Request, out: &mut Answers<'_>) {
        serve::serve(console, request, out);
    }

    fn draw(&self, app: &App, frame: &mut Frame, area: Rect) {
        draw::draw(self, app, frame, area);
    }
}
