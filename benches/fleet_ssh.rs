//! Benchmark (not a test), issue 16: the release `lunadeck` over real SSH as a user runs it —
//! `--authorize` every password appliance + `discover run` — over 1 and 100 simulated appliances
//! (lunash-sim, 50 ms per command), against the sequential `ssh host 'partition list'` loop an
//! admin types over the same appliances. Targets: 100 ≤ 3 × one; ≥ 10 × faster than the loop.
//!
//! `cargo bench --bench fleet_ssh` (in-process russh servers, one per appliance);
//! `LUNADECK_BENCH_SSHD=1 cargo bench --bench fleet_ssh` (Debian's OpenSSH sshd, 16 ports each).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "../tests/support/mod.rs"]
mod support;

use lunadeck::sim::model::Fleet;
use lunadeck::sim::store::FleetStore;
use russh::keys::ssh_key::{HashAlg, LineEnding};
use std::any::Any;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Output, Stdio};
use std::time::Instant;
use support::ssh_server::{ServerConfig, TestServer, host_key};

const LATENCY_MS: u64 = 50;
const ADMIN_PW: &str = "bench-admin-pw-1";

/// Appliances behind SSH servers: their ports, the login, the client key, the host-key pins.
struct Appliances {
    names: Vec<String>,
    password: Vec<bool>,
    ports: Vec<u16>,
    user: String,
    key: PathBuf,
    pins: Vec<String>,
    _servers: Vec<Box<dyn Any>>,
}

fn sim_args(name: &str, state: &Path) -> Vec<String> {
    vec![
        "--appliance".into(),
        name.into(),
        "--state".into(),
        state.display().to_string(),
    ]
}

fn generated(n: usize, dir: &Path) -> (Fleet, PathBuf) {
    let fleet = Fleet::generate(n, LATENCY_MS);
    let state = dir.join("fleet.json");
    FleetStore::new(&state).save(&fleet).unwrap();
    (fleet, state)
}

fn password_flags(fleet: &Fleet) -> Vec<bool> {
    fleet
        .appliances
        .iter()
        .map(|a| a.auth == lunadeck::sim::model::Auth::Password)
        .collect()
}

/// One russh server per appliance, each serving lunash-sim per channel.
fn russh_fleet(n: usize, dir: &Path) -> Appliances {
    let (fleet, state) = generated(n, dir);
    let client = host_key([21; 32]);
    let key = dir.join("client_key");
    std::fs::write(&key, client.to_openssh(LineEnding::LF).unwrap().as_bytes()).unwrap();
    std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o600)).unwrap();
    let seed = [22; 32];
    let mut servers: Vec<Box<dyn Any>> = Vec::new();
    let mut ports = Vec::new();
    for a in &fleet.appliances {
        let s = TestServer::start(
            ServerConfig {
                user: "admin".into(),
                password: "unused-password".into(),
                authorized_key: Some(client.public_key().clone()),
                program: env!("CARGO_BIN_EXE_lunash-sim").into(),
                args: sim_args(&a.name, &state),
                env: vec![],
            },
            seed,
        );
        ports.push(s.port);
        servers.push(Box::new(s));
    }
    Appliances {
        names: fleet.appliances.iter().map(|a| a.name.clone()).collect(),
        password: password_flags(&fleet),
        ports,
        user: "admin".into(),
        key,
        pins: vec![
            host_key(seed)
                .public_key()
                .fingerprint(HashAlg::Sha256)
                .to_string(),
        ],
        _servers: servers,
    }
}

/// Debian's sshd, 16 appliances per process (`Match LocalPort` → `ForceCommand lunash-sim`).
fn sshd_fleet(n: usize, dir: &Path) -> Appliances {
    let (fleet, state) = generated(n, dir);
    let sim = env!("CARGO_BIN_EXE_lunash-sim");
    let mut servers: Vec<Box<dyn Any>> = Vec::new();
    let (mut ports, mut pins) = (Vec::new(), Vec::new());
    let mut login = None;
    for chunk in fleet.appliances.chunks(16) {
        let commands: Vec<String> = chunk
            .iter()
            .map(|a| format!("{sim} {}", sim_args(&a.name, &state).join(" ")))
            .collect();
        let sshd = support::sshd::start_ports(&commands)
            .unwrap_or_else(|e| panic!("LUNADECK_BENCH_SSHD=1 but {e}"));
        ports.extend(sshd.ports.iter().copied());
        pins.push(support::sshd::host_key_fingerprint(&sshd.host_key_pub).unwrap());
        login.get_or_insert((sshd.user.clone(), sshd.client_key.clone()));
        servers.push(Box::new(sshd));
    }
    // Every sshd trusts its own client key: log in to all with the first one's.
    let (user, key) = login.unwrap();
    let public = std::fs::read_to_string(key.with_extension("pub")).unwrap();
    for s in &servers {
        if let Some(sshd) = s.downcast_ref::<support::sshd::Sshd>() {
            std::fs::write(sshd.dir.path().join("authorized_keys"), &public).unwrap();
        }
    }
    Appliances {
        names: fleet.appliances.iter().map(|a| a.name.clone()).collect(),
        password: password_flags(&fleet),
        ports,
        user,
        key,
        pins,
        _servers: servers,
    }
}

fn lunadeck(home: &Path, args: &[&str], stdin: &str) -> Output {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_lunadeck"))
        .env_remove("LUNADECK_HOME")
        .env("HOME", home)
        .env("LUNADECK_PASSWORD_STDIN", "1")
        .arg("--data-dir")
        .arg(home.join("deck"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let _ = child.stdin.take().unwrap().write_all(stdin.as_bytes());
    child.wait_with_output().unwrap()
}

fn ok(out: &Output, what: &str) {
    assert!(
        out.status.success(),
        "{what}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Devices added (not timed), then the timed run: `--authorize` × password appliances +
/// `discover run`, one process, as a user runs it.
fn authorize_and_discover(fleet: &Appliances, home: &Path) -> f64 {
    let init = lunadeck(
        home,
        &["--user", "bench", "account", "init", "--password-stdin"],
        &format!("{ADMIN_PW}\n{ADMIN_PW}\n"),
    );
    ok(&init, "account init");
    let key = fleet.key.display().to_string();
    for (name, port) in fleet.names.iter().zip(&fleet.ports) {
        let port = port.to_string();
        let mut args = vec![
            "--user",
            "bench",
            "device",
            "add",
            name.as_str(),
            "--host",
            "127.0.0.1",
            "--port",
            &port,
            "--ssh-user",
            &fleet.user,
            "--ssh-key",
            &key,
        ];
        for pin in &fleet.pins {
            args.extend(["--host-key", pin.as_str()]);
        }
        ok(
            &lunadeck(home, &args, &format!("{ADMIN_PW}\n")),
            "device add",
        );
    }
    let mut args = vec!["--user", "bench"];
    let mut stdin = format!("{ADMIN_PW}\n");
    for (name, password) in fleet.names.iter().zip(&fleet.password) {
        if *password {
            args.extend(["--authorize", name.as_str()]);
            stdin.push_str("sopassword\n");
        }
    }
    args.extend(["--so-password-stdin", "discover", "run"]);
    let started = Instant::now();
    let out = lunadeck(home, &args, &stdin);
    let secs = started.elapsed().as_secs_f64();
    ok(&out, "--authorize … discover run");
    secs
}

/// The admin's loop: one `ssh host 'partition list'` after another over every appliance.
fn ssh_loop(fleet: &Appliances) -> f64 {
    let started = Instant::now();
    for port in &fleet.ports {
        support::ssh_client::partition_list(&fleet.key, *port, &fleet.user);
    }
    started.elapsed().as_secs_f64()
}

fn main() -> ExitCode {
    let sshd = std::env::var("LUNADECK_BENCH_SSHD").is_ok_and(|v| v == "1");
    let server = if sshd {
        "OpenSSH sshd"
    } else {
        "russh (in-process)"
    };
    let mut rows = Vec::new();
    for n in [1, 100] {
        let dir = tempfile::tempdir().unwrap();
        let fleet = if sshd {
            sshd_fleet(n, dir.path())
        } else {
            russh_fleet(n, dir.path())
        };
        let lunadeck = authorize_and_discover(&fleet, dir.path());
        let admin = ssh_loop(&fleet);
        rows.push((n, lunadeck, admin));
    }
    println!(
        "| {server}, {LATENCY_MS} ms/command | appliances | lunadeck `--authorize` × password ones + `discover run` (s) | sequential `ssh host 'partition list'` (s) |"
    );
    println!("|---|---|---|---|");
    for (n, l, a) in &rows {
        println!("| | {n} | {l:.2} | {a:.2} |");
    }
    let (_, one, _) = rows[0];
    let (_, hundred, admin) = rows[1];
    let scale = hundred / one;
    let faster = admin / hundred;
    println!();
    println!("100 / 1 = {scale:.2} (target ≤ 3); ssh loop / lunadeck = {faster:.1}× (target ≥ 10)");
    if scale <= 3.0 && faster >= 10.0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
