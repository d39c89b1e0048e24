//! SSH transport mechanics against a real SSH server on 127.0.0.1 (russh, in-process): host key
//! first use and mismatch, wrong password, hang, dropped link, big output, key login (X-1, DEV-1).
//! The device behind the server here is a tiny shell script; the simulator suites use lunash-sim.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use lunadeck::luna::shell::{Ask, Shell, ShellError};
use lunadeck::luna::ssh::{
    HostKeyQuestion, SshCredentials, SshMode, SshShell, SshTarget, TrustDecision, reject_unknown,
};
use secrecy::SecretString;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};
use support::ssh_server::{ServerConfig, TestServer};

const FAKE_DEVICE: &str = r#"#!/bin/sh
run() {
  case "$1" in
    "hsm login")
      printf "  Please enter the HSM Administrators' password:\n  > "
      read -r pw
      echo "$pw" | sed 's/./*/g'; echo; echo
      if [ "$pw" = "$FAKE_SO" ]; then echo "'hsm login' successful."; echo; echo; echo "Command Result : 0 (Success)";
      else echo "Error:  'hsm login' failed. (A00000 : LUNA_RET_UM_PIN_INCORRECT)"; echo; echo "Command Result : 65535 (Luna Shell execution)"; fi ;;
    "old login")
      printf "Please enter the HSM Administrators' password: "
      read -r pw
      echo "$pw" | sed 's/./*/g'
      if [ "$pw" = "$FAKE_SO" ]; then echo "'hsm login' successful."; echo; echo "Command Result : 0 (Success)";
      else echo "Error:  'hsm login' failed. (A00000 : LUNA_RET_UM_PIN_INCORRECT)"; echo; echo "Command Result : 65535 (Luna Shell execution)"; fi ;;
    "ask")
      printf "\nType 'proceed' to create the initialized partition, or 'quit' to quit now.\n\t> "
      read -r answer
      echo "$answer"; echo "Command Aborted."; echo; echo "Command Result : 65535 (Luna Shell execution)" ;;
    "stall")
      printf "Select the PED to use\n> "
      read -r answer
      echo "got $answer"; echo "Command Result : 0 (Success)" ;;
    "busy")
      sleep 2; echo "done at last"; echo; echo "Command Result : 0 (Success)" ;;
    *) echo "ran: $1"; echo; echo "Command Result : 0 (Success)" ;;
  esac
}
if [ -n "$SSH_ORIGINAL_COMMAND" ]; then
  echo "Luna Network HSM Command Line Shell v7.8.5-20. Copyright (c) 2026 Thales Group. All rights reserved."
  run "$SSH_ORIGINAL_COMMAND"; exit 0
fi
printf '[fake.example.com] lunash:>'
while IFS= read -r line; do
  [ "$line" = "exit" ] && exit 0
  run "$line"
  printf '[fake.example.com] lunash:>'
done
"#;

const SEED_A: [u8; 32] = [7; 32];
const SEED_B: [u8; 32] = [9; 32];

struct Fixture {
    server: TestServer,
    dir: tempfile::TempDir,
}

fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("fake-device.sh");
    std::fs::write(&script, FAKE_DEVICE).unwrap();
    let server = TestServer::start(
        ServerConfig {
            user: "admin".into(),
            password: "ssh-pass-123".into(),
            authorized_key: None,
            program: PathBuf::from("/bin/sh"),
            args: vec![script.display().to_string()],
            env: vec![("FAKE_SO".into(), "so-secret-77".into())],
        },
        SEED_A,
    );
    Fixture { server, dir }
}

fn trust_all() -> lunadeck::luna::ssh::HostKeyDecider {
    Arc::new(|_: &HostKeyQuestion| TrustDecision::Trust)
}

fn target(f: &Fixture, password: &str, decider: lunadeck::luna::ssh::HostKeyDecider) -> SshTarget {
    let mut t = SshTarget::new(
        "hsm-fake",
        "127.0.0.1",
        f.server.port,
        "admin",
        SshCredentials::Password(SecretString::from(password)),
        known_hosts(f.dir.path()),
        decider,
    );
    t.connect_timeout = Duration::from_secs(5);
    t
}

fn known_hosts(dir: &Path) -> PathBuf {
    dir.join("known_hosts")
}

const T: Duration = Duration::from_secs(10);

#[test]
fn dev_1_first_use_asks_once_then_recorded_key_matches() {
    let f = fixture();
    let asked = Arc::new(AtomicUsize::new(0));
    let seen = asked.clone();
    let decider: lunadeck::luna::ssh::HostKeyDecider = Arc::new(move |q: &HostKeyQuestion| {
        seen.fetch_add(1, Ordering::SeqCst);
        assert_eq!(q.algorithm, "ssh-ed25519");
        assert!(q.fingerprint.starts_with("SHA256:"), "{}", q.fingerprint);
        TrustDecision::Trust
    });
    let mut shell = SshShell::start(target(&f, "ssh-pass-123", decider.clone())).unwrap();
    let reply = shell.run("partition list", &Ask::new(T)).unwrap();
    assert!(
        reply.output.contains("ran: partition list"),
        "{}",
        reply.output
    );
    assert!(!reply.output.contains("lunash:>"), "{}", reply.output);
    drop(shell);
    let mut again = SshShell::start(target(&f, "ssh-pass-123", decider)).unwrap();
    again.run("hsm show", &Ask::new(T)).unwrap();
    assert_eq!(asked.load(Ordering::SeqCst), 1, "asked only on first use");
    let text = std::fs::read_to_string(known_hosts(f.dir.path())).unwrap();
    assert!(text.contains("ssh-ed25519"), "{text}");
}

#[test]
fn dev_1_rejected_unknown_key_sends_nothing() {
    let f = fixture();
    let mut shell = SshShell::start(target(&f, "ssh-pass-123", reject_unknown())).unwrap();
    let err = shell.run("partition list", &Ask::new(T)).unwrap_err();
    assert!(matches!(err, ShellError::HostKeyUntrusted { .. }), "{err}");
    assert!(err.to_string().contains("nothing was sent"), "{err}");
    assert_eq!(f.server.shared.auth_attempts.load(Ordering::SeqCst), 0);
    assert!(f.server.received().is_empty());
}

#[test]
fn dev_1_host_key_mismatch_is_a_hard_stop_with_nothing_sent() {
    let f = fixture();
    let mut shell = SshShell::start(target(&f, "ssh-pass-123", trust_all())).unwrap();
    shell.run("hsm show", &Ask::new(T)).unwrap();
    drop(shell);
    let before_auth = f.server.shared.auth_attempts.load(Ordering::SeqCst);
    let before_cmds = f.server.received().len();
    f.server.rekey(SEED_B);
    let mut shell = SshShell::start(target(&f, "ssh-pass-123", trust_all())).unwrap();
    let err = shell
        .run("partition delete -partition p1 -force", &Ask::new(T))
        .unwrap_err();
    assert!(matches!(err, ShellError::HostKeyMismatch { .. }), "{err}");
    assert_eq!(
        f.server.shared.auth_attempts.load(Ordering::SeqCst),
        before_auth
    );
    assert_eq!(f.server.received().len(), before_cmds);
}

#[test]
fn x_1_wrong_ssh_password_is_reported_as_auth_failure() {
    let f = fixture();
    let mut shell = SshShell::start(target(&f, "wrong-password", trust_all())).unwrap();
    let err = shell.run("hsm show", &Ask::new(T)).unwrap_err();
    assert!(matches!(err, ShellError::AuthFailed { .. }), "{err}");
    assert!(err.to_string().contains("hsm-fake"), "{err}");
    assert!(f.server.received().is_empty());
}

#[test]
fn x_1_secret_prompt_answered_from_secrets_never_in_command() {
    let f = fixture();
    let mut shell = SshShell::start(target(&f, "ssh-pass-123", trust_all())).unwrap();
    let so = SecretString::from("so-secret-77");
    let reply = shell
        .run("hsm login", &Ask::new(T).with_secrets(&[so]))
        .unwrap();
    assert!(
        reply.output.contains("'hsm login' successful."),
        "{}",
        reply.output
    );
    assert!(!reply.output.contains("so-secret-77"));
    assert!(
        !reply.output.contains('*'),
        "the echo line is cut: {}",
        reply.output
    );
    let err = shell.run("hsm login", &Ask::new(T)).unwrap_err();
    assert!(matches!(err, ShellError::MissingSecret { .. }), "{err}");
    // Nothing was typed at the unanswered question: no empty line (a failed SO login).
    let received = f.server.received();
    assert_eq!(
        received.iter().filter(|l| l.is_empty()).count(),
        0,
        "{received:?}"
    );
    // The session is still usable after the refused prompt.
    assert!(
        shell
            .run("hsm show", &Ask::new(T))
            .unwrap()
            .output
            .contains("ran: hsm show")
    );
}

#[test]
fn x_1_stray_question_is_answered_quit_and_reported() {
    let f = fixture();
    let mut shell = SshShell::start(target(&f, "ssh-pass-123", trust_all())).unwrap();
    let err = shell.run("ask", &Ask::new(T)).unwrap_err();
    assert!(
        matches!(err, ShellError::UnexpectedQuestion { .. }),
        "{err}"
    );
    assert!(f.server.received().iter().any(|l| l == "quit"));
}

#[test]
fn x_1_hanging_device_times_out_and_session_is_usable_afterwards() {
    let f = fixture();
    let mut shell = SshShell::start(target(&f, "ssh-pass-123", trust_all())).unwrap();
    shell.run("hsm show", &Ask::new(T)).unwrap();
    f.server.set_hang_on(Some("partition list"));
    let started = Instant::now();
    let err = shell
        .run("partition list", &Ask::new(Duration::from_millis(800)))
        .unwrap_err();
    assert!(matches!(err, ShellError::Timeout { .. }), "{err}");
    assert!(
        started.elapsed() < Duration::from_secs(4),
        "{:?}",
        started.elapsed()
    );
    f.server.set_hang_on(None);
    let reply = shell.run("hsm show", &Ask::new(T)).unwrap();
    assert!(reply.output.contains("ran: hsm show"), "{}", reply.output);
}

#[test]
fn x_1_dropped_link_is_reported_then_reconnected() {
    let f = fixture();
    let mut shell = SshShell::start(target(&f, "ssh-pass-123", trust_all())).unwrap();
    shell.run("hsm show", &Ask::new(T)).unwrap();
    f.server.set_drop_on(Some("partition list"));
    let err = shell.run("partition list", &Ask::new(T)).unwrap_err();
    assert!(matches!(err, ShellError::Dropped { .. }), "{err}");
    f.server.set_drop_on(None);
    let reply = shell.run("partition list", &Ask::new(T)).unwrap();
    assert!(
        reply.output.contains("ran: partition list"),
        "{}",
        reply.output
    );
}

#[test]
fn x_1_four_mib_on_stdout_and_stderr_at_once_does_not_deadlock() {
    let f = fixture();
    let mut t = target(&f, "ssh-pass-123", trust_all());
    t.mode = SshMode::Exec;
    let mut shell = SshShell::start(t).unwrap();
    let n = 4 * 1024 * 1024;
    let reply = shell
        .run(&format!("flood {n}"), &Ask::new(Duration::from_secs(60)))
        .unwrap();
    let xs = reply.output.bytes().filter(|&b| b == b'x').count();
    let zs = reply.output.bytes().filter(|&b| b == b'z').count();
    assert_eq!((xs, zs), (n, n));
}

#[test]
fn x_1_exec_mode_runs_one_command_per_channel() {
    let f = fixture();
    let mut t = target(&f, "ssh-pass-123", trust_all());
    t.mode = SshMode::Exec;
    let mut shell = SshShell::start(t).unwrap();
    for cmd in ["hsm show", "partition list"] {
        let reply = shell.run(cmd, &Ask::new(T)).unwrap();
        assert!(
            reply.output.contains(&format!("ran: {cmd}")),
            "{}",
            reply.output
        );
        assert!(reply.output.contains("Command Result : 0 (Success)"));
    }
    assert_eq!(f.server.shared.channel_opens.load(Ordering::SeqCst), 2);
}

#[test]
fn x_1_the_one_line_layout_is_still_understood() {
    let f = fixture();
    let mut shell = SshShell::start(target(&f, "ssh-pass-123", trust_all())).unwrap();
    let so = SecretString::from("so-secret-77");
    let reply = shell
        .run("old login", &Ask::new(T).with_secrets(&[so]))
        .unwrap();
    assert!(
        reply.output.contains("'hsm login' successful."),
        "{}",
        reply.output
    );
    assert!(
        reply
            .output
            .starts_with("Please enter the HSM Administrators' password: \n"),
        "{}",
        reply.output
    );
}

#[test]
fn x_1_a_question_nobody_understands_stops_after_the_quiet_period_with_nothing_typed() {
    let f = fixture();
    let mut shell = SshShell::start(target(&f, "ssh-pass-123", trust_all())).unwrap();
    let so = [SecretString::from("so-secret-77")];
    let ask = Ask {
        stall: Duration::from_millis(700),
        ..Ask::new(Duration::from_secs(30))
    };
    let started = Instant::now();
    let err = shell.run("stall", &ask.with_secrets(&so)).unwrap_err();
    assert_eq!(
        err.to_string(),
        "hsm-fake is waiting for input lunadeck does not understand: «Select the PED to use / >»; nothing was answered"
    );
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
    assert!(!f.server.received().iter().any(|l| l.contains("so-secret")));
    // A device that is only busy prints no pending line and keeps the command's timeout.
    let reply = shell.run("busy", &ask).unwrap();
    assert!(reply.output.contains("done at last"), "{}", reply.output);
}

#[test]
fn x_1_cancel_stops_a_command_in_flight_within_two_seconds() {
    let f = fixture();
    let mut shell = SshShell::start(target(&f, "ssh-pass-123", trust_all())).unwrap();
    shell.run("hsm show", &Ask::new(T)).unwrap();
    f.server.set_hang_on(Some("partition list"));
    let cancel = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let flag = cancel.clone();
    let setter = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(300));
        flag.store(true, Ordering::SeqCst);
    });
    let started = Instant::now();
    let ask = Ask {
        cancel: cancel.as_ref(),
        ..Ask::new(Duration::from_secs(60))
    };
    let err = shell.run("partition list", &ask).unwrap_err();
    let took = started.elapsed();
    setter.join().unwrap();
    assert!(matches!(err, ShellError::Cancelled { .. }), "{err}");
    assert!(took < Duration::from_secs(2), "{took:?}");
    f.server.set_hang_on(None);
    let reply = shell.run("hsm show", &Ask::new(T)).unwrap();
    assert!(reply.output.contains("ran: hsm show"), "{}", reply.output);
}
