//! Three appliances printing the 5.3, 6.2.2 and 7.8.5 captures (`fixtures/fleets/versions.toml`),
//! each behind its own SSH server (ForceCommand serves one appliance per server), one shared
//! simulator state file, and the real `lunadeck` binary driven with --json (X-1, DEV-1, DEV-2).
//! The servers are Debian's OpenSSH sshd when LUNADECK_E2E_SSHD=1 (one that cannot start fails
//! the test), the in-process russh server otherwise.

use crate::support::ssh_server::{ServerConfig, TestServer, host_key};
use crate::support::sshd::{self, Sshd};
use lunadeck::sim::model::Fleet;
use russh::keys::ssh_key::{HashAlg, LineEnding};
use serde_json::Value;
use std::cell::RefCell;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub const ADMIN_PW: &str = "versions-admin-PW-4711";
pub const NAMES: [&str; 3] = ["sa5", "sa6", "sa7"];
const RUSSH_PW: &str = "ssh-pass-versions";

enum Server {
    Russh(TestServer),
    // Kept for its Drop (kills sshd).
    Sshd(#[allow(dead_code)] Sshd),
}

/// One appliance's SSH endpoint and how lunadeck logs in to it.
pub struct Endpoint {
    pub name: &'static str,
    pub port: u16,
    pub user: String,
    pub key: PathBuf,
    /// `SHA256:...` of the server's host key, to pin with --host-key.
    pub fingerprint: String,
    server: Server,
}

pub struct VersionsRig {
    pub dir: tempfile::TempDir,
    pub endpoints: Vec<Endpoint>,
    /// The fixture as loaded (what the appliances hold before any change).
    pub fixture: Fleet,
    /// Every stdout and stderr lunadeck printed (searched for secrets and echoes at the end).
    pub printed: RefCell<String>,
}

pub fn use_sshd() -> bool {
    std::env::var("LUNADECK_E2E_SSHD").is_ok_and(|v| v == "1")
}

pub fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn fleet_file() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/fleets/versions.toml")
}

/// `SHA256:...` of an OpenSSH public key file, as `ssh-keygen -lf` prints it.
fn keygen_fingerprint(public: &Path) -> String {
    let out = Command::new("ssh-keygen")
        .arg("-lf")
        .arg(public)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "ssh-keygen -lf: {}",
        text(&out.stderr)
    );
    let line = text(&out.stdout);
    let fp = line
        .split_whitespace()
        .nth(1)
        .unwrap_or_default()
        .to_string();
    assert!(fp.starts_with("SHA256:"), "ssh-keygen -lf printed {line}");
    fp
}

impl VersionsRig {
    pub fn start() -> VersionsRig {
        let dir = tempfile::tempdir().unwrap();
        let state = dir.path().join("fleet.json");
        let sim = env!("CARGO_BIN_EXE_lunash-sim");
        let fixture = Fleet::from_toml(&std::fs::read_to_string(fleet_file()).unwrap()).unwrap();
        let mut endpoints = Vec::new();
        if use_sshd() {
            for name in NAMES {
                let force = format!(
                    "{sim} --appliance {name} --state {} --fleet {}",
                    state.display(),
                    fleet_file().display()
                );
                let s = sshd::start(&force)
                    .unwrap_or_else(|e| panic!("LUNADECK_E2E_SSHD=1 but sshd for {name}: {e}"));
                endpoints.push(Endpoint {
                    name,
                    port: s.port,
                    user: s.user.clone(),
                    key: s.client_key.clone(),
                    fingerprint: keygen_fingerprint(&s.dir.path().join("host_key.pub")),
                    server: Server::Sshd(s),
                });
            }
        } else {
            let client = host_key([21; 32]);
            let key = dir.path().join("client_key");
            std::fs::write(&key, client.to_openssh(LineEnding::LF).unwrap().as_bytes()).unwrap();
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o600)).unwrap();
            for (i, name) in NAMES.into_iter().enumerate() {
                let seed = [31 + i as u8; 32];
                let server = TestServer::start(
                    ServerConfig {
                        user: "admin".into(),
                        password: RUSSH_PW.into(),
                        authorized_key: Some(client.public_key().clone()),
                        program: PathBuf::from(sim),
                        args: vec![
                            "--appliance".into(),
                            name.into(),
                            "--state".into(),
                            state.display().to_string(),
                            "--fleet".into(),
                            fleet_file().display().to_string(),
                        ],
                        env: vec![],
                    },
                    seed,
                );
                endpoints.push(Endpoint {
                    name,
                    port: server.port,
                    user: "admin".into(),
                    key: key.clone(),
                    fingerprint: host_key(seed)
                        .public_key()
                        .fingerprint(HashAlg::Sha256)
                        .to_string(),
                    server: Server::Russh(server),
                });
            }
        }
        VersionsRig {
            dir,
            endpoints,
            fixture,
            printed: RefCell::new(String::new()),
        }
    }

    pub fn endpoint(&self, name: &str) -> &Endpoint {
        self.endpoints.iter().find(|e| e.name == name).unwrap()
    }

    /// Lines the russh server of `name` received (exec commands and typed lines); None for sshd,
    /// which does not tell.
    pub fn received(&self, name: &str) -> Option<Vec<String>> {
        match &self.endpoint(name).server {
            Server::Russh(s) => Some(s.received()),
            Server::Sshd(_) => None,
        }
    }

    pub fn deck(&self) -> PathBuf {
        self.dir.path().join("deck")
    }

    /// The simulator's shared state (what the appliances hold now).
    pub fn sim_state(&self) -> Fleet {
        let state = std::fs::read(self.dir.path().join("fleet.json")).unwrap();
        serde_json::from_slice(&state).unwrap()
    }

    /// The HSM SO password the fixture gives `name`.
    pub fn so_password(&self, name: &str) -> String {
        self.fixture.appliance(name).unwrap().so_password.clone()
    }

    /// `lunadeck --data-dir DECK ARGS` with `stdin` piped in, LUNADECK_PASSWORD_STDIN=1 and trace
    /// logs; `login` adds `--user root` and the Admin password as the first stdin line.
    pub fn run(&self, args: &[&str], stdin: &str, login: bool) -> Output {
        let password = login.then_some(ADMIN_PW);
        crate::support::deck::run(
            self.dir.path(),
            &self.deck(),
            args,
            stdin,
            password,
            &self.printed,
        )
    }

    /// A logged-in --json step that must exit 0; returns its document.
    pub fn ok(&self, args: &[&str], stdin: &str) -> Value {
        let mut all = vec!["--json"];
        all.extend_from_slice(args);
        let out = self.run(&all, stdin, true);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{args:?}\nstdout: {}\nstderr: {}",
            text(&out.stdout),
            text(&out.stderr)
        );
        serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|e| panic!("{args:?}: {e}\n{}", text(&out.stdout)))
    }

    /// The first Admin (`root`, password typed twice on stdin).
    pub fn init_admin(&self) {
        let init = self.run(
            &["--user", "root", "account", "init", "--password-stdin"],
            &format!("{ADMIN_PW}\n{ADMIN_PW}\n"),
            false,
        );
        assert_eq!(init.status.code(), Some(0), "{}", text(&init.stderr));
    }

    /// `device add NAME` over SSH with the server's client key, its host key pinned.
    pub fn add(&self, name: &str) -> Value {
        let e = self.endpoint(name);
        let port = e.port.to_string();
        let key = e.key.display().to_string();
        self.ok(
            &[
                "--host-key",
                &e.fingerprint,
                "device",
                "add",
                name,
                "--host",
                "127.0.0.1",
                "--port",
                &port,
                "--ssh-user",
                &e.user,
                "--ssh-key",
                &key,
            ],
            "",
        )
    }

    /// The Admin, then the three appliances added.
    pub fn init_and_add_all(&self) {
        self.init_admin();
        for name in NAMES {
            let added = self.add(name);
            assert_eq!(added["ok"], true, "{added}");
        }
    }

    /// `--authorize NAME` for each of `names` then `--so-password-stdin`; the matching stdin lines
    /// are `so_lines(names)`.
    pub fn authorize_flags(names: &[&'static str]) -> Vec<&'static str> {
        let mut flags = Vec::new();
        for n in names {
            flags.extend(["--authorize", *n]);
        }
        flags.push("--so-password-stdin");
        flags
    }

    /// The right SO password of each of `names`, one line each, then `then`.
    pub fn so_lines(&self, names: &[&str], then: &[&str]) -> String {
        let mut s: String = names
            .iter()
            .map(|n| format!("{}\n", self.so_password(n)))
            .collect();
        for line in then {
            s.push_str(line);
            s.push('\n');
        }
        s
    }

    /// none of `secrets` in the data directory (database, known_hosts, trace logs) nor in
    /// anything printed, and no echo (`****`) printed.
    pub fn assert_no_secret_anywhere(&self, secrets: &[&str]) {
        let files = walk(&self.deck());
        let logged: u64 = files
            .iter()
            .filter(|f| f.to_string_lossy().contains("logs"))
            .map(|f| std::fs::metadata(f).unwrap().len())
            .sum();
        assert!(
            logged > 0,
            "trace logs were written and searched: {files:?}"
        );
        let printed = self.printed.borrow();
        assert!(!printed.is_empty(), "the CLI output is searched");
        let mut haystack = printed.clone();
        for f in &files {
            haystack.push_str(&String::from_utf8_lossy(&std::fs::read(f).unwrap()));
        }
        for secret in secrets {
            assert!(
                secret.len() >= 6,
                "a secret too short to search for: {secret}"
            );
            assert!(
                !haystack.contains(secret),
                "{secret} found in the data dir, the logs or the output"
            );
        }
        assert!(
            !printed.contains("****"),
            "an echo of typed characters reached the output:\n{printed}"
        );
    }
}

/// Every file under `dir`.
pub fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            files.extend(walk(&p));
        } else {
            files.push(p);
        }
    }
    files
}
