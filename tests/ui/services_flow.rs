//! The Services and Import screens over a real backend thread on the simulated demo fleet
//! (`ops::demo::bootstrap`): keys go through `route` and `update`, requests to the backend,
//! its answers back into `update` (MNG-1/2, DEL-2, IMP-1).

use crate::support::rig::Rig;
use lunadeck::app::App;
use lunadeck::app::message::BackendEvent;
use lunadeck::app::state::Loaded;
use lunadeck::screens::services::{AttrTab, Dialog as ServicesDialog};

fn loaded(a: &App) -> bool {
    a.screens.services.loaded.is_some() && a.screens.services.table.total_len() > 0
}

#[test]
fn mng_1_mng_2_del_2_services_over_the_demo_backend() {
    let mut rig = Rig::demo(|_| {});
    rig.press("2 Enter");
    rig.until("the services", loaded);
    let total = rig.app.screens.services.table.total_len();
    assert!(total >= 2, "the demo imports services");
    // Filter and sort (MNG-1, NAV-3).
    rig.press("/ \"lon\" Enter");
    let shown = rig.app.screens.services.table.visible_len();
    assert!(shown >= 1 && shown < total, "{shown} of {total}");
    rig.press("Esc s");
    assert_eq!(rig.app.screens.services.table.visible_len(), total);
    assert!(rig.screen().contains("Name ▲"));
    // Open a service and walk its tabs (MNG-2..6).
    rig.press("Enter");
    rig.until("the service and its clients", |a| {
        a.screens.services.detail.as_ref().is_some_and(|d| {
            matches!(d.detail, Loaded::Ready(_)) && matches!(d.clients, Loaded::Ready(_))
        })
    });
    for (tab, text) in [
        (AttrTab::Capabilities, "Device capabilities"),
        (AttrTab::Partitions, "Initialized partitions"),
        (AttrTab::Keys, "crypto officer"),
        (AttrTab::Clients, "Clients ("),
        (AttrTab::General, "Created by"),
    ] {
        rig.press("Tab");
        assert_eq!(rig.app.screens.services.detail.as_ref().unwrap().tab, tab);
        assert!(rig.screen().contains(text), "{tab:?}: {}", rig.screen());
    }
    rig.press("Esc");
    rig.until("the list again", |a| {
        a.screens.services.detail.is_none() && loaded(a)
    });
    // Delete a service on the PED appliance (no SO secret needed) by typing its name (DEL-2).
    let target = rig
        .app
        .screens
        .services
        .table
        .rows()
        .iter()
        .find(|r| r.name.starts_with("par-hsm"))
        .map(|r| (r.id, r.name.clone()))
        .expect("a service on the PED appliance");
    assert!(rig.app.screens.services.table.select_key(&target.0));
    rig.press("X");
    rig.until("the partitions to destroy", |a| {
        matches!(lunadeck::screens::services::open_dialog(a), Some(ServicesDialog::Delete { modal, .. })
            if modal.destroyed.iter().any(|l| l.starts_with("partition ")))
    });
    rig.press(&format!("\"{}x\" Enter Tab Tab Enter", target.1));
    match lunadeck::screens::services::open_dialog(&rig.app) {
        Some(ServicesDialog::Delete { modal, .. }) => assert!(!modal.ok_enabled()),
        other => panic!("a wrong name must keep the dialog open: {other:?}"),
    }
    rig.press("Backspace Enter Enter");
    assert!(lunadeck::screens::services::open_dialog(&rig.app).is_none());
    rig.until("the service gone", |a| {
        a.screens.services.jobs.is_empty()
            && !a
                .screens
                .services
                .table
                .rows()
                .iter()
                .any(|r| r.id == target.0)
    });
    assert_eq!(rig.app.screens.services.table.total_len(), total - 1);
    assert!(
        rig.seen
            .iter()
            .any(|e| matches!(e, BackendEvent::JobDone { summary, .. } if summary.contains("destroyed") || summary.contains("deleted"))),
        "{:?}",
        rig.app.notice
    );
}

#[test]
fn imp_1_get_started_runs_discovery_with_progress_over_the_demo_backend() {
    let mut rig = Rig::demo(|_| {});
    rig.press(": \"import\" Enter");
    rig.until("the import screen", |a| {
        matches!(a.screens.import.table, Loaded::Ready(_))
    });
    // The demo finished its import but for the row it left to try (IMP-6): Cancel deletes
    // that table (IMP-8), and the splash offers Get Started.
    assert_eq!(
        rig.app.screens.import.rows().len(),
        1,
        "the row left to try"
    );
    rig.press("C Tab Enter");
    rig.until("the table deleted", |a| {
        matches!(a.screens.import.table, Loaded::Ready(None))
    });
    assert!(rig.screen().contains("Get Started"));
    rig.press("R");
    rig.until("discovery finished", |a| {
        a.screens
            .import
            .discovery
            .as_ref()
            .is_some_and(|d| d.finished)
            && a.screens
                .import
                .discovery
                .as_ref()
                .is_some_and(|d| !d.devices.is_empty())
    });
    let d = rig.app.screens.import.discovery.clone().unwrap();
    assert!(d.devices.iter().all(|x| x.total > 0), "{d:?}");
    assert!(
        rig.seen.iter().any(|e| matches!(
            e,
            BackendEvent::Job(lunadeck::jobs::JobEvent::Progress { .. })
        )),
        "progress was shown while it ran"
    );
    rig.until("the table read again", |a| {
        a.screens
            .import
            .discovery
            .as_ref()
            .is_some_and(|d| d.finished)
            && matches!(a.screens.import.table, Loaded::Ready(_))
    });
}
