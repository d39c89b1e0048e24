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
    /// A lock was poisoned (a session panicked while writing): the recording is incomplete.
    broken: std::sync::atomic::AtomicBool,
}

struct State {
    manifest: Manifest,
    writers: HashMap<String, Arc<Mutex<TranscriptWriter>>>,
    /// The first thing that could not be written (the run goes on; the end says so).
    failure: Option<String>,
}

/// Reads the fingerprint of the host key the transport verified (after a command succeeded).
pub type HostKeyLookup = Box<dyn Fn() -> Option<String> + Send + Sync>;

/// Who a session is with, as `FleetAccess` knows it.
pub struct SessionWith<'a> {
    pub role: DeviceRole,
    /// The device's registration (None for a local client host).
    pub access: Option<&'a DeviceAccess>,
    /// True for a device being added (its key is still provisional).
    pub adding: bool,
    /// Asked once a command of the session has succeeded: the host key was verified then.
    pub host_key: Option<HostKeyLookup>,
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
            let m = Manifest::read(dir)?;
            if m.transport != transport || m.demo != demo {
                return Err(error(format!(
                    "it holds a recording of a {} run{}; this run is {}{}: record into another \
                     directory",
                    m.transport,
                    if m.demo { " (--demo)" } else { "" },
                    transport,
                    if demo { " (--demo)" } else { "" },
                )));
            }
            m
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
            broken: std::sync::atomic::AtomicBool::new(false),
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
        match self.state.lock() {
            Ok(s) if !self.broken.load(std::sync::atomic::Ordering::SeqCst) => s.failure.clone(),
            Ok(s) => s.failure.clone().or_else(|| Some(BROKEN.into())),
            Err(_) => Some(BROKEN.into()),
        }
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
                        e.file = unique_file(m, &d.name);
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
        let mut file = transcript_file_name(&name);
        self.update(|m| {
            if let Some(e) = m.devices.iter().find(|e| e.name == name) {
                file = e.file.clone();
                return;
            }
            let mut e = match with.access {
                Some(a) => entry(&name, with.role, a),
                None => ManifestDevice {
                    ssh_auth: "local".into(),
                    ..entry(&name, with.role, &local_access(&name))
                },
            };
            file = unique_file(m, &name);
            e.file = file.clone();
            e.added_in_recording = with.adding;
            m.devices.push(e);
        });
        let lookup = with.host_key;
        let writer = match self.writer(&file) {
            Ok(w) => w,
            Err(reason) => {
                self.fail(format!("{name}: {reason}"));
                return inner;
            }
        };
        let recording = Arc::clone(self);
        let failing = Arc::clone(self);
        let device = name.clone();
        Box::new(
            RecordingShell::shared(inner, writer)
                .with_observer(Box::new(move |e| {
                    if e.error.is_none() {
                        recording.note_host_key(&name, lookup.as_ref());
                    }
                    recording.observe(&name, e);
                }))
                .with_failure_hook(Box::new(move |why| {
                    failing.fail(format!("{device}: {why}"))
                })),
        )
    }

    /// After a command succeeded: the host key its transport verified, once.
    fn note_host_key(&self, name: &str, lookup: Option<&HostKeyLookup>) {
        let Some(lookup) = lookup else { return };
        let known = self.state.lock().ok().is_some_and(|s| {
            s.manifest
                .device(name)
                .is_some_and(|d| d.host_key.is_some())
        });
        if known {
            return;
        }
        if let Some(fingerprint) = lookup() {
            self.update(|m| {
                if let Some(d) = m.devices.iter_mut().find(|d| d.name == name) {
                    d.host_key = Some(fingerprint);
                }
            });
        }
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
        match self.state.lock() {
            Ok(mut s) => {
                s.failure.get_or_insert(reason);
            }
            Err(_) => self.broken.store(true, std::sync::atomic::Ordering::SeqCst),
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
            Err(_) => {
                self.broken.store(true, std::sync::atomic::Ordering::SeqCst);
                return;
            }
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

/// What `failure` says when a session failed while it held the recording's state.
const BROKEN: &str = "a session failed while writing it";

/// The device's transcript file name, made unique among the manifest's other devices (two
/// names may map to one file name: `hsm 1` and `hsm_1`).
fn unique_file(m: &Manifest, name: &str) -> String {
    let base = transcript_file_name(name);
    let taken = |f: &str| m.devices.iter().any(|d| d.name != name && d.file == f);
    if !taken(&base) {
        return base;
    }
    let stem = base.trim_end_matches(".jsonl");
    (2..)
        .map(|n| format!("{stem}-{n}.jsonl"))
        .find(|f| !taken(f))
        .unwrap_or(base)
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
