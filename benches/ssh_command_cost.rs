//! Benchmark (not a test), X-1: the per-command cost on a warm `SshShell` against a fresh OpenSSH
//! `ssh host '<command>'` process per command, both served by lunash-sim; target ratio <= 1/10.
//!
//! `cargo bench --bench ssh_command_cost` measures against the in-process russh server; with
//! `LUNADECK_BENCH_SSHD=1` it measures against Debian's sshd (`ForceCommand` → lunash-sim) too.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "../tests/support/mod.rs"]
mod support;

use lunadeck::luna::shell::{Ask, Shell};
use lunadeck::luna::ssh::{SshCredentials, SshMode, SshShell, SshTarget, TrustDecision};
use russh::keys::ssh_key::LineEnding;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};
use support::ssh_server::{ServerConfig, TestServer, host_key};

const WARM_RUNS: usize = 200;
const FRESH_RUNS: usize = 30;
const COMMAND: &str = "partition list";
const T: Duration = Duration::from_secs(30);

/// Where to connect and as whom, with the client's private key file.
struct Endpoint {
    label: &'static str,
    port: u16,
    user: String,
    key: PathBuf,
}

struct Stats {
    n: usize,
    mean: f64,
    p50: f64,
    p95: f64,
}

fn stats(mut ms: Vec<f64>) -> Stats {
    ms.sort_by(f64::total_cmp);
    let n = ms.len();
    let rank = |p: f64| ms[((p / 100.0 * n as f64).ceil() as usize).clamp(1, n) - 1];
    Stats {
        n,
        mean: ms.iter().sum::<f64>() / n as f64,
        p50: rank(50.0),
        p95: rank(95.0),
    }
}

fn sim_args(dir: &Path) -> Vec<String> {
    let fleet = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/fleets/small.toml");
    vec![
        "--appliance".into(),
        "alpha".into(),
        "--state".into(),
        dir.join("fleet.json").display().to_string(),
        "--fleet".into(),
        fleet.display().to_string(),
    ]
}

fn check_output(output: &str) {
    assert!(
        output.contains("p1") && output.contains("Command Result : 0"),
        "unexpected reply to '{COMMAND}':\n{output}"
    );
}

/// (a) one warm interactive session, `WARM_RUNS` commands after a warm-up.
fn warm(ep: &Endpoint, dir: &Path) -> Stats {
    let mut target = SshTarget::new(
        "alpha",
        "127.0.0.1",
        ep.port,
        ep.user.clone(),
        SshCredentials::Key {
            path: ep.key.clone(),
            passphrase: None,
        },
        dir.join(format!("known_hosts-{}", ep.label)),
        Arc::new(|_: &_| TrustDecision::Trust),
    );
    target.mode = SshMode::Interactive;
    let mut shell = SshShell::start(target).unwrap();
    for _ in 0..5 {
        check_output(&shell.run(COMMAND, &Ask::new(T)).unwrap().output);
    }
    let mut ms = Vec::with_capacity(WARM_RUNS);
    for _ in 0..WARM_RUNS {
        let started = Instant::now();
        let reply = shell.run(COMMAND, &Ask::new(T)).unwrap();
        ms.push(started.elapsed().as_secs_f64() * 1000.0);
        check_output(&reply.output);
    }
    stats(ms)
}

/// (b) a fresh OpenSSH client process (new TCP connection, handshake, login, channel, and a
/// new lunash-sim on the server) per command.
fn fresh(ep: &Endpoint) -> Stats {
    let mut ms = Vec::with_capacity(FRESH_RUNS);
    for _ in 0..FRESH_RUNS {
        let started = Instant::now();
        let out = Command::new("ssh")
            .arg("-i")
            .arg(&ep.key)
            .args(["-p", &ep.port.to_string()])
            .args(["-o", "StrictHostKeyChecking=no"])
            .args(["-o", "UserKnownHostsFile=/dev/null"])
            .args(["-o", "BatchMode=yes"])
            .args(["-o", "LogLevel=ERROR"])
            .arg(format!("{}@127.0.0.1", ep.user))
            .arg(COMMAND)
            .stdin(Stdio::null())
            .output()
            .expect("the OpenSSH client `ssh` must be installed");
        ms.push(started.elapsed().as_secs_f64() * 1000.0);
        assert!(
            out.status.success(),
            "ssh failed ({}): {}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        );
        check_output(&String::from_utf8_lossy(&out.stdout));
    }
    stats(ms)
}

fn row(server: &str, how: &str, s: &Stats) {
    println!(
        "| {server:<12} | {how:<34} | {:>4} | {:>8.2} | {:>8.2} | {:>8.2} |",
        s.n, s.mean, s.p50, s.p95
    );
}

/// Measures one server; returns whether the ratio meets the target.
fn measure(ep: &Endpoint, dir: &Path) -> bool {
    let w = warm(ep, dir);
    let f = fresh(ep);
    row(ep.label, "warm SshShell (interactive)", &w);
    row(ep.label, "fresh `ssh host 'partition list'`", &f);
    let ratio = w.mean / f.mean;
    let ok = ratio <= 0.1;
    println!(
        "| {:<12} | {:<34} |      | {ratio:>8.3} | {:>8} | {:>8} |",
        ep.label,
        "ratio warm/fresh (target <= 0.10)",
        format!("1/{:.0}", 1.0 / ratio),
        if ok { "met" } else { "MISSED" }
    );
    ok
}

fn russh_endpoint(dir: &Path) -> (TestServer, Endpoint) {
    let client = host_key([3; 32]);
    let key = dir.join("client_key");
    std::fs::write(&key, client.to_openssh(LineEnding::LF).unwrap().as_bytes()).unwrap();
    std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o600)).unwrap();
    let server = TestServer::start(
        ServerConfig {
            user: "admin".into(),
            password: "unused-in-this-bench".into(),
            authorized_key: Some(client.public_key().clone()),
            program: PathBuf::from(env!("CARGO_BIN_EXE_lunash-sim")),
            args: sim_args(dir),
            env: vec![],
        },
        [5; 32],
    );
    let ep = Endpoint {
        label: "russh",
        port: server.port,
        user: "admin".into(),
        key,
    };
    (server, ep)
}

fn main() -> ExitCode {
    let dir = tempfile::tempdir().unwrap();
    println!(
        "{WARM_RUNS} x '{COMMAND}' on a warm session vs {FRESH_RUNS} x a fresh ssh process; ms per command\n"
    );
    println!(
        "| server       | how                                |    n |  mean ms |   p50 ms |   p95 ms |"
    );
    println!(
        "|--------------|------------------------------------|-----:|---------:|---------:|---------:|"
    );
    let (_server, ep) = russh_endpoint(dir.path());
    let mut all_met = measure(&ep, dir.path());
    if std::env::var("LUNADECK_BENCH_SSHD").is_ok_and(|v| v == "1") {
        let sim = env!("CARGO_BIN_EXE_lunash-sim");
        let force = format!("{sim} {}", sim_args(dir.path()).join(" "));
        let sshd = support::sshd::start(&force)
            .unwrap_or_else(|e| panic!("LUNADECK_BENCH_SSHD=1 but {e}"));
        let ep = Endpoint {
            label: "OpenSSH sshd",
            port: sshd.port,
            user: sshd.user.clone(),
            key: sshd.client_key.clone(),
        };
        all_met &= measure(&ep, dir.path());
    }
    if all_met {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}
