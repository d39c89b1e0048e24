//! Benchmark (not a test), issue 14 (MIG-5): the console while a migration runs on the demo
//! fleet (lon-hsm-02 and -03 the targets) with simulated latency — key-to-frame of Devices, the Services filter and opening
//! another service, and how long opening a service takes to answer. `cargo bench --bench
//! console_migrate`

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use lunadeck::app::message::{BackendEvent, BackendRequest};
use lunadeck::app::route::route;
use lunadeck::app::state::Loaded;
use lunadeck::app::{Action, App, AppOptions, ConsoleSource, Keymap, backend, update};
use lunadeck::domain::initialization::{ConfirmedSecret, InitCredentials};
use lunadeck::domain::permission::Session;
use lunadeck::domain::timestamp::Timestamp;
use lunadeck::jobs::EngineConfig;
use lunadeck::ops::create_service::CreateServiceRequest;
use lunadeck::ops::migrate::{MigrateForm, MigrateRoles};
use lunadeck::ops::{Console, FleetAccess, Transport};
use lunadeck::sim::model::Fleet;
use lunadeck::sim::session::shared;
use lunadeck::store::Store;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use secrecy::SecretString;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::mpsc;

const LATENCY_MS: u64 = 250;
const ROUNDS: usize = 30;

fn twice(s: &str) -> ConfirmedSecret {
    ConfirmedSecret::new(SecretString::from(s), SecretString::from(s))
}

fn ok(c: &mut Console, job: lunadeck::domain::ids::JobId) {
    let done = c.wait(job, |_| {}).unwrap();
    assert!(
        matches!(done.outcome, lunadeck::jobs::JobOutcome::Succeeded { .. }),
        "{}",
        done.summary
    );
}

/// The demo, a password service on lon-hsm-01 initialized, the
/// targets authorized; then every appliance answers after `LATENCY_MS`.
fn prepared_console(db: &std::path::Path, rt: &tokio::runtime::Runtime) -> Console {
    let mut store = Store::open(db).unwrap();
    let admin = store
        .create_first_admin("bench", &SecretString::from("bench-admin-pw"), Timestamp(0))
        .unwrap();
    let fleet = Fleet::demo().unwrap();
    let access = FleetAccess::new(Transport::Sim {
        fleet: shared(fleet),
    });
    let session = Session {
        user: admin,
        read_only: false,
    };
    let mut c = Console::new(
        store,
        access,
        session,
        rt.handle().clone(),
        EngineConfig::default(),
        Arc::new(|| Timestamp(1_800_000_000)),
    );
    lunadeck::ops::demo::bootstrap(&mut c).unwrap();
    let template = c
        .templates()
        .unwrap()
        .into_iter()
        .find(|t| t.name == "Standard partition")
        .unwrap();
    let devices = c.devices().unwrap();
    let serial = |n: &str| devices.iter().find(|d| d.name == n).unwrap().serial.clone();
    let organization = c.organizations().unwrap()[0].id;
    let started = c
        .submit_create_service(CreateServiceRequest {
            name: "pay-src".into(),
            description: String::new(),
            template: template.id,
            devices: vec![serial("lon-hsm-01")],
            organization,
            init: None,
        })
        .unwrap();
    ok(&mut c, started.job);
    let id = c
        .services()
        .unwrap()
        .into_iter()
        .find(|s| s.name == "pay-src")
        .unwrap()
        .id;
    let creds = InitCredentials::Password {
        label: "paysrc".into(),
        domain: twice("pay-domain-1"),
        so: Some(twice("pay-so-pass-1")),
        co: twice("pay-co-pass-1"),
        cu: None,
    };
    let started = c.submit_initialize(id, creds).unwrap();
    ok(&mut c, started.job);
    for (name, so) in [
        ("lon-hsm-02", "LonSoPass!02"),
        ("lon-hsm-03", "LonSoPass!03"),
    ] {
        let job = c
            .submit_authorize(&serial(name), SecretString::from(so))
            .unwrap();
        ok(&mut c, job);
    }
    let fleet = c.access.sim_fleet().unwrap();
    let mut fleet = fleet.lock().unwrap();
    for a in &mut fleet.appliances {
        a.latency_ms = LATENCY_MS;
    }
    drop(fleet);
    c
}

fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

/// Applies every event already waiting, drawing after each like the run loop.
fn drain(
    app: &mut App,
    events: &mut mpsc::UnboundedReceiver<BackendEvent>,
    terminal: &mut Terminal<TestBackend>,
    requests: &mpsc::UnboundedSender<BackendRequest>,
) {
    while let Ok(e) = events.try_recv() {
        send(update(app, Action::Backend(Box::new(e))), requests);
        terminal.draw(|f| lunadeck::ui::draw(app, f)).unwrap();
    }
}

fn send(commands: Vec<lunadeck::app::Command>, requests: &mpsc::UnboundedSender<BackendRequest>) {
    for command in commands {
        if let lunadeck::app::Command::Backend(r) = command {
            let _ = requests.send(r);
        }
    }
}

/// One key through route + update + draw, timed; its requests go to the backend.
fn press(
    app: &mut App,
    code: KeyCode,
    terminal: &mut Terminal<TestBackend>,
    requests: &mpsc::UnboundedSender<BackendRequest>,
    latency: &mut Vec<f64>,
) {
    let t = Instant::now();
    if let Some(a) = route(app, &key(code)) {
        send(update(app, a), requests);
    }
    terminal.draw(|f| lunadeck::ui::draw(app, f)).unwrap();
    latency.push(t.elapsed().as_secs_f64() * 1000.0);
}

/// A person's pace: the migration goes on between keys.
fn pace() {
    std::thread::sleep(Duration::from_millis(20));
}

fn quantiles(v: &mut [f64]) -> (f64, f64, f64, f64) {
    v.sort_by(f64::total_cmp);
    let at = |q: f64| v[((v.len() - 1) as f64 * q).round() as usize];
    let mean = v.iter().sum::<f64>() / v.len() as f64;
    (mean, at(0.5), at(0.95), v.last().copied().unwrap_or(0.0))
}

fn main() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("lunadeck.sqlite");
    eprintln!("preparing the demo, a source service and the targets…");
    let mut console = prepared_console(&db, &rt);
    let open_db = db.clone();
    // The migration is submitted by the console the backend serves.
    let source = ConsoleSource::new(
        Box::new(move || Ok(Store::open(&open_db)?)),
        Box::new(move |_store, session, _rt| {
            console.sign_in(session);
            let devices = console.devices()?;
            let serial = |n: &str| devices.iter().find(|d| d.name == n).unwrap().serial.clone();
            let service = console
                .services()?
                .into_iter()
                .find(|s| s.name == "pay-src")
                .unwrap();
            let organization = console.organizations()?[0].id;
            let form = MigrateForm {
                name: "pay-new".into(),
                description: String::new(),
                organization,
                size: "500000".into(),
                targets: vec![serial("lon-hsm-02"), serial("lon-hsm-03")],
                label: "paynew".into(),
                roles: MigrateRoles::Password {
                    domain: twice("pay-domain-1"),
                    so: twice("new-so-pass-1"),
                    co: twice("new-co-pass-1"),
                    source_co: SecretString::from("pay-co-pass-1"),
                },
                model: None,
            };
            console.submit_migrate(service.id, form)?;
            Ok(console)
        }),
    );
    let (req_tx, req_rx) = mpsc::unbounded_channel();
    let (ev_tx, mut ev_rx) = mpsc::unbounded_channel();
    let _backend = backend::spawn(source, false, rt.handle().clone(), req_rx, ev_tx).unwrap();
    let mut app = App::new(
        Keymap::defaults().unwrap(),
        AppOptions {
            read_only: false,
            monochrome: false,
            demo: false,
            replay: false,
        },
    );
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
    req_tx
        .send(BackendRequest::Screen(
            lunadeck::screens::ScreenRequest::Login(lunadeck::screens::login::Request::SignIn {
                username: "bench".into(),
                password: SecretString::from("bench-admin-pw").into(),
            }),
        ))
        .unwrap();
    let start = Instant::now();
    while app.session.is_none() || app.running_jobs() == 0 {
        drain(&mut app, &mut ev_rx, &mut terminal, &req_tx);
        assert!(
            start.elapsed() < Duration::from_secs(120),
            "the migration did not start"
        );
        std::thread::sleep(Duration::from_millis(2));
    }
    let migrating_since = Instant::now();
    let (mut keys, mut answers) = (Vec::new(), Vec::new());
    let mut rounds = 0;
    while rounds < ROUNDS && app.running_jobs() > 0 {
        // Devices: the list, down and up.
        for code in [
            KeyCode::Char('1'),
            KeyCode::Down,
            KeyCode::Down,
            KeyCode::Up,
        ] {
            drain(&mut app, &mut ev_rx, &mut terminal, &req_tx);
            press(&mut app, code, &mut terminal, &req_tx, &mut keys);
            pace();
        }
        // Services: the filter typed, then another service opened and closed.
        let command = ":services".chars().map(KeyCode::Char);
        let typed = "identity".chars().map(KeyCode::Char);
        let all: Vec<KeyCode> = command
            .chain([KeyCode::Enter, KeyCode::Char('/')])
            .chain(typed)
            .chain([KeyCode::Enter])
            .collect();
        for code in all {
            drain(&mut app, &mut ev_rx, &mut terminal, &req_tx);
            press(&mut app, code, &mut terminal, &req_tx, &mut keys);
            pace();
        }
        assert!(
            app.screens.services.detail.is_none(),
            "the list in front, no service open (round {rounds})"
        );
        let asked = Instant::now();
        press(&mut app, KeyCode::Enter, &mut terminal, &req_tx, &mut keys);
        let opened = |a: &App| {
            a.screens
                .services
                .detail
                .as_ref()
                .is_some_and(|d| matches!(d.detail, Loaded::Ready(_)))
        };
        while !opened(&app) {
            drain(&mut app, &mut ev_rx, &mut terminal, &req_tx);
            assert!(
                asked.elapsed() < Duration::from_secs(30),
                "the service never opened"
            );
            std::thread::sleep(Duration::from_millis(1));
        }
        answers.push(asked.elapsed().as_secs_f64() * 1000.0);
        for code in [KeyCode::Esc, KeyCode::Char('/'), KeyCode::Esc] {
            press(&mut app, code, &mut terminal, &req_tx, &mut keys);
            pace();
        }
        rounds += 1;
    }
    let still = app.running_jobs() > 0;
    let seconds = migrating_since.elapsed().as_secs_f64();
    let (mean, p50, p95, max) = quantiles(&mut keys);
    let n = keys.len();
    let (amean, ap50, ap95, amax) = quantiles(&mut answers);
    let a = answers.len();
    println!("| measurement | n | mean ms | p50 ms | p95 ms | max ms | target |");
    println!("|---|---:|---:|---:|---:|---:|---|");
    let met = if p95 <= 16.0 { "met" } else { "MISSED" };
    println!(
        "| key-to-frame while migrating (Devices, Services filter, open a service) | {n} | \
         {mean:.3} | {p50:.3} | {p95:.3} | {max:.3} | ≤ 16 ms p95 ({met}) |"
    );
    println!(
        "| opening another service while migrating: Enter to its detail shown | {a} | \
         {amean:.1} | {ap50:.1} | {ap95:.1} | {amax:.1} | answers (no target) |"
    );
    println!(
        "{rounds} rounds in {seconds:.1} s, the migration {} at the end ({LATENCY_MS} ms per \
         device command)",
        if still { "still running" } else { "finished" }
    );
    let _ = req_tx.send(BackendRequest::Shutdown);
    std::process::exit(0);
}
