//! The backend side of the Devices, Jobs, Audit and Accounts screens: each `PanelRequest` calls
//! one `ops::Console` method (rules and permissions live there) and answers with a `PanelEvent`.

use super::message::BackendEvent;
use super::panel_message::{PanelEvent, PanelRequest};
use crate::domain::organization::Role;
use crate::luna::ssh::TrustDecision;
use crate::ops::{Console, OpsError, OpsResult};
use tokio::sync::mpsc::UnboundedSender;

type Events = UnboundedSender<BackendEvent>;

fn send(events: &Events, e: PanelEvent) {
    let _ = events.send(BackendEvent::Panel(e));
}

/// A form's request: `Done` with `ok` on success, `Refused` with the domain error otherwise.
fn form_result<T>(events: &Events, r: OpsResult<T>, ok: impl FnOnce(T) -> String) {
    let e = match r {
        Ok(v) => PanelEvent::Done { message: ok(v) },
        Err(err) => PanelEvent::Refused {
            message: err.to_string(),
            error: match err {
                OpsError::Refused(d) => Some(d),
                _ => None,
            },
        },
    };
    send(events, e);
}

/// A list-screen action: failures become the one-line notice.
fn action_result<T>(events: &Events, r: OpsResult<T>, ok: impl FnOnce(T) -> String) {
    let e = match r {
        Ok(v) => BackendEvent::Panel(PanelEvent::Done { message: ok(v) }),
        Err(err) => BackendEvent::Failed {
            message: err.to_string(),
        },
    };
    let _ = events.send(e);
}

pub(super) fn answer(console: &mut Console, r: PanelRequest, events: &Events) {
    match r {
        PanelRequest::AnswerHostKey { reply, trust } => {
            let decision = if trust {
                TrustDecision::Trust
            } else {
                TrustDecision::Reject
            };
            if !reply.send(decision) {
                let _ = events.send(BackendEvent::Failed {
                    message: "The host-key question had already timed out; nothing was trusted."
                        .into(),
                });
            }
        }
        PanelRequest::Accounts => accounts(console, events),
        PanelRequest::CreateOrganization { name } => {
            let shown = name.trim().to_string();
            form_result(events, console.create_organization(&name), |_| {
                format!("Organization '{shown}' created.")
            });
            accounts(console, events);
        }
        PanelRequest::CreateUser {
            username,
            password,
            confirm,
            organization,
        } => {
            let role = organization.map_or(Role::Admin, Role::Owner);
            let r = console.create_user(&username, &password, &confirm, role);
            form_result(events, r, |u| format!("Account '{}' created.", u.username));
            accounts(console, events);
        }
        PanelRequest::SetDisabled { user, disabled } => {
            action_result(events, console.set_user_disabled(user, disabled), |()| {
                let what = if disabled { "disabled" } else { "enabled" };
                format!("Account {what}.")
            });
            accounts(console, events);
        }
        PanelRequest::SetPassword {
            user,
            password,
            confirm,
        } => {
            let r = console.set_user_password(user, &password, &confirm);
            form_result(events, r, |()| "Password changed.".to_string());
        }
    }
}

fn accounts(console: &Console, events: &Events) {
    let e = match (console.organizations(), console.users()) {
        (Ok(organizations), Ok(users)) => PanelEvent::Accounts {
            organizations,
            users,
        },
        (Err(e), _) | (_, Err(e)) => PanelEvent::AccountsRefused(e.to_string()),
    };
    send(events, e);
}
