//! Benchmark (not a test), IMP-1 / X-1: discovery over 1 and over 100 simulated appliances with
//! 50 ms per command (target: 100 appliances ≤ 1.5 × one), and the baseline an admin uses by
//! hand — a sequential loop of `ssh host 'partition list'` — over real SSH to lunash-sim.
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
use std::process::{Command, ExitCode, Stdio};
use std::sync::Arc;
use std::time::Instant;
use support::ssh_server::{ServerConfig, TestServer, host_key};

const LATENCY_MS: u64 = 50;

fn console_over(fleet: Fleet, dir: &std::path::Path, rt: &tokio::runtime::Runtime) -> Console {
    let mut store = Store::open(&dir.join("lunadeck.sqlite")).unwrap();
    let admin = store
        .create_first_admin("bench", &SecretString::from("bench-admin-pw"), Timestamp(0))
        .unwrap();
    let access = FleetAccess::new(Transport::Sim {
        fleet: shared(fleet),
    });
    let config = EngineConfig {
        width: 128,
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

/// Adds and authorizes every appliance (not timed), then times one discovery.
fn discovery_seconds(n: usize) -> (f64, usize) {
    let rt = tokio::runtime::Builder::new_multi_thread()
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
    let mut c = console_over(fleet, dir.path(), &rt);
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
    let jobs: Vec<_> = devices
        .iter()
        .filter(|d| d.facts.auth == lunadeck::domain::device::AuthMethod::Password)
        .map(|d| {
            c.submit_authorize(&d.serial, SecretString::from("sopassword"))
                .unwrap()
        })
        .collect();
    for j in jobs {
        c.wait(j, |_| {}).unwrap();
    }
    let started = Instant::now();
    let job = c.submit_discovery().unwrap();
    let done = c.wait(job, |_| {}).unwrap();
    let secs = started.elapsed().as_secs_f64();
    if !matches!(done.outcome, JobOutcome::Succeeded { .. }) {
        eprintln!("discovery over {n}: {}", done.summary);
    }
    let rows = c.import_draft().unwrap().map(|d| d.rows.len()).unwrap_or(0);
    (secs, rows)
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
        let out = Command::new("ssh")
            .arg("-i")
            .arg(&key)
            .args(["-p", &server.port.to_string()])
            .args([
                "-o",
                "StrictHostKeyChecking=no",
                "-o",
                "UserKnownHostsFile=/dev/null",
                "-o",
                "BatchMode=yes",
                "-o",
                "LogLevel=ERROR",
                "admin@127.0.0.1",
                "partition list",
            ])
            .stdin(Stdio::null())
            .output()
            .unwrap();
        assert!(
            String::from_utf8_lossy(&out.stdout).contains("Command Result"),
            "ssh loop: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    started.elapsed().as_secs_f64()
}

fn main() -> ExitCode {
    let (one, rows1) = discovery_seconds(1);
    let (hundred, rows100) = discovery_seconds(100);
    let ratio = hundred / one;
    let ssh = ssh_loop_seconds(100);
    println!("| run | wall time (s) | rows found |");
    println!("|---|---|---|");
    println!("| lunadeck discovery, 1 appliance ({LATENCY_MS} ms/command) | {one:.2} | {rows1} |");
    println!(
        "| lunadeck discovery, 100 appliances ({LATENCY_MS} ms/command) | {hundred:.2} | {rows100} |"
    );
    println!(
        "| sequential `ssh host 'partition list'` × 100 ({LATENCY_MS} ms/command) | {ssh:.2} | - |"
    );
    println!();
    println!(
        "100 / 1 = {ratio:.2} (target ≤ 1.5); ssh loop / lunadeck 100 = {:.1}×",
        ssh / hundred
    );
    if ratio <= 1.5 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
