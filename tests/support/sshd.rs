//! Debian's OpenSSH `sshd` on a loopback port for the interop suite: a throwaway host key and
//! client key made with `ssh-keygen`, public-key login only, `ForceCommand` → `lunash-sim`.

use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub struct Sshd {
    child: Child,
    pub port: u16,
    /// Every port it listens on (`start_ports`), in the order of the commands.
    pub ports: Vec<u16>,
    /// The host key's public half (`ssh-keygen -l` gives its fingerprint).
    pub host_key_pub: PathBuf,
    pub user: String,
    pub client_key: PathBuf,
    pub dir: tempfile::TempDir,
}

impl Sshd {
    /// The listening `sshd`'s process id (its reaped children's CPU is the servers' cost).
    pub fn pid(&self) -> u32 {
        self.child.id()
    }
}

impl Drop for Sshd {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn keygen(path: &Path) -> Result<(), String> {
    let out = Command::new("ssh-keygen")
        .args(["-q", "-t", "ed25519", "-N", "", "-f"])
        .arg(path)
        .output()
        .map_err(|e| format!("ssh-keygen: {e}"))?;
    if out.status.success() {
        Ok(())
    } else {
        Err(format!(
            "ssh-keygen failed: {}",
            String::from_utf8_lossy(&out.stderr)
        ))
    }
}

fn free_port() -> Result<u16, String> {
    let l = std::net::TcpListener::bind("127.0.0.1:0").map_err(|e| e.to_string())?;
    l.local_addr().map(|a| a.port()).map_err(|e| e.to_string())
}

fn current_user() -> Result<String, String> {
    let out = Command::new("id")
        .arg("-un")
        .output()
        .map_err(|e| format!("id -un: {e}"))?;
    Ok(String::from_utf8_lossy(&out.stdout).trim().to_string())
}

/// Starts sshd serving `force_command` for every login. Any failure is an error: the suite that
/// asked for sshd must fail, not skip.
pub fn start(force_command: &str) -> Result<Sshd, String> {
    start_ports(&[force_command.to_string()])
}

/// The SHA-256 fingerprint of the host key, as `ssh-keygen -l -E sha256` prints it.
pub fn host_key_fingerprint(public: &Path) -> Result<String, String> {
    let out = Command::new("ssh-keygen")
        .args(["-l", "-E", "sha256", "-f"])
        .arg(public)
        .output()
        .map_err(|e| format!("ssh-keygen -l: {e}"))?;
    String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .nth(1)
        .map(str::to_string)
        .ok_or_else(|| "ssh-keygen -l printed no fingerprint".into())
}

/// One sshd listening on one port per command (at most 16: sshd's own limit), each port's
/// logins served by its command (`Match LocalPort` → `ForceCommand`). Sessions get `HOME` set
/// to the server's own directory: the login shell that runs the command then reads no rc file
/// of the account (root's `.bashrc` here runs `pyenv init`, 90 ms of CPU per login, which no
/// appliance's LunaSH does).
pub fn start_ports(force_commands: &[String]) -> Result<Sshd, String> {
    if force_commands.is_empty() || force_commands.len() > 16 {
        return Err("sshd serves 1 to 16 ports per process".into());
    }
    let sshd = ["/usr/sbin/sshd", "/usr/bin/sshd"]
        .into_iter()
        .find(|p| Path::new(p).exists())
        .ok_or("sshd is not installed (apt-get install -y openssh-server)")?;
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    let host_key = dir.path().join("host_key");
    let client_key = dir.path().join("client_key");
    keygen(&host_key)?;
    keygen(&client_key)?;
    let public =
        std::fs::read_to_string(client_key.with_extension("pub")).map_err(|e| e.to_string())?;
    let authorized = dir.path().join("authorized_keys");
    std::fs::write(&authorized, public).map_err(|e| e.to_string())?;
    let _ = std::fs::create_dir_all("/run/sshd");
    let mut ports = Vec::new();
    while ports.len() < force_commands.len() {
        let p = free_port()?;
        if !ports.contains(&p) {
            ports.push(p);
        }
    }
    let port = ports[0];
    let listen: String = ports.iter().map(|p| format!("Port {p}\n")).collect();
    let matches: String = ports
        .iter()
        .zip(force_commands)
        .map(|(p, c)| format!("Match LocalPort {p}\n    ForceCommand {c}\n"))
        .collect();
    let config = dir.path().join("sshd_config");
    std::fs::write(
        &config,
        format!(
            "{listen}ListenAddress 127.0.0.1\nHostKey {hk}\nPidFile {pid}\n\
             AuthorizedKeysFile {ak}\nStrictModes no\nUsePAM no\nPasswordAuthentication no\n\
             KbdInteractiveAuthentication no\nPubkeyAuthentication yes\nPermitRootLogin yes\n\
             LogLevel ERROR\nMaxStartups 200\nSetEnv HOME={home}\n{matches}",
            home = dir.path().display(),
            hk = host_key.display(),
            pid = dir.path().join("sshd.pid").display(),
            ak = authorized.display(),
        ),
    )
    .map_err(|e| e.to_string())?;
    let child = Command::new(sshd)
        .args(["-D", "-e", "-f"])
        .arg(&config)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot start {sshd}: {e}"))?;
    let mut server = Sshd {
        child,
        port,
        ports: ports.clone(),
        host_key_pub: host_key.with_extension("pub"),
        user: current_user()?,
        client_key,
        dir,
    };
    let deadline = Instant::now() + Duration::from_secs(10);
    while Instant::now() < deadline {
        if ports
            .iter()
            .all(|p| TcpStream::connect(("127.0.0.1", *p)).is_ok())
        {
            return Ok(server);
        }
        if let Ok(Some(status)) = server.child.try_wait() {
            let mut err = String::new();
            if let Some(mut e) = server.child.stderr.take() {
                use std::io::Read;
                let _ = e.read_to_string(&mut err);
            }
            return Err(format!("sshd exited ({status}): {err}"));
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    Err("sshd did not listen within 10 s".into())
}
