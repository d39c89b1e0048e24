//! The console over its real backend thread for flow tests: the bootstrapped demo fleet (plus
//! what a test prepares) or the small fleet with a fresh Admin; keys in, events back into `update`.

use super::keys::press;
use lunadeck::app::message::{BackendEvent, BackendRequest};
use lunadeck::app::{Action, App, AppOptions, Command, ConsoleSource, Keymap, backend, update};
use lunadeck::domain::permission::Session;
use lunadeck::ops::demo::{DEMO_PASSWORD, DEMO_USER, bootstrap};
use lunadeck::ops::{Console, FleetAccess, Transport, system_clock};
use lunadeck::sim::model::Fleet;
use lunadeck::sim::session::SharedFleet;
use lunadeck::store::Store;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use secrecy::SecretString;
use std::time::{Duration, Instant};
use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender};

/// How long a flow waits for the backend before the test fails.
const PATIENCE: Duration = Duration::from_secs(30);

pub struct Rig {
    pub app: App,
    pub tx: UnboundedSender<BackendRequest>,
    rx: UnboundedReceiver<BackendEvent>,
    runtime: tokio::runtime::Runtime,
    pub dir: tempfile::TempDir,
    /// The simulated fleet behind the backend (faults are set on it).
    pub fleet: SharedFleet,
    /// Every event seen, for assertions about what happened on the way.
    pub seen: Vec<BackendEvent>,
    /// Jobs finished so far (the backend's JobDone events).
    pub done: usize,
    /// Every screen drawn by `screen`, to prove no typed secret was ever shown.
    pub screens: Vec<String>,
}

pub(super) fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap()
}

impl Rig {
    pub(super) fn serve(
        source: ConsoleSource,
        fleet: SharedFleet,
        runtime: tokio::runtime::Runtime,
        dir: tempfile::TempDir,
    ) -> Rig {
        let (tx, req_rx) = tokio::sync::mpsc::unbounded_channel();
        let (ev_tx, rx) = tokio::sync::mpsc::unbounded_channel();
        backend::spawn(source, false, runtime.handle().clone(), req_rx, ev_tx).unwrap();
        Rig {
            app: App::new(Keymap::defaults().unwrap(), AppOptions::default()),
            tx,
            rx,
            runtime,
            dir,
            fleet,
            seen: Vec::new(),
            done: 0,
            screens: Vec::new(),
        }
    }

    /// The demo bootstrapped by real operations, `prepare` run on that console, then the
    /// backend thread over the same database, signed in as the demo Admin.
    pub fn demo(prepare: impl FnOnce(&mut Console)) -> Rig {
        Rig::demo_with(Keymap::defaults().unwrap(), prepare)
    }

    /// `demo` with the app using `keymap`.
    pub fn demo_with(keymap: Keymap, prepare: impl FnOnce(&mut Console)) -> Rig {
        Rig::demo_fleet(keymap, |_| {}, prepare)
    }

    /// `demo_with` on the demo fleet as `edit` changes it before the bootstrap (an appliance
    /// more, say).
    pub fn demo_fleet(
        keymap: Keymap,
        edit: impl FnOnce(&mut Fleet),
        prepare: impl FnOnce(&mut Console),
    ) -> Rig {
        let runtime = runtime();
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("lunadeck.sqlite");
        let mut demo = Fleet::demo().unwrap();
        edit(&mut demo);
        let fleet = lunadeck::sim::session::shared(demo);
        let access = FleetAccess::new(Transport::Sim {
            fleet: fleet.clone(),
        });
        {
            let mut store = Store::open(&db).unwrap();
            let password = SecretString::from(DEMO_PASSWORD);
            let user = store
                .create_first_admin(DEMO_USER, &password, system_clock()())
                .unwrap();
            let session = Session {
                user,
                read_only: false,
            };
            let engine = lunadeck::jobs::EngineConfig::default();
            let handle = runtime.handle().clone();
            let mut console = Console::new(
                store,
                access.clone(),
                session,
                handle,
                engine,
                system_clock(),
            );
            bootstrap(&mut console).unwrap();
            prepare(&mut console);
        }
        let engine = lunadeck::jobs::EngineConfig::default();
        let source = ConsoleSource::at(db, access, engine);
        let mut rig = Rig::serve(source, fleet, runtime, dir);
        rig.app = App::new(keymap, AppOptions::default());
        rig.sign_in_as_demo_admin();
        rig
    }

    /// The login screen, then the demo Admin typed over its fields, until signed in.
    pub(super) fn sign_in_as_demo_admin(&mut self) {
        self.until("the login screen", |a| {
            a.session.is_none()
                && a.screens.login.error.is_none()
                && a.screens.login.mode == lunadeck::screens::login::LoginMode::SignIn
        });
        self.press(&format!("\"{DEMO_USER}\" Tab \"{DEMO_PASSWORD}\" Enter"));
        self.until("signed in", |a| a.session.is_some());
    }

    /// The small fleet (`fixtures/fleets/small.toml`), every command limited to 2 s, no device
    /// yet, signed in as a new Admin `root`.
    pub fn small_fleet() -> Rig {
        let fleet = Fleet::from_toml(include_str!("../../../fixtures/fleets/small.toml")).unwrap();
        let fleet = lunadeck::sim::session::shared(fleet);
        let access = FleetAccess::new(Transport::Sim {
            fleet: fleet.clone(),
        });
        let config = lunadeck::jobs::EngineConfig {
            timeouts: lunadeck::luna::shell::CommandTimeouts::uniform(Duration::from_secs(2)),
            ..Default::default()
        };
        let dir = tempfile::tempdir().unwrap();
        let source = ConsoleSource::at(dir.path().join("db.sqlite"), access, config);
        let mut rig = Rig::serve(source, fleet, runtime(), dir);
        let admin = lunadeck::screens::login::Request::CreateAdmin {
            username: "root".into(),
            password: SecretString::from("root-pass-1").into(),
        };
        rig.send(vec![Command::Backend(BackendRequest::Screen(admin.into()))]);
        rig.until("signed in", |a| {
            a.session.is_some() && a.screens.devices.loaded
        });
        rig
    }

    /// Sends the backend requests among `commands`.
    pub fn send(&self, commands: Vec<Command>) {
        for c in commands {
            if let Command::Backend(r) = c {
                self.tx.send(r).unwrap();
            }
        }
    }

    /// Presses keys (see `keys::press`) and sends what they asked of the backend.
    pub fn press(&mut self, keys: &str) {
        let commands = press(&mut self.app, keys);
        self.send(commands);
    }

    /// Feeds backend events into `update` until `done` holds (30 s at most).
    pub fn until(&mut self, what: &str, done: impl Fn(&App) -> bool) {
        let deadline = Instant::now() + PATIENCE;
        while !done(&self.app) {
            self.step(what, deadline);
        }
    }

    /// Feeds backend events until `n` more jobs have finished (30 s at most).
    pub fn until_jobs_done(&mut self, what: &str, n: usize) {
        let deadline = Instant::now() + PATIENCE;
        let target = self.done + n;
        while self.done < target {
            self.step(what, deadline);
        }
    }

    /// The backend's session authorizes the demo appliances `names` with their simulator SO
    /// passwords (one HSM SO login each, kept in memory), as the Devices tab's `u` does.
    pub fn authorize_demo(&mut self, names: &[&str]) {
        let fleet = Fleet::demo().unwrap();
        for name in names {
            let appliance = fleet.appliances.iter().find(|a| a.name == *name).unwrap();
            let serial = lunadeck::domain::ids::HsmSerial::new(appliance.hsm_serial.clone());
            let secret = SecretString::from(appliance.so_password.clone()).into();
            let request = lunadeck::screens::devices::Request::Authorize { serial, secret };
            let request = lunadeck::screens::ScreenRequest::Devices(request);
            self.tx.send(BackendRequest::Screen(request)).unwrap();
        }
        self.until_jobs_done("the authorizations", names.len());
    }

    /// Services (`2 Enter`), the service `name` filtered and opened, until it has been read.
    pub fn open_demo_service(&mut self, name: &str) {
        self.press("2 Enter");
        self.until("the services", |a| {
            a.screens
                .services
                .table
                .rows()
                .iter()
                .any(|r| r.name == name)
        });
        self.press(&format!("/ \"{name}\" Enter Enter"));
        self.until("the service", |a| {
            a.screens
                .services
                .detail
                .as_ref()
                .is_some_and(|d| matches!(d.detail, lunadeck::app::state::Loaded::Ready(_)))
        });
    }

    fn step(&mut self, what: &str, deadline: Instant) {
        let left = deadline.saturating_duration_since(Instant::now());
        let rx = &mut self.rx;
        let ev = self
            .runtime
            .block_on(async { tokio::time::timeout(left, rx.recv()).await })
            .unwrap_or_else(|_| {
                panic!("timed out waiting for {what}; notice {:?}", self.app.notice)
            })
            .unwrap();
        if matches!(ev, BackendEvent::JobDone { .. }) {
            self.done += 1;
        }
        self.seen.push(ev.clone());
        let cmds = update(&mut self.app, Action::Backend(Box::new(ev)));
        self.send(cmds);
    }

    /// The frame at 120x40, as text; kept in `screens`.
    pub fn screen(&mut self) -> String {
        let mut t = Terminal::new(TestBackend::new(120, 40)).unwrap();
        t.draw(|f| lunadeck::ui::draw(&self.app, f)).unwrap();
        let shown = format!("{}", t.backend());
        self.screens.push(shown.clone());
        shown
    }

    /// A private key file for the add-device form (DEV-1 checks it before connecting).
    pub fn key_file(&self) -> String {
        let path = self.dir.path().join("id_ed25519");
        let key = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3Bl\n-----END OPENSSH PRIVATE KEY-----\n";
        std::fs::write(&path, key).unwrap();
        path.display().to_string()
    }
}
