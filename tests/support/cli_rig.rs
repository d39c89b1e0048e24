//! A scripted `lunadeck` over real SSH: simulated appliances (`lunash-sim --appliance`) and the
//! client host (`lunash-sim --client`) behind in-process russh servers, one shared state file.

use super::ssh_server::{ServerConfig, TestServer, host_key};
use russh::keys::ssh_key::{HashAlg, LineEnding};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Output;

pub const ADMIN_PW: &str = "root-pass-XYZ-1";
pub const SSH_PW: &str = "ssh-pass-123";
pub const HOST_SEED: [u8; 32] = [7; 32];

pub struct CliRig {
    pub dir: tempfile::TempDir,
    pub servers: Vec<(String, TestServer)>,
    pub client_key: PathBuf,
    /// Every stdout and stderr the session printed (searched for secrets at the end).
    pub printed: std::cell::RefCell<String>,
}

fn server(dir: &Path, fleet: &Path, role: &[&str], client: &russh::keys::PrivateKey) -> TestServer {
    let mut args: Vec<String> = role.iter().map(|s| s.to_string()).collect();
    args.extend([
        "--state".into(),
        dir.join("fleet.json").display().to_string(),
        "--fleet".into(),
        fleet.display().to_string(),
    ]);
    TestServer::start(
        ServerConfig {
            user: "admin".into(),
            password: SSH_PW.into(),
            authorized_key: Some(client.public_key().clone()),
            program: PathBuf::from(env!("CARGO_BIN_EXE_lunash-sim")),
            args,
            env: vec![],
        },
        HOST_SEED,
    )
}

pub fn fingerprint(seed: [u8; 32]) -> String {
    host_key(seed)
        .public_key()
        .fingerprint(HashAlg::Sha256)
        .to_string()
}

pub fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

impl CliRig {
    /// One server per appliance of `fleet` (a file under fixtures/fleets/), and one for the
    /// client host when `client_host` (named "client-host").
    pub fn start(fleet: &str, appliances: &[&str], client_host: bool) -> CliRig {
        let dir = tempfile::tempdir().unwrap();
        let client = host_key([3; 32]);
        let client_key = dir.path().join("client_key");
        std::fs::write(
            &client_key,
            client.to_openssh(LineEnding::LF).unwrap().as_bytes(),
        )
        .unwrap();
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&client_key, std::fs::Permissions::from_mode(0o600)).unwrap();
        let fleet = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fixtures/fleets")
            .join(fleet);
        let mut servers = Vec::new();
        for name in appliances {
            let s = server(dir.path(), &fleet, &["--appliance", name], &client);
            servers.push((name.to_string(), s));
        }
        if client_host {
            let s = server(dir.path(), &fleet, &["--client"], &client);
            servers.push(("client-host".to_string(), s));
        }
        CliRig {
            dir,
            servers,
            client_key,
            printed: std::cell::RefCell::new(String::new()),
        }
    }

    pub fn server(&self, name: &str) -> &TestServer {
        &self.servers.iter().find(|(n, _)| n == name).unwrap().1
    }

    pub fn port(&self, name: &str) -> String {
        self.server(name).port.to_string()
    }

    pub fn key_arg(&self) -> String {
        self.client_key.display().to_string()
    }

    pub fn deck(&self) -> PathBuf {
        self.dir.path().join("deck")
    }

    /// `--client-host admin@127.0.0.1:PORT --client-host-key KEY` for the client host server.
    pub fn client_host_args(&self) -> Vec<String> {
        vec![
            "--client-host".into(),
            format!("admin@127.0.0.1:{}", self.port("client-host")),
            "--client-host-key".into(),
            self.key_arg(),
        ]
    }

    /// `lunadeck --data-dir DECK ARGS` with `stdin` piped in, LUNADECK_PASSWORD_STDIN=1 and trace logs;
    /// `login` adds `--user root` and the Admin password as the first stdin line.
    pub fn run(&self, args: &[&str], stdin: &str, login: bool) -> Output {
        let password = login.then_some(ADMIN_PW);
        super::deck::run(
            self.dir.path(),
            &self.deck(),
            args,
            stdin,
            password,
            &self.printed,
        )
    }

    /// `account init` of the Admin `root` (ADMIN_PW), which must succeed.
    pub fn init_admin(&self) {
        let init = self.run(
            &["--user", "root", "account", "init", "--password-stdin"],
            &format!("{ADMIN_PW}\n{ADMIN_PW}\n"),
            false,
        );
        assert_eq!(init.status.code(), Some(0), "{}", text(&init.stderr));
    }

    /// `device add` of each appliance `names` at its server, key login, host key pinned to
    /// `HOST_SEED`'s; each must succeed.
    pub fn add_pinned_devices(&self, names: &[&str]) {
        let (key, fp) = (self.key_arg(), fingerprint(HOST_SEED));
        for name in names {
            let port = self.port(name);
            let args = [
                "device",
                "add",
                name,
                "--host",
                "127.0.0.1",
                "--port",
                &port,
                "--ssh-key",
                &key,
                "--host-key",
                &fp,
            ];
            let added = self.ok(&args, "");
            assert_eq!(added["ok"], true, "{added}");
        }
    }

    /// A logged-in --json step that must succeed; returns its document.
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
        serde_json::from_slice(&out.stdout).unwrap()
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
