//! Benchmark (not a test), issue 5: the console over a database with 10,000 partitions and their
//! 10,000 services — time to first frame, peak memory, full redraw, one filter keystroke.
//!
//! `cargo bench --bench console` (the database lives in /dev/shm when it exists: filling it with
//! 20,000 rows under `synchronous=FULL` on a disk is slow and not what is measured).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "../tests/store_fixtures/mod.rs"]
mod fixtures;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use lunadeck::app::message::{BackendEvent, DeviceRow, SessionInfo, StatusCounts};
use lunadeck::app::route::route;
use lunadeck::app::{Action, App, AppOptions, Keymap, update};
use lunadeck::domain::ids::{OrganizationId, PartitionSerial, ServiceId};
use lunadeck::domain::lifecycle::ServiceState;
use lunadeck::domain::organization::Role;
use lunadeck::domain::permission::Session;
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
use std::process::Command;
use std::sync::Arc;
use std::time::Instant;

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

fn console(db: &Path, rt: &tokio::runtime::Runtime) -> Console {
    let store = Store::open(db).unwrap();
    let user = store.list_users().unwrap().into_iter().next().unwrap();
    Console::new(
        store,
        FleetAccess::new(Transport::Sim {
            fleet: shared(Fleet::default()),
        }),
        Session {
            user,
            read_only: false,
        },
        rt.handle().clone(),
        EngineConfig::default(),
        Arc::new(|| Timestamp(1_800_000_000)),
    )
}

/// The signed-in App on the Devices tab, fed what the backend answers.
fn signed_in_app(console: &Console) -> App {
    let mut app = App::new(
        Keymap::defaults().unwrap(),
        AppOptions {
            read_only: false,
            monochrome: false,
            demo: false,
        },
    );
    let ev = |app: &mut App, e| update(app, Action::Backend(Box::new(e)));
    ev(&mut app, BackendEvent::Ready { has_accounts: true });
    ev(
        &mut app,
        BackendEvent::LoggedIn(SessionInfo {
            username: "bench".into(),
            role: Role::Admin,
            organization: None,
            read_only: false,
        }),
    );
    let rows: Vec<DeviceRow> = console
        .devices()
        .unwrap()
        .into_iter()
        .map(|d| DeviceRow {
            status: console.device_status(&d),
            serial: d.serial.clone(),
            host: format!("{}:{}", d.host, d.port),
            model: d.facts.model.clone(),
            software: d.facts.software.to_string(),
            firmware: d.facts.firmware.to_string(),
            last_seen: d.last_seen,
            name: d.name,
        })
        .collect();
    ev(&mut app, BackendEvent::Devices(rows));
    ev(
        &mut app,
        BackendEvent::Counts(StatusCounts {
            devices_up: Some(DEVICES),
            devices_down: Some(0),
            running_jobs: 0,
        }),
    );
    app
}

/// 10,000 device rows (as many rows as partitions) for the table measurements.
fn big_table_app() -> App {
    let mut app = App::new(
        Keymap::defaults().unwrap(),
        AppOptions {
            read_only: false,
            monochrome: false,
            demo: false,
        },
    );
    let ev = |app: &mut App, e| update(app, Action::Backend(Box::new(e)));
    ev(&mut app, BackendEvent::Ready { has_accounts: true });
    ev(
        &mut app,
        BackendEvent::LoggedIn(SessionInfo {
            username: "bench".into(),
            role: Role::Admin,
            organization: None,
            read_only: false,
        }),
    );
    let rows = (0..PARTITIONS)
        .map(|i| {
            let d = fixtures::device(&format!("{}", 1_600_000 + i), &format!("gen-hsm-{i:05}"));
            DeviceRow {
                status: d.status,
                serial: d.serial,
                host: format!("{}:{}", d.host, d.port),
                model: d.facts.model,
                software: d.facts.software.to_string(),
                firmware: d.facts.firmware.to_string(),
                last_seen: d.last_seen,
                name: d.name,
            }
        })
        .collect();
    ev(&mut app, BackendEvent::Devices(rows));
    app
}

fn vm_hwm_kb() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

/// In the child process: from nothing to the first signed-in frame over the database (key
/// map, store, console, device list and services data load, update, draw at 120x40).
fn first_frame_child(db: &Path) {
    let started = Instant::now();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let console = console(db, &rt);
    let services = console.services().unwrap();
    assert_eq!(services.len(), PARTITIONS);
    let app = signed_in_app(&console);
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
    terminal.draw(|f| lunadeck::ui::draw(&app, f)).unwrap();
    let ms = started.elapsed().as_secs_f64() * 1000.0;
    println!("first_frame_ms={ms:.2} vmhwm_kb={}", vm_hwm_kb());
}

fn stats(mut ms: Vec<f64>) -> (f64, f64, f64) {
    ms.sort_by(f64::total_cmp);
    let mean = ms.iter().sum::<f64>() / ms.len() as f64;
    let at = |q: f64| ms[((ms.len() - 1) as f64 * q).round() as usize];
    (mean, at(0.5), at(0.95))
}

fn row(what: &str, n: usize, ms: Vec<f64>, target: f64) {
    let (mean, p50, p95) = stats(ms);
    let verdict = if p95 <= target { "met" } else { "MISSED" };
    println!(
        "| {what:<46} | {n:>4} | {mean:>8.3} | {p50:>8.3} | {p95:>8.3} | ≤ {target} ({verdict}) |"
    );
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
    let mut first = Vec::new();
    let mut peak = 0u64;
    for _ in 0..10 {
        let out = Command::new(std::env::current_exe().unwrap())
            .env(CHILD_ENV, &db)
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(out.status.success(), "{text}");
        for part in text.split_whitespace() {
            if let Some(v) = part.strip_prefix("first_frame_ms=") {
                first.push(v.parse().unwrap());
            }
            if let Some(v) = part.strip_prefix("vmhwm_kb=") {
                peak = peak.max(v.parse().unwrap());
            }
        }
    }
    row(
        "time to first frame (child process)",
        first.len(),
        first,
        150.0,
    );

    let rt = tokio::runtime::Runtime::new().unwrap();
    let c = console(&db, &rt);
    let mut load = Vec::new();
    for _ in 0..20 {
        let t = Instant::now();
        assert_eq!(c.services().unwrap().len(), PARTITIONS);
        load.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    row("services data load, 10,000 rows (backend)", 20, load, 150.0);

    let mut app = big_table_app();
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
    let mut redraw = Vec::new();
    for _ in 0..200 {
        let t = Instant::now();
        terminal.draw(|f| lunadeck::ui::draw(&app, f)).unwrap();
        redraw.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    row(
        "full redraw, device table 10,000 rows 120x40",
        200,
        redraw,
        5.0,
    );

    let open = route(&app, &key('/')).unwrap();
    update(&mut app, open);
    let mut filter = Vec::new();
    for (i, c) in "gen-hsm-0123".chars().cycle().take(120).enumerate() {
        if i % 12 == 0 {
            for _ in 0..12 {
                let back = KeyEvent::new(KeyCode::Backspace, KeyModifiers::NONE);
                if let Some(a) = route(&app, &back) {
                    update(&mut app, a);
                }
            }
        }
        let t = Instant::now();
        if let Some(a) = route(&app, &key(c)) {
            update(&mut app, a);
        }
        terminal.draw(|f| lunadeck::ui::draw(&app, f)).unwrap();
        filter.push(t.elapsed().as_secs_f64() * 1000.0);
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
}
