//! How keys and backend answers change the Devices, Jobs, Audit and Accounts screens. Part of
//! `update` (pure): tables, sort and filter, opening dialogs, and the requests to send.

use super::action::{Action, Command};
use super::key_action::Context;
use super::message::BackendRequest;
use super::panel_dialog::Dialog;
use super::panel_message::{PanelEvent, PanelRequest};
use super::state::App;
use super::tab::Tab;
use crate::domain::DomainError;
use crate::domain::operation::Operation;
use crate::kit::{TableRow, TableState};

fn panel(r: PanelRequest) -> Command {
    Command::Backend(BackendRequest::Panel(r))
}

/// The key context of the screen in front, if it has one.
pub fn screen_context(app: &App) -> Option<Context> {
    match app.tab {
        Tab::Devices => Some(Context::Devices),
        Tab::Jobs => Some(Context::Jobs),
        Tab::Audit => Some(Context::Audit),
        Tab::Accounts => Some(Context::Accounts),
        Tab::CryptoServices => None,
    }
}

/// What switching to `tab` fetches (Devices and Jobs are fetched by the frame).
pub fn refresh_for(tab: Tab) -> Vec<Command> {
    match tab {
        Tab::Accounts => vec![panel(PanelRequest::Accounts)],
        _ => Vec::new(),
    }
}

fn may_read_audit(app: &App) -> bool {
    app.session
        .as_ref()
        .is_some_and(|s| s.read_refusal(Operation::ViewAudit).is_none())
}

/// After every update: the `/` filter applies to the table in front, and the frame's list
/// selection follows the table's.
pub fn sync(app: &mut App) {
    let text = app
        .filter
        .as_ref()
        .map(|f| f.text.to_lowercase())
        .unwrap_or_default();
    fn apply<R: TableRow>(t: &mut TableState<R>, text: &str) {
        if t.filter() != text {
            t.set_filter(text);
        }
    }
    let p = &mut app.panels;
    match app.tab {
        Tab::Devices => {}
        Tab::Jobs => {}
        Tab::Audit => {}
        Tab::Accounts => match p.accounts.focus {
            super::accounts_panel::AccountsList::Users => apply(&mut p.accounts.users, &text),
            super::accounts_panel::AccountsList::Organizations => {
                apply(&mut p.accounts.organizations, &text)
            }
        },
        Tab::CryptoServices => {}
    }
    if let Some(front) = super::screen::front(app) {
        app.screens.filter(front, &text);
    }
}

/// A list action on the screen in front: Some when this screen handled it.
pub fn screen(app: &mut App, action: &Action) -> Option<Vec<Command>> {
    screen_context(app)?;
    match action {
        Action::Move(m) => {
            let p = &mut app.panels;
            match app.tab {
                Tab::Devices => {}
                Tab::Jobs => {}
                Tab::Audit => {}
                Tab::Accounts => match p.accounts.focus {
                    super::accounts_panel::AccountsList::Users => p.accounts.users.apply_motion(*m),
                    super::accounts_panel::AccountsList::Organizations => {
                        p.accounts.organizations.apply_motion(*m)
                    }
                },
                Tab::CryptoServices => {}
            }
            Some(Vec::new())
        }
        Action::Screen(k) => Some(match app.tab {
            Tab::Devices => Vec::new(),
            Tab::Jobs => Vec::new(),
            Tab::Audit => Vec::new(),
            Tab::Accounts => super::update_panel_dialog::accounts_key(app, *k),
            Tab::CryptoServices => Vec::new(),
        }),
        _ => None,
    }
}

/// Answers of the backend to these screens.
pub fn backend(app: &mut App, e: PanelEvent) -> Vec<Command> {
    let p = &mut app.panels;
    match e {
        PanelEvent::Accounts {
            organizations,
            users,
        } => p.accounts.set(organizations, users),
        PanelEvent::AccountsRefused(m) => {
            p.accounts.refused = Some(m);
            p.accounts.loaded = true;
        }
        PanelEvent::Done { message } => {
            if matches!(&p.dialog, Some(Dialog::Form(f)) if f.waiting) {
                p.close();
            }
            app.notice = Some(message);
            if may_read_audit(app) && app.tab == Tab::Audit {
                let list = crate::screens::audit::Request::List;
                return vec![Command::Backend(BackendRequest::Screen(list.into()))];
            }
        }
        PanelEvent::Refused { message, error } => match &mut p.dialog {
            Some(Dialog::Form(f)) if f.waiting => {
                f.waiting = false;
                f.form
                    .apply_domain_error(&error.unwrap_or_else(|| DomainError::refused(message)));
            }
            _ => app.notice = Some(message),
        },
    }
    Vec::new()
}
