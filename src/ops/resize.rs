//! Resize a service's partitions (SIZE-1/2): every device logs in as HSM SO first, then each
//! member is resized; a failure midway puts the resized ones back and nothing new is saved.

use super::completion::{Completion, failure_message};
use super::console::{Console, Submission};
use super::error::OpsResult;
use crate::domain::audit_event::Outcome;
use crate::domain::device::Device;
use crate::domain::ids::{HsmSerial, JobId, ServiceId};
use crate::domain::operation::Operation;
use crate::domain::plan::{Plan, PlanStep, StepAction};
use crate::domain::resize::{describe_failure, plan_resize};
use crate::domain::validation::parse_partition_size;
use crate::jobs::{JobOutcome, Parallelism};
use serde_json::json;

impl Console {
    /// SIZE-1/2: validates `size_text`, plans the resize (refused before anything changes when a
    /// member device is offline, unauthorized or short of storage) and submits it.
    pub fn submit_resize(&mut self, service_id: ServiceId, size_text: &str) -> OpsResult<JobId> {
        let service = self.service_for(service_id, Operation::ResizeService)?;
        crate::domain::lifecycle::permits(&service, Operation::ResizeService)?;
        let new_size = parse_partition_size(size_text)?;
        let members = self.members_with_devices(&service)?;
        let resize = plan_resize(&service, &members, new_size)?;
        let devices: Vec<&Device> = members.iter().map(|(_, d)| d).collect();
        self.require_authorized(&devices)?;
        let (executor, secrets) = self.executor_with_so(&devices);
        let mut steps: Vec<PlanStep> = Vec::new();
        for d in &devices {
            if !steps.iter().any(|s| s.device == d.serial) {
                let mut login = PlanStep::read(&d.serial, &d.name, StepAction::SoLogin);
                login.changes_state = false;
                steps.push(login);
            }
        }
        let logins = steps.len();
        steps.extend(resize.steps.iter().cloned());
        let plan = Plan {
            operation: Operation::ResizeService,
            steps,
        };
        self.submit(Submission {
            plan,
            executor,
            secrets,
            parallelism: Parallelism::Sequential,
            service: Some(service.id),
            organization: Some(service.organization),
            completion: Box::new(Resized {
                service: service.id,
                old_size: service.partition_size,
                new_size,
                resize,
                logins,
            }),
        })
    }
}

struct Resized {
    service: ServiceId,
    old_size: u64,
    new_size: u64,
    /// The resize steps alone (the job's plan has the SO logins first).
    resize: Plan,
    logins: usize,
}

impl Resized {
    /// The user's sentence for a failed job, in `domain::resize`'s words.
    fn failure(&self, outcome: &JobOutcome) -> String {
        let JobOutcome::Failed {
            step_index,
            device_output,
            undone,
            not_undone,
            device_name,
            message,
            ..
        } = outcome
        else {
            return failure_message(outcome).unwrap_or_default();
        };
        if *step_index < self.logins {
            return format!(
                "Resize refused: logging in as HSM SO on device '{device_name}' failed, no \
                 partition was resized. {message}"
            );
        }
        let at = step_index - self.logins;
        let results: Vec<(HsmSerial, bool)> = undone
            .iter()
            .map(|u| (u.device.clone(), true))
            .chain(not_undone.iter().map(|u| (u.device.clone(), false)))
            .collect();
        let said = if device_output.trim().is_empty() {
            // The link failed: the device may or may not have done it.
            String::new()
        } else {
            device_output.clone()
        };
        let mut msg = describe_failure(&self.resize, at, &said, &results);
        if said.is_empty() {
            msg.push_str(&format!(
                " The link to device '{device_name}' failed during the step ({message}): its \
                 partition may have been resized; refresh the device and check its size."
            ));
        }
        msg
    }
}

impl Completion for Resized {
    fn apply(
        self: Box<Self>,
        c: &mut Console,
        outcome: &JobOutcome,
    ) -> OpsResult<(String, serde_json::Value)> {
        let Some(mut service) = c.store.load_service(self.service)? else {
            return Ok(("the service no longer exists".into(), json!(null)));
        };
        let org = Some(service.organization);
        if let JobOutcome::Succeeded { .. } = outcome {
            service.partition_size = self.new_size;
            c.store.save_service(&service)?;
            for m in &service.members {
                if let Some(mut p) = c.store.load_partition(&m.partition)? {
                    p.size = self.new_size;
                    c.store.save_partition(&p)?;
                }
            }
            c.audit(
                Operation::ResizeService,
                org,
                None,
                &format!(
                    "{}: {} -> {} bytes",
                    service.name, self.old_size, self.new_size
                ),
                Outcome::Success,
            )?;
            return Ok((
                format!(
                    "Service '{}' resized: every partition is now {} bytes.",
                    service.name, self.new_size
                ),
                json!({"service": service.id, "resized": true, "size": self.new_size}),
            ));
        }
        let why = self.failure(outcome);
        c.audit(
            Operation::ResizeService,
            org,
            None,
            &service.name,
            Outcome::Failure {
                reason: why.clone(),
            },
        )?;
        Ok((
            why.clone(),
            json!({"service": service.id, "resized": false, "size": self.old_size, "error": why}),
        ))
    }
}
