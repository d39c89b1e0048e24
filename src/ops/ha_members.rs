//! Add partitions to a service (HA-1) and remove one (HA-3): HSM SO login, create or delete on
//! the device, membership and life-cycle state saved, the service's clients marked (MNG-6).

use super::completion::{Completion, data_of, failure_message, outputs};
use super::console::{Console, Submission};
use super::error::{OpsError, OpsResult};
use crate::domain::DomainError;
use crate::domain::audit_event::Outcome;
use crate::domain::confirmation::confirm_typed;
use crate::domain::device::Device;
use crate::domain::ha::{add_partition_candidates, check_remove_partition};
use crate::domain::ids::{HsmSerial, JobId, PartitionSerial, ServiceId};
use crate::domain::lifecycle::{ServiceEvent, permits};
use crate::domain::operation::Operation;
use crate::domain::partition::{Partition, PartitionVersion};
use crate::domain::plan::{Plan, PlanStep, StepAction};
use crate::domain::service::{Member, Service, ServiceKind};
use crate::domain::template::{Capabilities, HsmLine, ServiceType};
use crate::domain::template_rules::{LUNA77_FIRMWARE, device_fit};
use crate::jobs::{JobOutcome, Parallelism, StepContext, StepError, StepOutput};
use crate::luna::shell::Shell;
use serde_json::json;

impl Console {
    /// The capabilities a new member must meet: the template's (with the service's size), or
    /// for imported services, those of the first member and its device.
    pub fn service_capabilities(&self, service: &Service) -> OpsResult<Capabilities> {
        if let Some(t) = service.template
            && let Some(t) = self.store.load_template(t)?
        {
            let mut caps = t.capabilities;
            caps.partition_size = service.partition_size;
            return Ok(caps);
        }
        let members = self.members_with_devices(service)?;
        let (p, d) = members.first().ok_or_else(|| {
            OpsError::from(DomainError::refused(format!(
                "service '{}' has no partitions",
                service.name
            )))
        })?;
        let line = match d.facts.firmware {
            f if f.major < 7 => HsmLine::Luna6,
            f if f < LUNA77_FIRMWARE => HsmLine::Luna7,
            _ => HsmLine::Luna77,
        };
        Ok(Capabilities {
            service_type: if service.kind.is_ha() {
                ServiceType::HaGroup
            } else {
                ServiceType::Partition
            },
            performance: crate::domain::device::Performance::Standard,
            auth: service.auth,
            line,
            partition_size: service.partition_size,
            ppso: service.ppso,
            sks: p.version == PartitionVersion::V1,
            stc: service.stc,
        })
    }

    /// HA-1: devices that may receive a new partition of the service, each with why it cannot
    /// (None when it fits).
    pub fn add_partition_choices(
        &self,
        service_id: ServiceId,
    ) -> OpsResult<Vec<(Device, Option<String>)>> {
        // A read: the service as its viewer sees it, then the Admin-only rule of adding.
        let service = self.service_for(service_id, Operation::ViewService)?;
        self.authorize_read(Operation::AddPartitions, Some(service.organization))?;
        let caps = self.service_capabilities(&service)?;
        let partitions = self.store.list_partitions(None)?;
        let mut devices = self.store.list_devices()?;
        for d in &mut devices {
            d.status = self.device_status(d);
        }
        Ok(add_partition_candidates(&service, &partitions, &devices)
            .into_iter()
            .map(|d| {
                (
                    d.clone(),
                    device_fit(&caps, d, 0).err().map(|e| e.to_string()),
                )
            })
            .collect())
    }

    /// HA-1: creates a partition of the service on each of `devices` (all or nothing). The new
    /// members wait for initialization (Initialize New Partitions).
    pub fn submit_add_partitions(
        &mut self,
        service_id: ServiceId,
        devices: &[HsmSerial],
    ) -> OpsResult<JobId> {
        let service = self.service_for(service_id, Operation::AddPartitions)?;
        permits(&service, Operation::AddPartitions)?;
        if devices.is_empty() {
            return Err(DomainError::refused("choose at least one device").into());
        }
        let choices = self.add_partition_choices(service_id)?;
        let members = self.members_with_devices(&service)?;
        let (name, version) = members
            .first()
            .map(|(p, _)| (p.name.clone(), p.version))
            .ok_or_else(|| OpsError::from(DomainError::refused("the service has no partitions")))?;
        let mut chosen: Vec<Device> = Vec::new();
        for serial in devices {
            let Some((d, why)) = choices.iter().find(|(d, _)| &d.serial == serial) else {
                return Err(DomainError::refused(format!(
                    "device {serial} cannot be added: it already hosts a partition of service '{}' or is not in the console",
                    service.name
                ))
                .into());
            };
            if let Some(why) = why {
                return Err(DomainError::refused(why.clone()).into());
            }
            if self
                .store
                .list_partitions(Some(serial))?
                .iter()
                .any(|p| p.name == name)
            {
                return Err(DomainError::refused(format!(
                    "device '{}' already has a partition named '{name}'",
                    d.name
                ))
                .into());
            }
            if !chosen.iter().any(|c| c.serial == d.serial) {
                chosen.push(d.clone());
            }
        }
        let refs: Vec<&Device> = chosen.iter().collect();
        self.require_authorized(&refs)?;
        let (mut executor, secrets) = self.executor_with_so(&refs);
        self.wire_client_host_identity(&mut executor);
        let mut steps = Vec::new();
        for d in &chosen {
            let mut login = PlanStep::read(&d.serial, &d.name, StepAction::SoLogin);
            login.changes_state = false;
            steps.push(login);
            steps.push(PlanStep::new(
                &d.serial,
                &d.name,
                StepAction::CreatePartition {
                    name: name.clone(),
                    size: service.partition_size,
                    version,
                },
                Some(StepAction::DeletePartition { name: name.clone() }),
            ));
            steps.extend(self.assign_to_client_host_step(d, &name));
            steps.push(PlanStep::read(
                &d.serial,
                &d.name,
                StepAction::RefreshPartitions,
            ));
        }
        self.submit(Submission {
            plan: Plan {
                operation: Operation::AddPartitions,
                steps,
            },
            executor,
            secrets,
            parallelism: Parallelism::Sequential,
            service: Some(service.id),
            organization: Some(service.organization),
            completion: Box::new(PartitionsAdded {
                service: service.id,
                name,
                devices: chosen.iter().map(|d| d.serial.clone()).collect(),
            }),
        })
    }

    /// HA-3: deletes `partition` from its device and from the service, after the user typed the
    /// partition's name (`typed`). Refused for the last partition and single-partition services.
    pub fn submit_remove_partition(
        &mut self,
        service_id: ServiceId,
        partition: &PartitionSerial,
        typed: &str,
    ) -> OpsResult<JobId> {
        let service = self.service_for(service_id, Operation::RemovePartition)?;
        check_remove_partition(&service, partition)?;
        permits(&service, Operation::RemovePartition)?;
        let members = self.members_with_devices(&service)?;
        let (p, d) = members
            .iter()
            .find(|(p, _)| &p.serial == partition)
            .ok_or_else(|| OpsError::NotFound(format!("partition {partition} is not known")))?;
        confirm_typed(&p.name, typed, "partition name")?;
        self.require_authorized(&[d])?;
        let (executor, secrets) = self.executor_with_so(&[d]);
        let mut login = PlanStep::read(&d.serial, &d.name, StepAction::SoLogin);
        login.changes_state = false;
        let delete = PlanStep::new(
            &d.serial,
            &d.name,
            StepAction::DeletePartition {
                name: p.name.clone(),
            },
            None,
        );
        self.submit(Submission {
            plan: Plan {
                operation: Operation::RemovePartition,
                steps: vec![login, delete],
            },
            executor,
            secrets,
            parallelism: Parallelism::Sequential,
            service: Some(service.id),
            organization: Some(service.organization),
            completion: Box::new(PartitionRemoved {
                service: service.id,
                partition: p.clone(),
                device_name: d.name.clone(),
            }),
        })
    }
}

/// The executor arm of `StepAction::InitializeMemberCu` (HA-2).
pub fn init_cu_step(
    shell: &mut dyn Shell,
    serial: &PartitionSerial,
    manage: &super::cm_steps::ManageSteps,
    ctx: &StepContext<'_>,
) -> Result<StepOutput, StepError> {
    let co = super::cm_steps::secret(ctx, manage.co, "crypto officer password")?;
    let cu = super::cm_steps::secret(ctx, manage.cu, "crypto user password")?;
    super::cm_steps::init_cu(shell, serial, co, cu, ctx)
}

struct PartitionsAdded {
    service: ServiceId,
    name: String,
    devices: Vec<HsmSerial>,
}

impl Completion for PartitionsAdded {
    fn apply(
        self: Box<Self>,
        c: &mut Console,
        outcome: &JobOutcome,
    ) -> OpsResult<(String, serde_json::Value)> {
        let Some(mut service) = c.store.load_service(self.service)? else {
            return Ok(("the service no longer exists".into(), json!(null)));
        };
        let org = Some(service.organization);
        if let Some(why) = failure_message(outcome) {
            c.audit(
                Operation::AddPartitions,
                org,
                None,
                &service.name,
                Outcome::Failure {
                    reason: why.clone(),
                },
            )?;
            return Ok((
                format!("no partition was added: {why}"),
                json!({"added": [], "error": why}),
            ));
        }
        let mut added: Vec<Partition> = Vec::new();
        for serial in &self.devices {
            let found = outputs(outcome)
                .iter()
                .filter(|r| &r.device == serial)
                .find_map(data_of::<Vec<Partition>>)
                .and_then(|ps| ps.into_iter().find(|p| p.name == self.name));
            if let Some(p) = found {
                c.store.save_partition(&p)?;
                service.members.push(Member {
                    partition: p.serial.clone(),
                    pending_init: true,
                });
                added.push(p);
            }
        }
        service.state = service.state.apply(ServiceEvent::PartitionsAdded)?;
        // The seed: adding a partition converts a single-partition service to HA.
        let converted = !added.is_empty() && !service.kind.is_ha();
        if converted {
            service.kind = ServiceKind::HaGroup {
                label: super::create_service::partition_name_for(&service.name),
            };
        }
        c.store.save_service(&service)?;
        let parts = c.service_partition_names(&service)?;
        let marked = c.mark_for_reregistration(&parts)?;
        let serials: Vec<String> = added.iter().map(|p| p.serial.to_string()).collect();
        c.audit(
            Operation::AddPartitions,
            org,
            None,
            &format!("{}: {}", service.name, serials.join(", ")),
            Outcome::Success,
        )?;
        let now_ha = match (&service.kind, converted) {
            (ServiceKind::HaGroup { label }, true) => {
                format!(" (now an HA service, HA group label '{label}')")
            }
            _ => String::new(),
        };
        Ok((
            format!(
                "{} partition(s) added to service '{}'{now_ha}: initialize them now or later (Initialize New Partitions); {marked} client(s) need re-registration",
                added.len(),
                service.name
            ),
            json!({"added": serials, "state": service.state.to_string(), "clients_marked": marked}),
        ))
    }
}

struct PartitionRemoved {
    service: ServiceId,
    partition: Partition,
    device_name: String,
}

impl Completion for PartitionRemoved {
    fn apply(
        self: Box<Self>,
        c: &mut Console,
        outcome: &JobOutcome,
    ) -> OpsResult<(String, serde_json::Value)> {
        let Some(mut service) = c.store.load_service(self.service)? else {
            return Ok(("the service no longer exists".into(), json!(null)));
        };
        let org = Some(service.organization);
        let target = format!("{} on {}", self.partition.name, self.device_name);
        if let Some(why) = failure_message(outcome) {
            c.audit(
                Operation::RemovePartition,
                org,
                Some(self.partition.device.clone()),
                &target,
                Outcome::Failure {
                    reason: why.clone(),
                },
            )?;
            return Ok((
                format!("partition not removed: {why}"),
                json!({"removed": false, "error": why}),
            ));
        }
        let parts = c.service_partition_names(&service)?;
        service
            .members
            .retain(|m| m.partition != self.partition.serial);
        let pending_left = service.members.iter().any(|m| m.pending_init);
        let initialized_left = service.members.iter().any(|m| !m.pending_init);
        service.state = service.state.apply(ServiceEvent::PartitionRemoved {
            pending_left,
            initialized_left,
        })?;
        c.store.save_service(&service)?;
        c.store.replace_key_objects(&self.partition.serial, &[])?;
        c.store.delete_partition(&self.partition.serial)?;
        let marked = c.mark_for_reregistration(&parts)?;
        c.audit(
            Operation::RemovePartition,
            org,
            Some(self.partition.device.clone()),
            &target,
            Outcome::Success,
        )?;
        Ok((
            format!(
                "partition '{}' removed from service '{}' and deleted on {}; {marked} client(s) need re-registration",
                self.partition.name, service.name, self.device_name
            ),
            json!({"removed": true, "partition": self.partition.serial, "clients_marked": marked}),
        ))
    }
}
