//! `update` unit tests: login (sign in, first Admin, refusals), tab and navigation moves,
//! command line, filter, help and quit confirmation, backend messages.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use super::*;
use crate::app::keymap::Keymap;
use crate::app::message::{SessionInfo, StatusCounts};
use crate::app::state::AppOptions;
use crate::domain::organization::Role;
use secrecy::ExposeSecret;

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
        update(a, Action::Input(c));
    }
}

fn running(a: &mut App, n: usize) {
    update(
        a,
        ev(BackendEvent::Counts(StatusCounts {
            devices_up: Some(1),
            devices_down: Some(0),
            running_jobs: n,
        })),
    );
}

#[test]
fn nav_4_sign_in_sends_the_password_and_clears_the_buffer() {
    let mut a = app();
    assert_eq!(a.login.as_ref().unwrap().mode, LoginMode::Connecting);
    update(&mut a, ev(BackendEvent::Ready { has_accounts: true }));
    type_text(&mut a, "admin");
    update(&mut a, Action::NextField);
    type_text(&mut a, "s3cret");
    let cmds = update(&mut a, Action::Submit);
    match cmds.as_slice() {
        [Command::Backend(BackendRequest::Login { username, password })] => {
            assert_eq!(username, "admin");
            assert_eq!(password.expose_secret(), "s3cret");
        }
        other => panic!("{other:?}"),
    }
    let l = a.login.as_ref().unwrap();
    assert_eq!(l.phase, LoginPhase::Checking);
    assert!(l.password.is_empty());
    assert!(!format!("{l:?}").contains("s3cret"));
    // Keys are ignored while checking.
    assert!(update(&mut a, Action::Submit).is_empty());
    update(
        &mut a,
        ev(BackendEvent::LoginRefused {
            message: "Wrong username or password.".into(),
        }),
    );
    let l = a.login.as_ref().unwrap();
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
        update(&mut a, Action::NextField);
        type_text(&mut a, pass);
        assert!(update(&mut a, Action::Submit).is_empty());
        assert_eq!(a.login.as_ref().unwrap().error.as_deref(), Some(want));
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
    assert_eq!(a.login.as_ref().unwrap().mode, LoginMode::CreateAdmin);
    type_text(&mut a, "root");
    update(&mut a, Action::NextField);
    type_text(&mut a, "one");
    update(&mut a, Action::NextField);
    type_text(&mut a, "two");
    assert!(update(&mut a, Action::Submit).is_empty());
    let l = a.login.as_ref().unwrap();
    assert_eq!(
        l.error.as_deref(),
        Some("Password: the two passwords differ; type them again.")
    );
    assert!(l.password.is_empty() && l.confirm.is_empty());
    type_text(&mut a, "same");
    update(&mut a, Action::NextField);
    type_text(&mut a, "same");
    let cmds = update(&mut a, Action::Submit);
    assert!(
        matches!(cmds.as_slice(), [Command::Backend(BackendRequest::CreateAdmin { username, .. })] if username == "root"),
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
    update(&mut a, Action::NextField);
    type_text(&mut a, "pw");
    update(&mut a, Action::NextField);
    type_text(&mut a, "pw");
    assert!(update(&mut a, Action::Submit).is_empty());
    assert!(
        a.login
            .as_ref()
            .unwrap()
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
    assert!(a.login.is_none());
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
fn nav_1_tabs_wrap_and_crypto_services_starts_in_the_nav_frame() {
    let mut a = signed_in();
    let mut seen = vec![a.tab];
    for _ in 0..5 {
        update(&mut a, Action::NextTab);
        seen.push(a.tab);
    }
    assert_eq!(
        seen,
        [
            Tab::Devices,
            Tab::CryptoServices,
            Tab::Accounts,
            Tab::Jobs,
            Tab::Audit,
            Tab::Devices
        ]
    );
    update(&mut a, Action::PrevTab);
    assert_eq!(a.tab, Tab::Audit);
    update(&mut a, Action::GoTab(Tab::CryptoServices));
    assert_eq!(a.focus, Focus::Nav);
    update(&mut a, Action::Move(Motion::Down));
    update(&mut a, Action::Move(Motion::Down));
    assert_eq!(a.nav, NavItem::ImportPartitions);
    update(&mut a, Action::Move(Motion::Bottom));
    update(&mut a, Action::Move(Motion::Down));
    assert_eq!(a.nav, NavItem::MigrateService);
    update(&mut a, Action::Open);
    assert_eq!(a.focus, Focus::Content);
    update(&mut a, Action::Back);
    assert_eq!(a.focus, Focus::Nav);
    update(&mut a, Action::FocusNext);
    assert_eq!(a.focus, Focus::Content);
}

#[test]
fn nav_1_switching_to_devices_or_jobs_refreshes_them() {
    let mut a = signed_in();
    let cmds = update(&mut a, Action::GoTab(Tab::Jobs));
    assert!(matches!(
        cmds.as_slice(),
        [Command::Backend(BackendRequest::ListJobs)]
    ));
    let cmds = update(&mut a, Action::GoTab(Tab::Accounts));
    assert!(cmds.is_empty());
}

#[test]
fn nav_2_command_line_completes_and_jumps() {
    let cases = [
        ("serv", true, Tab::CryptoServices, NavItem::Services),
        ("te", true, Tab::CryptoServices, NavItem::ServiceTemplates),
        ("imp", false, Tab::CryptoServices, NavItem::ImportPartitions),
        (
            "migrate",
            false,
            Tab::CryptoServices,
            NavItem::MigrateService,
        ),
        ("jobs", false, Tab::Jobs, NavItem::Services),
        ("au", true, Tab::Audit, NavItem::Services),
        ("acc", false, Tab::Accounts, NavItem::Services),
        ("d", true, Tab::Devices, NavItem::Services),
    ];
    for (typed, tab_complete, tab, nav) in cases {
        let mut a = signed_in();
        update(&mut a, Action::GoTab(Tab::Jobs));
        update(&mut a, Action::OpenCommandLine);
        type_text(&mut a, typed);
        if tab_complete {
            update(&mut a, Action::Complete);
        }
        update(&mut a, Action::Submit);
        assert!(a.command.is_none(), "{typed}");
        assert_eq!((a.tab, a.nav), (tab, nav), "{typed}");
    }
}

#[test]
fn nav_2_command_line_explains_unknown_and_ambiguous_commands() {
    let mut a = signed_in();
    update(&mut a, Action::OpenCommandLine);
    type_text(&mut a, "zz");
    update(&mut a, Action::Submit);
    let err = a.command.as_ref().unwrap().error.clone().unwrap();
    assert!(
        err.starts_with("unknown command ':zz'; commands: accounts, audit"),
        "{err}"
    );
    update(&mut a, Action::Back);
    assert!(a.command.is_none());
    update(&mut a, Action::OpenCommandLine);
    type_text(&mut a, "a");
    update(&mut a, Action::Complete);
    let line = a.command.as_ref().unwrap();
    assert_eq!(line.candidates, ["accounts", "audit"]);
    update(&mut a, Action::Submit);
    assert_eq!(
        a.command.as_ref().unwrap().error.as_deref(),
        Some(":a could be accounts, audit")
    );
}

#[test]
fn nav_2_filter_narrows_then_esc_clears_it() {
    let mut a = signed_in();
    update(
        &mut a,
        ev(BackendEvent::Devices(
            ["alpha", "beta", "alpine"]
                .iter()
                .map(|n| crate::app::message::DeviceRow {
                    serial: crate::domain::ids::HsmSerial::new(format!("{n}-1")),
                    name: (*n).into(),
                    host: "h".into(),
                    model: "A790".into(),
                    software: "7.8.4".into(),
                    status: crate::domain::device::DeviceStatus::Up,
                    last_seen: None,
                })
                .collect(),
        )),
    );
    update(&mut a, Action::Move(Motion::Bottom));
    assert_eq!(a.devices.selected, 2);
    update(&mut a, Action::OpenFilter);
    type_text(&mut a, "alp");
    assert_eq!(a.visible_len(), 2);
    assert_eq!(a.devices.selected, 1);
    update(&mut a, Action::Submit);
    assert_eq!(a.filter.as_ref().unwrap().mode, FilterMode::Applied);
    // Keys go to the screen again, the filter stays.
    update(&mut a, Action::Move(Motion::Up));
    assert_eq!(a.devices.selected, 0);
    update(&mut a, Action::Back);
    assert!(a.filter.is_none());
    assert_eq!(a.visible_len(), 3);
}

#[test]
fn nav_2_filter_is_refused_where_there_is_no_list() {
    let mut a = signed_in();
    update(&mut a, Action::GoTab(Tab::Audit));
    update(&mut a, Action::OpenFilter);
    assert!(a.filter.is_none());
    assert_eq!(
        a.notice.as_deref(),
        Some("Nothing to filter on this screen.")
    );
}

#[test]
fn nav_2_help_opens_swallows_and_closes() {
    let mut a = signed_in();
    update(&mut a, Action::Help);
    assert_eq!(a.modal, Some(Modal::Help { scroll: 0 }));
    update(&mut a, Action::NextTab);
    assert_eq!(a.tab, Tab::Devices, "a modal swallows every action");
    update(&mut a, Action::Move(Motion::Down));
    assert_eq!(a.modal, Some(Modal::Help { scroll: 1 }));
    update(&mut a, Action::Back);
    assert!(a.modal.is_none());
}

#[test]
fn nav_2_quit_is_immediate_when_idle_and_asks_when_jobs_run() {
    let mut a = signed_in();
    assert!(matches!(
        update(&mut a, Action::Quit).as_slice(),
        [Command::Quit]
    ));
    running(&mut a, 2);
    assert!(update(&mut a, Action::Quit).is_empty());
    assert_eq!(
        a.modal,
        Some(Modal::ConfirmQuit {
            running: 2,
            choice: QuitChoice::Stay
        })
    );
    // Enter on the default button stays.
    assert!(update(&mut a, Action::Confirm).is_empty());
    assert!(a.modal.is_none());
    // Ctrl-C asks too; Esc stays; choosing Quit quits.
    update(&mut a, Action::Interrupt);
    assert!(update(&mut a, Action::Back).is_empty());
    update(&mut a, Action::Interrupt);
    assert!(update(&mut a, Action::Interrupt).is_empty());
    update(&mut a, Action::NextChoice);
    assert!(matches!(
        update(&mut a, Action::Confirm).as_slice(),
        [Command::Quit]
    ));
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

#[test]
fn nav_2_esc_on_screens_never_emits_a_command() {
    let mut a = signed_in();
    for tab in Tab::ALL {
        update(&mut a, Action::GoTab(tab));
        for _ in 0..3 {
            assert!(update(&mut a, Action::Back).is_empty(), "{tab:?}");
        }
    }
}
