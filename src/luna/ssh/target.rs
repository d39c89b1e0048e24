//! Who to reach and how: an appliance or client host address, SSH user and credentials, the
//! timeouts, and the callback that decides about a host key seen for the first time.

use secrecy::SecretString;
use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

/// How the SSH login is made. Secrets live only in memory and never show in `Debug`.
#[derive(Clone)]
pub enum SshCredentials {
    Password(SecretString),
    Key {
        path: PathBuf,
        passphrase: Option<SecretString>,
    },
}

impl fmt::Debug for SshCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SshCredentials::Password(_) => f.write_str("Password(<redacted>)"),
            SshCredentials::Key { path, .. } => write!(f, "Key({})", path.display()),
        }
    }
}

/// Interactive shell with prompt detection (robust mode) or one `exec` per command.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SshMode {
    Interactive,
    Exec,
}

/// What the user is asked when a host presents a key that is not recorded yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HostKeyQuestion {
    pub target: String,
    /// Address the key was presented at (shown in the trust modal).
    pub host: String,
    pub port: u16,
    pub algorithm: String,
    /// `SHA256:...` as OpenSSH prints it.
    pub fingerprint: String,
}

/// The caller's answer: trust (record the key) or reject (stop, nothing sent).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TrustDecision {
    Trust,
    Reject,
}

/// Decides about unknown host keys (the TUI asks the user, the CLI compares a pinned value).
pub type HostKeyDecider = Arc<dyn Fn(&HostKeyQuestion) -> TrustDecision + Send + Sync>;

/// A decider that trusts only the given `SHA256:...` fingerprint (CLI `--host-key`).
pub fn pinned(fingerprint: impl Into<String>) -> HostKeyDecider {
    let want = fingerprint.into();
    Arc::new(move |q: &HostKeyQuestion| {
        if q.fingerprint == want {
            TrustDecision::Trust
        } else {
            TrustDecision::Reject
        }
    })
}

/// A decider that never trusts an unknown key.
pub fn reject_unknown() -> HostKeyDecider {
    Arc::new(|_: &HostKeyQuestion| TrustDecision::Reject)
}

#[derive(Clone)]
pub struct SshTarget {
    /// Name used in every message (the device's console name).
    pub name: String,
    pub host: String,
    pub port: u16,
    pub user: String,
    pub credentials: SshCredentials,
    pub mode: SshMode,
    /// TCP connect and handshake limit.
    pub connect_timeout: Duration,
    /// Keep-alive interval while idle.
    pub keepalive: Duration,
    /// Path of the app's known-hosts file.
    pub known_hosts: PathBuf,
    pub decider: HostKeyDecider,
}

impl fmt::Debug for SshTarget {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SshTarget")
            .field("name", &self.name)
            .field("host", &self.host)
            .field("port", &self.port)
            .field("user", &self.user)
            .field("credentials", &self.credentials)
            .field("mode", &self.mode)
            .finish_non_exhaustive()
    }
}

impl SshTarget {
    /// A target with the defaults used in production: interactive mode, 10 s connect timeout,
    /// 30 s keep-alive.
    pub fn new(
        name: impl Into<String>,
        host: impl Into<String>,
        port: u16,
        user: impl Into<String>,
        credentials: SshCredentials,
        known_hosts: PathBuf,
        decider: HostKeyDecider,
    ) -> Self {
        SshTarget {
            name: name.into(),
            host: host.into(),
            port,
            user: user.into(),
            credentials,
            mode: SshMode::Interactive,
            connect_timeout: Duration::from_secs(10),
            keepalive: Duration::from_secs(30),
            known_hosts,
            decider,
        }
    }
}
