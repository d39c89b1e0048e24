//! Initialize New Partitions (HA-2): the added members get the existing label, the cloning
//! domain and credentials the user types, and the crypto-user table of the seed is applied.

use super::access::client_host_key;
use super::cm_steps::ManageSteps;
use super::completion::{Completion, failure_message, outputs};
use super::console::{Console, Submission};
use super::error::{OpsError, OpsResult};
use crate::domain::DomainError;
use crate::domain::audit_event::Outcome;
use crate::domain::crypto_user::{CuOutcome, CuTableKind, new_partition_cu};
use crate::domain::device::{AuthMethod, Device};
use crate::domain::ids::{JobId, PartitionSerial, ServiceId};
use crate::domain::initialization::{ConfirmedSecret, InitCredentials, validate_init};
use crate::domain::lifecycle::{ServiceEvent, ServiceState, permits};
use crate::domain::operation::Operation;
use crate::domain::partition::{RoleState, Roles};
use crate::domain::plan::{Plan, PlanStep, StepAction};
use crate::jobs::{JobOutcome, Parallelism};
use serde_json::json;

/// What the Initialize New Partitions wizard collected (password services). Each secret typed
/// twice; `cu` is the Initialize Crypto User checkbox with its password.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct NewPartitionsForm {
    pub domain: ConfirmedSecret,
    pub so: Option<ConfirmedSecret>,
    pub co: ConfirmedSecret,
    pub cu: Option<ConfirmedSecret>,
}

impl Console {
    /// HA-2: initializes the pending members like the existing ones, then applies the seed's
    /// crypto-user table (returns the row's behaviour with the job).
    pub fn submit_init_new_partitions(
        &mut self,
        service_id: ServiceId,
        form: NewPartitionsForm,
    ) -> OpsResult<(JobId, CuOutcome)> {
        let service = self.service_for(service_id, Operation::InitializeNewPartitions)?;
        permits(&service, Operation::InitializeNewPartitions)?;
        if service.auth != AuthMethod::Password {
            return Err(DomainError::refused(
                "a PED service: its new partitions are initialized with the service's PED keys \
                 and challenges, not with passwords",
            )
            .into());
        }
        let members = self.members_with_devices(&service)?;
        let (old, new): (Vec<_>, Vec<_>) = members
            .iter()
            .partition(|(p, _)| !service.pending_members().any(|m| m.partition == p.serial));
        let label = old
            .first()
            .and_then(|(p, _)| p.label.clone())
            .ok_or_else(|| {
                OpsError::from(DomainError::refused(
                    "the existing partitions have no label",
                ))
            })?;
        // The same checks as Initialize, on the new members only (INIT-4: one set for all).
        let mut view = service.clone();
        view.state = ServiceState::Uninitialized;
        view.members.retain(|m| m.pending_init);
        validate_init(
            &view,
            &InitCredentials::Password {
                label: label.clone(),
                domain: form.domain.clone(),
                so: form.so.clone(),
                co: form.co.clone(),
                cu: form.cu.clone(),
            },
        )?;
        let old_cu = if old.iter().all(|(p, _)| p.roles.cu.is_initialized()) {
            RoleState::Initialized
        } else {
            RoleState::NotInitialized
        };
        let table = new_partition_cu(CuTableKind::PpsoPassword, form.cu.is_some(), old_cu);
        let devices: Vec<&Device> = new.iter().map(|(_, d)| d).collect();
        self.require_authorized(&devices)?;
        let (mut executor, mut secrets) = self.executor_with_so(&devices);
        let mut index = |s: &ConfirmedSecret| {
            secrets.push(s.value.clone());
            secrets.len() - 1
        };
        executor.manage = ManageSteps {
            domain: Some(index(&form.domain)),
            partition_so: form.so.as_ref().map(&mut index),
            co: Some(index(&form.co)),
            cu: form.cu.as_ref().map(&mut index),
            source_co: None,
            client_host: Some(self.access.clone()),
        };
        let mut steps = Vec::new();
        for (p, d) in &new {
            let mut login = PlanStep::read(&d.serial, &d.name, StepAction::SoLogin);
            login.changes_state = false;
            steps.push(login);
            steps.push(PlanStep::new(
                &d.serial,
                &d.name,
                StepAction::InitializeMember {
                    name: p.name.clone(),
                    serial: p.serial.clone(),
                    label: label.clone(),
                },
                None,
            ));
        }
        let host = client_host_key();
        let mut cu_targets: Vec<PartitionSerial> = Vec::new();
        if table.new_partition.is_initialized() {
            cu_targets.extend(new.iter().map(|(p, _)| p.serial.clone()));
        }
        for (p, _) in &old {
            if table.old_partitions.is_initialized() && !p.roles.cu.is_initialized() {
                cu_targets.push(p.serial.clone());
            }
        }
        for serial in &cu_targets {
            steps.push(PlanStep::new(
                &host,
                "client host",
                StepAction::InitializeMemberCu {
                    serial: serial.clone(),
                },
                None,
            ));
        }
        let job = self.submit(Submission {
            plan: Plan {
                operation: Operation::InitializeNewPartitions,
                steps,
            },
            executor,
            secrets,
            parallelism: Parallelism::Sequential,
            service: Some(service.id),
            organization: Some(service.organization),
            completion: Box::new(NewInitialized {
                service: service.id,
                label,
                ppso: service.ppso,
                new: new.iter().map(|(p, _)| p.serial.clone()).collect(),
                cu_targets,
            }),
        })?;
        Ok((job, table))
    }
}

struct NewInitialized {
    service: ServiceId,
    label: String,
    ppso: bool,
    new: Vec<PartitionSerial>,
    cu_targets: Vec<PartitionSerial>,
}

impl Completion for NewInitialized {
    fn apply(
        self: Box<Self>,
        c: &mut Console,
        outcome: &JobOutcome,
    ) -> OpsResult<(String, serde_json::Value)> {
        let Some(mut service) = c.store.load_service(self.service)? else {
            return Ok(("the service no longer exists".into(), json!(null)));
        };
        let org = Some(service.organization);
        let done = outputs(outcome);
        let did = |step: &str| done.iter().any(|r| r.step == step);
        let mut initialized = Vec::new();
        for serial in &self.new {
            let Some(mut p) = c.store.load_partition(serial)? else {
                continue;
            };
            let step = StepAction::InitializeMember {
                name: p.name.clone(),
                serial: serial.clone(),
                label: self.label.clone(),
            };
            if !did(&step.to_string()) {
                continue;
            }
            p.initialized = true;
            p.label = Some(self.label.clone());
            p.roles = Roles {
                so: if self.ppso {
                    RoleState::Initialized
                } else {
                    RoleState::NotInitialized
                },
                co: RoleState::Initialized,
                cu: RoleState::NotInitialized,
            };
            c.store.save_partition(&p)?;
            if let Some(m) = service.members.iter_mut().find(|m| &m.partition == serial) {
                m.pending_init = false;
            }
            initialized.push(serial.to_string());
        }
        for serial in &self.cu_targets {
            let step = StepAction::InitializeMemberCu {
                serial: serial.clone(),
            };
            if did(&step.to_string())
                && let Some(mut p) = c.store.load_partition(serial)?
            {
                p.roles.cu = RoleState::Initialized;
                c.store.save_partition(&p)?;
            }
        }
        if service.pending_members().next().is_none() {
            service.state = service
                .state
                .apply(ServiceEvent::NewPartitionsInitialized)?;
        }
        c.store.save_service(&service)?;
        let parts = c.service_partition_names(&service)?;
        let marked = c.mark_for_reregistration(&parts)?;
        let result = json!({"initialized": initialized, "state": service.state.to_string(), "clients_marked": marked});
        match failure_message(outcome) {
            None => {
                c.audit(
                    Operation::InitializeNewPartitions,
                    org,
                    None,
                    &service.name,
                    Outcome::Success,
                )?;
                Ok((
                    format!(
                        "{} new partition(s) of service '{}' initialized",
                        initialized.len(),
                        service.name
                    ),
                    result,
                ))
            }
            Some(why) => {
                c.audit(
                    Operation::InitializeNewPartitions,
                    org,
                    None,
                    &service.name,
                    Outcome::Failure {
                        reason: why.clone(),
                    },
                )?;
                Ok((format!("initialization stopped: {why}"), result))
            }
        }
    }
}
