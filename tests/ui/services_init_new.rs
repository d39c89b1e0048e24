//! Initialize New Partitions (HA-2) over the demo backend: an initialized HA pair whose member
//! was removed and added again; the wizard's steps (Important, Define Partition with the fixed
//! label, Initialize Role), a confirmation that differs refused inline, then the job.

use crate::services_remove_partition::{HA, create_ha};
use crate::support::demo_services::twice;
use crate::support::rig::Rig;
use lunadeck::app::state::Loaded;
use lunadeck::domain::initialization::InitCredentials;
use lunadeck::ops::Console;
use lunadeck::screens::services::Dialog as ServicesDialog;

const DOMAIN: &str = "domain-secret-1";
const SO: &str = "so-password-11";
const CO: &str = "co-password-11";

fn ok(c: &mut Console, job: lunadeck::domain::ids::JobId) {
    let done = c.wait(job, |_| {}).unwrap();
    assert!(
        matches!(done.outcome, lunadeck::jobs::JobOutcome::Succeeded { .. }),
        "{}",
        done.summary
    );
}

/// The HA pair initialized, its second member removed and added again (pending).
fn with_a_new_member(c: &mut Console) {
    create_ha(c);
    let id = c
        .services()
        .unwrap()
        .into_iter()
        .find(|s| s.name == HA)
        .unwrap()
        .id;
    let creds = InitCredentials::Password {
        label: "hapair".into(),
        domain: twice(DOMAIN),
        so: Some(twice(SO)),
        co: twice(CO),
        cu: None,
    };
    let started = c.submit_initialize(id, creds).unwrap();
    ok(c, started.job);
    let detail = c.service_detail(id).unwrap();
    let second = detail.initialized.get(1).unwrap().clone();
    let job = c
        .submit_remove_partition(id, &second.serial, &second.partition)
        .unwrap();
    ok(c, job);
    let device = c
        .devices()
        .unwrap()
        .into_iter()
        .find(|d| d.name == second.device)
        .unwrap();
    let job = c.submit_add_partitions(id, &[device.serial]).unwrap();
    ok(c, job);
}

#[test]
fn ha_2_initialize_new_partitions_over_the_backend() {
    let mut rig = Rig::demo(with_a_new_member);
    rig.authorize_demo(&["lon-hsm-01", "lon-hsm-02"]);
    rig.press("2 Enter");
    rig.until("the services", |a| {
        a.screens.services.table.rows().iter().any(|r| r.name == HA)
    });
    // The list's Initialization State key opens the service, then the wizard (MNG-1).
    rig.press(&format!("/ \"{HA}\" Enter i"));
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
    assert_eq!(
        w.form.text("label"),
        Some("hapair"),
        "the service's label, fixed"
    );
    rig.press(&format!("Enter \"{DOMAIN}\" Down \"{DOMAIN}\" Enter"));
    rig.press(&format!(
        "\"{SO}\" Down \"{SO}\" Down \"{CO}\" Down \"{CO}x\" Enter"
    ));
    let Some(ServicesDialog::InitNew(w)) = lunadeck::screens::services::open_dialog(&rig.app)
    else {
        unreachable!()
    };
    assert!(
        w.form.has_errors() && !w.sent,
        "a confirmation that differs is refused inline"
    );
    rig.press(&format!("Down Ctrl-u \"{CO}\" Enter"));
    rig.until("the result", |a| {
        matches!(lunadeck::screens::services::open_dialog(a), Some(ServicesDialog::InitNew(w)) if w.result.is_some())
    });
    let Some(ServicesDialog::InitNew(w)) = lunadeck::screens::services::open_dialog(&rig.app)
    else {
        unreachable!()
    };
    assert!(matches!(&w.result, Some((true, _))), "{:?}", w.result);
    assert!(w.crypto_user.is_some());
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
fn ha_2_snapshot_every_step() {
    use crate::support::keys::press;
    use lunadeck::domain::organization::Role;
    for (step, keys) in [
        ("important", ""),
        ("define_partition", "Enter \"some-domain\""),
        ("initialize_role", "Enter Enter \"so-secret\""),
    ] {
        crate::services::snap(&format!("ha_2_{step}"), |mono| {
            let mut app = crate::services::open_service(Role::Admin, mono, "Alt-3");
            press(&mut app, "i");
            assert!(
                matches!(
                    lunadeck::screens::services::open_dialog(&app),
                    Some(ServicesDialog::InitNew(_))
                ),
                "{:?}",
                app.notice
            );
            press(&mut app, keys);
            app
        });
    }
}
