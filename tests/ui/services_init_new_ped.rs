//! Initialize New Partitions (HA-2) of a PPSO PED HA service over the demo backend: par-hsm-01
//! and a second Paris appliance (LunaCM route), the second member removed and added again.
//! The PED table's second row is checked on the simulator: Activate Crypto User activates the
//! crypto user of the new partition and of the old one.

use crate::support::demo_services::twice;
use crate::support::rig::Rig;
use lunadeck::app::state::Loaded;
use lunadeck::domain::device::{AuthMethod, DEFAULT_PED_PORT, PedServer, Performance};
use lunadeck::domain::initialization::InitCredentials;
use lunadeck::domain::template::{Capabilities, HsmLine, ServiceType};
use lunadeck::ops::Console;
use lunadeck::ops::templates::TemplateDraft;
use lunadeck::screens::services::Dialog as ServicesDialog;
use lunadeck::sim::model::Role as SimRole;

const SERVICE: &str = "ped-ha";
const CO: &str = "co-challenge-1";
const CU: &str = "cu-challenge-1";

fn ok(c: &mut Console, job: lunadeck::domain::ids::JobId) {
    let done = c.wait(job, |_| {}).unwrap();
    assert!(
        matches!(done.outcome, lunadeck::jobs::JobOutcome::Succeeded { .. }),
        "{}",
        done.summary
    );
}

/// A PPSO PED HA service on par-hsm-01 + sgp-hsm-01, initialized and activated (crypto user
/// not), its second member removed and added again (pending).
fn ped_ha_with_a_new_member(c: &mut Console) {
    c.create_template(&TemplateDraft {
        name: "PED HA".into(),
        description: String::new(),
        capabilities: Capabilities {
            service_type: ServiceType::HaGroup,
            performance: Performance::Standard,
            auth: AuthMethod::Ped,
            line: HsmLine::Luna7,
            partition_size: 100_000,
            ppso: true,
            sks: false,
            stc: false,
        },
    })
    .unwrap();
    crate::support::demo_services::create_on(c, SERVICE, "PED HA", &["par-hsm-01", "par-hsm-02"]);
    let id = c
        .services()
        .unwrap()
        .into_iter()
        .find(|s| s.name == SERVICE)
        .unwrap()
        .id;
    let creds = InitCredentials::Ped {
        label: "pedha".into(),
        ped: PedServer {
            host: "ped.test".into(),
            port: DEFAULT_PED_PORT,
        },
        co_challenge: Some(twice(CO)),
        cu_challenge: None,
        activate_co: true,
        activate_cu: false,
    };
    let started = c.submit_initialize(id, creds).unwrap();
    ok(c, started.job);
    let detail = c.service_detail(id).unwrap();
    let second = detail
        .initialized
        .iter()
        .find(|p| p.device == "par-hsm-02")
        .unwrap()
        .clone();
    let job = c
        .submit_remove_partition(id, &second.serial, &second.partition)
        .unwrap();
    ok(c, job);
    let device = c
        .devices()
        .unwrap()
        .into_iter()
        .find(|d| d.name == "par-hsm-02")
        .unwrap();
    let job = c.submit_add_partitions(id, &[device.serial]).unwrap();
    ok(c, job);
}

fn rig() -> Rig {
    Rig::demo_fleet(
        lunadeck::app::Keymap::defaults().unwrap(),
        crate::support::demo_services::with_par_hsm_02,
        ped_ha_with_a_new_member,
    )
}

fn roles_on(rig: &Rig, appliance: &str) -> (SimRole, SimRole, String) {
    let fleet = rig.fleet.lock().unwrap();
    let p = fleet
        .appliances
        .iter()
        .find(|a| a.name == appliance)
        .and_then(|a| a.partitions.iter().find(|p| p.name.starts_with(SERVICE)))
        .unwrap();
    (p.co, p.cu, p.label.clone())
}

#[test]
fn ha_2_ped_initialize_and_activate_the_new_partition_over_the_backend() {
    let mut rig = rig();
    rig.press("2 Enter");
    rig.until("the services", |a| {
        a.screens
            .services
            .table
            .rows()
            .iter()
            .any(|r| r.name == SERVICE)
    });
    rig.press(&format!("/ \"{SERVICE}\" Enter i"));
    rig.until("the wizard", |a| {
        matches!(
            lunadeck::screens::services::open_dialog(a),
            Some(ServicesDialog::InitNew(_))
        )
    });
    let Some(ServicesDialog::InitNew(w)) = lunadeck::screens::services::open_dialog(&rig.app)
    else {
        unreachable!()
    };
    assert!(w.ped, "the PED variant of the wizard");
    assert_eq!(w.form.text("label"), Some("pedha"));
    // Important → Define Partition (nothing typed: the red key) → Initialize Role.
    rig.press(&format!(
        "Enter Enter \"{CO}\" Down \"{CO}\" Down Space Down \"{CU}\" Down \"{CU}\" Enter"
    ));
    rig.until("the result", |a| {
        matches!(lunadeck::screens::services::open_dialog(a), Some(ServicesDialog::InitNew(w)) if w.result.is_some())
    });
    let Some(ServicesDialog::InitNew(w)) = lunadeck::screens::services::open_dialog(&rig.app)
    else {
        unreachable!()
    };
    assert!(matches!(&w.result, Some((true, _))), "{:?}", w.result);
    assert_eq!(
        w.crypto_user.as_deref(),
        Some("Old partition will also be activated (New: Activated, Old: Activated)")
    );
    let new = roles_on(&rig, "par-hsm-02");
    let old = roles_on(&rig, "par-hsm-01");
    assert_eq!(new.2, "pedha", "the service's label");
    assert_eq!((new.0, new.1), (SimRole::Activated, SimRole::Activated));
    assert_eq!((old.0, old.1), (SimRole::Activated, SimRole::Activated));
    rig.press("Enter");
    rig.until("both initialized", |a| {
        a.screens
            .services
            .detail
            .as_ref()
            .is_some_and(|d| match &d.detail {
                Loaded::Ready(s) => s.initialized.len() == 2 && s.uninitialized.is_empty(),
                _ => false,
            })
    });
}

#[test]
fn ha_2_ped_a_missing_challenge_is_refused_under_its_field_and_nothing_changes() {
    let mut rig = rig();
    rig.press("2 Enter");
    rig.until("the services", |a| {
        a.screens
            .services
            .table
            .rows()
            .iter()
            .any(|r| r.name == SERVICE)
    });
    rig.press(&format!("/ \"{SERVICE}\" Enter i"));
    rig.until("the wizard", |a| {
        matches!(
            lunadeck::screens::services::open_dialog(a),
            Some(ServicesDialog::InitNew(_))
        )
    });
    // The service's partitions are activated: the crypto officer challenge is needed.
    rig.press("Enter Enter Enter");
    rig.until("the refusal", |a| {
        matches!(lunadeck::screens::services::open_dialog(a),
            Some(ServicesDialog::InitNew(w)) if w.form.has_errors() && !w.sent)
    });
    let new = roles_on(&rig, "par-hsm-02");
    assert_eq!(new.2, "", "the new partition is left uninitialized");
}

#[test]
fn ha_2_ped_snapshot_every_step() {
    use crate::support::keys::press;
    use lunadeck::domain::organization::Role;
    for (step, keys) in [
        ("important", ""),
        ("define_partition", "Enter"),
        (
            "initialize_role",
            "Enter Enter \"co-secret\" Down Down Space",
        ),
    ] {
        crate::services::snap(&format!("ha_2_ped_{step}"), |mono| {
            let mut detail = crate::support::fixtures::detail();
            detail.auth = AuthMethod::Ped;
            detail.service.auth = AuthMethod::Ped;
            let mut app = crate::services::open_service_as(Role::Admin, mono, "Alt-3", detail);
            press(&mut app, "i");
            assert!(
                matches!(
                    lunadeck::screens::services::open_dialog(&app),
                    Some(ServicesDialog::InitNew(w)) if w.ped
                ),
                "{:?}",
                app.notice
            );
            press(&mut app, keys);
            app
        });
    }
}
