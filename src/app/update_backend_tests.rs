//! `update` unit tests for backend messages: login (sign in, first Admin, refusals), the
//! requests sent after sign-in, job progress and fatal errors.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use super::*;
use crate::app::action::Action;
use crate::app::keymap::Keymap;
use crate::app::message::SessionInfo;
use crate::app::state::AppOptions;
use crate::app::update::update;
use crate::domain::organization::Role;
use crate::kit::DialogInput;
use crate::screens::login::{
    Event as LoginEvent, LoginField, LoginMode, LoginPhase, Request as LoginRequest,
};
use crate::screens::{ScreenEvent, ScreenRequest};

fn app() -> App {
    App::new(Keymap::defaults().unwrap(), AppOptions::default())
}

fn ev(e: BackendEvent) -> Action {
    Action::Backend(Box::new(e))
}

fn signed_in() -> App {
    let mut a = app();
    update(&mut a, ev(BackendEvent::Ready { has_accounts: true }));
    update(
        &mut a,
        ev(BackendEvent::LoggedIn(SessionInfo {
            username: "admin".into(),
            role: Role::Admin,
            organization: None,
            read_only: false,
        })),
    );
    a
}

fn type_text(a: &mut App, s: &str) {
    for c in s.chars() {
        update(a, Action::Dialog(DialogInput::Type(c)));
    }
}

#[test]
fn nav_4_sign_in_sends_the_password_and_clears_the_buffer() {
    let mut a = app();
    assert_eq!(a.screens.login.mode, LoginMode::Connecting);
    update(&mut a, ev(BackendEvent::Ready { has_accounts: true }));
    type_text(&mut a, "admin");
    update(&mut a, Action::Dialog(DialogInput::NextField));
    type_text(&mut a, "s3cret");
    let cmds = update(&mut a, Action::Dialog(DialogInput::Submit));
    match cmds.as_slice() {
        [
            Command::Backend(BackendRequest::Screen(ScreenRequest::Login(LoginRequest::SignIn {
                username,
                password,
            }))),
        ] => {
            assert_eq!(username, "admin");
            assert_eq!(password.expose(), "s3cret");
        }
        other => panic!("{other:?}"),
    }
    let l = &a.screens.login;
    assert_eq!(l.phase, LoginPhase::Checking);
    assert!(l.password.is_empty());
    assert!(!format!("{l:?}").contains("s3cret"));
    // Keys are ignored while checking.
    assert!(update(&mut a, Action::Dialog(DialogInput::Submit)).is_empty());
    update(
        &mut a,
        ev(BackendEvent::Screen(ScreenEvent::Login(
            LoginEvent::Refused {
                message: "Wrong username or password.".into(),
            },
        ))),
    );
    let l = &a.screens.login;
    assert_eq!(l.error.as_deref(), Some("Wrong username or password."));
    assert_eq!(l.field, LoginField::Password);
}

#[test]
fn nav_4_login_refuses_empty_fields_with_the_field_named() {
    let cases = [
        ("", "x", "Username: enter a username."),
        ("bob", "", "Password: enter a password."),
    ];
    for (user, pass, want) in cases {
        let mut a = app();
        update(&mut a, ev(BackendEvent::Ready { has_accounts: true }));
        type_text(&mut a, user);
        update(&mut a, Action::Dialog(DialogInput::NextField));
        type_text(&mut a, pass);
        assert!(update(&mut a, Action::Dialog(DialogInput::Submit)).is_empty());
        assert_eq!(a.screens.login.error.as_deref(), Some(want));
    }
}

#[test]
fn nav_4_first_start_creates_the_admin_with_the_password_twice() {
    let mut a = app();
    update(
        &mut a,
        ev(BackendEvent::Ready {
            has_accounts: false,
        }),
    );
    assert_eq!(a.screens.login.mode, LoginMode::CreateAdmin);
    type_text(&mut a, "root");
    update(&mut a, Action::Dialog(DialogInput::NextField));
    type_text(&mut a, "one");
    update(&mut a, Action::Dialog(DialogInput::NextField));
    type_text(&mut a, "two");
    assert!(update(&mut a, Action::Dialog(DialogInput::Submit)).is_empty());
    let l = &a.screens.login;
    assert_eq!(
        l.error.as_deref(),
        Some("Password: the two passwords differ; type them again.")
    );
    assert!(l.password.is_empty() && l.confirm.is_empty());
    type_text(&mut a, "same");
    update(&mut a, Action::Dialog(DialogInput::NextField));
    type_text(&mut a, "same");
    let cmds = update(&mut a, Action::Dialog(DialogInput::Submit));
    assert!(
        matches!(cmds.as_slice(), [Command::Backend(BackendRequest::Screen(ScreenRequest::Login(LoginRequest::CreateAdmin { username, .. })))] if username == "root"),
        "{cmds:?}"
    );
}

#[test]
fn x_7_read_only_cannot_create_the_first_admin() {
    let mut a = App::new(
        Keymap::defaults().unwrap(),
        AppOptions {
            read_only: true,
            ..AppOptions::default()
        },
    );
    update(
        &mut a,
        ev(BackendEvent::Ready {
            has_accounts: false,
        }),
    );
    type_text(&mut a, "root");
    update(&mut a, Action::Dialog(DialogInput::NextField));
    type_text(&mut a, "pw");
    update(&mut a, Action::Dialog(DialogInput::NextField));
    type_text(&mut a, "pw");
    assert!(update(&mut a, Action::Dialog(DialogInput::Submit)).is_empty());
    assert!(
        a.screens
            .login
            .error
            .as_deref()
            .unwrap()
            .starts_with("Read-only mode")
    );
}

#[test]
fn nav_5_logged_in_asks_for_counts_devices_and_jobs() {
    let mut a = app();
    let cmds = update(
        &mut a,
        ev(BackendEvent::LoggedIn(SessionInfo {
            username: "o".into(),
            role: Role::Admin,
            organization: None,
            read_only: false,
        })),
    );
    assert!(a.session.is_some());
    let kinds: Vec<_> = cmds
        .iter()
        .map(|c| match c {
            Command::Backend(BackendRequest::StatusCounts) => "counts",
            Command::Backend(BackendRequest::ListDevices) => "devices",
            Command::Backend(BackendRequest::ListJobs) => "jobs",
            _ => "other",
        })
        .collect();
    assert_eq!(kinds, ["counts", "devices", "jobs"]);
}

#[test]
fn nav_5_job_progress_animates_until_the_job_finishes() {
    use crate::domain::ids::{HsmSerial, JobId};
    use crate::jobs::JobEvent;
    let mut a = signed_in();
    assert!(!a.animating());
    update(
        &mut a,
        ev(BackendEvent::Job(JobEvent::Progress {
            job: JobId(7),
            device: HsmSerial::new("1"),
            step: "hsm show".into(),
            done: 1,
            total: 3,
        })),
    );
    assert!(a.animating());
    assert_eq!(a.running_jobs(), 1);
    update(&mut a, Action::Tick);
    assert_eq!(a.spinner, 1);
    update(
        &mut a,
        ev(BackendEvent::JobDone {
            job: JobId(7),
            state: crate::domain::job::JobState::Succeeded,
            summary: "device added".into(),
        }),
    );
    assert!(!a.animating());
    assert_eq!(a.notice.as_deref(), Some("Job 7: device added"));
}

#[test]
fn x_4_fatal_backend_error_is_shown_and_closing_it_quits() {
    let mut a = app();
    update(
        &mut a,
        ev(BackendEvent::Fatal {
            message: "cannot open the database /x".into(),
        }),
    );
    assert!(matches!(a.modal, Some(Modal::Fatal { .. })));
    assert!(matches!(
        update(&mut a, Action::Back).as_slice(),
        [Command::Quit]
    ));
}
