//! Flow tests of the Devices and Jobs screens: keys go through `route` + `update`, requests to
//! the real backend thread over the simulated fleet, its events back into `update` (DEV-1,
//! DEV-2, X-1); the host-key decider and its modal round trip with a fake question.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use lunadeck::app::host_key_bridge::{HOST_KEY_TIMEOUT, HostKeyBridge};
use lunadeck::app::message::{BackendEvent, BackendRequest};
use lunadeck::app::panel_dialog::Dialog;
use lunadeck::app::panel_message::PanelRequest;
use lunadeck::app::route::route;
use lunadeck::app::{Action, App, AppOptions, Command, ConsoleSource, Keymap, backend, update};
use lunadeck::domain::device::DeviceStatus;
use lunadeck::domain::job::JobState;
use lunadeck::kit::HostKeyChoice;
use lunadeck::luna::ssh::{HostKeyQuestion, TrustDecision};
use lunadeck::sim::session::SharedFleet;
use secrecy::SecretString;
use std::time::{Duration, Instant};
use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender};

fn key(name: &str) -> KeyEvent {
    let code = match name {
        "Enter" => KeyCode::Enter,
        "Esc" => KeyCode::Esc,
        "Tab" => KeyCode::Tab,
        "Right" => KeyCode::Right,
        one => KeyCode::Char(one.chars().next().unwrap()),
    };
    KeyEvent::new(code, KeyModifiers::NONE)
}

/// Presses named keys; `"text"` words are typed letter by letter. Returns the commands.
fn press(app: &mut App, keys: &str) -> Vec<Command> {
    let mut out = Vec::new();
    for word in keys.split(' ').filter(|w| !w.is_empty()) {
        let names: Vec<String> = match word.strip_prefix('"').and_then(|w| w.strip_suffix('"')) {
            Some(text) => text.chars().map(String::from).collect(),
            None => vec![word.to_string()],
        };
        for n in names {
            if let Some(a) = route(app, &key(&n)) {
                out.extend(update(app, a));
            }
        }
    }
    out
}

struct Rig {
    app: App,
    req: UnboundedSender<BackendRequest>,
    ev: UnboundedReceiver<BackendEvent>,
    fleet: SharedFleet,
    _runtime: tokio::runtime::Runtime,
    _dir: tempfile::TempDir,
}

impl Rig {
    fn new() -> Rig {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        let dir = tempfile::tempdir().unwrap();
        let fleet =
            lunadeck::sim::model::Fleet::from_toml(include_str!("../fixtures/fleets/small.toml"))
                .unwrap();
        let fleet = lunadeck::sim::session::shared(fleet);
        let access = lunadeck::ops::FleetAccess::new(lunadeck::ops::Transport::Sim {
            fleet: fleet.clone(),
        });
        let config = lunadeck::jobs::EngineConfig {
            timeouts: lunadeck::luna::shell::CommandTimeouts::uniform(Duration::from_secs(2)),
            ..Default::default()
        };
        let source = ConsoleSource::at(dir.path().join("db.sqlite"), access, config);
        let (req, req_rx) = tokio::sync::mpsc::unbounded_channel();
        let (ev_tx, ev) = tokio::sync::mpsc::unbounded_channel();
        backend::spawn(source, false, runtime.handle().clone(), req_rx, ev_tx).unwrap();
        let app = App::new(Keymap::defaults().unwrap(), AppOptions::default());
        let mut rig = Rig {
            app,
            req,
            ev,
            fleet,
            _runtime: runtime,
            _dir: dir,
        };
        rig.send(vec![Command::Backend(BackendRequest::CreateAdmin {
            username: "root".into(),
            password: SecretString::from("root-pass-1"),
        })]);
        rig.until("signed in", |a| {
            a.session.is_some() && a.panels.devices.loaded
        });
        rig
    }

    fn send(&self, commands: Vec<Command>) {
        for c in commands {
            if let Command::Backend(r) = c {
                self.req.send(r).unwrap();
            }
        }
    }

    /// A private key file for the add-device form (DEV-1 checks it before connecting).
    fn key_file(&self) -> String {
        let path = self._dir.path().join("id_ed25519");
        let key = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3Bl\n-----END OPENSSH PRIVATE KEY-----\n";
        std::fs::write(&path, key).unwrap();
        path.display().to_string()
    }

    /// Types the add-device form for alpha (log in with a key file) and submits it.
    fn add_alpha(&mut self) {
        let key = self.key_file();
        self.keys(&format!(
            "a \"alpha\" Tab \"alpha.test\" Tab Tab Tab Tab \"{key}\" Enter"
        ));
    }

    fn keys(&mut self, keys: &str) {
        let c = press(&mut self.app, keys);
        self.send(c);
    }

    /// Feeds backend events into `update` until `done` holds (fails after 30 s).
    fn until(&mut self, what: &str, done: impl Fn(&App) -> bool) {
        let deadline = Instant::now() + Duration::from_secs(30);
        while !done(&self.app) {
            assert!(Instant::now() < deadline, "timed out waiting: {what}");
            match self.ev.try_recv() {
                Ok(e) => {
                    let c = update(&mut self.app, Action::Backend(Box::new(e)));
                    self.send(c);
                }
                Err(_) => std::thread::sleep(Duration::from_millis(10)),
            }
        }
    }
}

fn notice(app: &App) -> String {
    app.notice.clone().unwrap_or_default()
}

fn device_status(app: &App) -> Option<DeviceStatus> {
    app.panels.devices.table.rows().first().map(|d| d.status)
}

#[test]
fn dev_1_dev_2_add_then_authorize_wrong_then_right_one_login_each() {
    let mut r = Rig::new();
    // An empty form shows the domain's sentences under the fields and sends nothing.
    r.keys("a Tab Tab Tab Tab Enter");
    match &r.app.panels.dialog {
        Some(Dialog::Form(f)) => {
            let errors = f.form.error_summary().join(" | ");
            assert!(errors.contains("Name:"), "{errors}");
            assert!(errors.contains("Key file: enter the path"), "{errors}");
            assert!(!f.waiting);
        }
        other => panic!("{other:?}"),
    }
    r.keys("Esc");
    assert!(r.app.panels.dialog.is_none(), "Esc closes without sending");
    r.add_alpha();
    r.until("alpha added", |a| a.panels.devices.table.total_len() == 1);
    assert!(r.app.panels.dialog.is_none());
    assert_eq!(device_status(&r.app), Some(DeviceStatus::Unauthorized));
    // Wrong SO secret: one hsm login, refused, the device stays unauthorized.
    r.keys("u \"wrong-pass\" Enter");
    r.until("refused", |a| notice(a).contains("not authorized"));
    assert_eq!(device_status(&r.app), Some(DeviceStatus::Unauthorized));
    assert!(
        r.app.panels.dialog.is_none(),
        "never retried: the form is gone"
    );
    // The right one.
    r.keys("u \"alpha-so-pass\" Enter");
    r.until("authorized", |a| {
        notice(a).contains("authorized for this session")
    });
    r.until("up", |a| device_status(a) == Some(DeviceStatus::Up));
}

#[test]
fn dev_3_remove_asks_first_and_cancel_is_the_default() {
    let mut r = Rig::new();
    r.add_alpha();
    r.until("added", |a| a.panels.devices.table.total_len() == 1);
    assert!(
        press(&mut r.app, "d Enter").is_empty(),
        "Enter on Cancel does nothing"
    );
    assert_eq!(r.app.panels.devices.table.total_len(), 1);
    r.keys("d Tab Enter");
    r.until("removed", |a| a.panels.devices.table.total_len() == 0);
}

#[test]
fn x_1_cancel_a_running_job_on_a_hanging_device() {
    let mut r = Rig::new();
    r.add_alpha();
    r.until("added", |a| a.panels.devices.table.total_len() == 1);
    r.fleet.lock().unwrap().faults_mut("alpha").unwrap().hang = true;
    r.keys("r 4");
    r.until("job running", |a| {
        a.panels
            .jobs
            .table
            .rows()
            .iter()
            .any(|j| j.operation.contains("refresh") && j.state == JobState::Running)
    });
    let id = r
        .app
        .panels
        .jobs
        .table
        .rows()
        .iter()
        .find(|j| j.state == JobState::Running)
        .unwrap()
        .id;
    let running = r
        .app
        .panels
        .jobs
        .table
        .rows()
        .iter()
        .position(|j| j.id == id)
        .unwrap();
    r.app.panels.jobs.table.select_first();
    for _ in 0..running {
        r.app.panels.jobs.table.select_next();
    }
    assert!(press(&mut r.app, "x Esc").is_empty(), "Esc never cancels");
    let c = press(&mut r.app, "x Tab Enter");
    assert!(matches!(
        c.as_slice(),
        [Command::Backend(BackendRequest::Panel(PanelRequest::CancelJob(j)))] if *j == id
    ));
    r.send(c);
    r.until("cancel accepted", |a| {
        notice(a).contains("cancel requested")
    });
    r.until("job finished", |a| {
        a.panels
            .jobs
            .table
            .rows()
            .iter()
            .any(|j| j.id == id && j.state.is_finished())
    });
    // Acknowledged, it leaves the list.
    r.keys("Enter");
    r.until("acknowledged", |a| {
        a.panels.jobs.table.rows().iter().all(|j| j.id != id)
    });
}

#[test]
fn dev_1_host_key_decider_and_modal_round_trip_reject_then_trust() {
    let bridge = HostKeyBridge::new();
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    bridge.connect(tx);
    let decider = bridge.decider(HOST_KEY_TIMEOUT);
    let mut app = App::new(Keymap::defaults().unwrap(), AppOptions::default());
    for (keys, want) in [
        ("Enter", TrustDecision::Reject),
        ("Right Enter", TrustDecision::Trust),
    ] {
        let d = decider.clone();
        let asked = std::thread::spawn(move || {
            d(&HostKeyQuestion {
                target: "hsm-new".into(),
                host: "10.1.2.3".into(),
                port: 22,
                algorithm: "ssh-ed25519".into(),
                fingerprint: "SHA256:q1w2e3".into(),
            })
        });
        let event = rx.blocking_recv().unwrap();
        update(&mut app, Action::Backend(Box::new(event)));
        match &app.panels.dialog {
            Some(Dialog::HostKey { modal, .. }) => {
                assert_eq!(modal.focus(), HostKeyChoice::Reject, "default is Reject");
                assert_eq!(modal.fingerprint, "SHA256:q1w2e3");
                assert_eq!((modal.host.as_str(), modal.port), ("10.1.2.3", 22));
            }
            other => panic!("{other:?}"),
        }
        // The backend's part: send the answer on the reply carried by the request.
        for c in press(&mut app, keys) {
            match c {
                Command::Backend(BackendRequest::Panel(PanelRequest::AnswerHostKey {
                    reply,
                    trust,
                })) => {
                    assert_eq!(trust, want == TrustDecision::Trust);
                    reply.send(want);
                }
                other => panic!("{other:?}"),
            }
        }
        assert_eq!(asked.join().unwrap(), want);
        assert!(app.panels.dialog.is_none());
    }
}
