//! Opening an SSH session: TCP connect with a limit, handshake offering the recorded host-key
//! algorithms first, host-key verification before anything is sent, then the login.

use super::target::{HostKeyQuestion, SshCredentials, SshTarget, TrustDecision};
use crate::luna::known_hosts::{HostKeyCheck, KnownHosts, fingerprint};
use crate::luna::shell::ShellError;
use secrecy::ExposeSecret;
use ssh2::{HostKeyType, MethodType, Session};
use std::net::{TcpStream, ToSocketAddrs};

/// Host-key algorithms libssh2 offers, strongest first.
const DEFAULT_HOSTKEY_ALGORITHMS: &[&str] = &[
    "ssh-ed25519",
    "ecdsa-sha2-nistp256",
    "ecdsa-sha2-nistp384",
    "ecdsa-sha2-nistp521",
    "rsa-sha2-512",
    "rsa-sha2-256",
    "ssh-rsa",
];

fn algorithm_name(kind: HostKeyType) -> &'static str {
    match kind {
        HostKeyType::Rsa => "ssh-rsa",
        HostKeyType::Dss => "ssh-dss",
        HostKeyType::Ecdsa256 => "ecdsa-sha2-nistp256",
        HostKeyType::Ecdsa384 => "ecdsa-sha2-nistp384",
        HostKeyType::Ecdsa521 => "ecdsa-sha2-nistp521",
        HostKeyType::Ed25519 => "ssh-ed25519",
        HostKeyType::Unknown => "unknown",
    }
}

/// The recorded algorithms of `host:port` first, then the defaults (RSA recorded as `ssh-rsa`
/// also prefers the SHA-2 signature variants).
fn hostkey_preference(recorded: &[String]) -> String {
    let mut out: Vec<String> = Vec::new();
    for alg in recorded {
        if alg == "ssh-rsa" {
            for v in ["rsa-sha2-512", "rsa-sha2-256"] {
                out.push(v.to_string());
            }
        }
        out.push(alg.clone());
    }
    for alg in DEFAULT_HOSTKEY_ALGORITHMS {
        if !out.iter().any(|a| a == alg) {
            out.push((*alg).to_string());
        }
    }
    out.join(",")
}

fn unreachable(target: &SshTarget, reason: impl Into<String>) -> ShellError {
    ShellError::Unreachable {
        target: target.name.clone(),
        reason: reason.into(),
    }
}

fn tcp_connect(target: &SshTarget) -> Result<TcpStream, ShellError> {
    let addrs = (target.host.as_str(), target.port)
        .to_socket_addrs()
        .map_err(|e| unreachable(target, format!("cannot resolve {}: {e}", target.host)))?;
    let mut last = String::from("no address");
    for addr in addrs {
        match TcpStream::connect_timeout(&addr, target.connect_timeout) {
            Ok(stream) => {
                let _ = stream.set_nodelay(true);
                return Ok(stream);
            }
            Err(e) => last = format!("{addr}: {e}"),
        }
    }
    Err(unreachable(target, last))
}

/// Connects, verifies the host key and logs in. On a host-key problem the TCP link is closed
/// right after the handshake: no authentication and no command is sent.
pub fn open_session(target: &SshTarget) -> Result<Session, ShellError> {
    let known = KnownHosts::load(&target.known_hosts).map_err(|e| ShellError::Protocol {
        target: target.name.clone(),
        reason: e.to_string(),
    })?;
    let stream = tcp_connect(target)?;
    let mut session = Session::new().map_err(|e| unreachable(target, e.to_string()))?;
    session.set_tcp_stream(stream);
    session.set_timeout(u32::try_from(target.connect_timeout.as_millis()).unwrap_or(u32::MAX));
    let prefs = hostkey_preference(&known.preferred_algorithms(&target.host, target.port));
    session
        .method_pref(MethodType::HostKey, &prefs)
        .map_err(|e| unreachable(target, format!("host key preference: {e}")))?;
    session
        .handshake()
        .map_err(|e| unreachable(target, format!("SSH handshake failed: {e}")))?;
    verify_host_key(target, &session, known)?;
    login(target, &session)?;
    Ok(session)
}

fn verify_host_key(
    target: &SshTarget,
    session: &Session,
    mut known: KnownHosts,
) -> Result<(), ShellError> {
    let (key, kind) = session.host_key().ok_or_else(|| ShellError::Protocol {
        target: target.name.clone(),
        reason: "the server presented no host key".into(),
    })?;
    let algorithm = algorithm_name(kind);
    let stop = |err: ShellError| {
        let _ = session.disconnect(None, "host key not trusted", None);
        Err(err)
    };
    match known.check(&target.host, target.port, algorithm, key) {
        HostKeyCheck::Match => Ok(()),
        HostKeyCheck::Mismatch {
            expected_fp,
            presented_fp,
        } => stop(ShellError::HostKeyMismatch {
            target: target.name.clone(),
            expected: expected_fp,
            presented: presented_fp,
        }),
        HostKeyCheck::Unknown { .. } => {
            let question = HostKeyQuestion {
                target: target.name.clone(),
                host: target.host.clone(),
                port: target.port,
                algorithm: algorithm.to_string(),
                fingerprint: fingerprint(key),
            };
            match (target.decider)(&question) {
                TrustDecision::Trust => known
                    .trust(&target.host, target.port, algorithm, key)
                    .or_else(|e| {
                        stop(ShellError::Protocol {
                            target: target.name.clone(),
                            reason: e.to_string(),
                        })
                    }),
                TrustDecision::Reject => stop(ShellError::HostKeyUntrusted {
                    target: target.name.clone(),
                    algorithm: question.algorithm,
                    fingerprint: question.fingerprint,
                }),
            }
        }
    }
}

fn login(target: &SshTarget, session: &Session) -> Result<(), ShellError> {
    let result = match &target.credentials {
        SshCredentials::Password(pw) => session.userauth_password(&target.user, pw.expose_secret()),
        SshCredentials::Key { path, passphrase } => session.userauth_pubkey_file(
            &target.user,
            None,
            path,
            passphrase.as_ref().map(|p| p.expose_secret()),
        ),
    };
    match result {
        Ok(()) if session.authenticated() => Ok(()),
        _ => Err(ShellError::AuthFailed {
            target: target.name.clone(),
            user: target.user.clone(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dev_1_recorded_algorithm_is_offered_first() {
        let p = hostkey_preference(&["ecdsa-sha2-nistp256".to_string()]);
        assert!(p.starts_with("ecdsa-sha2-nistp256,ssh-ed25519"), "{p}");
        assert_eq!(p.matches("ecdsa-sha2-nistp256").count(), 1);
        let p = hostkey_preference(&["ssh-rsa".to_string()]);
        assert!(
            p.starts_with("rsa-sha2-512,rsa-sha2-256,ssh-rsa,ssh-ed25519"),
            "{p}"
        );
        let p = hostkey_preference(&[]);
        assert!(p.starts_with("ssh-ed25519,"), "{p}");
    }
}
