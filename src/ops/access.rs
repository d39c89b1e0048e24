//! How the engine reaches each device: `FleetAccess` maps a device key to its SSH address and
//! credentials (or to a simulated appliance for `--demo`) and opens sessions on request.

use super::recording::{Recording, SessionWith};
use super::recording_manifest::DeviceRole;
use super::replay_fleet::ReplayFleet;
use crate::domain::device::SshAuth;
use crate::domain::ids::HsmSerial;
use crate::jobs::ShellProvider;
use crate::luna::host_key_pins::{PinError, check_pins};
use crate::luna::known_hosts::{KnownHosts, fingerprint};
use crate::luna::local_process::{LocalProcessConfig, LocalProcessShell};
use crate::luna::shell::{Shell, ShellError};
use crate::luna::ssh::{HostKeyDecider, SshCredentials, SshMode, SshShell, SshTarget};
use crate::sim::session::{SharedFleet, SimShell};
use secrecy::SecretString;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, RwLock};
use std::time::Duration;

/// The key under which plan steps run LunaCM on the Luna client host.
pub const CLIENT_HOST: &str = "@client-host";

pub fn client_host_key() -> HsmSerial {
    HsmSerial::new(CLIENT_HOST)
}

/// Address and login of one appliance (or of the client host).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeviceAccess {
    pub name: String,
    pub host: String,
    pub port: u16,
    pub user: String,
    pub auth: SshAuth,
}

/// Real SSH, or the in-process simulator (`--demo`, tests).
pub enum Transport {
    Ssh {
        known_hosts: PathBuf,
        decider: HostKeyDecider,
        mode: SshMode,
        connect_timeout: Duration,
        /// Keep-alive interval on idle sessions (`[ssh] keepalive_secs`).
        keepalive: Duration,
    },
    Sim {
        fleet: SharedFleet,
    },
    /// `--replay DIR`: every device answers from the recording; nothing real is reached.
    Replay {
        fleet: Arc<ReplayFleet>,
    },
}

/// Transport configuration shared with the engine's blocking threads (not UI state).
pub struct FleetAccess {
    transport: Transport,
    devices: RwLock<HashMap<HsmSerial, DeviceAccess>>,
    /// SSH passwords typed for devices that log in by password: memory only.
    ssh_passwords: RwLock<HashMap<HsmSerial, SecretString>>,
    /// LunaCM run as a local program on this machine (the client host is local); else the
    /// client host is reached over SSH like an appliance, registered under `client_host_key()`.
    client_host_local: RwLock<Option<LocalProcessConfig>>,
    /// `--host-key` fingerprints given for this run (checked against the recorded keys).
    host_key_pins: RwLock<Vec<String>>,
    /// `--record DIR`: every session opened is recorded there.
    recording: RwLock<Option<Arc<Recording>>>,
}

impl FleetAccess {
    pub fn new(transport: Transport) -> Arc<FleetAccess> {
        Arc::new(FleetAccess {
            transport,
            devices: RwLock::new(HashMap::new()),
            ssh_passwords: RwLock::new(HashMap::new()),
            client_host_local: RwLock::new(None),
            host_key_pins: RwLock::new(Vec::new()),
            recording: RwLock::new(None),
        })
    }

    /// No real device is reached: the simulator, or a replayed recording.
    pub fn is_sim(&self) -> bool {
        matches!(
            self.transport,
            Transport::Sim { .. } | Transport::Replay { .. }
        )
    }

    /// The fleet has a Luna client host of its own (simulated, or in the replayed recording).
    pub fn simulated_client_host(&self) -> bool {
        match &self.transport {
            Transport::Sim { .. } => true,
            Transport::Replay { fleet } => fleet.client_host().is_some(),
            Transport::Ssh { .. } => false,
        }
    }

    /// `simulator`, `replay` or `ssh`: what a recording names as its transport.
    pub fn transport_name(&self) -> &'static str {
        match self.transport {
            Transport::Sim { .. } => "simulator",
            Transport::Replay { .. } => "replay",
            Transport::Ssh { .. } => "ssh",
        }
    }

    pub fn replay_fleet(&self) -> Option<Arc<ReplayFleet>> {
        match &self.transport {
            Transport::Replay { fleet } => Some(Arc::clone(fleet)),
            _ => None,
        }
    }

    /// Records every session opened from now on (`--record DIR`).
    pub fn set_recording(&self, recording: Arc<Recording>) {
        if let Ok(mut r) = self.recording.write() {
            *r = Some(recording);
        }
    }

    pub fn recording(&self) -> Option<Arc<Recording>> {
        self.recording.read().ok().and_then(|r| r.clone())
    }

    /// lunadeck's known-hosts file (SSH transport only).
    pub fn known_hosts_path(&self) -> Option<&std::path::Path> {
        match &self.transport {
            Transport::Ssh { known_hosts, .. } => Some(known_hosts.as_path()),
            Transport::Sim { .. } | Transport::Replay { .. } => None,
        }
    }

    /// The `--host-key` pins of this run (the decider trusts an unknown key only when pinned).
    pub fn set_host_key_pins(&self, pins: &[String]) {
        if let Ok(mut p) = self.host_key_pins.write() {
            *p = pins.to_vec();
        }
    }

    /// DEV-1: refuses pins that contradict the key recorded for `host:port` (SSH only), before
    /// anything connects; a recorded key would otherwise be used and the pins ignored.
    pub fn check_host_key_pins(&self, host: &str, port: u16) -> Result<(), PinError> {
        let pins = self
            .host_key_pins
            .read()
            .map(|p| p.clone())
            .unwrap_or_default();
        match self.known_hosts_path() {
            Some(path) if !pins.is_empty() => {
                check_pins(&KnownHosts::load(path)?, host, port, &pins)
            }
            _ => Ok(()),
        }
    }

    pub fn sim_fleet(&self) -> Option<SharedFleet> {
        match &self.transport {
            Transport::Sim { fleet } => Some(fleet.clone()),
            Transport::Ssh { .. } | Transport::Replay { .. } => None,
        }
    }

    pub fn register(&self, key: &HsmSerial, access: DeviceAccess) {
        if let Ok(mut map) = self.devices.write() {
            map.insert(key.clone(), access);
        }
    }

    pub fn forget(&self, key: &HsmSerial) {
        if let Ok(mut map) = self.devices.write() {
            map.remove(key);
        }
        if let Ok(mut map) = self.ssh_passwords.write() {
            map.remove(key);
        }
    }

    /// Moves a provisional key (a device being added) to its HSM serial.
    pub fn rekey(&self, from: &HsmSerial, to: &HsmSerial) {
        if let Ok(mut map) = self.devices.write()
            && let Some(a) = map.remove(from)
        {
            map.insert(to.clone(), a);
        }
        if let Ok(mut map) = self.ssh_passwords.write()
            && let Some(p) = map.remove(from)
        {
            map.insert(to.clone(), p);
        }
    }

    pub fn set_ssh_password(&self, key: &HsmSerial, password: SecretString) {
        if let Ok(mut map) = self.ssh_passwords.write() {
            map.insert(key.clone(), password);
        }
    }

    /// LunaCM steps run `config`'s program locally instead of over SSH (`mode = "local"`).
    pub fn set_client_host_local(&self, config: LocalProcessConfig) {
        if let Ok(mut local) = self.client_host_local.write() {
            *local = Some(config);
        }
    }

    /// NTLS: how the Luna client host is registered on the appliances (simulated: its fleet
    /// name and hostname; over SSH: its host as both); None when no client host is configured
    /// or it is local (this machine's hostname is not known here).
    pub fn client_host_identity(&self) -> Option<super::ntls_steps::ClientHostIdentity> {
        if let Some(fleet) = self.sim_fleet() {
            let f = fleet.lock().ok()?;
            return Some(super::ntls_steps::ClientHostIdentity {
                name: f.client_host.name.clone(),
                hostname: f.client_host.hostname.clone(),
            });
        }
        if let Some(fleet) = self.replay_fleet() {
            let d = fleet.client_host()?;
            return Some(super::ntls_steps::ClientHostIdentity {
                name: d.name.clone(),
                hostname: d.host.clone(),
            });
        }
        let a = self.access(&client_host_key())?;
        Some(super::ntls_steps::ClientHostIdentity {
            name: a.host.clone(),
            hostname: a.host,
        })
    }

    pub fn access(&self, key: &HsmSerial) -> Option<DeviceAccess> {
        self.devices.read().ok().and_then(|m| m.get(key).cloned())
    }

    fn unknown(key: &HsmSerial) -> ShellError {
        ShellError::Unreachable {
            target: key.to_string(),
            reason: "no address is known for this device".into(),
        }
    }

    fn open_sim(&self, fleet: &SharedFleet, key: &HsmSerial) -> Result<Box<dyn Shell>, ShellError> {
        if key.as_str() == CLIENT_HOST {
            return Ok(Box::new(SimShell::client_host(fleet.clone())));
        }
        let access = self.access(key).ok_or_else(|| Self::unknown(key))?;
        let name = fleet
            .lock()
            .ok()
            .and_then(|f| {
                f.appliances
                    .iter()
                    .find(|a| a.name == access.host || a.hostname == access.host)
                    .map(|a| a.name.clone())
            })
            .ok_or_else(|| ShellError::Unreachable {
                target: access.name.clone(),
                reason: format!("no appliance answers at {}", access.host),
            })?;
        Ok(Box::new(SimShell::appliance(fleet.clone(), &name)))
    }

    fn open_replay(
        &self,
        fleet: &ReplayFleet,
        key: &HsmSerial,
    ) -> Result<Box<dyn Shell>, ShellError> {
        if key.as_str() == CLIENT_HOST {
            return fleet.client_host_shell();
        }
        let access = self.access(key).ok_or_else(|| Self::unknown(key))?;
        fleet.shell(&access.name)
    }

    /// Who a new session is with, for the recording's manifest.
    fn record(&self, key: &HsmSerial, shell: Box<dyn Shell>) -> Box<dyn Shell> {
        let Some(recording) = self.recording() else {
            return shell;
        };
        let client = key.as_str() == CLIENT_HOST;
        let access = match (client, self.sim_fleet()) {
            // The simulated client host is registered on the appliances by its fleet identity.
            (true, Some(_)) => self.client_host_identity().map(|id| DeviceAccess {
                name: id.name,
                host: id.hostname,
                port: 22,
                user: String::new(),
                auth: SshAuth::Password,
            }),
            _ => self.access(key),
        };
        let host_key = match (self.known_hosts_path(), access.as_ref()) {
            (Some(path), Some(a)) => Some(verified_host_key(path.to_path_buf(), a)),
            _ => None,
        };
        recording.wrap(
            shell,
            SessionWith {
                role: if client {
                    DeviceRole::ClientHost
                } else {
                    DeviceRole::Appliance
                },
                access: access.as_ref(),
                adding: key.as_str().starts_with("new:"),
                host_key,
            },
        )
    }
}

/// Reads, once a command of the session has succeeded (so the transport has checked the host
/// key against lunadeck's known hosts), the fingerprint recorded there for the device.
fn verified_host_key(known_hosts: PathBuf, a: &DeviceAccess) -> super::recording::HostKeyLookup {
    let (host, port) = (a.host.clone(), a.port);
    Box::new(move || {
        let known = KnownHosts::load(&known_hosts).ok()?;
        known
            .entries()
            .iter()
            .find(|e| e.port == port && e.host.eq_ignore_ascii_case(&host))
            .map(|e| fingerprint(&e.key))
    })
}

impl ShellProvider for FleetAccess {
    fn open(&self, key: &HsmSerial) -> Result<Box<dyn Shell>, ShellError> {
        let shell = self.open_transport(key)?;
        Ok(self.record(key, shell))
    }
}

impl FleetAccess {
    fn open_transport(&self, key: &HsmSerial) -> Result<Box<dyn Shell>, ShellError> {
        match &self.transport {
            Transport::Sim { fleet } => self.open_sim(fleet, key),
            Transport::Replay { fleet } => self.open_replay(fleet, key),
            Transport::Ssh {
                known_hosts,
                decider,
                mode,
                connect_timeout,
                keepalive,
            } => {
                if key.as_str() == CLIENT_HOST {
                    if let Some(config) = self.client_host_local.read().ok().and_then(|l| l.clone())
                    {
                        return Ok(Box::new(LocalProcessShell::new(config)));
                    }
                    if self.access(key).is_none() {
                        return Err(ShellError::Unreachable {
                            target: "client host".into(),
                            reason: "no Luna client host is configured for LunaCM steps: give \
                                     --client-host USER@HOST[:PORT] with --client-host-key PATH, \
                                     or set [client_host] in config.toml"
                                .into(),
                        });
                    }
                }
                let access = self.access(key).ok_or_else(|| Self::unknown(key))?;
                let credentials = match &access.auth {
                    SshAuth::Key { path } => SshCredentials::Key {
                        path: PathBuf::from(path),
                        passphrase: None,
                    },
                    SshAuth::Password => {
                        let pw = self
                            .ssh_passwords
                            .read()
                            .ok()
                            .and_then(|m| m.get(key).cloned())
                            .ok_or_else(|| ShellError::AuthFailed {
                                target: access.name.clone(),
                                user: access.user.clone(),
                            })?;
                        SshCredentials::Password(pw)
                    }
                };
                let mut target = SshTarget::new(
                    access.name.clone(),
                    access.host.clone(),
                    access.port,
                    access.user.clone(),
                    credentials,
                    known_hosts.clone(),
                    decider.clone(),
                );
                target.mode = *mode;
                target.connect_timeout = *connect_timeout;
                target.keepalive = *keepalive;
                Ok(Box::new(SshShell::start(target)?))
            }
        }
    }
}
