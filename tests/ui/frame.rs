//! Snapshots of the console frame over ratatui's `TestBackend` at 80x24 and 120x40: every
//! tab and navigation item, the login screens, the help modal, the command line and the filter.

use crate::support::fixtures::ev;
use crate::support::keys::press;
use crate::support::render::{SIZES, draw_app};
use lunadeck::app::message::{BackendEvent, DeviceRow, SessionInfo, StatusCounts};
use lunadeck::app::{Action, App, AppOptions, Keymap, NavItem, Tab, update};
use lunadeck::domain::device::{DeviceStatus, Licences};
use lunadeck::domain::ids::{HsmSerial, JobId};
use lunadeck::domain::job::{Job, JobState};
use lunadeck::domain::organization::Role;
use lunadeck::domain::timestamp::Timestamp;
use lunadeck::jobs::JobEvent;
use ratatui::style::Modifier;

fn options(read_only: bool, monochrome: bool) -> AppOptions {
    AppOptions {
        read_only,
        monochrome,
        demo: false,
        replay: false,
    }
}

fn device(name: &str, serial: &str, status: DeviceStatus, seen: Option<i64>) -> DeviceRow {
    DeviceRow {
        serial: HsmSerial::new(serial),
        name: name.into(),
        host: format!("{name}.example.net:22"),
        model: "Luna A790".into(),
        software: "7.8.4".into(),
        firmware: "7.8.2".into(),
        // hsm-nice stands for a 5.3 appliance: its hsm show prints no licence counts.
        licences: (name != "hsm-nice").then_some(Licences {
            allowed: 10,
            used: 2,
        }),
        status,
        last_seen: seen.map(Timestamp),
    }
}

fn job(id: i64, op: &str, state: JobState) -> Job {
    Job {
        id: JobId(id),
        operation: op.into(),
        service: None,
        devices: vec![HsmSerial::new("1234567")],
        started_by: "admin".into(),
        started_at: Timestamp(1_800_000_000),
        finished_at: None,
        state,
        acknowledged: false,
        subject: None,
    }
}

/// A signed-in Admin with three devices and three jobs, one of them running.
fn fleet_app(read_only: bool, monochrome: bool) -> App {
    let mut app = App::new(Keymap::defaults().unwrap(), options(read_only, monochrome));
    ev(&mut app, BackendEvent::Ready { has_accounts: true });
    ev(
        &mut app,
        BackendEvent::LoggedIn(SessionInfo {
            username: "admin".into(),
            role: Role::Admin,
            organization: None,
            read_only,
        }),
    );
    ev(
        &mut app,
        BackendEvent::Devices(vec![
            device(
                "hsm-paris",
                "1234567",
                DeviceStatus::Up,
                Some(1_800_000_000),
            ),
            device(
                "hsm-lyon",
                "1234568",
                DeviceStatus::Unauthorized,
                Some(1_800_000_100),
            ),
            device("hsm-nice", "1234569", DeviceStatus::Unreachable, None),
        ]),
    );
    ev(
        &mut app,
        BackendEvent::Jobs(vec![
            job(3, "device.refresh", JobState::Running),
            job(2, "device.add", JobState::Succeeded),
            job(
                1,
                "device.authorize",
                JobState::Failed {
                    message: "hsm-nice: SO login refused".into(),
                },
            ),
        ]),
    );
    ev(
        &mut app,
        BackendEvent::Counts(StatusCounts {
            devices_up: Some(2),
            devices_down: Some(1),
            running_jobs: 1,
        }),
    );
    ev(
        &mut app,
        BackendEvent::Job(JobEvent::Progress {
            job: JobId(3),
            device: HsmSerial::new("1234567"),
            step: "read hsm show on hsm-paris".into(),
            done: 1,
            total: 2,
        }),
    );
    app
}

fn snap(name: &str, app: &App) {
    for size in SIZES {
        let t = draw_app(app, size);
        insta::assert_snapshot!(format!("{name}_{}x{}", size.0, size.1), t.backend());
    }
}

fn typed(app: &mut App, s: &str) {
    for c in s.chars() {
        update(app, Action::Input(c));
    }
}

#[test]
fn nav_1_every_tab() {
    for (tab, name) in [
        (Tab::Devices, "nav_1_devices"),
        (Tab::Accounts, "nav_1_accounts"),
        (Tab::Jobs, "nav_1_jobs"),
        (Tab::Audit, "nav_1_audit"),
    ] {
        let mut app = fleet_app(false, false);
        update(&mut app, Action::GoTab(tab));
        snap(name, &app);
    }
}

#[test]
fn nav_1_every_crypto_services_item() {
    for (item, name) in [
        (NavItem::Services, "nav_1_services"),
        (NavItem::ServiceTemplates, "nav_1_templates"),
        (NavItem::ImportPartitions, "nav_1_import"),
        (NavItem::MigrateService, "nav_1_migrate"),
    ] {
        let mut app = fleet_app(false, false);
        update(&mut app, Action::GoNav(item));
        snap(name, &app);
    }
}

#[test]
fn nav_4_login_screens() {
    let mut app = App::new(Keymap::defaults().unwrap(), options(false, false));
    snap("nav_4_login_connecting", &app);
    ev(&mut app, BackendEvent::Ready { has_accounts: true });
    press(&mut app, "\"admin\" Tab \"hunter2\"");
    let t = draw_app(&app, (80, 24));
    assert!(
        !format!("{:?}", t.backend()).contains("hunter2"),
        "password shown"
    );
    snap("nav_4_login_sign_in", &app);

    let mut first = App::new(Keymap::defaults().unwrap(), options(false, false));
    ev(
        &mut first,
        BackendEvent::Ready {
            has_accounts: false,
        },
    );
    press(&mut first, "\"root\" Tab \"abc\" Tab \"abd\" Enter");
    snap("nav_4_login_first_admin_mismatch", &first);
}

#[test]
fn nav_2_help_modal_command_line_and_filter() {
    let mut app = fleet_app(false, false);
    update(&mut app, Action::Help);
    snap("nav_2_help", &app);

    let mut app = fleet_app(false, false);
    update(&mut app, Action::OpenCommandLine);
    typed(&mut app, "a");
    update(&mut app, Action::Complete);
    snap("nav_2_command_line_candidates", &app);

    let mut app = fleet_app(false, false);
    update(&mut app, Action::OpenFilter);
    typed(&mut app, "lyon");
    snap("nav_2_filter_editing", &app);
}

#[test]
fn nav_5_status_bar_read_only_and_quit_confirmation() {
    let mut app = fleet_app(true, false);
    update(&mut app, Action::Quit);
    snap("nav_5_read_only_confirm_quit", &app);
}

#[test]
fn x_3_monochrome_selection_stays_visible() {
    let app = fleet_app(false, true);
    let t = draw_app(&app, (80, 24));
    let buf = t.backend().buffer();
    // Row 3 is the first table row (tab bar, border, header).
    let cell = &buf[(2, 3)];
    assert!(
        cell.modifier.contains(Modifier::REVERSED),
        "selected row must be reverse video in monochrome: {cell:?}"
    );
    for cell in buf.content() {
        assert_eq!(
            cell.fg,
            ratatui::style::Color::Reset,
            "no colour in monochrome"
        );
        assert_eq!(
            cell.bg,
            ratatui::style::Color::Reset,
            "no colour in monochrome"
        );
    }
}

#[test]
fn x_3_frame_draws_with_the_theme_in_both_palettes() {
    use lunadeck::ui::theme::Theme;
    for (mono, theme) in [(false, Theme::default16()), (true, Theme::mono())] {
        let app = fleet_app(false, mono);
        let t = draw_app(&app, (80, 24));
        let buf = t.backend().buffer();
        // The active tab (Devices, right after " lunadeck ") and the status bar (row 22).
        let tab = &buf[(12, 0)];
        assert_eq!(
            tab.style().add_modifier,
            theme.tab_active.add_modifier,
            "{tab:?}"
        );
        assert_eq!(
            tab.bg,
            theme.tab_active.bg.unwrap_or(ratatui::style::Color::Reset)
        );
        let bar = &buf[(1, 22)];
        assert_eq!(
            bar.bg,
            theme.status_bar.bg.unwrap_or(ratatui::style::Color::Reset),
            "mono={mono}: {bar:?}"
        );
        assert!(bar.modifier.contains(theme.status_bar.add_modifier));
        // The selected row carries the theme's selection.
        let row = &buf[(2, 3)];
        assert!(
            row.modifier.contains(theme.selected.add_modifier),
            "{row:?}"
        );
    }
}
