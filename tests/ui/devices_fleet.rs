//! Snapshots of the Devices list with marked rows and of the marked devices' authorize dialog
//! (typing, then each device's result), at 80x24 and 120x40 in both themes (issue 16, DEV-2/3).

use crate::support::fixtures::{ev, signed_in};
use crate::support::keys::press;
use crate::support::render::{SIZES, app_text, draw_app};
use lunadeck::app::message::{BackendEvent, BackendRequest, DeviceRow};
use lunadeck::app::panel_dialog::Dialog;
use lunadeck::app::{App, Command};
use lunadeck::domain::device::{DeviceStatus, Licences};
use lunadeck::domain::ids::{HsmSerial, JobId};
use lunadeck::domain::job::JobState;
use lunadeck::domain::organization::Role;
use lunadeck::domain::timestamp::Timestamp;
use lunadeck::ops::device_batch::{AuthorizeChoices, LeftOut};
use lunadeck::screens::devices::fleet::FleetAuthorize;
use lunadeck::screens::devices::{Event, Request};
use lunadeck::screens::{ScreenDialog, ScreenEvent, ScreenRequest};

const DEVICES: [(&str, &str, DeviceStatus); 5] = [
    ("lon-hsm-01", "1001", DeviceStatus::Unauthorized),
    ("lon-hsm-02", "1002", DeviceStatus::Unauthorized),
    ("lon-hsm-03", "1003", DeviceStatus::Unauthorized),
    ("par-hsm-01", "2001", DeviceStatus::Up),
    ("fra-hsm-01", "3001", DeviceStatus::Up),
];

fn row(name: &str, serial: &str, status: DeviceStatus) -> DeviceRow {
    DeviceRow {
        serial: HsmSerial::new(serial),
        name: name.into(),
        host: format!("{name}.hsm.example.net:22"),
        model: "Luna A790".into(),
        software: "7.8.4".into(),
        firmware: "7.8.2".into(),
        licences: Some(Licences {
            allowed: 10,
            used: 2,
        }),
        status,
        last_seen: Some(Timestamp(1_800_000_000)),
    }
}

fn app(mono: bool) -> App {
    let mut app = signed_in(Role::Admin, mono);
    let rows = DEVICES.iter().map(|(n, s, st)| row(n, s, *st)).collect();
    ev(&mut app, BackendEvent::Devices(rows));
    app
}

fn devices_event(app: &mut App, e: Event) {
    ev(app, BackendEvent::Screen(ScreenEvent::Devices(e)));
}

pub fn fleet(app: &App) -> Option<&FleetAuthorize> {
    match &app.panels.dialog {
        Some(Dialog::Screen(ScreenDialog::Devices(d))) => Some(d),
        _ => None,
    }
}

fn devices_requests(cmds: &[Command]) -> Vec<&Request> {
    cmds.iter()
        .filter_map(|c| match c {
            Command::Backend(BackendRequest::Screen(ScreenRequest::Devices(r))) => Some(r),
            _ => None,
        })
        .collect()
}

/// The three lon devices and par-hsm-01 and fra-hsm-01 marked, then `u`: the backend's answer
/// (three take the password; PED and already authorized apart) opens the dialog.
fn dialog_open(app: &mut App) {
    let cmds = press(app, "Space Space Space Space Space u");
    let asked = devices_requests(&cmds);
    assert!(
        matches!(asked.last(), Some(Request::AuthorizeChoices { serials }) if serials.len() == 5),
        "{asked:?}"
    );
    let send = DEVICES[..3]
        .iter()
        .map(|(n, s, _)| (HsmSerial::new(*s), n.to_string()))
        .collect();
    let apart = vec![
        LeftOut {
            serial: HsmSerial::new("2001"),
            name: "par-hsm-01".into(),
            reason: "PED appliance: its HSM SO logs in with the blue PED key, not a password"
                .into(),
        },
        LeftOut {
            serial: HsmSerial::new("3001"),
            name: "fra-hsm-01".into(),
            reason: "already authorized in this session".into(),
        },
    ];
    devices_event(
        app,
        Event::AuthorizeChoices(AuthorizeChoices { send, apart }),
    );
    assert!(fleet(app).is_some(), "the dialog is open");
}

fn snap(name: &str, scene: impl Fn(&mut App)) {
    for mono in [false, true] {
        let mut a = app(mono);
        scene(&mut a);
        let theme = if mono { "mono" } else { "default16" };
        for (w, h) in SIZES {
            let t = draw_app(&a, (w, h));
            insta::assert_snapshot!(format!("{name}_{w}x{h}_{theme}"), t.backend());
        }
    }
}

#[test]
fn dev_3_marked_rows_show_their_mark_and_the_title_counts_them() {
    snap("dev_3_devices_marked", |a| {
        press(a, "Space j Space");
    });
    let mut a = app(true);
    press(&mut a, "Space j Space");
    let text = app_text(&a, (80, 24));
    assert!(text.contains("Devices (5) · 2 marked"), "{text}");
    // With marks, the hints name what acts on them first.
    assert!(
        text.contains("u authorize marked  r refresh marked  R discover marked"),
        "{text}"
    );
}

#[test]
fn dev_2_the_marked_devices_authorize_dialog_names_them_and_masks_the_password() {
    snap("dev_2_fleet_authorize", |a| {
        dialog_open(a);
        press(a, "\"LonSoPass!02\"");
    });
    let mut a = app(false);
    dialog_open(&mut a);
    press(&mut a, "\"LonSoPass!02\"");
    let d = fleet(&a).unwrap();
    assert!(
        !format!("{d:?}").contains("LonSoPass"),
        "Debug never shows it"
    );
    for size in SIZES {
        let text = app_text(&a, size);
        assert!(!text.contains("LonSoPass"), "{text}");
        assert!(text.contains("par-hsm-01: PED appliance"), "{text}");
        assert!(text.contains("fra-hsm-01: already authorized"), "{text}");
    }
    // One request carries every serial and the secret; the field is wiped.
    let cmds = press(&mut a, "Enter");
    match devices_requests(&cmds).as_slice() {
        [Request::AuthorizeMany { serials, secret }] => {
            let want: Vec<HsmSerial> = ["1001", "1002", "1003"].map(HsmSerial::new).into();
            assert_eq!(serials, &want);
            assert_eq!(secret.expose(), "LonSoPass!02");
            assert!(!format!("{secret:?}").contains("LonSoPass"));
        }
        other => panic!("{other:?}"),
    }
    assert!(fleet(&a).unwrap().sent);
}

#[test]
fn dev_2_an_empty_or_impossible_password_sends_nothing() {
    let mut a = app(true);
    dialog_open(&mut a);
    assert!(devices_requests(&press(&mut a, "Enter")).is_empty());
    let d = fleet(&a).unwrap();
    assert!(
        d.form
            .error_summary()
            .join(" ")
            .contains("type the HSM SO password")
    );
    assert!(devices_requests(&press(&mut a, "\"abc\" Enter")).is_empty());
    let errors = fleet(&a).unwrap().form.error_summary().join(" ");
    assert!(errors.contains("nothing was sent"), "{errors}");
    press(&mut a, "Esc");
    assert!(fleet(&a).is_none(), "Esc closes it");
}

/// The request sent: jobs 11 and 12 run, 13 refused before its login; then each job's end.
fn results(a: &mut App, finish: bool) {
    dialog_open(a);
    press(a, "\"LonSoPass!02\" Enter");
    let started = vec![
        (HsmSerial::new("1001"), "lon-hsm-01".into(), JobId(11)),
        (HsmSerial::new("1002"), "lon-hsm-02".into(), JobId(12)),
        (HsmSerial::new("1003"), "lon-hsm-03".into(), JobId(13)),
    ];
    devices_event(
        a,
        Event::AuthorizeStarted {
            started,
            refused: Vec::new(),
        },
    );
    // The engine's sentence, as the flow over the simulator shows it.
    let wrong = "device.authorize failed on device 'lon-hsm-01' at step 1 of 1 (log in as HSM \
                 SO): the HSM SO password was refused. 2 attempt(s) left before the HSM is \
                 zeroized; lunadeck will not retry.";
    let done = |job, state| BackendEvent::JobDone {
        job: JobId(job),
        state,
        summary: "…".into(),
    };
    ev(
        a,
        done(
            11,
            JobState::Failed {
                message: wrong.into(),
            },
        ),
    );
    ev(a, done(12, JobState::Succeeded));
    if finish {
        let wrong = wrong.replace("lon-hsm-01", "lon-hsm-03");
        ev(a, done(13, JobState::Failed { message: wrong }));
    }
}

#[test]
fn dev_2_each_device_result_shows_as_its_job_ends() {
    snap("dev_2_fleet_authorize_running", |a| results(a, false));
    snap("dev_2_fleet_authorize_results", |a| results(a, true));
    let mut a = app(true);
    results(&mut a, true);
    let d = fleet(&a).unwrap();
    assert!(d.finished());
    assert_eq!(d.counts(), (1, 2, 0));
    let text = app_text(&a, (120, 40));
    assert!(text.contains("lon-hsm-02  ✔ authorized"), "{text}");
    assert!(
        text.contains("lon-hsm-01  ✖ refused: device.authorize failed"),
        "{text}"
    );
    press(&mut a, "Enter");
    assert!(
        fleet(&a).is_none(),
        "Enter closes it once every result is in"
    );
}

#[test]
fn dev_2_a_list_too_long_for_the_screen_says_how_many_more_lines_there_are() {
    let mut a = signed_in(Role::Admin, true);
    let names: Vec<String> = (1..=30).map(|i| format!("hsm-{i:02}")).collect();
    let rows = names
        .iter()
        .enumerate()
        .map(|(i, n)| row(n, &format!("{}", 5000 + i), DeviceStatus::Unauthorized))
        .collect();
    ev(&mut a, BackendEvent::Devices(rows));
    press(&mut a, "* u");
    let send = names
        .iter()
        .enumerate()
        .map(|(i, n)| (HsmSerial::new(format!("{}", 5000 + i)), n.clone()))
        .collect();
    let choices = AuthorizeChoices {
        send,
        apart: Vec::new(),
    };
    devices_event(&mut a, Event::AuthorizeChoices(choices));
    let text = app_text(&a, (80, 24));
    assert!(
        text.contains("more line(s): every result is also in the message log (M)"),
        "{text}"
    );
    assert!(text.contains("HSM SO password"), "the field stays: {text}");
    assert!(text.contains("Authorize 30 marked device(s)"), "{text}");
}
