//! Snapshots of the Devices, Jobs, Audit and Accounts screens and their dialogs over ratatui's
//! `TestBackend`, at 80x24 and 120x40, in the default and the monochrome theme.

use crate::support::fixtures::ev;
use crate::support::keys::press;
use crate::support::render::{SIZES, draw_app};
use lunadeck::app::host_key_bridge::HostKeyPrompt;
use lunadeck::app::message::{BackendEvent, DeviceRow, SessionInfo};
use lunadeck::app::{App, AppOptions, Keymap, Tab};
use lunadeck::domain::audit_chain::ChainedEvent;
use lunadeck::domain::audit_event::{AuditEvent, Outcome};
use lunadeck::domain::device::{DeviceStatus, Licences};
use lunadeck::domain::ids::{HsmSerial, JobId, OrganizationId, UserId};
use lunadeck::domain::job::{Job, JobState};
use lunadeck::domain::organization::{Organization, Role, User};
use lunadeck::domain::timestamp::Timestamp;
use lunadeck::jobs::JobEvent;
use lunadeck::luna::ssh::HostKeyQuestion;
use lunadeck::screens::ScreenEvent;
use lunadeck::screens::{accounts, audit, jobs};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

const T0: i64 = 1_800_000_000;

fn device(name: &str, serial: &str, status: DeviceStatus) -> DeviceRow {
    DeviceRow {
        serial: HsmSerial::new(serial),
        name: name.into(),
        host: format!("{name}.example.net:22"),
        model: "Luna A790".into(),
        software: "7.8.4".into(),
        firmware: "7.8.2".into(),
        licences: Some(Licences {
            allowed: 10,
            used: 2,
        }),
        status,
        last_seen: Some(Timestamp(T0)),
    }
}

fn job(id: i64, op: &str, state: JobState, devices: &[&str]) -> Job {
    Job {
        id: JobId(id),
        operation: op.into(),
        service: None,
        devices: devices.iter().map(|d| HsmSerial::new(*d)).collect(),
        started_by: "admin".into(),
        started_at: Timestamp(T0),
        finished_at: None,
        state,
        acknowledged: false,
        subject: None,
    }
}

fn app(role: Role, mono: bool) -> App {
    let options = AppOptions {
        read_only: false,
        monochrome: mono,
        demo: false,
        replay: false,
    };
    let mut app = App::new(Keymap::defaults().unwrap(), options);
    ev(&mut app, BackendEvent::Ready { has_accounts: true });
    ev(
        &mut app,
        BackendEvent::LoggedIn(SessionInfo {
            username: "admin".into(),
            role,
            organization: (role != Role::Admin).then(|| "payments".into()),
            read_only: false,
        }),
    );
    ev(
        &mut app,
        BackendEvent::Devices(vec![
            device("hsm-paris", "1234567", DeviceStatus::Up),
            device("hsm-lyon", "1234568", DeviceStatus::Unauthorized),
            device("hsm-nice", "1234569", DeviceStatus::Unreachable),
        ]),
    );
    ev(
        &mut app,
        BackendEvent::Jobs(vec![
            job(
                3,
                "device.refresh",
                JobState::Running,
                &["1234567", "1234568"],
            ),
            job(
                2,
                "device.authorize",
                JobState::Failed {
                    message: "hsm-nice: SO login refused".into(),
                },
                &["1234569"],
            ),
        ]),
    );
    ev(
        &mut app,
        BackendEvent::Screen(ScreenEvent::Jobs(jobs::Event::Now(Timestamp(T0 + 42)))),
    );
    let progress = |device: &str, step: &str, done| JobEvent::Progress {
        job: JobId(3),
        device: HsmSerial::new(device),
        step: step.into(),
        done,
        total: 2,
    };
    ev(
        &mut app,
        BackendEvent::Job(JobEvent::Started {
            job: JobId(3),
            devices: vec![HsmSerial::new("1234567"), HsmSerial::new("1234568")],
        }),
    );
    ev(
        &mut app,
        BackendEvent::Job(progress("1234567", "read hsm show", 0)),
    );
    let audit = |seq, action: &str, outcome| ChainedEvent {
        seq,
        event: AuditEvent {
            at: Timestamp(T0 + i64::try_from(seq).unwrap()),
            actor: "admin".into(),
            organization: None,
            action: action.into(),
            device: Some(HsmSerial::new("1234567")),
            target: "hsm-paris".into(),
            outcome,
        },
        prev_hash: String::new(),
        hash: String::new(),
    };
    ev(
        &mut app,
        BackendEvent::Screen(ScreenEvent::Audit(audit::Event::Listed(vec![
            audit(
                2,
                "device.authorize",
                Outcome::Failure {
                    reason: "SO login refused".into(),
                },
            ),
            audit(1, "device.add", Outcome::Success),
        ]))),
    );
    let user = |id, name: &str, role, disabled| User {
        id: UserId(id),
        username: name.into(),
        role,
        disabled,
    };
    ev(
        &mut app,
        BackendEvent::Screen(ScreenEvent::Accounts(accounts::Event::Listed {
            organizations: vec![Organization {
                id: OrganizationId(1),
                name: "payments".into(),
            }],
            users: vec![
                user(1, "admin", Role::Admin, false),
                user(2, "olga", Role::Owner(OrganizationId(1)), false),
                user(3, "old-owner", Role::Owner(OrganizationId(1)), true),
            ],
        })),
    );
    app
}

fn snap<T>(name: &str, scene: impl Fn(&mut App) -> T) {
    for mono in [false, true] {
        let mut a = app(Role::Admin, mono);
        scene(&mut a);
        let theme = if mono { "mono" } else { "default16" };
        for (w, h) in SIZES {
            let t = draw_app(&a, (w, h));
            insta::assert_snapshot!(format!("{name}_{w}x{h}_{theme}"), t.backend());
        }
    }
}

#[test]
fn dev_3_device_list_sorted_with_status_words() {
    snap("dev_3_devices", |a| press(a, "s s"));
}

#[test]
fn dev_1_add_device_form_with_inline_errors() {
    snap("dev_1_add_form_errors", |a| {
        press(a, "a \"hsm-paris\" Tab \"bad/host\" Tab Tab Tab Tab Enter");
    });
}

#[test]
fn dev_1_host_key_trust_modal() {
    snap("dev_1_host_key", |a| {
        let (prompt, _rx) = HostKeyPrompt::new(&HostKeyQuestion {
            target: "hsm-new".into(),
            host: "10.1.2.3".into(),
            port: 22,
            algorithm: "ssh-ed25519".into(),
            fingerprint: "SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU".into(),
        });
        ev(a, BackendEvent::HostKeyQuestion(prompt));
    });
}

#[test]
fn dev_2_authorize_modal_masks_the_so_secret() {
    snap("dev_2_authorize", |a| press(a, "j u \"s3cret\""));
}

#[test]
fn dev_3_remove_confirmation_defaults_to_cancel() {
    snap("dev_3_remove_confirm", |a| press(a, "d"));
}

#[test]
fn x_1_jobs_with_per_device_progress() {
    snap("x_1_jobs", |a| press(a, "4"));
}

#[test]
fn x_1_cancel_job_confirmation() {
    snap("x_1_cancel_confirm", |a| press(a, "4 x"));
}

#[test]
fn x_6_audit_events_and_verify_result() {
    snap("x_6_audit", |a| press(a, "5"));
    snap("x_6_verify_result", |a| {
        press(a, "5");
        ev(
            a,
            BackendEvent::Screen(ScreenEvent::Audit(audit::Event::Verified {
                ok: true,
                message: "The audit chain is intact: 2 event(s) checked.".into(),
            })),
        );
    });
}

#[test]
fn nav_4_accounts_lists_and_forms() {
    snap("nav_4_accounts", |a| press(a, "3"));
    snap("nav_4_new_user_form", |a| {
        press(a, "3 n \"olga2\" Tab Right Tab \"pw\"")
    });
}

#[test]
fn nav_4_owner_sees_accounts_are_for_admins_and_how_to_change_their_password() {
    for mono in [false, true] {
        let mut a = app(Role::Owner(OrganizationId(1)), mono);
        a.tab = Tab::Accounts;
        let theme = if mono { "mono" } else { "default16" };
        for (w, h) in SIZES {
            let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
            t.draw(|f| lunadeck::ui::draw(&a, f)).unwrap();
            let text = format!("{}", t.backend());
            assert!(
                text.contains("managed by an Admin") && text.contains("press p"),
                "{text}"
            );
            insta::assert_snapshot!(format!("nav_4_owner_accounts_{w}x{h}_{theme}"), t.backend());
        }
    }
}

#[test]
fn nav_4_an_account_form_reports_every_error_at_once_and_keeps_what_was_typed() {
    use lunadeck::app::panel_dialog::Dialog;
    let mut a = app(Role::Admin, false);
    // A bad username, a too short password, a confirmation that differs: three errors.
    press(&mut a, "3");
    let cmds = press(
        &mut a,
        "n \"bad\" Space \"name!\" Tab Tab \"pw\" Tab \"px\" Enter",
    );
    assert!(
        cmds.is_empty(),
        "nothing is sent while a field is wrong: {cmds:?}"
    );
    let Some(Dialog::Form(f)) = &a.panels.dialog else {
        panic!("the form stays open")
    };
    let errors = f.form.error_summary();
    assert_eq!(errors.len(), 3, "{errors:?}");
    assert_eq!(
        f.form.text("username"),
        Some("bad name!"),
        "what was typed stays"
    );
    assert_eq!(
        f.form.focused_id(),
        Some("username"),
        "the first error has the focus"
    );
    let screen = crate::support::render::app_text(&a, (120, 40));
    assert!(!screen.contains("••"), "the secrets were wiped:\n{screen}");
}
