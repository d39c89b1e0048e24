//! The Services list and a service's tabs (MNG-1..4; the General-tab edits are in
//! service_edit.rs) and the Audit tab, each filtered by PERM: Owners see their own rows.

use super::console::Console;
use super::error::OpsResult;
use crate::domain::audit_chain::ChainedEvent;
use crate::domain::device::{AuthMethod, Device, DeviceStatus};
use crate::domain::ids::{HsmSerial, OrganizationId, PartitionSerial, ServiceId, TemplateId};
use crate::domain::lifecycle::{InitializationAction, initialization_action};
use crate::domain::operation::Operation;
use crate::domain::organization::Role;
use crate::domain::partition::Partition;
use crate::domain::permission::{authorize_list, can_see};
use crate::domain::service::{Service, ServiceKind};
use crate::domain::template::ServiceType;
use crate::store::AuditFilter;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::fmt;

/// MNG-1 Status: from the member devices' last known reachability.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ServiceStatus {
    AllUp,
    Degraded,
    Down,
}

impl ServiceStatus {
    /// A symbol that says the same as the word (never colour alone, NAV-3).
    pub fn symbol(self) -> &'static str {
        match self {
            ServiceStatus::AllUp => "●",
            ServiceStatus::Degraded => "◐",
            ServiceStatus::Down => "○",
        }
    }
}

impl fmt::Display for ServiceStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ServiceStatus::AllUp => "all devices up",
            ServiceStatus::Degraded => "degraded",
            ServiceStatus::Down => "down",
        })
    }
}

/// One line of the Services list (MNG-1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceRow {
    pub id: ServiceId,
    pub name: String,
    pub service_type: ServiceType,
    pub organization: String,
    /// Template name; "imported" for imported services, "(deleted template)" when gone.
    pub template: String,
    /// Initialize / Initialize New Partitions, when the state offers one.
    pub initialization: Option<InitializationAction>,
    /// The lifecycle state (shown when no initialization action is offered).
    pub state: crate::domain::lifecycle::ServiceState,
    pub status: ServiceStatus,
    /// MIG-5: the running migration that locks it (its source or its new service).
    #[serde(default)]
    pub locked_by: Option<crate::domain::ids::MigrationId>,
}

/// One line of a Partitions-tab grid (MNG-4).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartitionRow {
    pub device: String,
    pub partition: String,
    pub label: String,
    pub serial: PartitionSerial,
    pub software: String,
    pub firmware: String,
}

/// What the Capabilities tab shows of one host device (MNG-3).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeviceCapabilities {
    pub device: String,
    pub model: String,
    pub software: String,
    pub firmware: String,
    pub performance: String,
    pub fm: String,
}

/// A service's General, Capabilities and Partitions tabs (MNG-2..4).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceDetail {
    pub service: Service,
    pub organization: String,
    pub template: String,
    pub service_type: ServiceType,
    pub auth: AuthMethod,
    pub devices: Vec<DeviceCapabilities>,
    /// MNG-3 Scalable Key Storage: every partition V1 (Some(true)), every one V0 (Some(false)),
    /// or mixed / none read (None).
    pub sks: Option<bool>,
    pub initialized: Vec<PartitionRow>,
    pub uninitialized: Vec<PartitionRow>,
}

fn type_of(kind: &ServiceKind) -> ServiceType {
    match kind {
        ServiceKind::Standalone => ServiceType::Partition,
        ServiceKind::HaGroup { .. } => ServiceType::HaGroup,
    }
}

/// Partitions by serial and devices by serial, loaded once so a list needs no search per row.
struct Hosts {
    parts: HashMap<PartitionSerial, Partition>,
    devices: HashMap<HsmSerial, Device>,
}

impl Hosts {
    fn new(parts: Vec<Partition>, devices: Vec<Device>) -> Hosts {
        Hosts {
            parts: parts.into_iter().map(|p| (p.serial.clone(), p)).collect(),
            devices: devices.into_iter().map(|d| (d.serial.clone(), d)).collect(),
        }
    }

    /// The members' partitions and devices, as far as the console knows them.
    fn of<'a>(
        &'a self,
        s: &Service,
    ) -> Vec<(PartitionSerial, Option<&'a Partition>, Option<&'a Device>)> {
        s.members
            .iter()
            .map(|m| {
                let p = self.parts.get(&m.partition);
                let d = p.and_then(|p| self.devices.get(&p.device));
                (m.partition.clone(), p, d)
            })
            .collect()
    }
}

fn status_of(hosts: &[(PartitionSerial, Option<&Partition>, Option<&Device>)]) -> ServiceStatus {
    let up = hosts
        .iter()
        .filter(|(_, _, d)| d.is_some_and(|d| d.status != DeviceStatus::Unreachable))
        .count();
    match up {
        0 => ServiceStatus::Down,
        n if n == hosts.len() => ServiceStatus::AllUp,
        _ => ServiceStatus::Degraded,
    }
}

impl Console {
    fn template_label(&self, s: &Service) -> OpsResult<String> {
        Ok(match s.template {
            None => "imported".to_string(),
            Some(id) => self
                .store
                .load_template(id)?
                .map_or_else(|| "(deleted template)".to_string(), |t| t.name),
        })
    }

    pub(super) fn org_name(&self, id: OrganizationId) -> OpsResult<String> {
        Ok(self
            .store
            .load_organization(id)?
            .map_or_else(|| format!("organization {id}"), |o| o.name))
    }

    /// MNG-1: the services the signed-in user may see, by name. Devices, partitions,
    /// organizations and templates are read once (one query each), services with their members
    /// in two: the cost grows linearly with the fleet.
    pub fn services(&self) -> OpsResult<Vec<ServiceRow>> {
        authorize_list(self.session(), Operation::ViewService)?;
        let hosts = Hosts::new(
            self.store.list_partitions(None)?,
            self.store.list_devices()?,
        );
        let orgs: HashMap<OrganizationId, String> = self
            .store
            .list_organizations()?
            .into_iter()
            .map(|o| (o.id, o.name))
            .collect();
        let templates: HashMap<TemplateId, String> = self
            .store
            .list_templates()?
            .into_iter()
            .map(|t| (t.id, t.name))
            .collect();
        let mut rows = Vec::new();
        let running: Vec<_> = self
            .store
            .list_migrations()?
            .into_iter()
            .filter(|m| m.running() && m.job.is_some_and(|j| self.is_job_running(j)))
            .collect();
        for s in self.store.list_services(None)? {
            if !can_see(self.session(), Some(s.organization)) {
                continue;
            }
            let locked_by = running.iter().find(|m| m.locks(s.id)).map(|m| m.id);
            let template = match s.template {
                None => "imported".to_string(),
                Some(id) => templates
                    .get(&id)
                    .map_or_else(|| "(deleted template)".to_string(), Clone::clone),
            };
            let organization = orgs
                .get(&s.organization)
                .map_or_else(|| format!("organization {}", s.organization), Clone::clone);
            rows.push(ServiceRow {
                id: s.id,
                service_type: type_of(&s.kind),
                organization,
                template,
                initialization: initialization_action(s.state),
                state: s.state,
                status: status_of(&hosts.of(&s)),
                locked_by,
                name: s.name,
            });
        }
        Ok(rows)
    }

    /// A service the user may view; one that is not theirs is "not found", like a missing one.
    pub(super) fn visible_service(&self, id: ServiceId, op: Operation) -> OpsResult<Service> {
        self.service_for(id, op)
    }

    /// MNG-2..4: General, Capabilities and Partitions (initialized and uninitialized grids).
    pub fn service_detail(&self, id: ServiceId) -> OpsResult<ServiceDetail> {
        let s = self.visible_service(id, Operation::ViewService)?;
        let hosts = Hosts::new(
            self.store.list_partitions(None)?,
            self.store.list_devices()?,
        );
        let mut initialized = Vec::new();
        let mut uninitialized = Vec::new();
        let mut caps: Vec<DeviceCapabilities> = Vec::new();
        let mut versions = Vec::new();
        for (m, (serial, p, d)) in s.members.iter().zip(hosts.of(&s)) {
            if let Some(p) = p {
                versions.push(p.version);
            }
            let row = PartitionRow {
                device: d.map_or_else(|| "(unknown device)".to_string(), |d| d.name.clone()),
                partition: p.map(|p| p.name.clone()).unwrap_or_default(),
                label: p.and_then(|p| p.label.clone()).unwrap_or_default(),
                serial,
                software: d.map(|d| d.facts.software.to_string()).unwrap_or_default(),
                firmware: d.map(|d| d.facts.firmware.to_string()).unwrap_or_default(),
            };
            if m.pending_init || p.is_some_and(|p| !p.initialized) {
                uninitialized.push(row);
            } else {
                initialized.push(row);
            }
            if let Some(d) = d
                && !caps.iter().any(|c| c.device == d.name)
            {
                caps.push(DeviceCapabilities {
                    device: d.name.clone(),
                    model: d.facts.model.clone(),
                    software: d.facts.software.to_string(),
                    firmware: d.facts.firmware.to_string(),
                    performance: d.facts.performance.to_string(),
                    fm: d.facts.fm.to_string(),
                });
            }
        }
        Ok(ServiceDetail {
            organization: self.org_name(s.organization)?,
            template: self.template_label(&s)?,
            service_type: type_of(&s.kind),
            auth: s.auth,
            devices: caps,
            sks: sks_of(&versions),
            initialized,
            uninitialized,
            service: s,
        })
    }

    /// X-6 Audit tab, newest first. An Owner sees only their organization's events.
    pub fn audit_events(&self, filter: &AuditFilter) -> OpsResult<Vec<ChainedEvent>> {
        authorize_list(self.session(), Operation::ViewAudit)?;
        let mut filter = filter.clone();
        if let Role::Owner(org) = self.session().user.role {
            filter.organization = Some(org);
        }
        Ok(self
            .store
            .list_audit(&filter)?
            .into_iter()
            .filter(|e| can_see(self.session(), e.event.organization))
            .collect())
    }

    /// X-6 verify: checks the whole chain, its head and the witness outside the database
    /// (`StoreError::AuditWitness` when the end was cut off or the trail rewritten); the events
    /// counted are those the user may see (an Owner learns nothing about other organizations').
    pub fn verify_audit(&self) -> OpsResult<crate::store::AuditCheck> {
        authorize_list(self.session(), Operation::VerifyAudit)?;
        let mut check = self.store.check_audit()?;
        if !matches!(self.session().user.role, Role::Admin) {
            let own = self.audit_events(&AuditFilter::default())?.len();
            check.events = u64::try_from(own).unwrap_or(u64::MAX);
        }
        Ok(check)
    }
}

/// Scalable Key Storage as the partitions show it: Some(all V1), None when mixed or none read.
fn sks_of(versions: &[crate::domain::partition::PartitionVersion]) -> Option<bool> {
    use crate::domain::partition::PartitionVersion;
    let first = *versions.first()?;
    versions
        .iter()
        .all(|v| *v == first)
        .then_some(first == PartitionVersion::V1)
}
