//! The Create Service wizard (SVC-1, SVC-2) over the real backend on the demo fleet: every step,
//! unfit devices shown with the reason and refused, the HA minimum, the dry run from the plan,
//! Finish with the job, then Initialize now; Cancel asks first; Owners are not offered it.

use crate::support::fixtures::signed_in;
use crate::support::keys::press;
use crate::support::rig::Rig;
use lunadeck::app::App;
use lunadeck::app::panel_dialog::Dialog;
use lunadeck::domain::organization::Role;
use lunadeck::screens::ScreenDialog;
use lunadeck::screens::services::Dialog as ServicesDialog;
use lunadeck::screens::services::create::{CreateWizard, Phase};

fn wizard(app: &App) -> Option<&CreateWizard> {
    match app.panels.dialog.as_ref() {
        Some(Dialog::Screen(ScreenDialog::Services(ServicesDialog::Create(w)))) => Some(w),
        _ => None,
    }
}

fn services_rig() -> Rig {
    let mut rig = Rig::demo(|_| {});
    rig.authorize_demo(&["lon-hsm-01", "lon-hsm-02"]);
    rig.press("2 Enter");
    rig.until("the services", |a| {
        a.screens.services.loaded.is_some() && a.screens.services.table.total_len() > 0
    });
    rig
}

#[test]
fn svc_1_svc_2_create_an_ha_service_then_initialize_now() {
    let mut rig = services_rig();
    let before = rig.app.screens.services.table.total_len();
    rig.press("a");
    rig.until("the choices", |a| wizard(a).is_some_and(|w| w.loaded));
    // General: a name over 28 characters is refused under the field.
    rig.press("\"a-name-that-is-far-too-long-for-luna\" Enter");
    let w = wizard(&rig.app).unwrap();
    assert_eq!(w.step, 0);
    assert!(
        w.general.fields()[0].error.is_some(),
        "{:?}",
        w.general.error_summary()
    );
    rig.press("Ctrl-u \"payments-ha\" Down \"card\" Space \"keys\" Enter");
    assert_eq!(wizard(&rig.app).unwrap().step, 1);
    // Choose Template: search narrows to the HA template.
    rig.press("\"HA\"");
    let w = wizard(&rig.app).unwrap();
    assert_eq!(w.templates.table.visible_len(), 1);
    assert_eq!(w.template().map(|t| t.name.as_str()), Some("HA pair"));
    rig.press("Enter");
    rig.until("the devices", |a| {
        wizard(a).is_some_and(|w| w.step == 2 && w.devices_for.is_some())
    });
    // Unfit devices stay listed, with the reason, and cannot be added.
    let w = wizard(&rig.app).unwrap();
    let rows = w.lists.available.table.rows();
    let par = rows.iter().find(|d| d.name == "par-hsm-01").unwrap();
    assert!(
        par.unfit
            .as_deref()
            .is_some_and(|r| r.contains("authentication")),
        "{par:?}"
    );
    let fra = rows.iter().find(|d| d.name == "fra-hsm-01").unwrap();
    assert!(fra.unfit.is_some(), "{fra:?}");
    rig.press("\"par\" Enter");
    let w = wizard(&rig.app).unwrap();
    assert!(
        w.refusal
            .as_deref()
            .is_some_and(|r| r.contains("cannot be added")),
        "{:?}",
        w.refusal
    );
    assert_eq!(w.lists.selected.table.total_len(), 0);
    // One device is not an HA group: refused on Next with the domain's reason.
    rig.press("Ctrl-u \"lon-hsm-01\" Enter PageDown");
    let w = wizard(&rig.app).unwrap();
    assert_eq!(w.step, 2);
    assert!(
        w.refusal
            .as_deref()
            .is_some_and(|r| r.contains("at least 2")),
        "{:?}",
        w.refusal
    );
    rig.press("Ctrl-u \"lon-hsm-02\" Enter");
    let names: Vec<&str> = wizard(&rig.app)
        .unwrap()
        .devices()
        .iter()
        .map(|d| d.name.as_str())
        .collect();
    assert_eq!(names, ["lon-hsm-01", "lon-hsm-02"], "in the order added");
    // Assign Organization, then the Summary's dry run from the plan.
    rig.press("PageDown \"Payments\" Enter");
    rig.until("the plan", |a| {
        wizard(a).is_some_and(|w| w.plan.is_some() || w.refusal.is_some())
    });
    let w = wizard(&rig.app).unwrap();
    assert_eq!(w.refusal, None);
    let plan = w.plan.as_ref().unwrap();
    assert_eq!(plan.len(), 2, "{plan:?}");
    assert!(
        plan.iter()
            .all(|(_, lines)| lines.iter().any(|l| l.contains("partition create"))),
        "{plan:?}"
    );
    let screen = rig.screen();
    assert!(screen.contains("dry run"), "{screen}");
    // Go Back keeps everything.
    rig.press("PageUp PageUp PageUp PageUp");
    assert_eq!(
        wizard(&rig.app).unwrap().general.text("name"),
        Some("payments-ha")
    );
    rig.press("Enter Enter PageDown Enter");
    rig.until("the plan again", |a| {
        wizard(a).is_some_and(|w| w.plan.is_some())
    });
    // Finish: the job runs, then the new service is offered for initialization.
    rig.press("Enter");
    rig.until("created", |a| {
        wizard(a).is_some_and(|w| {
            matches!(
                w.phase,
                Phase::Created {
                    service: Some(_),
                    ..
                }
            )
        })
    });
    assert_eq!(rig.app.screens.services.table.total_len(), before + 1);
    rig.press("Enter");
    rig.until("the Initialize dialog", |a| {
        matches!(
            a.panels.dialog.as_ref(),
            Some(Dialog::Screen(ScreenDialog::Services(ServicesDialog::Init(d)))) if d.form.is_some() && d.name == "payments-ha"
        )
    });
}

#[test]
fn svc_1_cancel_asks_first_once_something_was_typed() {
    let mut rig = services_rig();
    rig.press("a");
    rig.until("the choices", |a| wizard(a).is_some_and(|w| w.loaded));
    rig.press("Esc");
    assert!(wizard(&rig.app).is_none(), "nothing typed: closed at once");
    rig.press("a \"x\" Esc");
    assert!(wizard(&rig.app).is_some_and(|w| w.cancel.asking));
    rig.press("Esc");
    assert_eq!(wizard(&rig.app).unwrap().general.text("name"), Some("x"));
    rig.press("Esc Enter");
    assert!(wizard(&rig.app).is_none());
}

#[test]
fn svc_1_an_owner_is_not_offered_create() {
    let mut app = signed_in(Role::Owner(lunadeck::domain::ids::OrganizationId(1)), false);
    press(&mut app, "2 Enter a");
    assert!(wizard(&app).is_none());
    assert_eq!(
        app.notice.as_deref(),
        Some("only an Admin can create a service.")
    );
}

#[test]
fn svc_1_a_6x_device_asks_for_the_credentials_before_the_summary() {
    use lunadeck::domain::device::{AuthMethod, Performance};
    use lunadeck::domain::template::{Capabilities, HsmLine, ServiceType};
    use lunadeck::ops::templates::TemplateDraft;
    let mut rig = Rig::demo(|c| {
        let draft = TemplateDraft {
            name: "Luna 6 single".into(),
            description: "6.x password, no PPSO".into(),
            capabilities: Capabilities {
                service_type: ServiceType::Partition,
                performance: Performance::Standard,
                auth: AuthMethod::Password,
                line: HsmLine::Luna6,
                partition_size: 100_000,
                ppso: false,
                sks: false,
                stc: false,
            },
        };
        c.create_template(&draft).unwrap();
    });
    rig.authorize_demo(&["fra-hsm-01"]);
    rig.press("2 Enter");
    rig.until("the services", |a| a.screens.services.loaded.is_some());
    rig.press("a");
    rig.until("the choices", |a| wizard(a).is_some_and(|w| w.loaded));
    rig.press("\"legacy-one\" Enter \"Luna\" Space \"6\" Enter");
    rig.until("the devices", |a| {
        wizard(a).is_some_and(|w| w.devices_for.is_some())
    });
    rig.press("\"fra-hsm-01\" Enter");
    let w = wizard(&rig.app).unwrap();
    assert!(w.legacy(), "{:?}", w.devices());
    assert_eq!(
        w.steps().len(),
        6,
        "Initialize at Creation comes before the Summary"
    );
    rig.press("PageDown \"Payments\" Enter");
    let w = wizard(&rig.app).unwrap();
    assert_eq!(w.current().title(), "Initialize at Creation");
    // Confirmations that differ are refused under the field; nothing is sent.
    rig.press("\"leg6\" Down \"domain-secret-1\" Down \"domain-secret-1\" Down \"co-password-1\" Down \"co-password-9\" Enter");
    let w = wizard(&rig.app).unwrap();
    assert_eq!(w.current().title(), "Initialize at Creation");
    let (_, form) = w.init.as_ref().unwrap();
    assert!(form.has_errors(), "refused inline");
    rig.press("Down Ctrl-u \"co-password-1\" Enter");
    rig.until("the plan", |a| {
        wizard(a).is_some_and(|w| w.plan.is_some() || w.refusal.is_some())
    });
    let w = wizard(&rig.app).unwrap();
    assert_eq!(w.refusal, None);
    let screen = rig.screen();
    assert!(
        !screen.contains("domain-secret-1") && !screen.contains("co-password-1"),
        "{screen}"
    );
    rig.press("Enter");
    rig.until("created", |a| {
        wizard(a).is_some_and(|w| {
            matches!(
                w.phase,
                Phase::Created {
                    service: Some(_),
                    ..
                }
            )
        })
    });
    let screen = rig.screen();
    assert!(screen.contains("initialized at creation"), "{screen}");
    let row = rig
        .app
        .screens
        .services
        .table
        .rows()
        .iter()
        .find(|r| r.name == "legacy-one")
        .unwrap();
    assert_eq!(
        row.state,
        lunadeck::domain::lifecycle::ServiceState::Initialized
    );
    rig.press("Enter");
    assert!(wizard(&rig.app).is_none());
}

#[test]
fn svc_1_a_device_failing_midway_is_named_undone_and_go_back_returns_to_the_devices() {
    let mut rig = services_rig();
    rig.press("a");
    rig.until("the choices", |a| wizard(a).is_some_and(|w| w.loaded));
    rig.press("\"pay-fail\" Enter \"HA\" Enter");
    rig.until("the devices", |a| {
        wizard(a).is_some_and(|w| w.devices_for.is_some())
    });
    rig.press("\"lon-hsm-01\" Enter Ctrl-u \"lon-hsm-02\" Enter PageDown \"Payments\" Enter");
    rig.until("the plan", |a| wizard(a).is_some_and(|w| w.plan.is_some()));
    // Meanwhile every licence of lon-hsm-02 gets used: its partition create fails.
    {
        let mut fleet = rig.fleet.lock().unwrap();
        let a = fleet.appliance_mut("lon-hsm-02").unwrap();
        a.licences = a.partitions.len() as u32;
    }
    rig.press("Enter");
    rig.until("failed", |a| {
        wizard(a).is_some_and(|w| matches!(w.phase, Phase::Failed(_)))
    });
    let Some(Phase::Failed(why)) = wizard(&rig.app).map(|w| w.phase.clone()) else {
        unreachable!()
    };
    assert!(why.contains("lon-hsm-02"), "names the device: {why}");
    assert!(
        why.contains("LICENSE"),
        "says what the appliance said: {why}"
    );
    assert!(
        why.to_lowercase().contains("undo") || why.contains("deleted"),
        "says what was undone: {why}"
    );
    assert!(
        !rig.app
            .screens
            .services
            .table
            .rows()
            .iter()
            .any(|r| r.name == "pay-fail"),
        "no service was saved"
    );
    rig.press("PageUp");
    rig.until("the devices again", |a| {
        wizard(a).is_some_and(|w| w.current().title() == "Add Devices" && w.devices_for.is_some())
    });
}
