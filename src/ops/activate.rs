//! Activate roles later (INIT-5) and initialize the crypto user later (INIT-6) from the
//! Partitions tab: PPSO PED services only for activation; the life cycle says who is refused.
//!
//! Activation sets partition policies 22 (allow activation) and 23 (auto-activation) as the HSM
//! SO, then `partition activate` (crypto officer) and, only together with it, the crypto user.

use super::access::client_host_key;
use super::completion::{Completion, data_of, failure_message, outputs};
use super::console::{Console, Submission};
use super::create_service::wire_so_logins;
use super::error::OpsError;
use super::error::OpsResult;
use super::init_steps::{LifecycleSecrets, Started};
use super::initialize::{CLIENT_HOST_NAME, push_secret};
use crate::domain::DomainError;
use crate::domain::audit_event::Outcome;
use crate::domain::device::AuthMethod;
use crate::domain::device::Device;
use crate::domain::error::Field;
use crate::domain::ids::ServiceId;
use crate::domain::initialization::ConfirmedSecret;
use crate::domain::lifecycle::{ServiceEvent, permits};
use crate::domain::operation::Operation;
use crate::domain::partition::Partition;
use crate::domain::plan::{Plan, PlanStep, StepAction};
use crate::domain::service::Service;
use crate::domain::validation::validate_secret;
use crate::jobs::{JobOutcome, Parallelism};
use secrecy::SecretString;
use serde_json::json;

/// The service `id` when the signed-in user may see it and do `op` on it. An Owner of another
/// organization gets "no service" (never a hint that it exists).
pub(crate) fn service_for(console: &Console, id: ServiceId, op: Operation) -> OpsResult<Service> {
    console.service_for(id, op)
}

/// Each member's partition and device, in member order.
pub(crate) fn members_of(
    console: &Console,
    service: &Service,
) -> OpsResult<Vec<(Partition, Device)>> {
    let mut out = Vec::new();
    for m in &service.members {
        let p = console
            .store
            .load_partition(&m.partition)?
            .ok_or_else(|| OpsError::NotFound(format!("partition {} is not known", m.partition)))?;
        let d = console
            .store
            .load_device(&p.device)?
            .ok_or_else(|| OpsError::NotFound(format!("device {} is not known", p.device)))?;
        out.push((p, d));
    }
    Ok(out)
}

/// Distinct devices of `members`, in order.
pub(crate) fn distinct_devices(members: &[(Partition, Device)]) -> Vec<Device> {
    let mut out: Vec<Device> = Vec::new();
    for (_, d) in members {
        if !out.iter().any(|o| o.serial == d.serial) {
            out.push(d.clone());
        }
    }
    out
}

/// Steps that activate the roles of one partition (policy 22 and 23, CO, then CU).
pub(crate) fn activation_steps(p: &Partition, d: &Device, cu: bool) -> Vec<PlanStep> {
    let mut steps = Vec::new();
    for policy in [22, 23] {
        let action = StepAction::SetPartitionPolicy {
            name: p.name.clone(),
            policy,
            value: true,
        };
        steps.push(PlanStep::new(&d.serial, &d.name, action, None));
    }
    let co = StepAction::ActivatePartitionCo {
        name: p.name.clone(),
    };
    steps.push(PlanStep::new(&d.serial, &d.name, co, None));
    if cu {
        let cu = StepAction::ActivateCuWithLunaCm {
            serial: p.serial.to_string(),
        };
        steps.push(PlanStep::new(
            &client_host_key(),
            CLIENT_HOST_NAME,
            cu,
            None,
        ));
    }
    steps
}

impl Console {
    /// INIT-5: activates the crypto officer (and, with it, the crypto user when a challenge is
    /// given) on every member. Non-PPSO services get the LunaCM way instead; PPSO + STC services
    /// after deployment are refused with the reason (`lifecycle::permits`).
    pub fn submit_activate_roles(
        &mut self,
        id: ServiceId,
        co_challenge: SecretString,
        cu_challenge: Option<SecretString>,
    ) -> OpsResult<Started> {
        let service = service_for(self, id, Operation::ActivateRoles)?;
        permits(&service, Operation::ActivateRoles)?;
        validate_secret(&co_challenge, &co_challenge, Field::CoChallenge)?;
        if let Some(cu) = &cu_challenge {
            validate_secret(cu, cu, Field::CuChallenge)?;
        }
        let members = members_of(self, &service)?;
        if cu_challenge.is_some()
            && let Some((p, d)) = members.iter().find(|(p, _)| !p.roles.cu.is_initialized())
        {
            return Err(DomainError::refused(format!(
                "the crypto user of partition '{}' on {} is not initialized: use Initialize \
                     Crypto User first",
                p.name, d.name
            ))
            .into());
        }
        let devices = distinct_devices(&members);
        let mut executor = self.executor_for(&devices);
        let mut secrets = Vec::new();
        wire_so_logins(self, &devices, &mut secrets, &mut executor)?;
        executor.lifecycle = LifecycleSecrets {
            co_challenge: Some(push_secret(&mut secrets, &co_challenge)),
            cu_challenge: cu_challenge.as_ref().map(|s| push_secret(&mut secrets, s)),
            ..LifecycleSecrets::default()
        };
        let mut steps: Vec<PlanStep> = devices
            .iter()
            .map(|d| PlanStep::read(&d.serial, &d.name, StepAction::SoLogin))
            .collect();
        for (p, d) in &members {
            steps.extend(activation_steps(p, d, cu_challenge.is_some()));
        }
        self.submit_roles_job(
            service,
            devices,
            steps,
            executor,
            secrets,
            Operation::ActivateRoles,
        )
    }

    /// INIT-6: initializes the crypto user of every member (PPSO), logging in as the crypto
    /// officer on the Luna client host. Password services type the CO password and the new CU
    /// password twice; PED services answer on the PED.
    pub fn submit_initialize_crypto_user(
        &mut self,
        id: ServiceId,
        co_password: SecretString,
        cu: ConfirmedSecret,
    ) -> OpsResult<Started> {
        let service = service_for(self, id, Operation::InitializeCryptoUser)?;
        permits(&service, Operation::InitializeCryptoUser)?;
        let field = if service.auth == AuthMethod::Ped {
            Field::CuChallenge
        } else {
            Field::CuPassword
        };
        cu.check(field)?;
        let members = members_of(self, &service)?;
        let devices = distinct_devices(&members);
        let mut executor = self.executor_for(&devices);
        let mut secrets = Vec::new();
        executor.lifecycle = LifecycleSecrets {
            co: Some(push_secret(&mut secrets, &co_password)),
            cu: Some(push_secret(&mut secrets, &cu.value)),
            ..LifecycleSecrets::default()
        };
        let steps = members
            .iter()
            .map(|(p, _)| {
                let action = StepAction::InitRolesWithLunaCm {
                    serial: p.serial.to_string(),
                    label: None,
                    co: false,
                    cu: true,
                };
                PlanStep::new(&client_host_key(), CLIENT_HOST_NAME, action, None)
            })
            .collect();
        self.submit_roles_job(
            service,
            devices,
            steps,
            executor,
            secrets,
            Operation::InitializeCryptoUser,
        )
    }

    fn submit_roles_job(
        &mut self,
        service: Service,
        devices: Vec<crate::domain::device::Device>,
        mut steps: Vec<PlanStep>,
        executor: super::executor::LunaExecutor,
        secrets: Vec<SecretString>,
        op: Operation,
    ) -> OpsResult<Started> {
        for d in &devices {
            steps.push(PlanStep::read(
                &d.serial,
                &d.name,
                StepAction::RefreshPartitions,
            ));
        }
        let org = service.organization;
        let job = self.submit(Submission {
            plan: Plan {
                operation: op,
                steps,
            },
            executor,
            secrets,
            parallelism: Parallelism::Sequential,
            service: Some(service.id),
            organization: Some(org),
            completion: Box::new(RolesChanged { service, op }),
        })?;
        Ok(Started {
            job,
            generated_challenge: None,
        })
    }
}

/// Saves the members as read back and moves the service to Activated after an activation.
struct RolesChanged {
    service: Service,
    op: Operation,
}

impl Completion for RolesChanged {
    fn apply(
        self: Box<Self>,
        c: &mut Console,
        outcome: &JobOutcome,
    ) -> OpsResult<(String, serde_json::Value)> {
        let org = Some(self.service.organization);
        let what = match self.op {
            Operation::ActivateRoles => "roles activated",
            _ => "crypto user initialized",
        };
        let read: Vec<Partition> = outputs(outcome)
            .iter()
            .filter_map(data_of::<Vec<Partition>>)
            .flatten()
            .filter(|p| self.service.members.iter().any(|m| m.partition == p.serial))
            .collect();
        for p in &read {
            c.store.save_partition(p)?;
        }
        if let Some(why) = failure_message(outcome) {
            c.audit(
                self.op,
                org,
                None,
                &self.service.name,
                Outcome::Failure {
                    reason: why.clone(),
                },
            )?;
            return Ok((
                format!("service '{}': {what} failed: {why}", self.service.name),
                json!({"done": false, "error": why}),
            ));
        }
        let mut service = self.service;
        if self.op == Operation::ActivateRoles {
            service.state = service.state.apply(ServiceEvent::RolesActivated)?;
            c.store.save_service(&service)?;
        }
        c.audit(self.op, org, None, &service.name, Outcome::Success)?;
        Ok((
            format!("service '{}': {what} ({})", service.name, service.state),
            json!({"done": true, "state": service.state.to_string()}),
        ))
    }
}
