//! How backend messages change the state: login answers, lists, counts and job progress
//! forwarded from the engine. Part of `update` (pure, no IO).

use super::action::Command;
use super::message::{BackendEvent, BackendRequest};
use super::modal::Modal;
use super::state::App;
use super::update::request;

pub(super) fn backend(app: &mut App, event: BackendEvent) -> Vec<Command> {
    if let BackendEvent::JobDone { job, summary, .. } = &event {
        // Said first: the screen that waited for the job may say more.
        app.notice = Some(format!("Job {job}: {summary}"));
    }
    let mut commands = crate::screens::Screens::frame(app, &event);
    commands.extend(frame(app, event));
    commands
}

fn frame(app: &mut App, event: BackendEvent) -> Vec<Command> {
    match event {
        BackendEvent::LoggedIn(info) => {
            use crate::domain::operation::Operation;
            // An Owner may not list devices (PERM): not asked, so nothing is refused.
            let devices =
                crate::domain::permission::never_for(info.role, Operation::ViewDevices).is_none();
            app.session = Some(info);
            let mut asks = vec![request(BackendRequest::StatusCounts)];
            if devices {
                asks.push(request(BackendRequest::ListDevices));
            }
            asks.push(request(BackendRequest::ListJobs));
            return asks;
        }
        BackendEvent::SignedOut { running } => signed_out(app, running),
        BackendEvent::Counts(c) => app.counts = c,
        BackendEvent::Job(e) => return crate::screens::Screens::job(app, &e),
        BackendEvent::HostKeyQuestion(p) => app.panels.ask_host_key(p),
        BackendEvent::Panel(e) => return super::update_panels::backend(app, e),
        BackendEvent::Screen(e) => return crate::screens::Screens::event(app, e),
        // `--demo` only: the sign-in screen (just set up by the screen itself) offers the
        // demo Admin; a console on a real database never prefills anything.
        BackendEvent::Ready { .. } if app.options.demo => app.screens.login.prefill_demo_admin(),
        BackendEvent::Ready { .. }
        | BackendEvent::JobDone { .. }
        | BackendEvent::Devices(_)
        | BackendEvent::Jobs(_) => {}
        BackendEvent::Failed { message } | BackendEvent::Said { message } => {
            app.notice = Some(message)
        }
        BackendEvent::Fatal { message } => app.modal = Some(Modal::Fatal { message }),
    }
    Vec::new()
}

/// Signed out (issue 11.12): nothing of the last session stays on the screen or in memory —
/// its lists, open dialogs, typed text, messages — and the sign-in screen is in front.
fn signed_out(app: &mut App, running: usize) {
    use crate::screens::login::{LoginMode, LoginPhase};
    let who = app.session.take().map(|s| s.username).unwrap_or_default();
    app.screens = Default::default();
    app.screens.login.mode = LoginMode::SignIn;
    app.screens.login.phase = LoginPhase::Editing;
    if app.options.demo {
        app.screens.login.prefill_demo_admin();
    }
    app.panels = Default::default();
    app.modal = None;
    app.command = None;
    app.filter = None;
    app.messages = Default::default();
    app.counts = Default::default();
    app.tab = Default::default();
    app.nav = Default::default();
    app.focus = Default::default();
    app.screens.login.said = Some(match running {
        0 => format!("{who} signed out."),
        n => format!("{who} signed out; {n} job(s) keep running."),
    });
    app.notice = None;
}

#[cfg(test)]
#[path = "update_backend_tests.rs"]
mod tests;
