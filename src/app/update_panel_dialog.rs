//! Keys in the open screen dialog (forms, host-key question, confirmations, messages) and the
//! Accounts screen's keys that open them. Part of `update` (pure): answers become requests.

use super::accounts_panel::{self, AccountsList};
use super::action::{Action, Command};
use super::key_action::KeyAction;
use super::message::BackendRequest;
use super::panel_dialog::{Dialog, FormDialog, FormKind};
use super::panel_message::PanelRequest;
use super::state::App;
use crate::domain::operation::Operation;
use crate::kit::{ConfirmModal, DialogInput, FormKey, ModalOutcome};

fn panel(r: PanelRequest) -> Vec<Command> {
    vec![Command::Backend(BackendRequest::Panel(r))]
}

/// A key for the open dialog; every other action is ignored while it is open.
pub fn dialog(app: &mut App, action: Action) -> Vec<Command> {
    let Action::Dialog(key) = action else {
        return Vec::new();
    };
    let Some(d) = app.panels.dialog.take() else {
        return Vec::new();
    };
    let (keep, commands) = match d {
        Dialog::Form(mut f) => {
            let (open, c) = form_key(app, &mut f, key);
            (open.then_some(Dialog::Form(f)), c)
        }
        Dialog::HostKey { mut modal, prompt } => match modal.handle(key) {
            ModalOutcome::Pending => (Some(Dialog::HostKey { modal, prompt }), Vec::new()),
            outcome => {
                let trust = outcome == ModalOutcome::Confirmed;
                app.notice = Some(if trust {
                    format!("Host key of {} trusted and recorded.", prompt.device)
                } else {
                    format!(
                        "Host key of {} rejected: nothing was sent to it.",
                        prompt.device
                    )
                });
                let r = PanelRequest::AnswerHostKey {
                    reply: prompt.reply,
                    trust,
                };
                (None, panel(r))
            }
        },
        Dialog::Confirm { mut modal, then } => match modal.handle(key) {
            ModalOutcome::Pending => (Some(Dialog::Confirm { modal, then }), Vec::new()),
            ModalOutcome::Confirmed => (None, vec![Command::Backend(then)]),
            ModalOutcome::Cancelled => (None, Vec::new()),
        },
        Dialog::Message(mut m) => match m.handle(key) {
            ModalOutcome::Pending => (Some(Dialog::Message(m)), Vec::new()),
            _ => (None, Vec::new()),
        },
    };
    match keep {
        Some(d) => app.panels.dialog = Some(d),
        None => app.panels.close(),
    }
    commands
}

/// Returns whether the form stays open, and what to send.
fn form_key(app: &mut App, f: &mut FormDialog, key: DialogInput) -> (bool, Vec<Command>) {
    if key == DialogInput::Cancel {
        return (false, Vec::new());
    }
    if f.waiting {
        return (true, Vec::new());
    }
    if f.form.handle(key) != FormKey::Submit {
        return (true, Vec::new());
    }
    f.form.clear_errors();
    if let FormKind::Screen(form) = &f.kind {
        return match crate::screens::Screens::submit(app, form, &mut f.form) {
            Some(commands) => {
                f.waiting = true;
                (true, commands)
            }
            None => (true, Vec::new()),
        };
    }
    let request = match &f.kind {
        FormKind::Screen(_) => None,
        FormKind::NewOrganization => Some(PanelRequest::CreateOrganization {
            name: f.form.text("name").unwrap_or_default().to_string(),
        }),
        FormKind::NewUser => {
            let orgs = app.panels.accounts.organizations.rows();
            Some(accounts_panel::user_request(&mut f.form, orgs))
        }
        FormKind::Password { user, .. } => Some(PanelRequest::SetPassword {
            user: *user,
            password: f.form.take_secret("password").unwrap_or_default(),
            confirm: f.form.take_secret("confirm").unwrap_or_default(),
        }),
    };
    match request {
        Some(r) => {
            f.waiting = true;
            (true, panel(r))
        }
        None => (true, Vec::new()),
    }
}

/// The Accounts screen's own keys (NAV-4); Owners only get the notice.
pub fn accounts_key(app: &mut App, k: KeyAction) -> Vec<Command> {
    let refusal = match &app.session {
        Some(s) => s.read_refusal(Operation::ManageAccounts),
        None => Some("nobody is signed in".to_string()),
    };
    if let Some(why) = refusal {
        app.notice = Some(format!("Accounts: not permitted — {why}."));
        return Vec::new();
    }
    let a = &mut app.panels.accounts;
    let user = a.users.selected_row().cloned();
    let mut open = None;
    match k {
        KeyAction::SwitchList => {
            a.focus = match a.focus {
                AccountsList::Users => AccountsList::Organizations,
                AccountsList::Organizations => AccountsList::Users,
            };
            app.filter = None;
        }
        KeyAction::Refresh => return panel(PanelRequest::Accounts),
        KeyAction::Sort | KeyAction::SortReverse => {
            let reverse = k == KeyAction::SortReverse;
            match a.focus {
                AccountsList::Users => a.users.sort_next(reverse),
                AccountsList::Organizations => a.organizations.sort_next(reverse),
            }
        }
        KeyAction::NewOrganization => {
            open = Some(Dialog::form(
                FormKind::NewOrganization,
                "Create an organization",
                accounts_panel::organization_form(),
            ));
        }
        KeyAction::NewUser => {
            let form = accounts_panel::user_form(a.organizations.rows());
            open = Some(Dialog::form(FormKind::NewUser, "Create an account", form));
        }
        KeyAction::ToggleDisabled | KeyAction::Password if user.is_none() => {
            app.notice = Some("No account is selected (Tab switches to the users).".into());
        }
        KeyAction::ToggleDisabled => {
            if let Some(u) = user {
                let disable = !u.user.disabled;
                let verb = if disable { "Disable" } else { "Enable" };
                let mut modal = ConfirmModal::new(
                    format!("{verb} account"),
                    vec![format!("{verb} the account '{}'?", u.user.username)],
                    verb,
                );
                if disable {
                    modal = modal.destructive();
                }
                open = Some(Dialog::Confirm {
                    modal,
                    then: BackendRequest::Panel(PanelRequest::SetDisabled {
                        user: u.user.id,
                        disabled: disable,
                    }),
                });
            }
        }
        KeyAction::Password => {
            if let Some(u) = user {
                open = Some(Dialog::form(
                    FormKind::Password {
                        user: u.user.id,
                        username: u.user.username.clone(),
                    },
                    format!("New password for {}", u.user.username),
                    accounts_panel::password_form(),
                ));
            }
        }
        _ => {}
    }
    if let Some(d) = open {
        app.panels.open(d);
    }
    Vec::new()
}
