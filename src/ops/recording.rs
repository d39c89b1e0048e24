//! `--record DIR` (X-2, issue 15): every session the run opens is wrapped so that each device's
//! conversation goes to `DIR/<device>.jsonl` (redacted, X-4) and `DIR/manifest.json` follows.

use super::access::DeviceAccess;
use super::devices::access_of;
use super::recording_manifest::{
    DeviceRole, MANIFEST_FILE, MANIFEST_FORMAT, Manifest, ManifestDevice, ManifestError,
    transcript_file_name,
};
use crate::domain::device::{AuthMethod, Device, SshAuth};
use crate::domain::timestamp::Timestamp;
use crate::luna::parse::hsm_show::parse_hsm_show;
use crate::luna::recorder::RecordingShell;
use crate::luna::shell::Shell;
use crate::luna::transcript::{TranscriptEntry, TranscriptWriter};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// One recording directory for the whole run, shared by every session.
pub struct Recording {
    dir: PathBuf,
    state: Mutex<State>,
}

struct State {
    manifest: Manifest,
    writers: HashMap<String, Arc<Mutex<TranscriptWriter>>>,
    /// The first thing that could not be written (the run goes on; the end says so).
    failure: Option<String>,
}

/// Who a session is with, as `FleetAccess` knows it.
pub struct SessionWith<'a> {
    pub role: DeviceRole,
    /// The device's registration (None for a local client host).
    pub access: Option<&'a DeviceAccess>,
    /// True for a device being added (its key is still provisional).
    pub adding: bool,
    pub host_key: Option<String>,
}

impl Recording {
    /// Starts recording into `dir` (created, mode 0700); a directory that already holds a
    /// recording is continued: its transcripts are appended to and its manifest kept.
    pub fn start(
        dir: &Path,
        transport: &str,
        demo: bool,
        started_at: Timestamp,
    ) -> Result<Arc<Recording>, ManifestError> {
        let error = |reason: String| ManifestError {
            path: dir.display().to_string(),
            reason,
        };
        let mut builder = std::fs::DirBuilder::new();
        builder.recursive(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::DirBuilderExt;
            builder.mode(0o700);
        }
        builder.create(dir).map_err(|e| error(e.to_string()))?;
        let manifest = if dir.join(MANIFEST_FILE).exists() {
            Manifest::read(dir)?
        } else {
            Manifest {
                format: MANIFEST_FORMAT,
                lunadeck_version: env!("CARGO_PKG_VERSION").to_string(),
                started_at: started_at.to_string(),
                transport: transport.to_string(),
                demo,
                devices: Vec::new(),
            }
        };
        manifest.write(dir)?;
        Ok(Arc::new(Recording {
            dir: dir.to_path_buf(),
            state: Mutex::new(State {
                manifest,
                writers: HashMap::new(),
                failure: None,
            }),
        }))
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The manifest as it stands.
    pub fn manifest(&self) -> Option<Manifest> {
        self.state.lock().ok().map(|s| s.manifest.clone())
    }

    /// The first part of the run that could not be recorded, if any.
    pub fn failure(&self) -> Option<String> {
        self.state.lock().ok().and_then(|s| s.failure.clone())
    }

    /// Notes the devices the database held when the run started (a replay starts from them).
    pub fn note_existing(&self, devices: &[Device]) {
        self.update(|m| {
            for d in devices {
                match m.devices.iter_mut().find(|e| e.name == d.name) {
                    Some(e) if !e.added_in_recording && e.existing.is_none() => {
                        e.existing = Some(d.clone());
                    }
                    Some(_) => {}
                    None => {
                        let mut e = entry(&d.name, DeviceRole::Appliance, &access_of(d));
                        e.software = Some(d.facts.software.to_string());
                        e.hsm_auth = Some(auth_word(d.facts.auth).into());
                        e.existing = Some(d.clone());
                        m.devices.push(e);
                    }
                }
            }
        });
    }

    /// Wraps one new session: its commands are appended to the device's transcript.
    pub fn wrap(self: &Arc<Self>, inner: Box<dyn Shell>, with: SessionWith<'_>) -> Box<dyn Shell> {
        let name = with
            .access
            .map(|a| a.name.clone())
            .unwrap_or_else(|| inner.target().to_string());
        let file = transcript_file_name(&name);
        self.update(|m| {
            if let Some(e) = m.devices.iter_mut().find(|e| e.name == name) {
                if e.host_key.is_none() {
                    e.host_key = with.host_key.clone();
                }
                return;
            }
            let mut e = match with.access {
                Some(a) => entry(&name, with.role, a),
                None => ManifestDevice {
                    ssh_auth: "local".into(),
                    ..entry(&name, with.role, &local_access(&name))
                },
            };
            e.file = file.clone();
            e.host_key = with.host_key.clone();
            e.added_in_recording = with.adding;
            m.devices.push(e);
        });
        let writer = match self.writer(&file) {
            Ok(w) => w,
            Err(reason) => {
                self.fail(format!("{name}: {reason}"));
                return inner;
            }
        };
        let recording = Arc::clone(self);
        Box::new(
            RecordingShell::shared(inner, writer)
                .with_observer(Box::new(move |e| recording.observe(&name, e))),
        )
    }

    fn writer(&self, file: &str) -> Result<Arc<Mutex<TranscriptWriter>>, String> {
        let mut state = self
            .state
            .lock()
            .map_err(|_| "the recording failed".to_string())?;
        if let Some(w) = state.writers.get(file) {
            return Ok(Arc::clone(w));
        }
        let writer =
            TranscriptWriter::append_to(&self.dir.join(file)).map_err(|e| e.to_string())?;
        let writer = Arc::new(Mutex::new(writer));
        state.writers.insert(file.to_string(), Arc::clone(&writer));
        Ok(writer)
    }

    /// Learns the software version and authentication from an `hsm show` reply.
    fn observe(&self, name: &str, entry: &TranscriptEntry) {
        if entry.error.is_some() || !entry.command.trim_start().starts_with("hsm show") {
            return;
        }
        let Ok(show) = parse_hsm_show(&entry.output) else {
            return;
        };
        let software = Some(show.facts.software.to_string());
        let auth = Some(auth_word(show.facts.auth).to_string());
        self.update(|m| {
            if let Some(d) = m.devices.iter_mut().find(|d| d.name == name) {
                d.software = software;
                d.hsm_auth = auth;
            }
        });
    }

    fn fail(&self, reason: String) {
        tracing::warn!(%reason, "recording incomplete");
        if let Ok(mut s) = self.state.lock() {
            s.failure.get_or_insert(reason);
        }
    }

    /// Changes the manifest and writes it again.
    fn update(&self, change: impl FnOnce(&mut Manifest)) {
        let written = match self.state.lock() {
            Ok(mut s) => {
                let before = s.manifest.clone();
                change(&mut s.manifest);
                if s.manifest == before {
                    return;
                }
                s.manifest.write(&self.dir)
            }
            Err(_) => return,
        };
        if let Err(e) = written {
            self.fail(e.to_string());
        }
    }
}

fn entry(name: &str, role: DeviceRole, a: &DeviceAccess) -> ManifestDevice {
    ManifestDevice {
        name: name.to_string(),
        file: transcript_file_name(name),
        role,
        host: a.host.clone(),
        port: a.port,
        ssh_user: a.user.clone(),
        ssh_auth: match a.auth {
            SshAuth::Key { .. } => "key".into(),
            SshAuth::Password => "password".into(),
        },
        host_key: None,
        software: None,
        hsm_auth: None,
        added_in_recording: false,
        existing: None,
    }
}

fn auth_word(auth: AuthMethod) -> &'static str {
    match auth {
        AuthMethod::Password => "password",
        AuthMethod::Ped => "ped",
    }
}

fn local_access(name: &str) -> DeviceAccess {
    DeviceAccess {
        name: name.to_string(),
        host: "localhost".into(),
        port: 0,
        user: String::new(),
        auth: SshAuth::Password,
    }
}
