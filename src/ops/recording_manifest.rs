//! The manifest of a recorded run (X-2, issue 15): which devices were talked to, their host
//! keys, software and file, the lunadeck version and start time; written beside the transcripts.

use crate::domain::device::Device;
use serde::{Deserialize, Serialize};
use std::path::Path;

/// The manifest's file name inside a recording directory.
pub const MANIFEST_FILE: &str = "manifest.json";
/// The manifest format this lunadeck writes and reads.
pub const MANIFEST_FORMAT: u32 = 1;

/// What a recording holds. Never a secret: no password, no passphrase, no answer typed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    pub format: u32,
    pub lunadeck_version: String,
    /// When the run started (UTC, `YYYY-MM-DD HH:MM:SSZ`).
    pub started_at: String,
    /// `ssh` (real appliances), `simulator` (`--demo` or tests).
    pub transport: String,
    /// A `--demo` run: its first conversations are the demo's set-up, which a replay runs again.
    pub demo: bool,
    /// The devices in the order they were first talked to.
    pub devices: Vec<ManifestDevice>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeviceRole {
    Appliance,
    /// The Luna client host where LunaCM steps ran.
    ClientHost,
}

/// One device of the run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ManifestDevice {
    /// Its console name.
    pub name: String,
    /// Its transcript, a file name inside the recording directory.
    pub file: String,
    pub role: DeviceRole,
    pub host: String,
    pub port: u16,
    pub ssh_user: String,
    /// `key`, `password` or `local` (never the password).
    pub ssh_auth: String,
    /// The SHA-256 fingerprint of the host key the transport verified (none for the simulator).
    pub host_key: Option<String>,
    /// The software version `hsm show` reported during the run.
    pub software: Option<String>,
    /// `password` or `ped`, as `hsm show` reported it.
    pub hsm_auth: Option<String>,
    /// True when the run added the device (its first conversation is the add's reading).
    pub added_in_recording: bool,
    /// The database's record of a device that existed before the run (replay starts from it).
    pub existing: Option<Device>,
}

/// Why a manifest could not be read or written; names the file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("recording {path}: {reason}")]
pub struct ManifestError {
    pub path: String,
    pub reason: String,
}

impl Manifest {
    /// Reads `DIR/manifest.json`.
    pub fn read(dir: &Path) -> Result<Manifest, ManifestError> {
        let path = dir.join(MANIFEST_FILE);
        let error = |reason: String| ManifestError {
            path: path.display().to_string(),
            reason,
        };
        let text = std::fs::read_to_string(&path).map_err(|e| {
            error(format!(
                "{e} (is this a directory written by --record? it holds manifest.json)"
            ))
        })?;
        let manifest: Manifest = serde_json::from_str(&text).map_err(|e| error(e.to_string()))?;
        if manifest.format != MANIFEST_FORMAT {
            return Err(error(format!(
                "manifest format {} is not the one this lunadeck reads ({MANIFEST_FORMAT})",
                manifest.format
            )));
        }
        for d in &manifest.devices {
            if !is_plain_file_name(&d.file) {
                return Err(error(format!(
                    "device {}: transcript '{}' is not a plain file name",
                    d.name, d.file
                )));
            }
        }
        Ok(manifest)
    }

    /// Writes `DIR/manifest.json` whole (a temporary file renamed over it, mode 0600).
    pub fn write(&self, dir: &Path) -> Result<(), ManifestError> {
        let path = dir.join(MANIFEST_FILE);
        let error = |reason: String| ManifestError {
            path: path.display().to_string(),
            reason,
        };
        let mut text = serde_json::to_string_pretty(self).map_err(|e| error(e.to_string()))?;
        text.push('\n');
        let temporary = dir.join(format!(".{MANIFEST_FILE}.tmp"));
        write_private(&temporary, text.as_bytes()).map_err(|e| error(e.to_string()))?;
        std::fs::rename(&temporary, &path).map_err(|e| error(e.to_string()))
    }

    pub fn device(&self, name: &str) -> Option<&ManifestDevice> {
        self.devices.iter().find(|d| d.name == name)
    }

    pub fn client_host(&self) -> Option<&ManifestDevice> {
        self.devices
            .iter()
            .find(|d| d.role == DeviceRole::ClientHost)
    }
}

fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.create(true).write(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(path)?;
    #[cfg(unix)]
    {
        // A file left there before keeps its mode through `open`: set it.
        use std::os::unix::fs::PermissionsExt;
        file.set_permissions(std::fs::Permissions::from_mode(0o600))?;
    }
    file.write_all(bytes)?;
    file.sync_data()
}

/// A file name made of the device name: letters, digits, `.`, `-`, `_` kept, the rest `_`.
pub fn transcript_file_name(device: &str) -> String {
    let stem: String = device
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') {
                c
            } else {
                '_'
            }
        })
        .collect();
    let stem = stem.trim_start_matches('.');
    if stem.is_empty() {
        "device.jsonl".to_string()
    } else {
        format!("{stem}.jsonl")
    }
}

fn is_plain_file_name(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with('.')
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    #[test]
    fn x_2_transcript_file_names_are_plain() {
        assert_eq!(transcript_file_name("lon-hsm-01"), "lon-hsm-01.jsonl");
        assert_eq!(transcript_file_name("@client-host"), "_client-host.jsonl");
        assert_eq!(transcript_file_name("../etc/x y"), "_etc_x_y.jsonl");
        assert_eq!(transcript_file_name(".."), "device.jsonl");
        for name in ["lon-hsm-01", "@client-host", "../etc/x y", "..", "é"] {
            assert!(is_plain_file_name(&transcript_file_name(name)), "{name}");
        }
    }

    #[test]
    fn x_2_a_manifest_round_trips_and_a_path_in_it_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let mut m = Manifest {
            format: MANIFEST_FORMAT,
            lunadeck_version: "0.1.0".into(),
            started_at: "2026-12-04 20:00:00Z".into(),
            transport: "ssh".into(),
            demo: false,
            devices: vec![ManifestDevice {
                name: "hsm1".into(),
                file: "hsm1.jsonl".into(),
                role: DeviceRole::Appliance,
                host: "10.0.0.1".into(),
                port: 22,
                ssh_user: "admin".into(),
                ssh_auth: "password".into(),
                host_key: Some("SHA256:abc".into()),
                software: Some("7.8.5".into()),
                hsm_auth: Some("password".into()),
                added_in_recording: true,
                existing: None,
            }],
        };
        m.write(dir.path()).unwrap();
        assert_eq!(Manifest::read(dir.path()).unwrap(), m);
        m.devices[0].file = "../../etc/passwd".into();
        m.write(dir.path()).unwrap();
        let err = Manifest::read(dir.path()).unwrap_err();
        assert!(err.reason.contains("device hsm1: transcript"), "{err}");
        let err = Manifest::read(&dir.path().join("nowhere")).unwrap_err();
        assert!(err.reason.contains("manifest.json"), "{err}");
    }
}
