//! Partitions → Remove Partition (HA-3) over the demo backend: the highlighted partition, its
//! name typed to confirm, the job, the service with one member fewer; the last partition and a
//! single-partition service refused with the domain's reason; Owners told why not.

use crate::services::open_service;
use crate::support::keys::press;
use crate::support::rig::Rig;
use lunadeck::app::state::Loaded;
use lunadeck::domain::organization::Role;
use lunadeck::ops::Console;
use lunadeck::screens::services::Dialog as ServicesDialog;

pub(crate) const HA: &str = "ha-remove-me";

/// An HA service on lon-hsm-01 and lon-hsm-02 (7.8), created but not initialized.
pub(crate) fn create_ha(console: &mut Console) {
    crate::support::demo_services::create_on(console, HA, "HA pair", &["lon-hsm-01", "lon-hsm-02"]);
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
    rig.open_demo_service(HA);
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
    // HA-1: a partition added back on the device that lost it.
    rig.press("a");
    rig.until("the devices", |a| {
        matches!(lunadeck::screens::services::open_dialog(a), Some(ServicesDialog::AddPartitions(d)) if d.loaded)
    });
    let Some(ServicesDialog::AddPartitions(d)) = lunadeck::screens::services::open_dialog(&rig.app)
    else {
        unreachable!()
    };
    let listed: Vec<String> = d
        .lists
        .available
        .table
        .rows()
        .iter()
        .map(|c| c.name.clone())
        .collect();
    let lon: Vec<&String> = listed
        .iter()
        .filter(|n| n.starts_with("lon-hsm-0"))
        .collect();
    // lon-hsm-01 stays in the service: lon-hsm-02 (removed from it) and lon-hsm-03 are listed.
    assert_eq!(
        lon.len(),
        2,
        "the device still in the service is not listed: {listed:?}"
    );
    let free = lon[0].clone();
    rig.press("PageDown");
    assert!(
        matches!(lunadeck::screens::services::open_dialog(&rig.app), Some(ServicesDialog::AddPartitions(d)) if d.step == 0 && d.refusal.is_some()),
        "nothing chosen: refused"
    );
    rig.press(&format!("\"{free}\" Enter PageDown Enter"));
    rig.until("added", |a| {
        matches!(lunadeck::screens::services::open_dialog(a), Some(ServicesDialog::AddPartitions(d)) if matches!(d.phase, lunadeck::screens::services::add_partitions::Phase::Done { ok: true, .. }))
    });
    rig.press("Enter");
    rig.until("two members again", |a| {
        a.screens
            .services
            .detail
            .as_ref()
            .is_some_and(|d| match &d.detail {
                Loaded::Ready(s) => s.initialized.len() + s.uninitialized.len() == 2,
                _ => false,
            })
    });
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

#[test]
fn ha_1_snapshot_add_partitions_both_steps() {
    use lunadeck::app::message::BackendEvent;
    use lunadeck::domain::device::AuthMethod;
    use lunadeck::domain::ids::HsmSerial;
    use lunadeck::ops::create_choices::DeviceChoice;
    use lunadeck::screens::ScreenEvent;
    use lunadeck::screens::services::Event;
    let device = |name: &str, unfit: Option<&str>| DeviceChoice {
        serial: HsmSerial::new(format!("s-{name}")),
        name: name.into(),
        model: "Luna K7".into(),
        firmware: "7.8.4".into(),
        auth: AuthMethod::Password,
        free_bytes: 2_000_000,
        unfit: unfit.map(|r| format!("Device {name}: {r}")),
        initializes_at_creation: false,
    };
    for step in ["devices", "confirm"] {
        crate::services::snap(&format!("ha_1_add_partitions_{step}"), |mono| {
            let mut app = open_service(Role::Admin, mono, "Alt-3");
            press(&mut app, "a");
            let id = app.screens.services.detail.as_ref().unwrap().id;
            let rows = vec![
                device("ams-hsm-01", None),
                device(
                    "sgp-hsm-01",
                    Some("authentication is PED, the template needs Password"),
                ),
            ];
            let e = BackendEvent::Screen(ScreenEvent::Services(Event::AddChoices(id, rows)));
            crate::support::fixtures::ev(&mut app, e);
            press(
                &mut app,
                if step == "devices" {
                    "Enter Down"
                } else {
                    "Enter PageDown"
                },
            );
            app
        });
    }
}

#[test]
fn ha_1_a_device_failing_midway_creates_nothing() {
    let mut rig = Rig::demo(create_ha);
    rig.authorize_demo(&["lon-hsm-01", "lon-hsm-02"]);
    rig.open_demo_service(HA);
    // Remove the second member, then add it back while its appliance runs out of licences.
    rig.press("Alt-3 Down d");
    let name = match lunadeck::screens::services::open_dialog(&rig.app) {
        Some(ServicesDialog::RemovePartition { modal, .. }) => modal.expected.clone(),
        other => panic!("{other:?}"),
    };
    rig.press(&format!("\"{name}\" Enter Enter"));
    rig.until("one member", |a| total(a) == Some(1));
    rig.press("a");
    rig.until("the devices", |a| {
        matches!(lunadeck::screens::services::open_dialog(a), Some(ServicesDialog::AddPartitions(d)) if d.loaded)
    });
    let free = match lunadeck::screens::services::open_dialog(&rig.app) {
        Some(ServicesDialog::AddPartitions(d)) => d
            .lists
            .available
            .table
            .rows()
            .iter()
            .find(|c| c.name.starts_with("lon-hsm-0"))
            .map(|c| c.name.clone())
            .unwrap(),
        _ => unreachable!(),
    };
    {
        let mut fleet = rig.fleet.lock().unwrap();
        let a = fleet.appliance_mut(&free).unwrap();
        a.licences = a.partitions.len() as u32;
    }
    rig.press(&format!("\"{free}\" Enter PageDown Enter"));
    rig.until("failed", |a| {
        matches!(lunadeck::screens::services::open_dialog(a), Some(ServicesDialog::AddPartitions(d)) if matches!(d.phase, lunadeck::screens::services::add_partitions::Phase::Done { ok: false, .. }))
    });
    let Some(ServicesDialog::AddPartitions(d)) = lunadeck::screens::services::open_dialog(&rig.app)
    else {
        unreachable!()
    };
    let lunadeck::screens::services::add_partitions::Phase::Done { summary, .. } = &d.phase else {
        unreachable!()
    };
    assert!(
        summary.contains(&free) && summary.contains("LICENSE"),
        "{summary}"
    );
    rig.press("Enter");
    rig.until("still one member", |a| total(a) == Some(1));
    let fleet = rig.fleet.lock().unwrap();
    let on_free = fleet
        .appliances
        .iter()
        .find(|a| a.name == free)
        .map(|a| a.partitions.iter().filter(|p| p.name == name).count());
    assert_eq!(on_free, Some(0), "nothing created on {free}");
}

fn total(a: &lunadeck::app::App) -> Option<usize> {
    let d = a.screens.services.detail.as_ref()?;
    match &d.detail {
        Loaded::Ready(s) => Some(s.initialized.len() + s.uninitialized.len()),
        _ => None,
    }
}

#[test]
fn ha_1_add_partitions_on_a_view_only_service_is_refused_at_the_key() {
    let mut app = crate::support::fixtures::signed_in(Role::Admin, true);
    press(&mut app, "2 Enter");
    crate::support::fixtures::svc(
        &mut app,
        lunadeck::screens::services::Event::List(crate::support::fixtures::rows()),
    );
    press(&mut app, "Enter");
    let mut single = crate::support::fixtures::detail();
    single.service.state = lunadeck::domain::lifecycle::ServiceState::ViewOnly;
    crate::support::fixtures::svc(
        &mut app,
        lunadeck::screens::services::Event::Detail {
            detail: Box::new(single),
            organizations: crate::support::fixtures::organizations(),
        },
    );
    press(&mut app, "a");
    assert!(app.panels.dialog.is_none(), "no dialog to fill in vain");
    assert!(
        app.notice
            .as_deref()
            .is_some_and(|n| n.contains("view only")),
        "{:?}",
        app.notice
    );
}
