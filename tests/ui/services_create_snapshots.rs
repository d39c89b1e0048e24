//! Snapshots of every step of the Create Service wizard (SVC-1, SVC-2) at 80x24 and 120x40 in
//! both themes, fed with the backend's answers: unfit devices with the reason, the dry run,
//! the running job, the success offering Initialize now, and a failure naming the device.

use crate::support::fixtures::{ev, signed_in};
use crate::support::keys::press;
use crate::support::render::{SIZES, draw_app};
use lunadeck::app::App;
use lunadeck::app::message::BackendEvent;
use lunadeck::app::panel_dialog::Dialog;
use lunadeck::domain::device::{AuthMethod, Performance};
use lunadeck::domain::ids::{HsmSerial, JobId, OrganizationId, ServiceId, TemplateId};
use lunadeck::domain::job::JobState;
use lunadeck::domain::lifecycle::{InitializationAction, ServiceState};
use lunadeck::domain::organization::{Organization, Role};
use lunadeck::domain::template::{Capabilities, HsmLine, ServiceType, Template};
use lunadeck::ops::create_choices::DeviceChoice;
use lunadeck::ops::services_view::{ServiceRow, ServiceStatus};
use lunadeck::screens::services::Dialog as ServicesDialog;
use lunadeck::screens::services::create::Phase;
use lunadeck::screens::services::create::flow::Answer;
use lunadeck::screens::services::{Event, JobKind};
use lunadeck::screens::{ScreenDialog, ScreenEvent};

fn answer(app: &mut App, a: Answer) {
    let e = BackendEvent::Screen(ScreenEvent::Services(Event::Create(a)));
    ev(app, e);
}

fn template() -> Template {
    Template {
        id: TemplateId(7),
        name: "HA pair 7.7+".into(),
        description: "two password partitions".into(),
        capabilities: Capabilities {
            service_type: ServiceType::HaGroup,
            performance: Performance::Standard,
            auth: AuthMethod::Password,
            line: HsmLine::Luna77,
            partition_size: 100_000,
            ppso: true,
            sks: false,
            stc: false,
        },
    }
}

fn device(name: &str, firmware: &str, unfit: Option<&str>) -> DeviceChoice {
    DeviceChoice {
        serial: HsmSerial::new(format!("serial-{name}")),
        name: name.into(),
        model: "Luna K7".into(),
        firmware: firmware.into(),
        auth: AuthMethod::Password,
        free_bytes: 3_000_000,
        unfit: unfit.map(|r| format!("Device {name}: {r}")),
        initializes_at_creation: false,
    }
}

fn snap(app: &App, step: &str, theme: &str) {
    for size in SIZES {
        let t = draw_app(app, size);
        insta::assert_snapshot!(
            format!("svc_1_create_{step}_{}x{}_{theme}", size.0, size.1),
            t.backend()
        );
    }
}

#[test]
fn svc_1_snapshot_every_step_of_the_create_wizard() {
    for mono in [false, true] {
        let theme = if mono { "mono" } else { "default16" };
        let mut app = signed_in(Role::Admin, mono);
        press(&mut app, "2 Enter a");
        answer(
            &mut app,
            Answer::Choices {
                templates: vec![template()],
                organizations: vec![
                    Organization {
                        id: OrganizationId(1),
                        name: "Payments".into(),
                    },
                    Organization {
                        id: OrganizationId(2),
                        name: "Identity".into(),
                    },
                ],
            },
        );
        press(&mut app, "\"payments-ha\" Down \"card\" Space \"keys\"");
        snap(&app, "general", theme);
        press(&mut app, "Enter");
        snap(&app, "template", theme);
        press(&mut app, "Enter");
        let devices = vec![
            device("lon-hsm-01", "7.8.4", None),
            device("lon-hsm-02", "7.8.4", None),
            device(
                "fra-hsm-01",
                "6.24.2",
                Some(
                    "firmware 6.24.2 is not in the template's line, Luna Network HSM 7 (firmware 7.7.0 and above)",
                ),
            ),
            device(
                "par-hsm-01",
                "7.0.3",
                Some("authentication is PED, the template needs Password"),
            ),
        ];
        answer(&mut app, Answer::Devices(TemplateId(7), devices));
        press(&mut app, "Enter Down");
        snap(&app, "devices", theme);
        press(&mut app, "Up Enter PageDown");
        snap(&app, "organization", theme);
        press(&mut app, "PageDown");
        let plan = ["lon-hsm-01", "lon-hsm-02"]
            .iter()
            .map(|d| {
                (
                    d.to_string(),
                    vec![
                        "hsm login".to_string(),
                        "partition create -partition payments-ha -size 100000 -version 0 -force"
                            .to_string(),
                        "partition list".to_string(),
                    ],
                )
            })
            .collect();
        answer(&mut app, Answer::Plan(1, plan));
        snap(&app, "summary", theme);
        // Finish: the job's progress, then the result.
        press(&mut app, "Enter");
        let job = JobId(5);
        let started = Event::JobStarted {
            kind: JobKind::Create,
            job,
        };
        ev(
            &mut app,
            BackendEvent::Screen(ScreenEvent::Services(started)),
        );
        snap(&app, "running", theme);
        let (state, summary) = (
            JobState::Succeeded,
            "created service 'payments-ha' (Uninitialized): payments-ha (1001), payments-ha (1002)",
        );
        ev(
            &mut app,
            BackendEvent::JobDone {
                job,
                state,
                summary: summary.into(),
            },
        );
        let row = ServiceRow {
            id: ServiceId(9),
            name: "payments-ha".into(),
            service_type: ServiceType::HaGroup,
            organization: "Payments".into(),
            template: "HA pair 7.7+".into(),
            initialization: Some(InitializationAction::Initialize),
            state: ServiceState::Uninitialized,
            status: ServiceStatus::AllUp,
            locked_by: None,
        };
        ev(
            &mut app,
            BackendEvent::Screen(ScreenEvent::Services(Event::List(vec![row]))),
        );
        snap(&app, "created", theme);
    }
}

#[test]
fn svc_1_snapshot_a_failed_create_names_the_device_and_what_was_undone() {
    let mut app = signed_in(Role::Admin, false);
    press(&mut app, "2 Enter a");
    // As after Finish on the Summary (walked in the test above).
    if let Some(Dialog::Screen(ScreenDialog::Services(ServicesDialog::Create(w)))) =
        app.panels.dialog.as_mut()
    {
        w.phase = Phase::Starting;
    }
    let started = Event::JobStarted {
        kind: JobKind::Create,
        job: JobId(6),
    };
    ev(
        &mut app,
        BackendEvent::Screen(ScreenEvent::Services(started)),
    );
    ev(
        &mut app,
        BackendEvent::JobDone {
            job: JobId(6),
            state: JobState::Failed {
                message: "partition create failed".into(),
            },
            summary: "service 'payments-ha' was not created: service.create failed on device \
                      'lon-hsm-02' at step 5 of 8 (create partition 'payments-ha' (100000 bytes, \
                      V0)): 'partition create' failed. All licensed partitions are in use. \
                      (B0000046 : CKR_LICENSE_CAPACITY_EXCEEDED). The device said: Error:  \
                      'partition create' failed.\n\nError:  All licensed partitions are in \
                      use.\n\nCommand Result : 65535 (Luna Shell execution) Undone: delete \
                      partition 'payments-ha' on 'lon-hsm-01'."
                .into(),
        },
    );
    snap(&app, "failed", "default16");
}

#[test]
fn svc_1_snapshot_initialize_at_creation_for_6x_devices() {
    for mono in [false, true] {
        let theme = if mono { "mono" } else { "default16" };
        let mut app = signed_in(Role::Admin, mono);
        press(&mut app, "2 Enter a");
        let organizations = vec![Organization {
            id: OrganizationId(1),
            name: "Payments".into(),
        }];
        let templates = vec![template()];
        answer(
            &mut app,
            Answer::Choices {
                templates,
                organizations,
            },
        );
        press(&mut app, "\"legacy-pair\" Enter Enter");
        let six = |name| DeviceChoice {
            initializes_at_creation: true,
            ..device(name, "6.24.2", None)
        };
        answer(
            &mut app,
            Answer::Devices(TemplateId(7), vec![six("fra-hsm-01"), six("fra-hsm-02")]),
        );
        press(
            &mut app,
            "Enter Enter PageDown Enter \"leg6\" Down \"secret-domain\"",
        );
        snap(&app, "initialize_at_creation", theme);
    }
}
