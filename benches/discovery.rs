//! Benchmark (not a test), IMP-1 / X-1: discovery over 1 and over 100 simulated appliances with
//! 50 ms per command (target: 100 appliances ≤ 1.5 × one), and the baseline an admin uses by
//! hand — a sequential loop of `ssh host 'partition list'` — over real SSH to lunash-sim.
//!
//! Also 1000 appliances (at pool_width 128 and 1024) with the threads and memory they cost.
//!
//! `cargo bench --bench discovery`

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "../tests/support/mod.rs"]
mod support;

use lunadeck::domain::device::SshAuth;
use lunadeck::domain::permission::Session;
use lunadeck::domain::timestamp::Timestamp;
use lunadeck::jobs::{EngineConfig, JobOutcome};
use lunadeck::ops::devices::DeviceForm;
use lunadeck::ops::{Console, FleetAccess, Transport};
use lunadeck::sim::model::Fleet;
use lunadeck::sim::session::shared;
use lunadeck::sim::store::FleetStore;
use lunadeck::store::Store;
use russh::keys::ssh_key::LineEnding;
use secrecy::SecretString;
use std::os::unix::fs::PermissionsExt;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Instant;
use support::ssh_server::{ServerConfig, TestServer, host_key};

const LATENCY_MS: u64 = 50;

/// The most threads and resident memory the process had while `sampling` was true.
struct Peak {
    threads: usize,
    rss_kib: usize,
}

fn status_field(field: &str) -> usize {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with(field))
                .and_then(|l| l.split_whitespace().nth(1).and_then(|v| v.parse().ok()))
        })
        .unwrap_or(0)
}

/// Samples /proc/self/status every 5 ms until `stop` is set.
fn sample_peak(stop: Arc<std::sync::atomic::AtomicBool>) -> std::thread::JoinHandle<Peak> {
    std::thread::spawn(move || {
        let mut peak = Peak {
            threads: 0,
            rss_kib: 0,
        };
        while !stop.load(std::sync::atomic::Ordering::SeqCst) {
            peak.threads = peak.threads.max(status_field("Threads:"));
            peak.rss_kib = peak.rss_kib.max(status_field("VmRSS:"));
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        peak
    })
}

fn console_over(
    fleet: Fleet,
    dir: &std::path::Path,
    rt: &tokio::runtime::Runtime,
    width: usize,
) -> Console {
    let mut store = Store::open(&dir.join("lunadeck.sqlite")).unwrap();
    let admin = store
        .create_first_admin("bench", &SecretString::from("bench-admin-pw"), Timestamp(0))
        .unwrap();
    let access = FleetAccess::new(Transport::Sim {
        fleet: shared(fleet),
    });
    let config = EngineConfig {
        width,
        ..EngineConfig::default()
    };
    Console::new(
        store,
        access,
        Session {
            user: admin,
            read_only: false,
        },
        rt.handle().clone(),
        config,
        Arc::new(|| Timestamp(1_800_000_000)),
    )
}

/// One run over `n` appliances: the authorizations (all submitted at once, as `--authorize`
/// does) and then one discovery, timed apart; the rows found; the peak threads and memory.
struct Run {
    authorize: f64,
    discovery: f64,
    rows: usize,
    peak: Peak,
}

/// Adds every appliance (not timed), authorizes the password ones, then one discovery.
fn discovery_run(n: usize, width: usize) -> Run {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .max_blocking_threads(width.max(512))
        .enable_all()
        .build()
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let fleet = Fleet::generate(n, LATENCY_MS);
    let hosts: Vec<(String, String)> = fleet
        .appliances
        .iter()
        .map(|a| (a.name.clone(), a.hostname.clone()))
        .collect();
    let mut c = console_over(fleet, dir.path(), &rt, width);
    let jobs: Vec<_> = hosts
        .iter()
        .map(|(name, host)| {
            c.submit_add_device(DeviceForm {
                name: name.clone(),
                host: host.clone(),
                port: "22".into(),
                user: "admin".into(),
                auth: SshAuth::Password,
                ssh_password: Some(SecretString::from("x")),
            })
            .unwrap()
        })
        .collect();
    for j in jobs {
        c.wait(j, |_| {}).unwrap();
    }
    let devices = c.devices().unwrap();
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let sampler = sample_peak(stop.clone());
    let authorizing = Instant::now();
    // All submitted at once in one store batch, as `--authorize` and the Devices screen do.
    let jobs: Vec<_> = c
        .in_store_batch(|c| {
            devices
                .iter()
                .filter(|d| d.facts.auth == lunadeck::domain::device::AuthMethod::Password)
                .map(|d| {
                    c.submit_authorize(&d.serial, SecretString::from("sopassword"))
                        .unwrap()
                })
                .collect()
        })
        .unwrap();
    for j in jobs {
        c.wait(j, |_| {}).unwrap();
    }
    let authorize = authorizing.elapsed().as_secs_f64();
    let started = Instant::now();
    let job = c.submit_discovery().unwrap();
    let done = c.wait(job, |_| {}).unwrap();
    let discovery = started.elapsed().as_secs_f64();
    stop.store(true, std::sync::atomic::Ordering::SeqCst);
    let peak = sampler.join().unwrap();
    if !matches!(done.outcome, JobOutcome::Succeeded { .. }) {
        eprintln!("discovery over {n}: {}", done.summary);
    }
    let rows = c.import_draft().unwrap().map(|d| d.rows.len()).unwrap_or(0);
    Run {
        authorize,
        discovery,
        rows,
        peak,
    }
}

/// 100 sequential `ssh host 'partition list'` processes against lunash-sim (50 ms per command).
fn ssh_loop_seconds(n: usize) -> f64 {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("fleet.json");
    FleetStore::new(&state)
        .save(&Fleet::generate(1, LATENCY_MS))
        .unwrap();
    let client = host_key([11; 32]);
    let key = dir.path().join("client_key");
    std::fs::write(&key, client.to_openssh(LineEnding::LF).unwrap().as_bytes()).unwrap();
    std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o600)).unwrap();
    let server = TestServer::start(
        ServerConfig {
            user: "admin".into(),
            password: "unused-password".into(),
            authorized_key: Some(client.public_key().clone()),
            program: env!("CARGO_BIN_EXE_lunash-sim").into(),
            args: vec![
                "--appliance".into(),
                "gen-hsm-001".into(),
                "--state".into(),
                state.display().to_string(),
            ],
            env: vec![],
        },
        [12; 32],
    );
    let started = Instant::now();
    for _ in 0..n {
        support::ssh_client::partition_list(&key, server.port, "admin");
    }
    started.elapsed().as_secs_f64()
}

fn main() -> ExitCode {
    let one = discovery_run(1, 128);
    let hundred = discovery_run(100, 128);
    let thousand = discovery_run(1000, 128);
    let thousand_wide = discovery_run(1000, 1024);
    let ssh = ssh_loop_seconds(100);
    println!(
        "| run (in-process simulator, {LATENCY_MS} ms/command) | authorize (s) | discovery (s) | rows | peak threads | peak RSS (MiB) |"
    );
    println!("|---|---|---|---|---|---|");
    for (what, r) in [
        ("1 appliance, pool_width 128", &one),
        ("100 appliances, pool_width 128", &hundred),
        ("1000 appliances, pool_width 128", &thousand),
        ("1000 appliances, pool_width 1024", &thousand_wide),
    ] {
        println!(
            "| {what} | {:.2} | {:.2} | {} | {} | {:.0} |",
            r.authorize,
            r.discovery,
            r.rows,
            r.peak.threads,
            r.peak.rss_kib as f64 / 1024.0
        );
    }
    println!("| sequential `ssh host 'partition list'` × 100 | - | {ssh:.2} | - | - | - |");
    println!();
    let total = |r: &Run| r.authorize + r.discovery;
    let ratio = hundred.discovery / one.discovery;
    println!(
        "discovery 100 / 1 = {ratio:.2} (target ≤ 1.5); ssh loop / lunadeck 100 = {:.1}×",
        ssh / hundred.discovery
    );
    println!(
        "authorize + discovery: 1000 / 1 = {:.2} at pool_width 128, {:.2} at 1024 (target ≤ 2)",
        total(&thousand) / total(&one),
        total(&thousand_wide) / total(&one)
    );
    if ratio <= 1.5 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
