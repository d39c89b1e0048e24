//! `--replay DIR` (X-2, issue 15): the fleet is a recording. Each device answers from its
//! transcript, in recorded order across all its sessions; nothing reaches a real device.

use super::recording_manifest::{Manifest, ManifestDevice, ManifestError};
use crate::luna::replay::{ReplayOptions, ReplayShell};
use crate::luna::shell::{Ask, Reply, Shell, ShellError};
use crate::luna::transcript::Transcript;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// The recorded devices, each with one replay cursor shared by every session opened to it.
pub struct ReplayFleet {
    dir: PathBuf,
    manifest: Manifest,
    devices: Vec<(String, Arc<Mutex<ReplayShell>>)>,
}

/// What was left unasked of one device when the replay ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unplayed {
    pub device: String,
    pub count: usize,
    pub next: String,
}

impl ReplayFleet {
    /// Reads the manifest and every transcript it names; a missing or unreadable file names it.
    pub fn open(dir: &Path, options: ReplayOptions) -> Result<Arc<ReplayFleet>, ManifestError> {
        let manifest = Manifest::read(dir)?;
        let mut devices = Vec::new();
        for d in &manifest.devices {
            let path = dir.join(&d.file);
            if !path.exists() && !d.added_in_recording {
                // A device the database held but the run never talked to.
                continue;
            }
            let transcript = Transcript::read(&path).map_err(|e| ManifestError {
                path: dir.display().to_string(),
                reason: format!("device {}: {e}", d.name),
            })?;
            let target = transcript
                .targets()
                .first()
                .map(|t| t.to_string())
                .unwrap_or_else(|| d.name.clone());
            let shell = ReplayShell::new(&transcript, &target, options);
            devices.push((d.name.clone(), Arc::new(Mutex::new(shell))));
        }
        Ok(Arc::new(ReplayFleet {
            dir: dir.to_path_buf(),
            manifest,
            devices,
        }))
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub fn manifest(&self) -> &Manifest {
        &self.manifest
    }

    /// A session to the recorded device `name` (its console name in the recording).
    pub fn shell(&self, name: &str) -> Result<Box<dyn Shell>, ShellError> {
        let found = self.devices.iter().find(|(n, _)| n == name);
        let (name, shell) = found.ok_or_else(|| ShellError::Unreachable {
            target: name.to_string(),
            reason: format!(
                "the recording {} has no conversation with this device",
                self.dir.display()
            ),
        })?;
        Ok(Box::new(SharedReplay {
            name: name.clone(),
            shell: Arc::clone(shell),
        }))
    }

    /// A session to the recorded Luna client host.
    pub fn client_host_shell(&self) -> Result<Box<dyn Shell>, ShellError> {
        match self.manifest.client_host() {
            Some(d) => self.shell(&d.name),
            None => Err(ShellError::Unreachable {
                target: "client host".into(),
                reason: format!(
                    "the recording {} has no conversation with a Luna client host",
                    self.dir.display()
                ),
            }),
        }
    }

    pub fn client_host(&self) -> Option<&ManifestDevice> {
        self.manifest.client_host()
    }

    /// Per device, the recorded commands nobody asked for (empty: the replay went to its end).
    pub fn unplayed(&self) -> Vec<Unplayed> {
        let mut out = Vec::new();
        for (name, shell) in &self.devices {
            let Ok(shell) = shell.lock() else { continue };
            let left = shell.unplayed();
            if let Some(first) = left.first() {
                out.push(Unplayed {
                    device: name.clone(),
                    count: left.len(),
                    next: first.command.clone(),
                });
            }
        }
        out
    }
}

/// One session's handle on a device's shared replay cursor.
struct SharedReplay {
    name: String,
    shell: Arc<Mutex<ReplayShell>>,
}

impl Shell for SharedReplay {
    fn target(&self) -> &str {
        &self.name
    }

    /// One command at a time per device, as an appliance's shell answers them.
    fn run(&mut self, command: &str, ask: &Ask<'_>) -> Result<Reply, ShellError> {
        let mut shell = self.shell.lock().map_err(|_| ShellError::Protocol {
            target: self.name.clone(),
            reason: "the replay of this device failed in another session".into(),
        })?;
        shell.run(command, ask)
    }
}
