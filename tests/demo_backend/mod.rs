//! The demo console for console flow tests: a throwaway database with the demo Admin,
//! bootstrapped by real operations on the simulated demo fleet (plus what a test prepares), then
//! served by the real backend thread to an `App`.

#![allow(dead_code)]

use lunadeck::app::message::{BackendEvent, BackendRequest};
use lunadeck::app::{App, AppOptions, ConsoleSource, Keymap, backend};
use lunadeck::domain::permission::Session;
use lunadeck::ops::demo::{DEMO_PASSWORD, DEMO_USER, bootstrap};
use lunadeck::ops::{Console, FleetAccess, Transport, system_clock};
use lunadeck::sim::model::Fleet;
use lunadeck::store::Store;
use secrecy::SecretString;
use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender};

pub struct DemoBackend {
    pub app: App,
    pub tx: UnboundedSender<BackendRequest>,
    pub rx: UnboundedReceiver<BackendEvent>,
    pub runtime: tokio::runtime::Runtime,
    pub dir: tempfile::TempDir,
}

/// Bootstraps the demo, lets `prepare` run more operations on that console, then starts the
/// backend thread over the same database (the app shows the login screen).
pub fn start(prepare: impl FnOnce(&mut Console)) -> DemoBackend {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("lunadeck.sqlite");
    let access = FleetAccess::new(Transport::Sim {
        fleet: lunadeck::sim::session::shared(Fleet::demo().unwrap()),
    });
    {
        let mut store = Store::open(&db).unwrap();
        let user = store
            .create_first_admin(
                DEMO_USER,
                &SecretString::from(DEMO_PASSWORD),
                system_clock()(),
            )
            .unwrap();
        let mut console = Console::new(
            store,
            access.clone(),
            Session {
                user,
                read_only: false,
            },
            runtime.handle().clone(),
            lunadeck::jobs::EngineConfig::default(),
            system_clock(),
        );
        bootstrap(&mut console).unwrap();
        prepare(&mut console);
    }
    let source = ConsoleSource::at(db, access, lunadeck::jobs::EngineConfig::default());
    let (tx, req_rx) = tokio::sync::mpsc::unbounded_channel();
    let (ev_tx, rx) = tokio::sync::mpsc::unbounded_channel();
    backend::spawn(source, false, runtime.handle().clone(), req_rx, ev_tx).unwrap();
    let app = App::new(Keymap::defaults().unwrap(), AppOptions::default());
    DemoBackend {
        app,
        tx,
        rx,
        runtime,
        dir,
    }
}
