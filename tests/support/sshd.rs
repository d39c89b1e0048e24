//! Debian's OpenSSH `sshd` on a loopback port for the interop suite: a throwaway host key and
//! client key made with `ssh-keygen`, public-key login only, `ForceCommand` → `lunash-sim`.

use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub struct Sshd {
    child: Child,
    pub port: u16,
    pub user: String,
    pub client_key: PathBuf,
    pub dir: tempfile::TempDir,
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
    let port = free_port()?;
    let config = dir.path().join("sshd_config");
    std::fs::write(
        &config,
        format!(
            "Port {port}\nListenAddress 127.0.0.1\nHostKey {hk}\nPidFile {pid}\n\
             AuthorizedKeysFile {ak}\nStrictModes no\nUsePAM no\nPasswordAuthentication no\n\
             KbdInteractiveAuthentication no\nPubkeyAuthentication yes\nPermitRootLogin yes\n\
             ForceCommand {force_command}\nLogLevel ERROR\n",
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
        user: current_user()?,
        client_key,
        dir,
    };
    let deadline = Instant::now() + Duration::from_secs(10);
    while Instant::now() < deadline {
        if TcpStream::connect(("127.0.0.1", port)).is_ok() {
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
