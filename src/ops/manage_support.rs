//! What the service-management operations share: the service as the signed-in user may see it,
//! its members with their devices, and an executor carrying the HSM SO secrets of those devices.

use super::console::Console;
use super::error::{OpsError, OpsResult};
use super::executor::LunaExecutor;
use crate::domain::DomainError;
use crate::domain::device::{AuthMethod, Device};
use crate::domain::ids::{HsmSerial, ServiceId};
use crate::domain::operation::Operation;
use crate::domain::partition::Partition;
use crate::domain::permission::can_see;
use crate::domain::service::Service;
use secrecy::SecretString;

impl Console {
    /// The service `id` after the permission check for `op`. A service of another organization
    /// is "not found" for an Owner: they never learn it exists (PERM). While a migration runs,
    /// its source and its new service are refused to every changing operation (MIG-5).
    pub fn service_for(&self, id: ServiceId, op: Operation) -> OpsResult<Service> {
        let service = self
            .store
            .load_service(id)?
            .filter(|s| can_see(self.session(), Some(s.organization)))
            .ok_or_else(|| OpsError::NotFound(format!("no service with id {id}")))?;
        self.authorize(op, Some(service.organization))?;
        if op.writes()
            && let Some(m) = self.migration_lock(id)?
        {
            return Err(DomainError::refused(
                crate::domain::migration_record::MigrationRecord::locked_refusal(&service.name, m),
            )
            .into());
        }
        Ok(service)
    }

    /// The service's member partitions with the device hosting each, in member order. The
    /// device's status is the one the device list shows (unauthorized in this session counts).
    pub fn members_with_devices(&self, service: &Service) -> OpsResult<Vec<(Partition, Device)>> {
        let mut out = Vec::new();
        for m in &service.members {
            let Some(p) = self.store.load_partition(&m.partition)? else {
                return Err(DomainError::refused(format!(
                    "partition {} of service '{}' is not known: refresh the devices",
                    m.partition, service.name
                ))
                .into());
            };
            let Some(mut d) = self.store.load_device(&p.device)? else {
                return Err(DomainError::refused(format!(
                    "device {} of partition {} is not in the console",
                    p.device, p.serial
                ))
                .into());
            };
            d.status = self.device_status(&d);
            out.push((p, d));
        }
        Ok(out)
    }

    /// A password device with no HSM SO secret in this session (a PED device's HSM SO logs in
    /// at the PED: it never lacks one).
    pub fn lacks_so_secret(&self, d: &Device) -> bool {
        d.facts.auth == AuthMethod::Password && !self.is_authorized(&d.serial)
    }

    /// Refuses before anything is submitted when a password device has no HSM SO secret
    /// (DEV-2). A PED device's HSM SO logs in with the blue PED key at the PED: nothing to type.
    pub fn require_authorized(&self, devices: &[&Device]) -> OpsResult<()> {
        let missing: Vec<&str> = devices
            .iter()
            .filter(|d| self.lacks_so_secret(d))
            .map(|d| d.name.as_str())
            .collect();
        if missing.is_empty() {
            return Ok(());
        }
        Err(DomainError::refused(format!(
            "device(s) {} not authorized in this session: authorize them (HSM SO) first",
            missing.join(", ")
        ))
        .into())
    }

    /// An executor for `devices` whose HSM SO secrets are the first entries of the returned
    /// secrets (one per distinct device; a PED device's is empty: the PED answers).
    pub fn executor_with_so(&self, devices: &[&Device]) -> (LunaExecutor, Vec<SecretString>) {
        let owned: Vec<Device> = devices.iter().map(|d| (*d).clone()).collect();
        let mut ex = self.executor_for(&owned);
        let mut secrets = Vec::new();
        let mut seen: Vec<&HsmSerial> = Vec::new();
        for d in devices {
            if seen.contains(&&d.serial) {
                continue;
            }
            seen.push(&d.serial);
            let secret = match (self.so_secret(&d.serial), d.facts.auth) {
                (Some(s), _) => s.clone(),
                (None, AuthMethod::Ped) => SecretString::from(String::new()),
                (None, AuthMethod::Password) => continue,
            };
            ex.so_secret.insert(d.serial.clone(), secrets.len());
            secrets.push(secret);
        }
        (ex, secrets)
    }
}
