//! The Services and Import screens over a real backend thread on the simulated demo fleet
//! (`ops::demo::bootstrap`): keys go through `route` and `update`, requests to the backend,
//! its answers back into `update` (MNG-1/2, DEL-2, IMP-1).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod demo_backend;
mod ui_keys;

use lunadeck::app::message::{BackendEvent, BackendRequest};
use lunadeck::app::route::route;
use lunadeck::app::services_state::{AttrTab, ServicesDialog};
use lunadeck::app::state::Loaded;
use lunadeck::app::{Action, App, Command, update};
use lunadeck::ops::demo::{DEMO_PASSWORD, DEMO_USER};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::time::{Duration, Instant};
use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender};
use ui_keys::key_event;

struct Rig {
    app: App,
    tx: UnboundedSender<BackendRequest>,
    rx: UnboundedReceiver<BackendEvent>,
    runtime: tokio::runtime::Runtime,
    /// Every event seen, for assertions about what happened on the way.
    seen: Vec<BackendEvent>,
    _dir: tempfile::TempDir,
}

impl Rig {
    /// The demo console bootstrapped by real operations, then served by the backend thread.
    fn demo() -> Rig {
        let demo_backend::DemoBackend {
            app,
            tx,
            rx,
            runtime,
            dir,
        } = demo_backend::start(|_| {});
        let mut rig = Rig {
            app,
            tx,
            rx,
            runtime,
            seen: Vec::new(),
            _dir: dir,
        };
        rig.until("the login screen", |a| {
            a.login.as_ref().is_some_and(|l| l.error.is_none())
                && a.login.as_ref().map(|l| l.mode) == Some(lunadeck::app::login::LoginMode::SignIn)
        });
        rig.press(&format!("\"{DEMO_USER}\" Tab \"{DEMO_PASSWORD}\" Enter"));
        rig.until("signed in", |a| a.session.is_some());
        rig
    }

    fn send(&self, cmds: Vec<Command>) {
        for c in cmds {
            if let Command::Backend(r) = c {
                self.tx.send(r).unwrap();
            }
        }
    }

    fn press(&mut self, keys: &str) {
        for word in keys.split(' ').filter(|w| !w.is_empty()) {
            let names: Vec<String> = match word.strip_prefix('"').and_then(|w| w.strip_suffix('"'))
            {
                Some(text) => text.chars().map(String::from).collect(),
                None => vec![word.to_string()],
            };
            for name in names {
                if let Some(action) = route(&self.app, &key_event(&name)) {
                    let cmds = update(&mut self.app, action);
                    self.send(cmds);
                }
            }
        }
    }

    /// Feeds backend events into `update` until `done` holds (30 s at most).
    fn until(&mut self, what: &str, done: impl Fn(&App) -> bool) {
        let deadline = Instant::now() + Duration::from_secs(30);
        while !done(&self.app) {
            let left = deadline.saturating_duration_since(Instant::now());
            let rx = &mut self.rx;
            let ev = self
                .runtime
                .block_on(async { tokio::time::timeout(left, rx.recv()).await })
                .unwrap_or_else(|_| {
                    panic!("timed out waiting for {what}; notice {:?}", self.app.notice)
                })
                .unwrap();
            self.seen.push(ev.clone());
            let cmds = update(&mut self.app, Action::Backend(Box::new(ev)));
            self.send(cmds);
        }
    }

    fn screen(&self) -> String {
        let mut t = Terminal::new(TestBackend::new(120, 40)).unwrap();
        t.draw(|f| lunadeck::ui::draw(&self.app, f)).unwrap();
        format!("{}", t.backend())
    }
}

fn loaded(a: &App) -> bool {
    a.services.loaded.is_some() && a.services.table.total_len() > 0
}

#[test]
fn mng_1_mng_2_del_2_services_over_the_demo_backend() {
    let mut rig = Rig::demo();
    rig.press("2 Enter");
    rig.until("the services", loaded);
    let total = rig.app.services.table.total_len();
    assert!(total >= 2, "the demo imports services");
    // Filter and sort (MNG-1, NAV-3).
    rig.press("/ \"lon\" Enter");
    let shown = rig.app.services.table.visible_len();
    assert!(shown >= 1 && shown < total, "{shown} of {total}");
    rig.press("Esc s");
    assert_eq!(rig.app.services.table.visible_len(), total);
    assert!(rig.screen().contains("Name ▲"));
    // Open a service and walk its tabs (MNG-2..6).
    rig.press("Enter");
    rig.until("the service and its clients", |a| {
        a.services.detail.as_ref().is_some_and(|d| {
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
        assert_eq!(rig.app.services.detail.as_ref().unwrap().tab, tab);
        assert!(rig.screen().contains(text), "{tab:?}: {}", rig.screen());
    }
    rig.press("Esc");
    rig.until("the list again", |a| {
        a.services.detail.is_none() && loaded(a)
    });
    // Delete a service on the PED appliance (no SO secret needed) by typing its name (DEL-2).
    let target = rig
        .app
        .services
        .table
        .rows()
        .iter()
        .find(|r| r.name.starts_with("par-hsm"))
        .map(|r| (r.id, r.name.clone()))
        .expect("a service on the PED appliance");
    assert!(rig.app.services.table.select_key(&target.0));
    rig.press("X");
    rig.until("the partitions to destroy", |a| {
        matches!(&a.services.dialog, Some(ServicesDialog::Delete { modal, .. })
            if modal.destroyed.iter().any(|l| l.starts_with("partition ")))
    });
    rig.press(&format!("\"{}x\" Enter Tab Tab Enter", target.1));
    match &rig.app.services.dialog {
        Some(ServicesDialog::Delete { modal, .. }) => assert!(!modal.ok_enabled()),
        other => panic!("a wrong name must keep the dialog open: {other:?}"),
    }
    rig.press("Backspace Enter Enter");
    assert!(rig.app.services.dialog.is_none());
    rig.until("the service gone", |a| {
        a.services.jobs.is_empty() && !a.services.table.rows().iter().any(|r| r.id == target.0)
    });
    assert_eq!(rig.app.services.table.total_len(), total - 1);
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
    let mut rig = Rig::demo();
    rig.press(": \"import\" Enter");
    rig.until("the import screen", |a| {
        matches!(a.import.table, Loaded::Ready(_))
    });
    assert!(!rig.app.import.has_table(), "the demo finished its import");
    assert!(rig.screen().contains("Get Started"));
    rig.press("g");
    rig.until("discovery finished", |a| {
        a.import.discovery.as_ref().is_some_and(|d| d.finished)
            && a.import
                .discovery
                .as_ref()
                .is_some_and(|d| !d.devices.is_empty())
    });
    let d = rig.app.import.discovery.clone().unwrap();
    assert!(d.devices.iter().all(|x| x.total > 0), "{d:?}");
    assert!(
        rig.seen.iter().any(|e| matches!(
            e,
            BackendEvent::Job(lunadeck::jobs::JobEvent::Progress { .. })
        )),
        "progress was shown while it ran"
    );
    rig.until("the table read again", |a| {
        a.import.discovery.as_ref().is_some_and(|d| d.finished)
            && matches!(a.import.table, Loaded::Ready(_))
    });
}
