//! Device operations (DEV-1..3): add (host-key trust, then `hsm show`), refresh, authorize
//! (one SO login check; the SO secret stays in memory), remove from the console.

use super::access::DeviceAccess;
use super::console::{Console, Submission};
use super::device_completions::{Authorized, DeviceAdded, DevicesRefreshed};
use super::error::{OpsError, OpsResult};
use super::executor::{DeviceProfile, LunaExecutor};
use crate::domain::DomainError;
use crate::domain::audit_event::Outcome;
use crate::domain::device::{Device, DeviceStatus, PedServer, SshAuth};
use crate::domain::error::Field;
use crate::domain::ids::{HsmSerial, JobId};
use crate::domain::operation::Operation;
use crate::domain::plan::{Plan, PlanStep, StepAction};
use crate::domain::validation::{
    parse_port, validate_device_name, validate_host, validate_ssh_user,
};
use crate::jobs::Parallelism;
use crate::luna::known_hosts::KnownHosts;
use crate::luna::ssh::check_private_key_file;
use secrecy::SecretString;

/// What the add-device form holds (DEV-1). The SSH password is used, never stored.
pub struct DeviceForm {
    pub name: String,
    pub host: String,
    pub port: String,
    pub user: String,
    pub auth: SshAuth,
    pub ssh_password: Option<SecretString>,
}

impl Console {
    pub fn devices(&self) -> OpsResult<Vec<Device>> {
        self.authorize(Operation::ViewDevices, None)?;
        Ok(self.store.list_devices()?)
    }

    /// How a message names a device (issue 11.4): its console name, with the HSM serial only
    /// when the console does not know it (any more).
    pub fn device_label(&self, serial: &HsmSerial) -> String {
        match self.store.load_device(serial) {
            Ok(Some(d)) => d.name,
            _ => format!("device {serial}"),
        }
    }

    pub fn device_by_name(&self, name: &str) -> OpsResult<Device> {
        self.devices()?
            .into_iter()
            .find(|d| d.name.eq_ignore_ascii_case(name) || d.serial.as_str() == name)
            .ok_or_else(|| OpsError::NotFound(format!("no device named '{name}'")))
    }

    /// The status shown in the device list: unreachable at last contact, up but not
    /// authorized in this session, or up (DEV-3).
    pub fn device_status(&self, device: &Device) -> DeviceStatus {
        match device.status {
            DeviceStatus::Unreachable => DeviceStatus::Unreachable,
            _ if device.facts.auth == crate::domain::device::AuthMethod::Password
                && !self.is_authorized(&device.serial) =>
            {
                DeviceStatus::Unauthorized
            }
            _ => DeviceStatus::Up,
        }
    }

    /// Registers every stored device with the transport (at start-up).
    pub fn register_devices(&mut self) -> OpsResult<()> {
        let devices = self.store.list_devices()?;
        for d in &devices {
            self.access.register(&d.serial, access_of(d));
        }
        if let Some(recording) = self.access.recording() {
            recording.note_existing(&devices);
        }
        Ok(())
    }

    pub fn executor_for(&self, devices: &[Device]) -> LunaExecutor {
        let mut ex = LunaExecutor::default();
        for d in devices {
            ex.profiles.insert(
                d.serial.clone(),
                DeviceProfile {
                    software: d.facts.software,
                    firmware: d.facts.firmware,
                    auth: d.facts.auth,
                },
            );
        }
        ex
    }

    /// DEV-1: validates the form (name, host, port, SSH user, and that a key file is a readable
    /// private key), then reads the appliance. The host key is checked by the transport (trust
    /// callback) before anything else is sent.
    pub fn submit_add_device(&mut self, form: DeviceForm) -> OpsResult<JobId> {
        self.authorize(Operation::AddDevice, None)?;
        let existing: Vec<Device> = self.store.list_devices()?;
        let names: Vec<&str> = existing.iter().map(|d| d.name.as_str()).collect();
        let name = validate_device_name(&form.name, &names, None)?;
        let host = validate_host(&form.host)?;
        let port = parse_port(&form.port)?;
        let user = validate_ssh_user(&form.user)?;
        check_ssh_auth(&form.auth)?;
        if existing.iter().any(|d| d.host == host && d.port == port) {
            return Err(DomainError::refused(format!("{host}:{port} is already added")).into());
        }
        self.access
            .check_host_key_pins(&host, port)
            .map_err(|e| DomainError::refused(e.to_string()))?;
        let key = HsmSerial::new(format!("new:{name}"));
        let access = DeviceAccess {
            name: name.clone(),
            host,
            port,
            user,
            auth: form.auth,
        };
        self.access.register(&key, access.clone());
        if let Some(pw) = form.ssh_password {
            self.access.set_ssh_password(&key, pw);
        }
        let plan = Plan {
            operation: Operation::AddDevice,
            steps: vec![PlanStep::read(&key, &name, StepAction::ReadHsm)],
        };
        self.submit(Submission {
            plan,
            executor: LunaExecutor::default(),
            secrets: Vec::new(),
            parallelism: Parallelism::Sequential,
            service: None,
            organization: None,
            completion: Box::new(DeviceAdded { key, access }),
        })
    }

    /// DEV-3: re-reads the given devices (all when empty), in parallel.
    pub fn submit_refresh(&mut self, serials: &[HsmSerial]) -> OpsResult<JobId> {
        self.authorize(Operation::RefreshDevice, None)?;
        let devices: Vec<Device> = self
            .store
            .list_devices()?
            .into_iter()
            .filter(|d| serials.is_empty() || serials.contains(&d.serial))
            .collect();
        if devices.is_empty() {
            return Err(OpsError::NotFound("no device to refresh".into()));
        }
        let steps = devices
            .iter()
            .map(|d| PlanStep::read(&d.serial, &d.name, StepAction::ReadHsm))
            .collect();
        self.submit(Submission {
            plan: Plan {
                operation: Operation::RefreshDevice,
                steps,
            },
            executor: LunaExecutor::default(),
            secrets: Vec::new(),
            parallelism: Parallelism::PerDevice,
            service: None,
            organization: None,
            completion: Box::new(DevicesRefreshed {
                devices: devices.iter().map(|d| d.serial.clone()).collect(),
                reported: Vec::new(),
            }),
        })
    }

    /// DEV-2: checks the HSM SO secret with ONE `hsm login` (never retried) and keeps it in
    /// memory for this session. PED devices record the remote PED server instead.
    pub fn submit_authorize(
        &mut self,
        serial: &HsmSerial,
        secret: SecretString,
    ) -> OpsResult<JobId> {
        self.authorize(Operation::AuthorizeDevice, None)?;
        let device = self
            .store
            .load_device(serial)?
            .ok_or_else(|| OpsError::NotFound(format!("no device with serial {serial}")))?;
        if let Some(why) = self.so_password_refusal(&device) {
            let what_to_do = if device.facts.auth == crate::domain::device::AuthMethod::Ped {
                "record its remote PED server instead"
            } else {
                "wait for its result"
            };
            return Err(DomainError::refused(format!(
                "{}: {why}: {what_to_do} (nothing was sent)",
                device.name
            ))
            .into());
        }
        crate::domain::validation::validate_so_password(&secret)?;
        let mut executor = self.executor_for(std::slice::from_ref(&device));
        executor.so_secret.insert(serial.clone(), 0);
        executor.verify_so = true;
        let mut step = PlanStep::read(serial, &device.name, StepAction::SoLogin);
        step.changes_state = false;
        let job = self.submit(Submission {
            plan: Plan {
                operation: Operation::AuthorizeDevice,
                steps: vec![step],
            },
            executor,
            secrets: vec![secret.clone()],
            parallelism: Parallelism::Sequential,
            service: None,
            organization: None,
            completion: Box::new(Authorized {
                serial: serial.clone(),
                secret,
            }),
        })?;
        self.authorizing.insert(job, serial.clone());
        Ok(job)
    }

    /// DEV-2 for PED appliances: where the remote PED server listens. Refused for an appliance
    /// that logs its HSM SO in with a password.
    pub fn set_ped_server(&mut self, serial: &HsmSerial, ped: PedServer) -> OpsResult<()> {
        self.atomically(|c| c.set_ped_server_unit(serial, ped))
    }

    fn set_ped_server_unit(&mut self, serial: &HsmSerial, ped: PedServer) -> OpsResult<()> {
        self.authorize(Operation::AuthorizeDevice, None)?;
        let mut device = self
            .store
            .load_device(serial)?
            .ok_or_else(|| OpsError::NotFound(format!("no device with serial {serial}")))?;
        if device.facts.auth != crate::domain::device::AuthMethod::Ped {
            return Err(DomainError::refused(format!(
                "{} logs its HSM SO in with a password, not a PED: a remote PED server is only \
                 recorded for a PED appliance (nothing was saved)",
                device.name
            ))
            .into());
        }
        let target = format!("{} PED server {}:{}", device.name, ped.host, ped.port);
        device.ped_server = Some(ped);
        self.store.save_device(&device)?;
        self.audit(
            Operation::AuthorizeDevice,
            None,
            Some(serial.clone()),
            &target,
            Outcome::Success,
        )
    }

    /// DEV-3: forgets a device (nothing changes on the appliance), and its recorded host key
    /// unless another device uses the same host and port. Refused while a service has a
    /// partition on it.
    pub fn remove_device(&mut self, serial: &HsmSerial) -> OpsResult<()> {
        let address = self.store.load_device(serial)?.map(|d| (d.host, d.port));
        self.atomically(|c| c.remove_device_unit(serial))?;
        match address {
            Some((host, port)) => self.forget_host_key(&host, port),
            None => Ok(()),
        }
    }

    /// Removes the known-hosts entry of `host:port` (SSH transport only) when no stored device
    /// and not the client host uses that address any more.
    fn forget_host_key(&self, host: &str, port: u16) -> OpsResult<()> {
        let Some(path) = self.access.known_hosts_path() else {
            return Ok(());
        };
        let same = |h: &str, p: u16| p == port && h.eq_ignore_ascii_case(host);
        let client = self.access.access(&super::access::client_host_key());
        if self
            .store
            .list_devices()?
            .iter()
            .any(|d| same(&d.host, d.port))
            || client.is_some_and(|c| same(&c.host, c.port))
        {
            return Ok(());
        }
        KnownHosts::load(path)
            .and_then(|mut known| known.forget(host, port))
            .map(|_| ())
            .map_err(|e| {
                OpsError::Failed(format!(
                    "the device was removed, but the host key of {host}:{port} could not be \
                     forgotten: {e}"
                ))
            })
    }

    fn remove_device_unit(&mut self, serial: &HsmSerial) -> OpsResult<()> {
        self.authorize(Operation::RemoveDevice, None)?;
        let device = self
            .store
            .load_device(serial)?
            .ok_or_else(|| OpsError::NotFound(format!("no device with serial {serial}")))?;
        let on_device: Vec<_> = self
            .store
            .list_partitions(Some(serial))?
            .into_iter()
            .map(|p| p.serial)
            .collect();
        if let Some(svc) = self
            .store
            .list_services(None)?
            .into_iter()
            .find(|s| s.members.iter().any(|m| on_device.contains(&m.partition)))
        {
            return Err(DomainError::refused(format!(
                "{} hosts a partition of service '{}': detach or delete the service first",
                device.name, svc.name
            ))
            .into());
        }
        self.store.delete_device(serial)?;
        self.access.forget(serial);
        self.drop_so_secret(serial);
        self.audit(
            Operation::RemoveDevice,
            None,
            Some(serial.clone()),
            &device.name,
            Outcome::Success,
        )
    }
}

/// A key login must name a readable private key file (DEV-1), checked before anything connects.
pub(crate) fn check_ssh_auth(auth: &SshAuth) -> OpsResult<()> {
    match auth {
        SshAuth::Key { path } => check_private_key_file(std::path::Path::new(path))
            .map_err(|e| DomainError::invalid(Field::SshKey, e.to_string()).into()),
        SshAuth::Password => Ok(()),
    }
}

pub fn access_of(d: &Device) -> DeviceAccess {
    DeviceAccess {
        name: d.name.clone(),
        host: d.host.clone(),
        port: d.port,
        user: d.ssh_user.clone(),
        auth: d.ssh_auth.clone(),
    }
}
