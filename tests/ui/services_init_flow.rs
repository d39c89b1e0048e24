//! INIT-1/2 over a real backend thread on the simulated demo fleet: a service created on a 7.8
//! appliance (not initialized) is initialized from the Services list's Initialize dialog; a
//! mismatched confirmation stays inline and sends nothing; the typed secrets are never drawn.

use crate::support::rig::Rig;
use lunadeck::app::App;
use lunadeck::domain::lifecycle::ServiceState;
use lunadeck::ops::Console;
use lunadeck::screens::services::Dialog as ServicesDialog;

pub(crate) const SERVICE: &str = "init-me";
const DOMAIN: &str = "clone-domain-77";
const SO: &str = "partition-so-88";
const CO: &str = "crypto-officer-99";

/// A one-partition password PPSO service on lon-hsm-01 (7.8), created but not initialized.
pub(crate) fn create_uninitialized(console: &mut Console) {
    crate::support::demo_services::create_on(
        console,
        SERVICE,
        "Standard partition",
        &["lon-hsm-01"],
    );
}

fn state_of(a: &App) -> Option<ServiceState> {
    a.screens
        .services
        .table
        .rows()
        .iter()
        .find(|r| r.name == SERVICE)
        .map(|r| r.state)
}

#[test]
fn init_1_init_2_initialize_from_the_services_list_over_the_demo_backend() {
    let mut rig = Rig::demo(create_uninitialized);
    rig.authorize_demo(&["lon-hsm-01"]);
    rig.press("2 Enter");
    rig.until("the services", |a| state_of(a).is_some());
    assert_eq!(state_of(&rig.app), Some(ServiceState::Uninitialized));
    let id = rig
        .app
        .screens
        .services
        .table
        .rows()
        .iter()
        .find(|r| r.name == SERVICE)
        .map(|r| r.id)
        .unwrap();
    assert!(rig.app.screens.services.table.select_key(&id));
    rig.press("i");
    rig.until(
        "the dialog's fields",
        |a| matches!(lunadeck::screens::services::open_dialog(a), Some(ServicesDialog::Init(d)) if d.form.is_some()),
    );
    // The seed's steps on the wizard frame: Define Partition first.
    assert!(rig.screen().contains("Define Partition"));
    // A mismatched crypto officer confirmation: inline error, nothing sent.
    rig.press(&format!(
        "\"initme\" Tab \"{DOMAIN}\" Tab \"{DOMAIN}\" Enter \"{SO}\" Tab \"{SO}\" Tab \"{CO}\" Tab \"{CO}-typo\" Enter"
    ));
    let screen = rig.screen();
    assert!(
        screen.contains("✖ the confirmation does not match"),
        "{screen}"
    );
    match lunadeck::screens::services::open_dialog(&rig.app) {
        Some(ServicesDialog::Init(d)) => assert!(!d.sent, "nothing sent"),
        other => panic!("the dialog must stay open: {other:?}"),
    }
    assert!(rig.app.screens.services.jobs.is_empty());
    // Fix it (the other secrets were kept) and submit.
    rig.press(&format!("\"{CO}\" Tab \"{CO}\" Enter"));
    let screen = rig.screen();
    assert!(
        matches!(lunadeck::screens::services::open_dialog(&rig.app), Some(ServicesDialog::Init(d)) if d.sent),
        "{screen}"
    );
    rig.until("the job started or a refusal", |a| {
        !a.screens.services.jobs.is_empty()
            || matches!(lunadeck::screens::services::open_dialog(a), Some(ServicesDialog::Init(d)) if !d.sent)
    });
    let screen = rig.screen();
    assert!(!rig.app.screens.services.jobs.is_empty(), "{screen}");
    // The dialog follows the job: its progress per partition, not only in Jobs (issue 11.9).
    assert!(
        matches!(lunadeck::screens::services::open_dialog(&rig.app), Some(ServicesDialog::Init(d)) if d.job.is_some()),
        "{screen}"
    );
    let screen = rig.screen();
    assert!(screen.contains("progress per partition"), "{screen}");
    rig.until("the service initialized", |a| {
        a.screens.services.jobs.is_empty() && state_of(a) == Some(ServiceState::Initialized)
    });
    assert!(
        lunadeck::screens::services::open_dialog(&rig.app).is_none(),
        "the dialog closes when the job ends"
    );
    let screen = rig.screen();
    assert!(screen.contains("Initialized"), "{screen}");
    assert!(rig.screens.len() >= 4);
    for shown in &rig.screens {
        for secret in [DOMAIN, SO, CO] {
            assert!(
                !shown.contains(secret),
                "a typed secret was drawn:\n{shown}"
            );
        }
    }
}
