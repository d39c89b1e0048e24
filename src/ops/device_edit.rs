//! DEV-3 edit: change a device's console name, address or SSH login. Nothing changes on the
//! appliance; the next contact checks the host key and that the same HSM serial answers.

use super::console::Console;
use super::devices::access_of;
use super::error::{OpsError, OpsResult};
use crate::domain::audit_event::Outcome;
use crate::domain::device::{Device, SshAuth};
use crate::domain::ids::HsmSerial;
use crate::domain::operation::Operation;
use crate::domain::validation::{parse_port, validate_device_name, validate_host};

/// What to change; `None` keeps the current value.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DeviceEdit {
    pub name: Option<String>,
    pub host: Option<String>,
    pub port: Option<String>,
    pub user: Option<String>,
    pub auth: Option<SshAuth>,
    /// DEV-2, PED appliances only: the remote PED server (host, port as typed); an empty host
    /// removes the one recorded.
    pub ped_server: Option<(String, String)>,
}

impl Console {
    /// Validates every changed field with the domain rules, saves, and re-registers the device's
    /// address with the transport. Returns the saved device.
    pub fn edit_device(&mut self, serial: &HsmSerial, edit: DeviceEdit) -> OpsResult<Device> {
        self.atomically(|c| c.edit_device_unit(serial, edit))
    }

    fn edit_device_unit(&mut self, serial: &HsmSerial, edit: DeviceEdit) -> OpsResult<Device> {
        self.authorize(Operation::EditDevice, None)?;
        let all = self.store.list_devices()?;
        let mut device = all
            .iter()
            .find(|d| &d.serial == serial)
            .cloned()
            .ok_or_else(|| OpsError::NotFound(format!("no device with serial {serial}")))?;
        let mut changes = Vec::new();
        if let Some(name) = &edit.name {
            let names: Vec<&str> = all.iter().map(|d| d.name.as_str()).collect();
            let name = validate_device_name(name, &names, Some(device.name.as_str()))?;
            if name != device.name {
                changes.push(format!("name {} → {name}", device.name));
                device.name = name;
            }
        }
        if let Some(host) = &edit.host {
            let host = validate_host(host)?;
            if host != device.host {
                changes.push(format!("host {} → {host}", device.host));
                device.host = host;
            }
        }
        if let Some(port) = &edit.port {
            let port = parse_port(port)?;
            if port != device.port {
                changes.push(format!("port {} → {port}", device.port));
                device.port = port;
            }
        }
        if let Some(user) = &edit.user {
            let user = crate::domain::validation::validate_ssh_user(user)?;
            if user != device.ssh_user {
                changes.push(format!("SSH user {} → {user}", device.ssh_user));
                device.ssh_user = user;
            }
        }
        if let Some(auth) = &edit.auth {
            super::devices::check_ssh_auth(auth)?;
            if *auth != device.ssh_auth {
                changes.push("SSH login method".to_string());
                device.ssh_auth = auth.clone();
            }
        }
        if let Some((host, port)) = &edit.ped_server {
            if device.facts.auth != crate::domain::device::AuthMethod::Ped {
                return Err(crate::domain::DomainError::refused(format!(
                    "{} logs its HSM SO in with a password, not a PED: a remote PED server is \
                     only recorded for a PED appliance (nothing was saved)",
                    device.name
                ))
                .into());
            }
            if host.trim().is_empty() {
                if device.ped_server.take().is_some() {
                    changes.push("remote PED server removed".to_string());
                }
            } else if let ped = crate::domain::validation::validate_ped_server(host, port)?
                && device.ped_server.as_ref() != Some(&ped)
            {
                changes.push(format!("remote PED server {}:{}", ped.host, ped.port));
                device.ped_server = Some(ped);
            }
        }
        if changes.is_empty() {
            return Ok(device);
        }
        self.store.save_device(&device)?;
        self.access.register(&device.serial, access_of(&device));
        let target = format!("{}: {}", device.name, changes.join(", "));
        self.audit(
            Operation::EditDevice,
            None,
            Some(device.serial.clone()),
            &target,
            Outcome::Success,
        )?;
        Ok(device)
    }
}
