//! DEV-1: everything the console knows of one appliance, for the Devices tab's detail view —
//! what `hsm show` reported, how it is reached, its pinned host key, and its last failure.

use super::console::Console;
use super::error::{OpsError, OpsResult};
use crate::domain::device::{AuthMethod, DeviceStatus, Licences, Storage};
use crate::domain::ids::HsmSerial;
use crate::domain::job::JobState;
use crate::domain::operation::Operation;
use crate::domain::timestamp::Timestamp;
use crate::luna::known_hosts::{KnownHosts, fingerprint};
use serde::{Deserialize, Serialize};

/// One appliance in full.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeviceDetail {
    pub name: String,
    pub serial: HsmSerial,
    pub host: String,
    pub port: u16,
    pub ssh_user: String,
    pub model: String,
    pub software: String,
    pub firmware: String,
    pub hsm_label: String,
    pub auth: AuthMethod,
    /// DEV-2: where the remote PED server of a PED appliance listens, when recorded.
    #[serde(default)]
    pub ped_server: Option<crate::domain::device::PedServer>,
    /// None when `hsm show` prints no licence counts (software 5.x).
    pub licences: Option<Licences>,
    pub storage: Storage,
    pub status: DeviceStatus,
    /// An HSM SO login is kept for this session.
    pub authorized: bool,
    /// The pinned host keys ("ssh-ed25519 SHA256:..."), or why there is none.
    pub host_key: Result<Vec<String>, String>,
    pub last_seen: Option<Timestamp>,
    /// The newest failed job on this device: "job 12 (device.refresh): what it said".
    pub last_error: Option<String>,
}

impl Console {
    /// DEV-1: the detail of the device `serial` (Admins: devices are fleet administration).
    pub fn device_detail(&self, serial: &HsmSerial) -> OpsResult<DeviceDetail> {
        self.authorize_read(Operation::ViewDevices, None)?;
        let d = self
            .store
            .load_device(serial)?
            .ok_or_else(|| OpsError::NotFound(format!("device {serial} is no longer added")))?;
        let last_error = self
            .store
            .list_jobs()?
            .into_iter()
            .filter(|j| j.devices.contains(serial))
            .filter_map(|j| match j.state {
                JobState::Failed { message } => Some((j.id, j.operation, message)),
                _ => None,
            })
            .max_by_key(|(id, ..)| id.0)
            .map(|(id, op, message)| format!("job {id} ({op}): {message}"));
        Ok(DeviceDetail {
            status: self.device_status(&d),
            authorized: self.is_authorized(&d.serial),
            host_key: self.pinned_keys(&d.host, d.port),
            serial: d.serial,
            name: d.name,
            host: d.host,
            port: d.port,
            ssh_user: d.ssh_user,
            model: d.facts.model,
            software: d.facts.software.to_string(),
            firmware: d.facts.firmware.to_string(),
            hsm_label: d.facts.hsm_label,
            auth: d.facts.auth,
            ped_server: d.ped_server,
            licences: d.facts.licences,
            storage: d.facts.storage,
            last_seen: d.last_seen,
            last_error,
        })
    }

    fn pinned_keys(&self, host: &str, port: u16) -> Result<Vec<String>, String> {
        let Some(path) = self.access.known_hosts_path() else {
            return Err("none: the simulated fleet has no SSH host keys".into());
        };
        let known = KnownHosts::load(path).map_err(|e| format!("cannot read: {e}"))?;
        let keys: Vec<String> = known
            .entries()
            .iter()
            .filter(|k| k.port == port && k.host.eq_ignore_ascii_case(host))
            .map(|k| format!("{} {}", k.algorithm, fingerprint(&k.key)))
            .collect();
        if keys.is_empty() {
            return Err("none pinned yet (asked on the first connection)".into());
        }
        Ok(keys)
    }
}
