//! `update` unit tests for user intents: tab and navigation moves, command line, filter, help,
//! quit confirmation, Esc never emitting a command.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use super::*;
use crate::app::keymap::Keymap;
use crate::app::message::BackendEvent;
use crate::app::message::{SessionInfo, StatusCounts};
use crate::app::modal::{Modal, QuitChoice};
use crate::app::prompt::FilterMode;
use crate::app::state::AppOptions;
use crate::app::tab::{Focus, NavItem, Tab};
use crate::domain::organization::Role;

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
        [
            Command::Backend(BackendRequest::ListJobs),
            Command::Backend(BackendRequest::Screen(crate::screens::ScreenRequest::Jobs(
                crate::screens::jobs::Request::Now
            )))
        ]
    ));
    let cmds = update(&mut a, Action::GoTab(Tab::Accounts));
    assert!(matches!(
        cmds.as_slice(),
        [Command::Backend(BackendRequest::Screen(
            crate::screens::ScreenRequest::Accounts(crate::screens::accounts::Request::List)
        ))]
    ));
    let cmds = update(&mut a, Action::GoTab(Tab::CryptoServices));
    assert!(
        matches!(
            cmds.as_slice(),
            [Command::Backend(BackendRequest::Screen(
                crate::screens::ScreenRequest::Services(crate::screens::services::Request::List)
            ))]
        ),
        "arriving on Crypto Services reads the services list"
    );
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
    // Said on the notice line, and the line closes (issue 11.7).
    assert!(a.command.is_none());
    let err = a.notice.clone().unwrap();
    assert!(
        err.starts_with("unknown command ':zz'; commands: accounts, audit"),
        "{err}"
    );
    update(&mut a, Action::OpenCommandLine);
    type_text(&mut a, "a");
    update(&mut a, Action::Complete);
    let line = a.command.as_ref().unwrap();
    assert_eq!(line.candidates, ["accounts", "audit"]);
    update(&mut a, Action::Submit);
    assert!(a.command.is_none());
    assert_eq!(a.notice.as_deref(), Some(":a could be accounts, audit"));
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
                    firmware: "7.8.2".into(),
                    licences: None,
                    status: crate::domain::device::DeviceStatus::Up,
                    last_seen: None,
                })
                .collect(),
        )),
    );
    update(&mut a, Action::Move(Motion::Bottom));
    assert_eq!(a.screens.devices.table.selected_index(), Some(2));
    update(&mut a, Action::OpenFilter);
    type_text(&mut a, "alp");
    assert_eq!(a.screens.devices.table.visible_len(), 2);
    assert_eq!(a.screens.devices.table.selected_index(), Some(1));
    update(&mut a, Action::Submit);
    assert_eq!(a.filter.as_ref().unwrap().mode, FilterMode::Applied);
    // Keys go to the screen again, the filter stays.
    update(&mut a, Action::Move(Motion::Up));
    assert_eq!(a.screens.devices.table.selected_index(), Some(0));
    update(&mut a, Action::Back);
    assert!(a.filter.is_none());
    assert_eq!(a.screens.devices.table.visible_len(), 3);
}

#[test]
fn nav_2_filter_is_refused_where_there_is_no_list() {
    let mut a = signed_in();
    update(&mut a, Action::GoTab(Tab::CryptoServices));
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
fn nav_2_esc_on_screens_never_emits_a_command() {
    let mut a = signed_in();
    for tab in Tab::ALL {
        update(&mut a, Action::GoTab(tab));
        for _ in 0..3 {
            assert!(update(&mut a, Action::Back).is_empty(), "{tab:?}");
        }
    }
}
