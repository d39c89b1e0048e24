//! Partitions → Remove Partition (HA-3) over the demo backend: the highlighted partition, its
//! name typed to confirm, the job, the service with one member fewer; the last partition and a
//! single-partition service refused with the domain's reason; Owners told why not.

use crate::services::open_service;
use crate::support::keys::press;
use crate::support::rig::Rig;
use lunadeck::app::state::Loaded;
use lunadeck::domain::organization::Role;
use lunadeck::ops::Console;
use lunadeck::ops::create_service::CreateServiceRequest;
use lunadeck::screens::services::Dialog as ServicesDialog;

const HA: &str = "ha-remove-me";

/// An HA service on lon-hsm-01 and lon-hsm-02 (7.8), created but not initialized.
fn create_ha(console: &mut Console) {
    let template = console
        .templates()
        .unwrap()
        .into_iter()
        .find(|t| t.name == "HA pair")
        .unwrap();
    let devices: Vec<_> = console
        .devices()
        .unwrap()
        .into_iter()
        .filter(|d| d.name == "lon-hsm-01" || d.name == "lon-hsm-02")
        .map(|d| d.serial)
        .collect();
    let organization = console.organizations().unwrap().first().unwrap().id;
    let started = console
        .submit_create_service(CreateServiceRequest {
            name: HA.into(),
            description: String::new(),
            template: template.id,
            devices,
            organization,
            init: None,
        })
        .unwrap();
    let done = console.wait(started.job, |_| {}).unwrap();
    assert!(
        matches!(done.outcome, lunadeck::jobs::JobOutcome::Succeeded { .. }),
        "{}",
        done.summary
    );
}

fn members(rig: &Rig) -> Option<usize> {
    let d = rig.app.screens.services.detail.as_ref()?;
    match &d.detail {
        Loaded::Ready(s) => Some(s.initialized.len() + s.uninitialized.len()),
        _ => None,
    }
}

#[test]
fn ha_3_remove_the_highlighted_partition_after_typing_its_name() {
    let mut rig = Rig::demo(create_ha);
    rig.authorize_demo(&["lon-hsm-01", "lon-hsm-02"]);
    rig.press("2 Enter");
    rig.until("the services", |a| {
        a.screens.services.table.rows().iter().any(|r| r.name == HA)
    });
    rig.press(&format!("/ \"{HA}\" Enter Enter"));
    rig.until("the service", |r| {
        r.screens
            .services
            .detail
            .as_ref()
            .is_some_and(|d| matches!(d.detail, Loaded::Ready(_)))
    });
    assert_eq!(members(&rig), Some(2));
    rig.press("Alt-3 Down d");
    let name = match lunadeck::screens::services::open_dialog(&rig.app) {
        Some(ServicesDialog::RemovePartition { modal, .. }) => modal.expected.clone(),
        other => panic!("the typed confirmation: {other:?}"),
    };
    rig.press(&format!("\"{name}x\" Enter"));
    assert!(
        matches!(lunadeck::screens::services::open_dialog(&rig.app), Some(ServicesDialog::RemovePartition { modal, .. }) if !modal.ok_enabled()),
        "a wrong name keeps it open"
    );
    rig.press("Backspace Enter Enter");
    rig.until("one member fewer", |a| {
        a.screens
            .services
            .detail
            .as_ref()
            .is_some_and(|d| match &d.detail {
                Loaded::Ready(s) => s.initialized.len() + s.uninitialized.len() == 1,
                _ => false,
            })
    });
    // The last partition: refused with the domain's reason, nothing opens.
    rig.press("d");
    assert!(lunadeck::screens::services::open_dialog(&rig.app).is_none());
    assert!(
        rig.app
            .notice
            .as_deref()
            .is_some_and(|n| n.contains("last")),
        "{:?}",
        rig.app.notice
    );
}

#[test]
fn ha_3_an_owner_is_told_why_not() {
    let mut app = open_service(
        Role::Owner(lunadeck::domain::ids::OrganizationId(1)),
        false,
        "Alt-3",
    );
    press(&mut app, "d");
    assert!(lunadeck::screens::services::open_dialog(&app).is_none());
    assert!(
        app.notice
            .as_deref()
            .is_some_and(|n| n.starts_with("only an Admin")),
        "{:?}",
        app.notice
    );
}

#[test]
fn ha_3_snapshot_the_highlighted_partition_and_the_typed_confirmation() {
    crate::services::snap("ha_3_partitions_highlighted", |mono| {
        let mut app = open_service(Role::Admin, mono, "Alt-3");
        press(&mut app, "Down");
        app
    });
    crate::services::snap("ha_3_remove_partition", |mono| {
        let mut app = open_service(Role::Admin, mono, "Alt-3");
        press(&mut app, "Down d");
        assert!(
            matches!(
                lunadeck::screens::services::open_dialog(&app),
                Some(ServicesDialog::RemovePartition { .. })
            ),
            "{:?}",
            app.notice
        );
        app
    });
}
