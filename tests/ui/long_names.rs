//! Every list screen with long values (issue 11: 28-character service and device names, 13-digit
//! serials, long errors) at 80x24 and 120x40 in both themes: columns sized by content, optional
//! columns dropped before names are cut, cut values ending with `…`.

use crate::support::fixtures::{ev, signed_in, svc};
use crate::support::keys::press;
use crate::support::render::{SIZES, draw_app};
use lunadeck::app::App;
use lunadeck::app::message::{BackendEvent, DeviceRow};
use lunadeck::domain::audit_chain::ChainedEvent;
use lunadeck::domain::audit_event::{AuditEvent, Outcome};
use lunadeck::domain::device::{DeviceStatus, Licences};
use lunadeck::domain::ids::{HsmSerial, JobId, ServiceId};
use lunadeck::domain::job::{Job, JobState};
use lunadeck::domain::lifecycle::ServiceState;
use lunadeck::domain::organization::Role;
use lunadeck::domain::template::ServiceType;
use lunadeck::domain::timestamp::Timestamp;
use lunadeck::ops::services_view::{ServiceRow, ServiceStatus};
use lunadeck::screens::services::Event as ServicesEvent;
use lunadeck::screens::{ScreenEvent, audit};

const T0: i64 = 1_800_000_000;
/// 28 characters each.
const SERVICES: [&str; 3] = [
    "payments-prod-eu-west-primry",
    "payments-prod-eu-west-second",
    "identity-issuing-ca-2027-q1x",
];
const DEVICE: &str = "lon-hsm-02-ops-primary-rack7";
const SERIAL: &str = "1590001234567";

fn fleet(mono: bool) -> App {
    let mut app = signed_in(Role::Admin, mono);
    let device = |i: u32, status| DeviceRow {
        serial: HsmSerial::new(format!("{}{i}", &SERIAL[..12])),
        name: format!("{}{i}", &DEVICE[..27]),
        host: format!("{}{i}.hsm.example.net:22", &DEVICE[..27]),
        model: "Luna K7 Cryptographic Module A790".into(),
        software: "7.8.4".into(),
        firmware: "7.8.2".into(),
        licences: Some(Licences {
            allowed: 100,
            used: 12,
        }),
        status,
        last_seen: Some(Timestamp(T0)),
    };
    ev(
        &mut app,
        BackendEvent::Devices(vec![
            device(1, DeviceStatus::Up),
            device(2, DeviceStatus::Unauthorized),
            device(3, DeviceStatus::Unreachable),
        ]),
    );
    let job = |id, op: &str, state| Job {
        id: JobId(id),
        operation: op.into(),
        service: None,
        devices: vec![HsmSerial::new(SERIAL)],
        started_by: "administrator-of-the-fleet".into(),
        started_at: Timestamp(T0),
        finished_at: None,
        state,
        acknowledged: false,
        subject: None,
    };
    ev(
        &mut app,
        BackendEvent::Jobs(vec![
            job(12, "service.initialize", JobState::Running),
            job(
                11,
                "device.refresh",
                JobState::Failed {
                    message: format!(
                        "{DEVICE}: no appliance answers at {DEVICE}.hsm.example.net:22 within 10 s"
                    ),
                },
            ),
        ]),
    );
    let audit_row = |seq: u64, action: &str, outcome| ChainedEvent {
        seq,
        event: AuditEvent {
            at: Timestamp(T0 + i64::try_from(seq).unwrap_or(0)),
            actor: "administrator-of-the-fleet".into(),
            organization: None,
            action: action.into(),
            device: Some(HsmSerial::new(SERIAL)),
            target: SERVICES[0].into(),
            outcome,
        },
        prev_hash: String::new(),
        hash: String::new(),
    };
    ev(
        &mut app,
        BackendEvent::Screen(ScreenEvent::Audit(audit::Event::Listed(vec![
            audit_row(
                2,
                "service.initialize",
                Outcome::Failure {
                    reason: "partition init refused: the label is already in use on the HSM".into(),
                },
            ),
            audit_row(1, "service.create", Outcome::Success),
        ]))),
    );
    app
}

fn services(app: &mut App) {
    let row = |i: usize, status| ServiceRow {
        id: ServiceId(i64::try_from(i).unwrap_or(0) + 1),
        name: SERVICES[i].into(),
        service_type: ServiceType::HaGroup,
        organization: "Payments and Settlements EU".into(),
        template: "HA pair, password, PPSO, 7.7+".into(),
        initialization: None,
        state: ServiceState::Initialized,
        status,
        locked_by: None,
    };
    svc(
        app,
        ServicesEvent::List(vec![
            row(0, ServiceStatus::AllUp),
            row(1, ServiceStatus::Degraded),
            row(2, ServiceStatus::Down),
        ]),
    );
}

#[test]
fn x_11_every_list_with_long_names_in_both_themes_at_both_sizes() {
    let screens: [(&str, &str); 4] = [
        ("devices", "1"),
        ("services", "2 Enter"),
        ("jobs", "4"),
        ("audit", "5"),
    ];
    for mono in [false, true] {
        let theme = if mono { "mono" } else { "default16" };
        for (name, keys) in screens {
            let mut app = fleet(mono);
            press(&mut app, keys);
            if name == "services" {
                services(&mut app);
            }
            for size in SIZES {
                let t = draw_app(&app, size);
                let text = format!("{}", t.backend());
                if name == "services" {
                    // The names are never cut, at 80 columns too.
                    for s in SERVICES {
                        assert!(text.contains(s), "{name} {size:?}: {s} cut:\n{text}");
                    }
                }
                insta::assert_snapshot!(
                    format!("x_11_long_{name}_{}x{}_{theme}", size.0, size.1),
                    t.backend()
                );
            }
        }
    }
}

#[test]
fn x_11_1_a_cut_row_is_read_in_full_with_enter_and_not_logged() {
    use lunadeck::app::panel_dialog::Dialog;
    let mut app = fleet(false);
    press(&mut app, "5 Enter");
    let Some(Dialog::Message(m)) = &app.panels.dialog else {
        panic!("no detail popup: {:?}", app.panels.dialog)
    };
    assert_eq!(m.title, "Audit event");
    let all = m.text.join("\n");
    assert!(
        all.contains(
            "Outcome: ✖ failure: partition init refused: the label is already in use on the HSM"
        ),
        "{all}"
    );
    let text = crate::support::render::app_text(&app, (80, 24));
    assert!(
        text.contains("in use on the HSM"),
        "wrapped, not cut:\n{text}"
    );
    assert!(app.messages.is_empty(), "a view is not a message");
    // The Jobs tab: the failure in full.
    press(&mut app, "Esc 4 j Enter");
    let Some(Dialog::Message(m)) = &app.panels.dialog else {
        panic!("no job detail")
    };
    assert!(
        m.text
            .iter()
            .any(|l| l.starts_with("What failed: ") && l.contains("within 10 s"))
    );
}
