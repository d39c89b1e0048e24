//! lunadeck's own SSH known-hosts file (DEV-1): fail closed, mode 0600, atomic updates,
//! OpenSSH-style SHA256 fingerprints. Pure file logic; the SSH transport calls `check`.
//!
//! Format, one entry per line (blank lines and lines starting with `#` are ignored):
//! `host:port algorithm base64-key` — e.g. `hsm1.example.com:22 ssh-ed25519 AAAAC3Nz...`.
//! A host containing `:` (IPv6) is written `[host]:port`. The key is the raw host key blob as
//! the server sends it (the same base64 as in an OpenSSH `.pub` file). One key per host, port and
//! algorithm; a host may have keys of several algorithms.

use base64::Engine;
use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD};
use sha2::{Digest, Sha256};
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Why the known-hosts file could not be used. `Display` is the sentence shown to the user.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KnownHostsError {
    #[error("cannot read the known hosts file {path}: {reason}")]
    Read { path: String, reason: String },
    #[error("known hosts file {path}, line {line}: {reason}")]
    Malformed {
        path: String,
        line: usize,
        reason: String,
    },
    #[error("known hosts file {path} has mode {mode:04o}; it must be 0600 (run: chmod 600 {path})")]
    Permissions { path: String, mode: u32 },
    #[error("cannot write the known hosts file {path}: {reason}")]
    Write { path: String, reason: String },
    #[error(
        "{target}: a different host key is recorded ({expected_fp}); nothing was trusted. Remove the recorded key first if the appliance was really re-keyed"
    )]
    Conflict { target: String, expected_fp: String },
    #[error("cannot record a host key: {reason}")]
    Invalid { reason: String },
}

/// One recorded host key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KnownHost {
    pub host: String,
    pub port: u16,
    pub algorithm: String,
    /// Raw host key blob.
    pub key: Vec<u8>,
}

/// The result of comparing a presented host key with the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HostKeyCheck {
    /// The same key is recorded for this host, port and algorithm.
    Match,
    /// Nothing is recorded for this host and port: ask the user to trust `fingerprint`.
    Unknown {
        algorithm: String,
        fingerprint: String,
    },
    /// Another key is recorded (for the same algorithm, or the host presented an algorithm other
    /// than the recorded ones): hard stop, nothing may be sent.
    Mismatch {
        expected_fp: String,
        presented_fp: String,
    },
}

/// The loaded file. `check` and `preferred_algorithms` answer from memory; `trust` and `forget`
/// re-read the file, then rewrite it atomically.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KnownHosts {
    path: PathBuf,
    entries: Vec<KnownHost>,
}

/// OpenSSH fingerprint of a raw key blob: `SHA256:` + base64 (no padding) of its SHA-256.
pub fn fingerprint(key: &[u8]) -> String {
    format!("SHA256:{}", STANDARD_NO_PAD.encode(Sha256::digest(key)))
}

impl KnownHosts {
    /// Read the file. A missing file is empty; an unreadable or malformed file, or one readable
    /// by group or others, is an error (fail closed).
    pub fn load(path: &Path) -> Result<KnownHosts, KnownHostsError> {
        let text = read_text(path)?.unwrap_or_default();
        let entries = parse(path, &text)?;
        Ok(KnownHosts {
            path: path.to_path_buf(),
            entries,
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn entries(&self) -> &[KnownHost] {
        &self.entries
    }

    /// Compare the key a host presented with what is recorded.
    pub fn check(&self, host: &str, port: u16, algorithm: &str, key: &[u8]) -> HostKeyCheck {
        check_in(&self.entries, host, port, algorithm, key)
    }

    /// Host-key algorithms recorded for this host, in file order, to offer first in the
    /// handshake (otherwise libssh2 may negotiate another one and report a false mismatch).
    pub fn preferred_algorithms(&self, host: &str, port: u16) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for e in self.entries.iter().filter(|e| same_target(e, host, port)) {
            if !out.contains(&e.algorithm) {
                out.push(e.algorithm.clone());
            }
        }
        out
    }

    /// Record a key the user explicitly trusted. Already recorded: nothing changes. Another key
    /// recorded for this host: `Conflict`, nothing written.
    pub fn trust(
        &mut self,
        host: &str,
        port: u16,
        algorithm: &str,
        key: &[u8],
    ) -> Result<(), KnownHostsError> {
        validate(host, port, algorithm, key)?;
        let text = read_text(&self.path)?.unwrap_or_default();
        let mut entries = parse(&self.path, &text)?;
        match check_in(&entries, host, port, algorithm, key) {
            HostKeyCheck::Match => {}
            HostKeyCheck::Mismatch { expected_fp, .. } => {
                return Err(KnownHostsError::Conflict {
                    target: target(host, port),
                    expected_fp,
                });
            }
            HostKeyCheck::Unknown { .. } => {
                let entry = KnownHost {
                    host: host.to_string(),
                    port,
                    algorithm: algorithm.to_string(),
                    key: key.to_vec(),
                };
                let mut new_text = text;
                if !new_text.is_empty() && !new_text.ends_with('\n') {
                    new_text.push('\n');
                }
                new_text.push_str(&format_line(&entry));
                new_text.push('\n');
                write_atomic(&self.path, &new_text)?;
                entries.push(entry);
            }
        }
        self.entries = entries;
        Ok(())
    }

    /// Remove every key recorded for this host and port (device removed, or appliance re-keyed
    /// and the user confirmed). Returns how many keys were removed; comments are kept.
    pub fn forget(&mut self, host: &str, port: u16) -> Result<usize, KnownHostsError> {
        let text = read_text(&self.path)?.unwrap_or_default();
        parse(&self.path, &text)?;
        let mut kept = String::new();
        let mut removed = 0;
        for line in text.lines() {
            let drop = match parse_line(line) {
                Ok(Some(e)) => same_target(&e, host, port),
                _ => false,
            };
            if drop {
                removed += 1;
            } else {
                kept.push_str(line);
                kept.push('\n');
            }
        }
        if removed > 0 {
            write_atomic(&self.path, &kept)?;
        }
        self.entries.retain(|e| !same_target(e, host, port));
        Ok(removed)
    }
}

fn check_in(
    entries: &[KnownHost],
    host: &str,
    port: u16,
    algorithm: &str,
    key: &[u8],
) -> HostKeyCheck {
    let presented_fp = fingerprint(key);
    let mut recorded = entries
        .iter()
        .filter(|e| same_target(e, host, port))
        .peekable();
    let Some(first) = recorded.peek().copied() else {
        return HostKeyCheck::Unknown {
            algorithm: algorithm.to_string(),
            fingerprint: presented_fp,
        };
    };
    let expected = recorded.find(|e| e.algorithm == algorithm).unwrap_or(first);
    if expected.algorithm == algorithm && expected.key == key {
        HostKeyCheck::Match
    } else {
        HostKeyCheck::Mismatch {
            expected_fp: fingerprint(&expected.key),
            presented_fp,
        }
    }
}

pub(crate) fn same_target(e: &KnownHost, host: &str, port: u16) -> bool {
    e.port == port && e.host.eq_ignore_ascii_case(host)
}

pub(crate) fn target(host: &str, port: u16) -> String {
    if host.contains(':') {
        format!("[{host}]:{port}")
    } else {
        format!("{host}:{port}")
    }
}

fn format_line(e: &KnownHost) -> String {
    format!(
        "{} {} {}",
        target(&e.host, e.port),
        e.algorithm,
        STANDARD.encode(&e.key)
    )
}

fn validate(host: &str, port: u16, algorithm: &str, key: &[u8]) -> Result<(), KnownHostsError> {
    let reason = if host.is_empty() {
        Some("the host is empty".to_string())
    } else if host
        .chars()
        .any(|c| c.is_whitespace() || c.is_control() || matches!(c, '[' | ']' | '#'))
    {
        Some(format!(
            "the host '{host}' contains a space, bracket or '#'"
        ))
    } else if port == 0 {
        Some("the port must be between 1 and 65535".to_string())
    } else if !valid_algorithm(algorithm) {
        Some(format!("'{algorithm}' is not a host key algorithm name"))
    } else if key.is_empty() {
        Some("the host key is empty".to_string())
    } else {
        None
    };
    reason.map_or(Ok(()), |reason| Err(KnownHostsError::Invalid { reason }))
}

fn valid_algorithm(a: &str) -> bool {
    !a.is_empty()
        && a.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '@' | '_'))
}

/// Parse one line: `Ok(None)` for blank lines and comments, `Err(reason)` when malformed.
fn parse_line(line: &str) -> Result<Option<KnownHost>, String> {
    let line = line.trim();
    if line.is_empty() || line.starts_with('#') {
        return Ok(None);
    }
    let fields: Vec<&str> = line.split_whitespace().collect();
    let [host_port, algorithm, key64] = fields.as_slice() else {
        return Err(format!(
            "expected 'host:port algorithm base64-key', found {} field(s)",
            fields.len()
        ));
    };
    let (host, port) = match host_port.strip_prefix('[') {
        Some(rest) => rest.split_once("]:"),
        None => host_port.rsplit_once(':').filter(|(h, _)| !h.contains(':')),
    }
    .ok_or_else(|| format!("'{host_port}' is not host:port"))?;
    let port: u16 = port
        .parse()
        .ok()
        .filter(|p| *p != 0)
        .ok_or_else(|| format!("'{port}' is not a port between 1 and 65535"))?;
    let key = STANDARD
        .decode(key64)
        .map_err(|_| format!("the key for {host_port} is not valid base64"))?;
    validate(host, port, algorithm, &key).map_err(|e| match e {
        KnownHostsError::Invalid { reason } => reason,
        other => other.to_string(),
    })?;
    Ok(Some(KnownHost {
        host: host.to_string(),
        port,
        algorithm: (*algorithm).to_string(),
        key,
    }))
}

fn parse(path: &Path, text: &str) -> Result<Vec<KnownHost>, KnownHostsError> {
    let mut entries: Vec<(usize, KnownHost)> = Vec::new();
    for (index, line) in text.lines().enumerate() {
        let number = index + 1;
        let malformed = |reason: String| KnownHostsError::Malformed {
            path: path.display().to_string(),
            line: number,
            reason,
        };
        let Some(entry) = parse_line(line).map_err(malformed)? else {
            continue;
        };
        if let Some((first, _)) = entries.iter().find(|(_, e)| {
            same_target(e, &entry.host, entry.port) && e.algorithm == entry.algorithm
        }) {
            return Err(malformed(format!(
                "a second {} key for {} (the first is on line {first})",
                entry.algorithm,
                target(&entry.host, entry.port)
            )));
        }
        entries.push((number, entry));
    }
    Ok(entries.into_iter().map(|(_, e)| e).collect())
}

/// The file's text, `None` when it does not exist. Wider permissions than 0600 are refused.
fn read_text(path: &Path) -> Result<Option<String>, KnownHostsError> {
    let shown = || path.display().to_string();
    let read_err = |e: io::Error| KnownHostsError::Read {
        path: shown(),
        reason: e.to_string(),
    };
    let meta = match fs::metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(read_err(e)),
    };
    if !meta.is_file() {
        return Err(KnownHostsError::Read {
            path: shown(),
            reason: "it is not a regular file".to_string(),
        });
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = meta.permissions().mode() & 0o777;
        if mode & 0o077 != 0 {
            return Err(KnownHostsError::Permissions {
                path: shown(),
                mode,
            });
        }
    }
    fs::read_to_string(path).map(Some).map_err(read_err)
}

/// Write `text` to a temporary file (mode 0600) next to `path`, flush it, then rename it over.
fn write_atomic(path: &Path, text: &str) -> Result<(), KnownHostsError> {
    let write_err = |e: io::Error| KnownHostsError::Write {
        path: path.display().to_string(),
        reason: e.to_string(),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "known_hosts".to_string());
    let tmp = path.with_file_name(format!(".{name}.{}.tmp", std::process::id()));
    match fs::remove_file(&tmp) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(write_err(e)),
        _ => {}
    }
    let mut options = fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let result = options.open(&tmp).and_then(|mut file| {
        file.write_all(text.as_bytes())?;
        file.sync_all()
    });
    if let Err(e) = result.and_then(|()| fs::rename(&tmp, path)) {
        let _ = fs::remove_file(&tmp);
        return Err(write_err(e));
    }
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        fs::File::open(dir)
            .and_then(|d| d.sync_all())
            .map_err(write_err)?;
    }
    Ok(())
}

#[cfg(all(test, unix))]
#[path = "known_hosts_tests.rs"]
mod tests;
