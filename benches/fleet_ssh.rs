//! Benchmark (not a test), issue 16: the release `lunadeck` over real SSH as a user runs it —
//! `--authorize` every password appliance + `discover run` — over 1 and 100 simulated appliances
//! (lunash-sim, 50 ms per command), against the sequential `ssh host 'partition list'` loop an
//! admin types over the same appliances. Targets: 100 ≤ 3 × one; ≥ 10 × faster than the loop.
//!
//! Each simulated appliance keeps its own state file, as a real one keeps its own state; the CPU
//! the run cost lunadeck and the SSH servers is printed beside the wall time (2 cores serve both).
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
    /// Processes whose CPU (with their reaped children's) is the servers' cost; none for the
    /// in-process russh servers.
    server_pids: Vec<u32>,
    _servers: Vec<Box<dyn Any>>,
}

/// CPU seconds of process `pid` itself and of the children it has reaped (`/proc/<pid>/stat`
/// utime + stime, cutime + cstime, in the kernel's 100 ticks per second).
fn cpu_secs(pid: &str) -> (f64, f64) {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    let after_name = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
    let f: Vec<f64> = after_name
        .split_whitespace()
        .map(|f| f.parse().unwrap_or(0.0))
        .collect();
    // After the name comes field 3 (state): utime..cstime (fields 14-17) are indexes 11-14.
    let at = |i: usize| f.get(i).copied().unwrap_or(0.0) / 100.0;
    (at(11) + at(12), at(13) + at(14))
}

/// What one timed run cost: wall time; CPU of the processes this bench reaped meanwhile
/// (lunadeck, and under russh also the simulators); CPU of the SSH servers (sshd: the
/// listeners and their reaped sessions; russh: this process, which runs them).
struct Cost {
    wall: f64,
    reaped_cpu: f64,
    server_cpu: f64,
}

fn sim_args(name: &str, state: &Path) -> Vec<String> {
    vec![
        "--appliance".into(),
        name.into(),
        "--state".into(),
        state.display().to_string(),
    ]
}

/// The generated fleet, each appliance in a state file of its own (with the client host): real
/// appliances share nothing, so their simulators must not queue on one locked file either.
fn generated(n: usize, dir: &Path) -> (Fleet, Vec<PathBuf>) {
    let fleet = Fleet::generate(n, LATENCY_MS);
    let mut states = Vec::new();
    for a in &fleet.appliances {
        let own = Fleet {
            appliances: vec![a.clone()],
            ..fleet.clone()
        };
        let state = dir.join(format!("{}.json", a.name));
        FleetStore::new(&state).save(&own).unwrap();
        states.push(state);
    }
    (fleet, states)
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
    let (fleet, states) = generated(n, dir);
    let client = host_key([21; 32]);
    let key = dir.join("client_key");
    std::fs::write(&key, client.to_openssh(LineEnding::LF).unwrap().as_bytes()).unwrap();
    std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o600)).unwrap();
    let seed = [22; 32];
    let mut servers: Vec<Box<dyn Any>> = Vec::new();
    let mut ports = Vec::new();
    for (a, state) in fleet.appliances.iter().zip(&states) {
        let s = TestServer::start(
            ServerConfig {
                user: "admin".into(),
                password: "unused-password".into(),
                authorized_key: Some(client.public_key().clone()),
                program: env!("CARGO_BIN_EXE_lunash-sim").into(),
                args: sim_args(&a.name, state),
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
        server_pids: Vec::new(),
        _servers: servers,
    }
}

/// Debian's sshd, 16 appliances per process (`Match LocalPort` → `ForceCommand lunash-sim`).
fn sshd_fleet(n: usize, dir: &Path) -> Appliances {
    let (fleet, states) = generated(n, dir);
    let sim = env!("CARGO_BIN_EXE_lunash-sim");
    let mut servers: Vec<Box<dyn Any>> = Vec::new();
    let (mut ports, mut pins, mut server_pids) = (Vec::new(), Vec::new(), Vec::new());
    let mut login = None;
    let appliances: Vec<_> = fleet.appliances.iter().zip(&states).collect();
    for chunk in appliances.chunks(16) {
        let commands: Vec<String> = chunk
            .iter()
            .map(|(a, state)| format!("{sim} {}", sim_args(&a.name, state).join(" ")))
            .collect();
        let sshd = support::sshd::start_ports(&commands)
            .unwrap_or_else(|e| panic!("LUNADECK_BENCH_SSHD=1 but {e}"));
        ports.extend(sshd.ports.iter().copied());
        pins.push(support::sshd::host_key_fingerprint(&sshd.host_key_pub).unwrap());
        login.get_or_insert((sshd.user.clone(), sshd.client_key.clone()));
        server_pids.push(sshd.pid());
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
        server_pids,
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
fn authorize_and_discover(fleet: &Appliances, home: &Path) -> Cost {
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
    // sshd: each listener with its reaped sessions; russh: this process runs the servers.
    let servers = |pids: &[u32]| -> f64 {
        if pids.is_empty() {
            return cpu_secs("self").0;
        }
        pids.iter()
            .map(|p| {
                let (own, reaped) = cpu_secs(&p.to_string());
                own + reaped
            })
            .sum()
    };
    let (servers_before, reaped_before) = (servers(&fleet.server_pids), cpu_secs("self").1);
    let started = Instant::now();
    let out = lunadeck(home, &args, &stdin);
    let wall = started.elapsed().as_secs_f64();
    // The sessions lunadeck closed end on the servers a moment later.
    std::thread::sleep(std::time::Duration::from_millis(500));
    let cost = Cost {
        wall,
        reaped_cpu: cpu_secs("self").1 - reaped_before,
        server_cpu: servers(&fleet.server_pids) - servers_before,
    };
    ok(&out, "--authorize … discover run");
    cost
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
    // The width the release binary runs with: the embedded assets/config.toml (no user file).
    let width = lunadeck::config::Settings::from_sources(None)
        .map(|s| s.engine.width)
        .unwrap_or_default();
    println!(
        "| {server}, {LATENCY_MS} ms/command, pool_width {width} | appliances | lunadeck `--authorize` × password ones + `discover run` (s) | CPU reaped: lunadeck{} (s) | CPU of the SSH servers (s) | sequential `ssh host 'partition list'` (s) |",
        if sshd { "" } else { " + simulators" }
    );
    println!("|---|---|---|---|---|---|");
    for (n, c, a) in &rows {
        println!(
            "| | {n} | {:.2} | {:.2} | {:.2} | {a:.2} |",
            c.wall, c.reaped_cpu, c.server_cpu
        );
    }
    let (one, hundred, admin) = (rows[0].1.wall, rows[1].1.wall, rows[1].2);
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
