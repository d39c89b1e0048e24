//! Flow tests: key events go through the real routing (`route`) and `update`, as in the run loop
//! (NAV-1, NAV-2): tabs, `:` jumps with completion, `/` filter, `?` help, Esc never destructive,
//! `q` asks while jobs run, and a user key map override (with a bad key name naming file:line).

use crate::support::fixtures::ev;
use crate::support::keys::press;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use lunadeck::app::message::{BackendEvent, DeviceRow, SessionInfo, StatusCounts};
use lunadeck::app::modal::Modal;
use lunadeck::app::route::route;
use lunadeck::app::{App, AppOptions, Command, Focus, Keymap, NavItem, Tab};
use lunadeck::domain::device::DeviceStatus;
use lunadeck::domain::ids::HsmSerial;
use lunadeck::domain::organization::Role;
use lunadeck::screens::{ScreenEvent, ScreenRequest, login};

fn signed_in(keymap: Keymap) -> App {
    let mut app = App::new(keymap, AppOptions::default());
    ev(&mut app, BackendEvent::Ready { has_accounts: true });
    ev(
        &mut app,
        BackendEvent::LoggedIn(SessionInfo {
            username: "admin".into(),
            role: Role::Admin,
            organization: None,
            read_only: false,
        }),
    );
    ev(
        &mut app,
        BackendEvent::Devices(
            ["hsm-paris", "hsm-lyon", "hsm-nice"]
                .iter()
                .enumerate()
                .map(|(i, n)| DeviceRow {
                    serial: HsmSerial::new(format!("12345{i}")),
                    name: (*n).into(),
                    host: "10.0.0.1:22".into(),
                    model: "A790".into(),
                    software: "7.8.4".into(),
                    firmware: "7.8.2".into(),
                    licences: None,
                    status: DeviceStatus::Up,
                    last_seen: None,
                })
                .collect(),
        ),
    );
    app
}

fn defaults() -> Keymap {
    Keymap::defaults().unwrap()
}

#[test]
fn nav_1_tab_switching_with_keys() {
    let mut app = signed_in(defaults());
    press(&mut app, "]");
    assert_eq!(app.tab, Tab::CryptoServices);
    assert_eq!(app.focus, Focus::Nav);
    press(&mut app, "j j");
    assert_eq!(app.nav, NavItem::ImportPartitions);
    press(&mut app, "Tab");
    assert_eq!(app.focus, Focus::Content);
    press(&mut app, "Shift-Tab");
    assert_eq!(app.focus, Focus::Nav);
    press(&mut app, "4");
    assert_eq!(app.tab, Tab::Jobs);
    press(&mut app, "[ [");
    assert_eq!(app.tab, Tab::CryptoServices);
    press(&mut app, "1 G");
    let selected = app.screens.devices.table.selected_index();
    assert_eq!((app.tab, selected), (Tab::Devices, Some(2)));
}

#[test]
fn nav_2_colon_jumps_with_completion() {
    let mut app = signed_in(defaults());
    press(&mut app, ": \"mig\" Tab");
    assert_eq!(app.command.as_ref().unwrap().input.text(), "migrate");
    press(&mut app, "Enter");
    assert!(app.command.is_none());
    assert_eq!(
        (app.tab, app.nav, app.focus),
        (Tab::CryptoServices, NavItem::MigrateService, Focus::Content)
    );
    // Keys typed in the command line never reach the screen: `q` is a letter here.
    let cmds = press(&mut app, ": \"qu\"");
    assert!(cmds.is_empty());
    press(&mut app, "Tab Enter");
    assert!(app.command.is_none());
}

#[test]
fn nav_2_quit_from_the_command_line_when_idle() {
    let mut app = signed_in(defaults());
    let cmds = press(&mut app, ": \"quit\" Enter");
    assert!(matches!(cmds.as_slice(), [Command::Quit]));
}

#[test]
fn nav_2_slash_filters_as_you_type() {
    let mut app = signed_in(defaults());
    press(&mut app, "/ \"lyo\"");
    let table = &app.screens.devices.table;
    assert_eq!(table.visible_len(), 1);
    assert_eq!(
        table.selected_row().map(|d| d.name.as_str()),
        Some("hsm-lyon")
    );
    // `j` is text while the filter is being typed.
    press(&mut app, "Backspace Backspace Backspace \"nice\" Enter");
    assert_eq!(app.screens.devices.table.visible_len(), 1);
    assert_eq!(app.filter.as_ref().unwrap().text.text(), "nice");
    press(&mut app, "Esc");
    assert!(app.filter.is_none());
    assert_eq!(app.screens.devices.table.visible_len(), 3);
}

#[test]
fn nav_2_question_mark_opens_help_and_the_modal_swallows_keys() {
    let mut app = signed_in(defaults());
    press(&mut app, "?");
    assert!(matches!(app.modal, Some(Modal::Help { .. })));
    let cmds = press(&mut app, "] 4 : / j");
    assert!(cmds.is_empty());
    assert_eq!(app.tab, Tab::Devices);
    assert!(app.command.is_none() && app.filter.is_none());
    press(&mut app, "Esc");
    assert!(app.modal.is_none());
}

#[test]
fn nav_2_esc_is_never_destructive() {
    let mut app = signed_in(defaults());
    for keys in [
        "Esc",
        "] Esc Esc",
        ": \"dev\" Esc",
        "/ \"x\" Esc",
        "? Esc",
        "Tab Esc Esc Esc",
    ] {
        // Arriving on Crypto Services reads the list shown there; Esc itself sends nothing.
        let keys = match keys.strip_prefix("] ") {
            Some(rest) => {
                press(&mut app, "]");
                rest
            }
            None => keys,
        };
        let cmds = press(&mut app, keys);
        assert!(cmds.is_empty(), "{keys}: {cmds:?}");
    }
    assert!(app.modal.is_none() && app.command.is_none() && app.filter.is_none());
}

#[test]
fn nav_2_q_quits_when_idle_and_asks_when_jobs_run() {
    let mut app = signed_in(defaults());
    assert!(matches!(press(&mut app, "q").as_slice(), [Command::Quit]));
    ev(
        &mut app,
        BackendEvent::Counts(StatusCounts {
            devices_up: Some(3),
            devices_down: Some(0),
            running_jobs: 1,
        }),
    );
    assert!(press(&mut app, "q").is_empty());
    assert!(matches!(app.modal, Some(Modal::ConfirmQuit { .. })));
    // `q` again (cancel in a dialog) and Enter on the default button both stay.
    assert!(press(&mut app, "q").is_empty());
    assert!(press(&mut app, "q Enter").is_empty());
    assert!(app.modal.is_none());
    assert!(press(&mut app, "Ctrl-c").is_empty());
    assert!(matches!(
        press(&mut app, "Tab Enter").as_slice(),
        [Command::Quit]
    ));
}

#[test]
fn nav_4_login_keys_type_into_fields_and_ctrl_c_quits() {
    let mut app = App::new(defaults(), AppOptions::default());
    ev(&mut app, BackendEvent::Ready { has_accounts: true });
    // `q`, `?` and `:` are letters on the login screen.
    press(&mut app, "\"q?:\" Tab \"pw\"");
    let login = &app.screens.login;
    assert_eq!(login.username, "q?:");
    assert_eq!(login.password.as_str(), "pw");
    assert!(matches!(
        press(&mut app, "Ctrl-c").as_slice(),
        [Command::Quit]
    ));
}

#[test]
fn nav_2_user_key_map_override_applies_and_shows_in_help() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("config.toml");
    std::fs::write(&file, "[keys.global]\nquit = [\"Q\"]\nhelp = [\"F1\"]\n").unwrap();
    let mut app = signed_in(Keymap::load(&file).unwrap());
    assert!(press(&mut app, "q").is_empty(), "q is no longer bound");
    assert!(route(&app, &KeyEvent::new(KeyCode::F(1), KeyModifiers::NONE)).is_some());
    let help = app.keymap.help();
    assert!(
        help[0]
            .rows
            .contains(&("F1".to_string(), "this help, generated from the key map"))
    );
    assert!(matches!(press(&mut app, "Q").as_slice(), [Command::Quit]));
}

#[test]
fn nav_2_bad_key_name_in_user_config_names_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("config.toml");
    std::fs::write(
        &file,
        "# mine\n[ui]\ntheme = \"mono\"\n\n[keys.list]\ndown = [\"j\", \"Dwn\"]\n",
    )
    .unwrap();
    let err = Keymap::load(&file).unwrap_err().to_string();
    let want = format!(
        "{}:6: unknown key name 'Dwn' for 'down' in [keys.list]",
        file.display()
    );
    assert!(err.starts_with(&want), "{err}");
    std::fs::write(&file, "[keys.modal]\nexplode = \"x\"\n").unwrap();
    let err = Keymap::load(&file).unwrap_err().to_string();
    assert!(
        err.starts_with(&format!(
            "{}:2: unknown action 'explode' in [keys.modal]",
            file.display()
        )),
        "{err}"
    );
}

/// The backend thread over a simulated fleet: login refusals and success, then the requests
/// the frame makes (NAV-4, NAV-5); nothing here touches SQLite from the test's own thread.
#[test]
fn nav_4_backend_thread_signs_in_and_answers_the_frame() {
    use lunadeck::app::message::BackendRequest;
    use lunadeck::app::{ConsoleSource, backend};
    use secrecy::SecretString;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("lunadeck.sqlite");
    let fleet =
        lunadeck::sim::model::Fleet::from_toml(include_str!("../../fixtures/fleets/small.toml"))
            .unwrap();
    let access = lunadeck::ops::FleetAccess::new(lunadeck::ops::Transport::Sim {
        fleet: lunadeck::sim::session::shared(fleet),
    });
    let source = ConsoleSource::at(db, access, lunadeck::jobs::EngineConfig::default());
    let (req_tx, req_rx) = tokio::sync::mpsc::unbounded_channel();
    let (ev_tx, mut ev_rx) = tokio::sync::mpsc::unbounded_channel();
    let thread = backend::spawn(source, false, runtime.handle().clone(), req_rx, ev_tx).unwrap();
    let mut next = || ev_rx.blocking_recv().unwrap();
    assert_eq!(
        next(),
        BackendEvent::Ready {
            has_accounts: false
        }
    );
    let send = |r| req_tx.send(r).unwrap();
    send(create_admin("root", SecretString::from("")));
    assert_eq!(
        next(),
        BackendEvent::Screen(ScreenEvent::Login(login::Event::Refused {
            message: "Password: required".into()
        }))
    );
    send(create_admin("root", SecretString::from("pass-1234")));
    match next() {
        BackendEvent::LoggedIn(info) => {
            assert_eq!((info.username.as_str(), info.role), ("root", Role::Admin));
            assert_eq!(info.organization, None);
        }
        other => panic!("{other:?}"),
    }
    send(BackendRequest::ListDevices);
    assert_eq!(next(), BackendEvent::Devices(Vec::new()));
    send(BackendRequest::StatusCounts);
    assert_eq!(
        next(),
        BackendEvent::Counts(StatusCounts {
            devices_up: Some(0),
            devices_down: Some(0),
            running_jobs: 0
        })
    );
    send(BackendRequest::ListJobs);
    assert_eq!(next(), BackendEvent::Jobs(Vec::new()));
    send(BackendRequest::Shutdown);
    thread.join().unwrap();
}

/// The first-start request the sign-in screen sends.
fn create_admin(
    username: &str,
    password: secrecy::SecretString,
) -> lunadeck::app::message::BackendRequest {
    lunadeck::app::message::BackendRequest::Screen(ScreenRequest::Login(
        login::Request::CreateAdmin {
            username: username.into(),
            password: password.into(),
        },
    ))
}
