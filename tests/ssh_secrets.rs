//! X-4 over real SSH: a whole session (SO login, partition create/init with secret prompts, a
//! wrong login) leaves no secret in transcripts, TRACE logs or the command lines the server saw.
//! The only test binary that installs a global tracing subscriber.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use lunadeck::logging::file_subscriber;
use lunadeck::luna::parse::{LunaErrorKind, parse_outcome};
use lunadeck::luna::recorder::RecordingShell;
use lunadeck::luna::shell::{Ask, Shell};
use lunadeck::luna::ssh::{SshCredentials, SshMode, SshShell, SshTarget, TrustDecision};
use lunadeck::luna::transcript::Transcript;
use secrecy::SecretString;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};
use support::ssh_server::{ServerConfig, TestServer};
use tracing_subscriber::EnvFilter;

const T: Duration = Duration::from_secs(15);
const SSH_PASSWORD: &str = "ssh-Pw-4471x";
const WRONG_SO: &str = "wrong-SO-Zq81";

/// Every secret one scenario hands in; `index` names it in assertion messages.
struct Secrets(Vec<&'static str>);

impl Secrets {
    fn name(&self, line: &str) -> Option<String> {
        self.0
            .iter()
            .position(|s| *s == line)
            .map(|i| format!("<secret {i}>"))
    }

    /// The secrets contained in `text` (by index, never by value).
    fn found_in(&self, text: &str) -> Vec<usize> {
        (0..self.0.len())
            .filter(|&i| text.contains(self.0[i]))
            .collect()
    }
}

fn answers(values: &[&str]) -> Vec<SecretString> {
    values.iter().map(|v| SecretString::from(*v)).collect()
}

/// The process-wide TRACE file logger, installed once; returns its directory.
fn logs_dir() -> &'static Path {
    static LOGS: OnceLock<tempfile::TempDir> = OnceLock::new();
    LOGS.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let (subscriber, guard) = file_subscriber(dir.path(), EnvFilter::new("trace")).unwrap();
        tracing::subscriber::set_global_default(subscriber).unwrap();
        // The writer must outlive every test of this binary.
        std::mem::forget(guard);
        dir
    })
    .path()
}

/// Writes a marker and waits until the background writer has put it in the file: every line
/// logged before it is on disk too. Returns the text of every log file.
fn flushed_logs(marker: &str) -> String {
    tracing::info!(marker, "x4 flush marker");
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let mut all = String::new();
        for entry in std::fs::read_dir(logs_dir()).unwrap() {
            let path = entry.unwrap().path();
            all.push_str(&std::fs::read_to_string(&path).unwrap());
        }
        if all.contains(marker) {
            return all;
        }
        assert!(Instant::now() < deadline, "the log never got {marker}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

struct Appliance {
    server: TestServer,
    name: &'static str,
}

/// lunash-sim serving `name` from the small fleet behind the russh server (password login).
fn appliance(name: &'static str, dir: &Path) -> Appliance {
    let fleet = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/fleets/small.toml");
    let server = TestServer::start(
        ServerConfig {
            user: "admin".into(),
            password: SSH_PASSWORD.into(),
            authorized_key: None,
            program: PathBuf::from(env!("CARGO_BIN_EXE_lunash-sim")),
            args: vec![
                "--appliance".into(),
                name.into(),
                "--state".into(),
                dir.join("fleet.json").display().to_string(),
                "--fleet".into(),
                fleet.display().to_string(),
            ],
            env: vec![],
        },
        [7; 32],
    );
    Appliance { server, name }
}

impl Appliance {
    fn shell(&self, mode: SshMode, transcript: &Path) -> RecordingShell<SshShell> {
        let mut t = SshTarget::new(
            self.name,
            "127.0.0.1",
            self.server.port,
            "admin",
            SshCredentials::Password(SecretString::from(SSH_PASSWORD)),
            transcript.with_file_name("known_hosts"),
            Arc::new(|_: &_| TrustDecision::Trust),
        );
        t.mode = mode;
        RecordingShell::to_file(SshShell::start(t).unwrap(), transcript).unwrap()
    }
}

fn run_ok(shell: &mut RecordingShell<SshShell>, command: &str, secrets: &[&str]) {
    let reply = shell
        .run(command, &Ask::new(T).with_secrets(&answers(secrets)))
        .unwrap();
    let outcome = parse_outcome(&reply.output).unwrap();
    assert!(outcome.ok, "{command}: {}", reply.output);
}

fn wrong_login(shell: &mut RecordingShell<SshShell>) {
    let reply = shell
        .run(
            "hsm login",
            &Ask::new(T).with_secrets(&answers(&[WRONG_SO])),
        )
        .unwrap();
    let outcome = parse_outcome(&reply.output).unwrap();
    assert_eq!(
        outcome.kind(),
        Some(LunaErrorKind::PinIncorrect),
        "{}",
        reply.output
    );
}

/// Checks transcripts, logs and server-received lines; `expected` is what the server must have
/// received, in order, with secrets written as `<secret i>`.
fn assert_no_secret_anywhere(
    secrets: &Secrets,
    dir: &Path,
    server: &TestServer,
    expected: &[&str],
    marker: &str,
) {
    let transcripts: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
        .collect();
    assert!(!transcripts.is_empty());
    let mut recorded = 0;
    for path in &transcripts {
        let text = std::fs::read_to_string(path).unwrap();
        assert_eq!(
            secrets.found_in(&text),
            Vec::<usize>::new(),
            "{}",
            path.display()
        );
        let t = Transcript::read(path).unwrap();
        assert!(t.entries.iter().all(|e| e.error.is_none()), "{t:?}");
        recorded += t.entries.len();
    }
    let exchanged = expected
        .iter()
        .filter(|l| !l.starts_with("<secret"))
        .count();
    assert_eq!(recorded, exchanged, "every command is in a transcript");

    let logs = flushed_logs(marker);
    assert_eq!(secrets.found_in(&logs), Vec::<usize>::new(), "TRACE logs");
    let logged = logs.lines().filter(|l| l.contains("ssh command")).count();
    assert!(
        logged >= exchanged,
        "the log saw the commands, so its silence means something:\n{logs}"
    );

    // Commands never carry a secret; a secret travels only as a whole line answering a prompt.
    let received: Vec<String> = server
        .received()
        .iter()
        .map(|l| secrets.name(l).unwrap_or_else(|| l.clone()))
        .collect();
    assert_eq!(received, expected);
    for line in &received {
        assert_eq!(secrets.found_in(line), Vec::<usize>::new(), "{line}");
    }
}

/// 7.8 appliance: empty partition created (no prompt), then initialized with the partition SO
/// password and cloning domain typed at prompts; a wrong SO login first.
#[test]
fn x_4_seven_x_session_keeps_secrets_out_of_transcripts_logs_and_commands() {
    logs_dir();
    let dir = tempfile::tempdir().unwrap();
    let alpha = appliance("alpha", dir.path());
    let secrets = Secrets(vec![
        SSH_PASSWORD,
        WRONG_SO,
        "alpha-so-pass",
        "x4-part-Pw-9931",
        "x4-dom-Secret-5120",
    ]);
    let transcript = dir.path().join("alpha.jsonl");
    let mut shell = alpha.shell(SshMode::Interactive, &transcript);
    wrong_login(&mut shell);
    run_ok(&mut shell, "hsm login", &["alpha-so-pass"]);
    run_ok(
        &mut shell,
        "partition create -partition x4_part -size 20000 -force",
        &[],
    );
    let (pw, dom) = ("x4-part-Pw-9931", "x4-dom-Secret-5120");
    run_ok(
        &mut shell,
        "partition init -partition x4_part -label x4_part",
        &[pw, pw, dom, dom],
    );
    assert!(shell.recording_failure().is_none());
    drop(shell);
    assert_no_secret_anywhere(
        &secrets,
        dir.path(),
        &alpha.server,
        &[
            "hsm login",
            "<secret 1>",
            "hsm login",
            "<secret 2>",
            "partition create -partition x4_part -size 20000 -force",
            "partition init -partition x4_part -label x4_part",
            "<secret 3>",
            "<secret 3>",
            "<secret 4>",
            "<secret 4>",
        ],
        "x4-marker-seven",
    );
}

/// 6.2 appliance: a wrong login in exec mode (the exec command carries no secret), then the
/// legacy create that asks the partition password and domain itself.
#[test]
fn x_4_legacy_session_and_exec_login_keep_secrets_out_of_everything() {
    logs_dir();
    let dir = tempfile::tempdir().unwrap();
    let beta = appliance("beta", dir.path());
    let (pw, dom) = ("x4-legacy-Pw-77", "x4-legacy-Dom-31");
    let secrets = Secrets(vec![SSH_PASSWORD, WRONG_SO, "beta-so-pass", pw, dom]);
    let mut exec = beta.shell(SshMode::Exec, &dir.path().join("beta-exec.jsonl"));
    wrong_login(&mut exec);
    drop(exec);
    let mut shell = beta.shell(SshMode::Interactive, &dir.path().join("beta.jsonl"));
    run_ok(&mut shell, "hsm login", &["beta-so-pass"]);
    run_ok(
        &mut shell,
        "partition create -partition x4_legacy -size 20000 -force",
        &[pw, pw, dom, dom],
    );
    let list = shell.run("partition list", &Ask::new(T)).unwrap();
    assert!(list.output.contains("x4_legacy"), "{}", list.output);
    drop(shell);
    assert_no_secret_anywhere(
        &secrets,
        dir.path(),
        &beta.server,
        &[
            "hsm login",
            "<secret 1>",
            "hsm login",
            "<secret 2>",
            "partition create -partition x4_legacy -size 20000 -force",
            "<secret 3>",
            "<secret 3>",
            "<secret 4>",
            "<secret 4>",
            "partition list",
        ],
        "x4-marker-legacy",
    );
}
