//! The simulated appliance over real SSH, end to end: lunash-sim behind the in-process russh
//! server, or behind Debian's OpenSSH sshd (ForceCommand) when LUNADECK_E2E_SSHD=1 (X-1, DEV-1);
//! `versions_e2e` drives the `lunadeck` binary against the 5.3, 6.2.2 and 7.8.5 appliances.
//! With the variable set, an sshd that cannot start fails the suite; it never skips.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;
// Issue 8's interop suite over the 5.3, 6.2.2 and 7.8.5 captures (fixtures/fleets/versions.toml):
// the `lunadeck` binary against one server per appliance.
#[path = "support/versions_e2e.rs"]
mod versions_e2e;
#[path = "support/versions_rig.rs"]
mod versions_rig;

use lunadeck::luna::parse::{LunaErrorKind, parse_hsm_show, parse_outcome, parse_partition_list};
use lunadeck::luna::shell::{Ask, Shell};
use lunadeck::luna::ssh::{
    HostKeyQuestion, SshCredentials, SshMode, SshShell, SshTarget, TrustDecision,
};
use russh::keys::ssh_key::LineEnding;
use secrecy::SecretString;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;
use support::ssh_server::{ServerConfig, TestServer, host_key};

const T: Duration = Duration::from_secs(15);
const SO: &str = "alpha-so-pass";

enum Backend {
    Russh(TestServer),
    Sshd(support::sshd::Sshd),
}

struct Fixture {
    backend: Backend,
    dir: tempfile::TempDir,
    key: PathBuf,
}

fn use_sshd() -> bool {
    std::env::var("LUNADECK_E2E_SSHD").is_ok_and(|v| v == "1")
}

fn fleet_file() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/fleets/small.toml")
}

fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("fleet.json");
    let sim = env!("CARGO_BIN_EXE_lunash-sim");
    if use_sshd() {
        let force = format!(
            "{sim} --appliance alpha --state {} --fleet {}",
            state.display(),
            fleet_file().display()
        );
        let sshd =
            support::sshd::start(&force).unwrap_or_else(|e| panic!("LUNADECK_E2E_SSHD=1 but {e}"));
        let key = sshd.client_key.clone();
        return Fixture {
            backend: Backend::Sshd(sshd),
            dir,
            key,
        };
    }
    let client = host_key([3; 32]);
    let key = dir.path().join("client_key");
    std::fs::write(&key, client.to_openssh(LineEnding::LF).unwrap().as_bytes()).unwrap();
    let server = TestServer::start(
        ServerConfig {
            user: "admin".into(),
            password: "ssh-pass-123".into(),
            authorized_key: Some(client.public_key().clone()),
            program: PathBuf::from(sim),
            args: vec![
                "--appliance".into(),
                "alpha".into(),
                "--state".into(),
                state.display().to_string(),
                "--fleet".into(),
                fleet_file().display().to_string(),
            ],
            env: vec![],
        },
        [5; 32],
    );
    Fixture {
        backend: Backend::Russh(server),
        dir,
        key,
    }
}

impl Fixture {
    fn target(&self, mode: SshMode) -> SshTarget {
        let (port, user, credentials) = match &self.backend {
            Backend::Russh(s) => (
                s.port,
                "admin".to_string(),
                SshCredentials::Password(SecretString::from("ssh-pass-123")),
            ),
            Backend::Sshd(s) => (
                s.port,
                s.user.clone(),
                SshCredentials::Key {
                    path: s.client_key.clone(),
                    passphrase: None,
                },
            ),
        };
        let mut t = SshTarget::new(
            "alpha",
            "127.0.0.1",
            port,
            user,
            credentials,
            self.dir.path().join("known_hosts"),
            Arc::new(|_: &HostKeyQuestion| TrustDecision::Trust),
        );
        t.mode = mode;
        t
    }

    fn shell(&self, mode: SshMode) -> SshShell {
        SshShell::start(self.target(mode)).unwrap()
    }
}

#[test]
fn dev_1_hsm_show_over_ssh_parses_into_facts() {
    let f = fixture();
    for mode in [SshMode::Interactive, SshMode::Exec] {
        let mut shell = f.shell(mode);
        let reply = shell.run("hsm show", &Ask::new(T)).unwrap();
        let show =
            parse_hsm_show(&reply.output).unwrap_or_else(|e| panic!("{e}\n{}", reply.output));
        assert_eq!(show.serial.as_str(), "1600001", "{mode:?}");
        assert_eq!(show.facts.licences.map(|l| l.allowed), Some(3));
    }
}

#[test]
fn dev_2_so_login_answered_from_secrets_and_never_retried() {
    let f = fixture();
    let mut shell = f.shell(SshMode::Interactive);
    let wrong = shell
        .run(
            "hsm login",
            &Ask::new(T).with_secrets(&[SecretString::from("not-the-so-pw")]),
        )
        .unwrap();
    let outcome = parse_outcome(&wrong.output).unwrap();
    assert_eq!(
        outcome.kind(),
        Some(LunaErrorKind::PinIncorrect),
        "{}",
        wrong.output
    );
    let ok = shell
        .run(
            "hsm login",
            &Ask::new(T).with_secrets(&[SecretString::from(SO)]),
        )
        .unwrap();
    assert!(parse_outcome(&ok.output).unwrap().ok, "{}", ok.output);
    assert!(!wrong.output.contains("not-the-so-pw") && !ok.output.contains(SO));
    if let Backend::Russh(s) = &f.backend {
        let logins = s.received().iter().filter(|l| *l == "hsm login").count();
        assert_eq!(logins, 2, "exactly the two logins asked for");
        assert!(s.received().iter().all(|l| !l.contains("hsm login ")));
    }
}

#[test]
fn x_1_state_is_shared_between_separate_ssh_sessions() {
    let f = fixture();
    let mut admin = f.shell(SshMode::Interactive);
    admin
        .run(
            "hsm login",
            &Ask::new(T).with_secrets(&[SecretString::from(SO)]),
        )
        .unwrap();
    let created = admin
        .run(
            "partition create -partition e2e_part -size 20000 -force",
            &Ask::new(T),
        )
        .unwrap();
    assert!(
        parse_outcome(&created.output).unwrap().ok,
        "{}",
        created.output
    );
    let mut other = f.shell(SshMode::Exec);
    let listed = other.run("partition list", &Ask::new(T)).unwrap();
    let rows = parse_partition_list(&listed.output).unwrap();
    assert!(
        rows.iter().any(|r| r.name == "e2e_part"),
        "{}",
        listed.output
    );
    let deleted = admin
        .run("partition delete -partition e2e_part -force", &Ask::new(T))
        .unwrap();
    assert!(
        parse_outcome(&deleted.output).unwrap().ok,
        "{}",
        deleted.output
    );
    let listed = other.run("partition list", &Ask::new(T)).unwrap();
    let rows = parse_partition_list(&listed.output).unwrap();
    assert!(
        rows.iter().all(|r| r.name != "e2e_part"),
        "{}",
        listed.output
    );
}

#[test]
fn dev_1_public_key_login() {
    let f = fixture();
    let mut t = f.target(SshMode::Exec);
    t.credentials = SshCredentials::Key {
        path: f.key.clone(),
        passphrase: None,
    };
    let mut shell = SshShell::start(t).unwrap();
    let reply = shell.run("partition list", &Ask::new(T)).unwrap();
    assert!(
        parse_partition_list(&reply.output)
            .unwrap()
            .iter()
            .any(|r| r.name == "p1")
    );
}
