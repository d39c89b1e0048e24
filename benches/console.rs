//! Benchmark (not a test), issue 5: the real console (backend thread, login, route + update +
//! draw) over a database with 10,000 partitions and their 10,000 services — time to first frame
//! of Crypto Services → Services, peak memory, full redraw of its table, one filter keystroke.
//!
//! `cargo bench --bench console` (the database lives in /dev/shm when it exists: filling it with
//! 20,000 rows under `synchronous=FULL` on a disk is slow and not what is measured).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "../tests/store_fixtures/mod.rs"]
mod fixtures;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use lunadeck::app::route::route;
use lunadeck::app::{
    Action, App, AppOptions, BackendEvent, BackendRequest, Command, ConsoleSource, Keymap, NavItem,
    Tab, backend, update,
};
use lunadeck::domain::ids::{OrganizationId, PartitionSerial, ServiceId};
use lunadeck::domain::lifecycle::ServiceState;
use lunadeck::domain::service::{Member, Service, ServiceKind};
use lunadeck::domain::timestamp::Timestamp;
use lunadeck::jobs::EngineConfig;
use lunadeck::ops::{Console, FleetAccess, Transport};
use lunadeck::sim::model::Fleet;
use lunadeck::sim::session::shared;
use lunadeck::store::Store;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use secrecy::SecretString;
use std::path::{Path, PathBuf};
use std::process::Command as Process;
use std::sync::Arc;
use std::time::Instant;
use tokio::sync::mpsc;

const DEVICES: usize = 100;
const PARTITIONS: usize = 10_000;
const CHILD_ENV: &str = "LUNADECK_BENCH_FIRST_FRAME_DB";

/// 100 devices, 100 partitions on each, one standalone service per partition.
fn populate(db: &Path) {
    let mut store = Store::open(db).unwrap();
    store
        .create_first_admin("bench", &SecretString::from("bench-admin-pw"), fixtures::T0)
        .unwrap();
    let org = store
        .save_organization(&fixtures::organization("Payments"))
        .unwrap();
    for d in 0..DEVICES {
        let serial = format!("{}", 1_600_000 + d);
        store
            .save_device(&fixtures::device(&serial, &format!("gen-hsm-{:03}", d + 1)))
            .unwrap();
        for p in 0..PARTITIONS / DEVICES {
            let part = format!("{}{:03}", 1_600_000 + d, p);
            store
                .save_partition(&fixtures::partition(&part, &serial, &format!("par{p:03}")))
                .unwrap();
            store.save_service(&service(&part, org, d, p)).unwrap();
        }
    }
}

fn service(part: &str, org: OrganizationId, d: usize, p: usize) -> Service {
    let mut s = fixtures::service(&format!("svc-{:03}-{p:03}", d + 1), org, &[]);
    s.id = ServiceId(0);
    s.kind = ServiceKind::Standalone;
    s.members = vec![Member {
        partition: PartitionSerial::new(part),
        pending_init: false,
    }];
    s.state = ServiceState::Initialized;
    s
}

/// The real console against `db`: the backend thread (store, login, `ops::Console` over an
/// empty simulated fleet), the App fed by it, keys through `route` + `update`.
struct Live {
    app: App,
    requests: mpsc::UnboundedSender<BackendRequest>,
    events: mpsc::UnboundedReceiver<BackendEvent>,
    _backend: std::thread::JoinHandle<()>,
}

impl Live {
    fn start(db: &Path, rt: &tokio::runtime::Runtime) -> Live {
        let open_db = db.to_path_buf();
        let source = ConsoleSource::new(
            Box::new(move || Ok(Store::open(&open_db)?)),
            Box::new(move |store, session, runtime| {
                Ok(Console::new(
                    store,
                    FleetAccess::new(Transport::Sim {
                        fleet: shared(Fleet::default()),
                    }),
                    session,
                    runtime,
                    EngineConfig::default(),
                    Arc::new(|| Timestamp(1_800_000_000)),
                ))
            }),
        );
        let (requests, req_rx) = mpsc::unbounded_channel();
        let (ev_tx, events) = mpsc::unbounded_channel();
        let backend = backend::spawn(source, false, rt.handle().clone(), req_rx, ev_tx).unwrap();
        let app = App::new(
            Keymap::defaults().unwrap(),
            AppOptions {
                read_only: false,
                monochrome: false,
                demo: false,
                replay: false,
            },
        );
        Live {
            app,
            requests,
            events,
            _backend: backend,
        }
    }

    fn send(&self, commands: Vec<Command>) {
        for c in commands {
            if let Command::Backend(r) = c {
                self.requests.send(r).unwrap();
            }
        }
    }

    /// Applies backend events (waiting for them) until `done` holds.
    fn until(&mut self, done: impl Fn(&App) -> bool) {
        while !done(&self.app) {
            let e = self.events.blocking_recv().expect("the backend stopped");
            if let BackendEvent::Fatal { message } | BackendEvent::Failed { message } = &e {
                panic!("backend: {message}");
            }
            let commands = update(&mut self.app, Action::Backend(Box::new(e)));
            self.send(commands);
        }
    }

    fn press(&mut self, k: KeyEvent) {
        if let Some(a) = route(&self.app, &k) {
            let commands = update(&mut self.app, a);
            self.send(commands);
        }
    }
}

/// Milliseconds since `t`.
fn ms(t: Instant) -> f64 {
    t.elapsed().as_secs_f64() * 1000.0
}

/// Signs in as the bench Admin and opens Crypto Services → Services with its 10,000 rows
/// loaded; returns the App and the milliseconds of (login, services list).
fn services_screen(db: &Path, rt: &tokio::runtime::Runtime) -> (Live, f64, f64) {
    let mut live = Live::start(db, rt);
    let t = Instant::now();
    live.requests
        .send(BackendRequest::Screen(
            lunadeck::screens::ScreenRequest::Login(lunadeck::screens::login::Request::SignIn {
                username: "bench".into(),
                password: SecretString::from("bench-admin-pw").into(),
            }),
        ))
        .unwrap();
    live.until(|app| app.session.is_some());
    let login = ms(t);
    let t = Instant::now();
    live.press(key('2'));
    assert_eq!(
        (live.app.tab, live.app.nav),
        (Tab::CryptoServices, NavItem::Services)
    );
    live.until(|app| app.screens.services.loaded.is_some());
    assert_eq!(live.app.screens.services.table.total_len(), PARTITIONS);
    (live, login, ms(t))
}

fn vm_hwm_kb() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

/// In the child process: from nothing to the first frame of Crypto Services → Services over
/// the database (runtime, key map, backend thread opening the store, login with the password
/// check, `2`, the services list answered and applied, one draw at 120x40).
fn first_frame_child(db: &Path) {
    let started = Instant::now();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let (live, login, list) = services_screen(db, &rt);
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
    let t = Instant::now();
    terminal.draw(|f| lunadeck::ui::draw(&live.app, f)).unwrap();
    let draw = ms(t);
    let total = ms(started);
    let screen = format!("{:?}", terminal.backend().buffer());
    assert!(screen.contains("svc-001-000"), "the first row is drawn");
    println!(
        "first_frame_ms={total:.2} login_ms={login:.2} list_ms={list:.2} draw_ms={draw:.2} vmhwm_kb={}",
        vm_hwm_kb()
    );
}

fn stats(mut ms: Vec<f64>) -> (f64, f64, f64) {
    ms.sort_by(f64::total_cmp);
    let mean = ms.iter().sum::<f64>() / ms.len() as f64;
    let at = |q: f64| ms[((ms.len() - 1) as f64 * q).round() as usize];
    (mean, at(0.5), at(0.95))
}

fn row(what: &str, n: usize, ms: Vec<f64>, target: f64) {
    let (mean, p50, p95) = stats(ms);
    let target = if target.is_nan() {
        "—".to_string()
    } else {
        let verdict = if p95 <= target { "met" } else { "MISSED" };
        format!("≤ {target} ({verdict})")
    };
    println!("| {what:<46} | {n:>4} | {mean:>8.3} | {p50:>8.3} | {p95:>8.3} | {target} |");
}

fn key(c: char) -> KeyEvent {
    KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)
}

fn main() {
    if let Ok(db) = std::env::var(CHILD_ENV) {
        first_frame_child(Path::new(&db));
        return;
    }
    let shm = Path::new("/dev/shm");
    let dir = if shm.is_dir() {
        tempfile::tempdir_in(shm).unwrap()
    } else {
        tempfile::tempdir().unwrap()
    };
    let db: PathBuf = dir.path().join("lunadeck.sqlite");
    let fill = Instant::now();
    populate(&db);
    eprintln!(
        "database: {PARTITIONS} partitions and services on {DEVICES} devices, filled in {:.1} s",
        fill.elapsed().as_secs_f64()
    );

    println!(
        "| measurement                                    |    n |  mean ms |   p50 ms |   p95 ms | target ms |"
    );
    println!(
        "|------------------------------------------------|-----:|---------:|---------:|---------:|-----------|"
    );
    let mut runs: Vec<Vec<f64>> = vec![Vec::new(); 4];
    let mut peak = 0u64;
    let names = ["first_frame_ms=", "login_ms=", "list_ms=", "draw_ms="];
    for _ in 0..10 {
        let out = Process::new(std::env::current_exe().unwrap())
            .env(CHILD_ENV, &db)
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success(),
            "{text}{}",
            String::from_utf8_lossy(&out.stderr)
        );
        for part in text.split_whitespace() {
            for (i, name) in names.iter().enumerate() {
                if let Some(v) = part.strip_prefix(name) {
                    runs[i].push(v.parse().unwrap());
                }
            }
            if let Some(v) = part.strip_prefix("vmhwm_kb=") {
                peak = peak.max(v.parse().unwrap());
            }
        }
    }
    let [first, login, list, draw] = <[Vec<f64>; 4]>::try_from(runs).unwrap();
    row(
        "time to first frame, Services (child process)",
        first.len(),
        first,
        150.0,
    );
    row(
        "  of which login (Argon2 password check)",
        login.len(),
        login,
        f64::NAN,
    );
    row(
        "  of which `2` → services list loaded",
        list.len(),
        list,
        f64::NAN,
    );
    row("  of which the first draw", draw.len(), draw, f64::NAN);

    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let (mut live, _, _) = services_screen(&db, &rt);
    let mut reload = Vec::new();
    for _ in 0..20 {
        let t = Instant::now();
        live.press(KeyEvent::new(KeyCode::Char('r'), KeyModifiers::NONE));
        live.app.screens.services.loaded = None;
        live.until(|app| app.screens.services.loaded.is_some());
        reload.push(ms(t));
    }
    assert_eq!(live.app.screens.services.table.total_len(), PARTITIONS);
    row(
        "services list reload, 10,000 rows (`r`)",
        20,
        reload,
        f64::NAN,
    );

    let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
    let mut redraw = Vec::new();
    for _ in 0..200 {
        let t = Instant::now();
        terminal.draw(|f| lunadeck::ui::draw(&live.app, f)).unwrap();
        redraw.push(ms(t));
    }
    row(
        "full redraw, Services table 10,000 rows 120x40",
        200,
        redraw,
        5.0,
    );

    live.press(key('/'));
    assert!(live.app.filter.is_some(), "`/` opens the filter");
    let mut filter = Vec::new();
    let text = "svc-042-01";
    for c in text.chars().cycle().take(120) {
        let t = Instant::now();
        live.press(key(c));
        terminal.draw(|f| lunadeck::ui::draw(&live.app, f)).unwrap();
        filter.push(ms(t));
        if live
            .app
            .filter
            .as_ref()
            .is_some_and(|f| f.text.text() == text)
        {
            assert_eq!(
                live.app.screens.services.table.visible_len(),
                10,
                "svc-042-010..019"
            );
            for _ in 0..text.len() {
                live.press(KeyEvent::new(KeyCode::Backspace, KeyModifiers::NONE));
            }
        }
    }
    row(
        "filter keystroke (route+update+draw), 10,000",
        120,
        filter,
        20.0,
    );
    println!(
        "peak memory (VmHWM of the first-frame child): {:.1} MB (target ≤ 60 MB: {})",
        peak as f64 / 1024.0,
        if peak <= 60 * 1024 { "met" } else { "MISSED" }
    );
    let _ = live.requests.send(BackendRequest::Shutdown);
}
