//! The Accounts screen on the backend thread: each request is one `ops::Console` call (only an
//! Admin may manage accounts: decided there); after a change the lists are sent again.

use super::{Event, Request};
use crate::app::screen::Answers;
use crate::domain::organization::Role;
use crate::ops::Console;

pub(super) fn serve(console: &mut Console, request: Request, out: &mut Answers<'_>) {
    match request {
        Request::List => {}
        Request::CreateOrganization { name } => {
            let shown = name.trim().to_string();
            match console.create_organization(&name) {
                Ok(_) => out.form_done(format!("Organization '{shown}' created.")),
                Err(e) => out.form_refused(e),
            }
        }
        Request::CreateUser {
            username,
            password,
            confirm,
            organization,
        } => {
            let role = organization.map_or(Role::Admin, Role::Owner);
            let (password, confirm) = (password.into_secret(), confirm.into_secret());
            match console.create_user(&username, &password, &confirm, role) {
                Ok(u) => out.form_done(format!("Account '{}' created.", u.username)),
                Err(e) => out.form_refused(e),
            }
        }
        Request::SetDisabled { user, disabled } => {
            match console.set_user_disabled(user, disabled) {
                Ok(()) => {
                    let what = if disabled { "disabled" } else { "enabled" };
                    out.say(format!("Account {what}."));
                }
                Err(e) => out.failed(e.to_string()),
            }
        }
        Request::SetPassword {
            user,
            password,
            confirm,
        } => {
            let (password, confirm) = (password.into_secret(), confirm.into_secret());
            match console.set_user_password(user, &password, &confirm) {
                Ok(()) => out.form_done("Password changed."),
                Err(e) => out.form_refused(e),
            }
            return;
        }
        Request::OwnPassword {
            current,
            password,
            confirm,
        } => {
            let current = current.into_secret();
            let (password, confirm) = (password.into_secret(), confirm.into_secret());
            match console.change_own_password(&current, &password, &confirm) {
                Ok(()) => out.form_done("Your password is changed."),
                Err(e) => out.form_refused(e),
            }
            return;
        }
    }
    out.answer(match (console.organizations(), console.users()) {
        (Ok(organizations), Ok(users)) => Event::Listed {
            organizations,
            users,
        },
        (Err(e), _) | (_, Err(e)) => Event::Refused(e.to_string()),
    });
}
