//! Detach (DEL-1: the console forgets the service; nothing is sent) and delete (DEL-2: typed
//! confirmation, then every member partition and its objects are destroyed on its device).
//!
//! Deleting cannot be undone. Devices are handled independently: a failure on one device leaves
//! its partition in place and in the service, and the summary names what was destroyed and what
//! remains.

use super::activate::{distinct_devices, members_of, service_for};
use super::completion::{Completion, failure_message, outputs};
use super::console::{Console, Submission};
use super::create_service::wire_so_logins;
use super::error::OpsResult;
use crate::domain::audit_event::Outcome;
use crate::domain::confirmation::confirm_typed;
use crate::domain::ids::{JobId, ServiceId};
use crate::domain::lifecycle::permits;
use crate::domain::operation::Operation;
use crate::domain::partition::Partition;
use crate::domain::plan::{Plan, PlanStep, StepAction};
use crate::domain::service::Service;
use crate::jobs::{JobOutcome, Parallelism};
use serde_json::json;

/// Shown before Delete: what is lost, and that it cannot be undone.
pub const DELETE_WARNING: &str = "Deleting a service destroys its partitions and every object in \
them on every device. This cannot be undone: type the service name to confirm.";

impl Console {
    /// DEL-1: forgets the service. Partitions and their objects stay on the devices.
    pub fn detach_service(&mut self, id: ServiceId) -> OpsResult<()> {
        self.atomically(|c| c.detach_service_unit(id))
    }

    fn detach_service_unit(&mut self, id: ServiceId) -> OpsResult<()> {
        let service = service_for(self, id, Operation::DetachService)?;
        permits(&service, Operation::DetachService)?;
        self.store.delete_service(service.id)?;
        self.audit(
            Operation::DetachService,
            Some(service.organization),
            None,
            &service.name,
            Outcome::Success,
        )
    }

    /// DEL-2: after the exact service name is typed, deletes every member partition (HSM SO
    /// login first on each device). Nothing is undone; see the module doc for partial failures.
    pub fn submit_delete_service(&mut self, id: ServiceId, typed_name: &str) -> OpsResult<JobId> {
        let service = service_for(self, id, Operation::DeleteService)?;
        confirm_typed(&service.name, typed_name, "service name")?;
        permits(&service, Operation::DeleteService)?;
        let members = members_of(self, &service)?;
        let devices = distinct_devices(&members);
        let mut executor = self.executor_for(&devices);
        let mut secrets = Vec::new();
        wire_so_logins(self, &devices, &mut secrets, &mut executor)?;
        let mut steps = Vec::new();
        let mut deletes = Vec::new();
        for d in &devices {
            steps.push(PlanStep::read(&d.serial, &d.name, StepAction::SoLogin));
            for (p, _) in members.iter().filter(|(p, _)| p.device == d.serial) {
                deletes.push((steps.len(), p.clone()));
                let action = StepAction::DeletePartition {
                    name: p.name.clone(),
                };
                steps.push(PlanStep::new(&d.serial, &d.name, action, None));
            }
        }
        let org = service.organization;
        self.submit(Submission {
            plan: Plan {
                operation: Operation::DeleteService,
                steps,
            },
            executor,
            secrets,
            parallelism: Parallelism::PerDevice,
            service: Some(service.id),
            organization: Some(org),
            completion: Box::new(Deleted { service, deletes }),
        })
    }
}

struct Deleted {
    service: Service,
    /// Plan index of each delete step and the partition it destroys.
    deletes: Vec<(usize, Partition)>,
}

/// Plan index of the step that failed, if the job failed.
fn failed_step(outcome: &JobOutcome) -> Option<usize> {
    match outcome {
        JobOutcome::Failed { step_index, .. } => Some(*step_index),
        _ => None,
    }
}

fn describe(p: &Partition, device: &str) -> String {
    format!("'{}' ({}) on {device}", p.name, p.serial)
}

impl Completion for Deleted {
    fn apply(
        self: Box<Self>,
        c: &mut Console,
        outcome: &JobOutcome,
    ) -> OpsResult<(String, serde_json::Value)> {
        let org = Some(self.service.organization);
        let done: Vec<usize> = outputs(outcome).iter().map(|r| r.index).collect();
        let mut destroyed = Vec::new();
        let mut remaining = Vec::new();
        for (index, p) in &self.deletes {
            let device = c
                .store
                .load_device(&p.device)?
                .map(|d| d.name)
                .unwrap_or_else(|| p.device.to_string());
            if done.contains(index) {
                c.store.delete_partition(&p.serial)?;
                c.audit(
                    Operation::DeleteService,
                    org,
                    Some(p.device.clone()),
                    &format!("{}: partition {}", self.service.name, describe(p, &device)),
                    Outcome::Success,
                )?;
                destroyed.push((p.serial.clone(), describe(p, &device)));
            } else if failed_step(outcome) == Some(*index) {
                // The delete was sent and its answer lost or refused: say so, keep the member.
                remaining.push((
                    p.serial.clone(),
                    format!(
                        "{} (the delete was sent and failed or lost its answer: refresh {device} \
                         to see whether it is gone)",
                        describe(p, &device)
                    ),
                ));
            } else {
                remaining.push((p.serial.clone(), describe(p, &device)));
            }
        }
        let list = |v: &[(crate::domain::ids::PartitionSerial, String)]| -> Vec<String> {
            v.iter().map(|(_, s)| s.clone()).collect()
        };
        let Some(why) = failure_message(outcome) else {
            c.store.delete_service(self.service.id)?;
            c.audit(
                Operation::DeleteService,
                org,
                None,
                &self.service.name,
                Outcome::Success,
            )?;
            return Ok((
                format!(
                    "service '{}' deleted; destroyed: {}",
                    self.service.name,
                    list(&destroyed).join(", ")
                ),
                json!({"deleted": true, "destroyed": list(&destroyed)}),
            ));
        };
        let mut service = self.service;
        service
            .members
            .retain(|m| remaining.iter().any(|(s, _)| s == &m.partition));
        if service.members.is_empty() {
            c.store.delete_service(service.id)?;
        } else {
            c.store.save_service(&service)?;
        }
        c.audit(
            Operation::DeleteService,
            org,
            None,
            &service.name,
            Outcome::Failure {
                reason: why.clone(),
            },
        )?;
        let destroyed_text = if destroyed.is_empty() {
            "nothing".to_string()
        } else {
            list(&destroyed).join(", ")
        };
        Ok((
            format!(
                "service '{}' was only partly deleted: {}. Destroyed: {}. \
                 Still on the devices and kept in the service: {}. Deleting cannot be undone; \
                 delete the service again once the device answers",
                service.name,
                why.trim_end_matches('.'),
                destroyed_text,
                list(&remaining).join(", ")
            ),
            json!({"deleted": false, "error": why, "destroyed": list(&destroyed),
                   "remaining": list(&remaining)}),
        ))
    }
}
