//! What Create Service records when its job ends (SVC-1): the partitions as read back and the
//! service with its members in order, or the failure with what was undone; audited either way.

use super::completion::{Completion, data_of, failure_message, outputs};
use super::console::Console;
use super::error::OpsResult;
use crate::domain::audit_event::Outcome;
use crate::domain::ids::HsmSerial;
use crate::domain::lifecycle::ServiceEvent;
use crate::domain::operation::Operation;
use crate::domain::partition::Partition;
use crate::domain::service::{Member, Service};
use crate::jobs::JobOutcome;
use serde_json::json;

/// Saves the partitions read back after the creation and the service, or records the failure.
pub(crate) struct Created {
    pub(crate) service: Service,
    pub(crate) names: Vec<(HsmSerial, String)>,
    pub(crate) legacy: bool,
}

impl Completion for Created {
    fn apply(
        self: Box<Self>,
        c: &mut Console,
        outcome: &JobOutcome,
    ) -> OpsResult<(String, serde_json::Value)> {
        let org = Some(self.service.organization);
        if let Some(why) = failure_message(outcome) {
            c.audit(
                Operation::CreateService,
                org,
                None,
                &self.service.name,
                Outcome::Failure {
                    reason: why.clone(),
                },
            )?;
            return Ok((
                format!("service '{}' was not created: {why}", self.service.name),
                json!({"created": false, "error": why}),
            ));
        }
        let mut service = self.service;
        let mut created: Vec<Partition> = Vec::new();
        for (device, pname) in &self.names {
            let found = outputs(outcome)
                .iter()
                .filter(|r| &r.device == device)
                .filter_map(data_of::<Vec<Partition>>)
                .flatten()
                .find(|p| &p.name == pname);
            let Some(p) = found else {
                let why = format!(
                    "partition '{pname}' was created on {device} but not found when read back; \
                     refresh the device and import it"
                );
                c.audit(
                    Operation::CreateService,
                    org,
                    Some(device.clone()),
                    &service.name,
                    Outcome::Failure {
                        reason: why.clone(),
                    },
                )?;
                return Ok((why.clone(), json!({"created": false, "error": why})));
            };
            created.push(p);
        }
        for p in &created {
            c.store.save_partition(p)?;
        }
        service.members = created
            .iter()
            .map(|p| Member {
                partition: p.serial.clone(),
                pending_init: false,
            })
            .collect();
        service.ppso = created.iter().all(|p| p.ppso);
        if self.legacy {
            service.state = service.state.apply(ServiceEvent::Initialized)?;
        }
        service.id = c.store.save_service(&service)?;
        for p in &created {
            c.audit(
                Operation::CreateService,
                org,
                Some(p.device.clone()),
                &format!("{} (partition {} {})", service.name, p.name, p.serial),
                Outcome::Success,
            )?;
        }
        let list: Vec<String> = created
            .iter()
            .map(|p| format!("{} ({})", p.name, p.serial))
            .collect();
        Ok((
            format!(
                "created service '{}' ({}): {}",
                service.name,
                service.state,
                list.join(", ")
            ),
            json!({
                "created": true,
                "service": service.id.0,
                "state": service.state.to_string(),
                "partitions": created.iter().map(|p| json!({
                    "device": p.device, "name": p.name, "serial": p.serial
                })).collect::<Vec<_>>(),
            }),
        ))
    }
}
