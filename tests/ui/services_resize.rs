//! Capabilities → Edit partition size (SIZE-1, SIZE-2) over the demo backend: letters never
//! enter, a device not authorized is refused before anything changes, a resize runs as a job
//! and its success is confirmed in a modal; Owners are told why not; snapshots.

use crate::services::open_service;
use crate::services_init_flow::{SERVICE, create_uninitialized};
use crate::support::keys::press;
use crate::support::render::{SIZES, draw_app};
use crate::support::rig::Rig;
use lunadeck::app::App;
use lunadeck::app::panel_dialog::Dialog;
use lunadeck::domain::organization::Role;
use lunadeck::screens::ScreenDialog;
use lunadeck::screens::services::Dialog as ServicesDialog;

fn resize_open(a: &App) -> bool {
    matches!(
        a.panels.dialog.as_ref(),
        Some(Dialog::Screen(ScreenDialog::Services(
            ServicesDialog::Resize(_)
        )))
    )
}

fn size_text(a: &App) -> Option<String> {
    match a.panels.dialog.as_ref() {
        Some(Dialog::Screen(ScreenDialog::Services(ServicesDialog::Resize(r)))) => {
            r.form.text("size").map(str::to_string)
        }
        _ => None,
    }
}

/// The demo with the test service open on its Capabilities tab.
fn open_capabilities(authorize: bool) -> Rig {
    let mut rig = Rig::demo(create_uninitialized);
    if authorize {
        rig.authorize_demo(&["lon-hsm-01"]);
    }
    rig.open_demo_service(SERVICE);
    rig.press("Alt-2");
    rig
}

#[test]
fn size_1_size_2_resize_over_the_backend_confirmed_in_a_modal() {
    let mut rig = open_capabilities(true);
    rig.press("e");
    assert!(resize_open(&rig.app));
    // A letter never enters; the size is the current one until changed.
    rig.press("\"x\"");
    assert_eq!(size_text(&rig.app).as_deref(), Some("100000"));
    rig.press("Ctrl-u \"999\" Enter");
    assert!(
        resize_open(&rig.app),
        "below the minimum: refused inline, nothing sent"
    );
    rig.press("Ctrl-u \"200000\" Enter");
    rig.until("the result", |a| {
        matches!(a.panels.dialog.as_ref(), Some(Dialog::Message(m)) if m.title == "Partition size changed")
    });
    rig.press("Enter");
    rig.until("the new size", |a| {
        a.screens.services.detail.as_ref().is_some_and(|d| {
            d.ready()
                .is_some_and(|s| s.service.partition_size == 200_000)
        })
    });
}

#[test]
fn size_2_a_device_not_authorized_is_refused_before_anything_changes() {
    let mut rig = open_capabilities(false);
    rig.press("e");
    assert!(resize_open(&rig.app), "notice {:?}", rig.app.notice);
    rig.press("Ctrl-u \"200000\" Enter");
    rig.until("the refusal", |a| match a.panels.dialog.as_ref() {
        Some(Dialog::Screen(ScreenDialog::Services(ServicesDialog::Resize(r)))) => r
            .refusal
            .as_deref()
            .is_some_and(|m| m.contains("not authorized")),
        _ => false,
    });
    let still = rig
        .app
        .screens
        .services
        .detail
        .as_ref()
        .unwrap()
        .ready()
        .unwrap();
    assert_eq!(still.service.partition_size, 100_000);
}

#[test]
fn size_1_an_owner_is_told_why_not() {
    let mut app = open_service(
        Role::Owner(lunadeck::domain::ids::OrganizationId(1)),
        false,
        "Alt-2",
    );
    press(&mut app, "e");
    assert!(!resize_open(&app));
    assert!(
        app.notice
            .as_deref()
            .is_some_and(|n| n.starts_with("only an Admin")),
        "{:?}",
        app.notice
    );
}

#[test]
fn size_1_snapshot_the_edit_partition_size_dialog() {
    for (mono, theme) in [(false, "default16"), (true, "mono")] {
        let mut app = open_service(Role::Admin, mono, "Alt-2");
        press(&mut app, "e Ctrl-u \"25x0000\"");
        assert_eq!(
            size_text(&app).as_deref(),
            Some("250000"),
            "the letter never entered"
        );
        for size in SIZES {
            let t = draw_app(&app, size);
            insta::assert_snapshot!(
                format!("size_1_resize_{}x{}_{theme}", size.0, size.1),
                t.backend()
            );
        }
    }
}

#[test]
fn size_2_a_device_failing_midway_puts_the_first_back_and_says_so() {
    use crate::services_remove_partition::{HA, create_ha};
    let mut rig = Rig::demo(create_ha);
    rig.authorize_demo(&["lon-hsm-01", "lon-hsm-02"]);
    rig.open_demo_service(HA);
    // lon-hsm-02 filled up after it was last read: the plan passes, the device refuses.
    rig.fleet
        .lock()
        .unwrap()
        .appliance_mut("lon-hsm-02")
        .unwrap()
        .storage_total = 300_000;
    rig.press("Alt-2 e Ctrl-u \"900000\" Enter");
    rig.until("the failure", |a| {
        matches!(a.panels.dialog.as_ref(), Some(Dialog::Message(m)) if m.title == "Resize failed")
    });
    let Some(Dialog::Message(m)) = rig.app.panels.dialog.as_ref() else {
        unreachable!()
    };
    let text = m.text.join(" ");
    assert!(text.contains("lon-hsm-02"), "{text}");
    assert!(text.contains("Put back to the old size"), "{text}");
    let sizes: Vec<u64> = {
        let fleet = rig.fleet.lock().unwrap();
        ["lon-hsm-01", "lon-hsm-02"]
            .iter()
            .filter_map(|n| fleet.appliances.iter().find(|a| a.name == *n))
            .flat_map(|a| {
                a.partitions
                    .iter()
                    .filter(|p| p.name.starts_with("ha-remove"))
            })
            .map(|p| p.size)
            .collect()
    };
    assert_eq!(
        sizes,
        vec![100_000, 100_000],
        "both partitions at the old size on the devices"
    );
    rig.press("Enter");
    rig.until("the service read again", |a| {
        a.screens
            .services
            .detail
            .as_ref()
            .and_then(|d| d.ready())
            .is_some_and(|s| s.service.partition_size == 100_000)
    });
}

#[test]
fn size_1_snapshot_too_large_a_size_refused_under_the_field() {
    for (mono, theme) in [(false, "default16"), (true, "mono")] {
        let mut app = open_service(Role::Admin, mono, "Alt-3");
        press(&mut app, "Alt-2 e Ctrl-u \"123456789\" Enter");
        assert!(resize_open(&app), "refused inline, nothing sent");
        for size in SIZES {
            let t = draw_app(&app, size);
            insta::assert_snapshot!(
                format!("size_1_resize_too_large_{}x{}_{theme}", size.0, size.1),
                t.backend()
            );
        }
    }
}

#[test]
fn size_2_a_host_key_question_never_waits_behind_the_resize_progress() {
    use lunadeck::domain::ids::JobId;
    use lunadeck::screens::services::{Event as ServicesEvent, JobKind};
    let mut app = open_service(Role::Admin, false, "Alt-2");
    press(&mut app, "e Ctrl-u \"200000\" Enter");
    let id = app.screens.services.detail.as_ref().unwrap().id;
    crate::support::fixtures::svc(
        &mut app,
        ServicesEvent::JobStarted {
            kind: JobKind::Resize(id),
            job: JobId(4),
        },
    );
    assert!(resize_open(&app), "the progress view follows the job");
    let _question = crate::services_init::host_key_question(&mut app);
    assert!(!resize_open(&app), "the watching view stepped aside");
    assert!(
        matches!(app.panels.dialog.as_ref(), Some(Dialog::HostKey { .. })),
        "the host-key question is the open dialog"
    );
}
