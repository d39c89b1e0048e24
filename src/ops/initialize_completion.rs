//! What an initialization job does with its outcome (INIT-4): the partitions as the appliances
//! hold them after the job (read again after a failure too), the service state, the audit.

use super::completion::{Completion, data_of, failure_message, outputs};
use super::console::Console;
use super::error::OpsResult;
use crate::domain::audit_event::Outcome;
use crate::domain::ha::mark_clients_for_reregistration;
use crate::domain::lifecycle::ServiceEvent;
use crate::domain::operation::Operation;
use crate::domain::partition::{Partition, RoleState};
use crate::domain::service::Service;
use crate::jobs::JobOutcome;
use serde_json::json;

/// What a re-read partition holds, as a clause: "p1 (1600…): initialized with label 'L',
/// crypto officer initialized, crypto user not initialized".
fn describe(p: &Partition) -> String {
    let base = match (&p.label, p.initialized) {
        (Some(l), true) => format!("initialized with label '{l}'"),
        _ => "not initialized".to_string(),
    };
    format!(
        "{} ({}): {base}, crypto officer {}, crypto user {}",
        p.name, p.serial, p.roles.co, p.roles.cu
    )
}

pub(crate) struct Initialized {
    pub(crate) service: Service,
    pub(crate) members: Vec<Partition>,
    /// Plan indexes of each member's initialization steps.
    pub(crate) init_steps: Vec<(crate::domain::ids::PartitionSerial, Vec<usize>)>,
    pub(crate) label: String,
    pub(crate) activated: bool,
    pub(crate) cu: bool,
}

impl Completion for Initialized {
    fn apply(
        self: Box<Self>,
        c: &mut Console,
        outcome: &JobOutcome,
    ) -> OpsResult<(String, serde_json::Value)> {
        let org = Some(self.service.organization);
        let done: Vec<usize> = outputs(outcome).iter().map(|r| r.index).collect();
        // Partitions as read back: after the last step, or after a failure or a cancel (the
        // job re-reads every appliance then). The reading is the truth, whatever the steps say.
        let read: Vec<Partition> = outputs(outcome)
            .iter()
            .filter_map(data_of::<Vec<Partition>>)
            .flatten()
            .collect();
        let mut initialized = Vec::new();
        let mut not_initialized = Vec::new();
        let mut states = Vec::new();
        for p in &self.members {
            let now = read.iter().find(|r| r.serial == p.serial);
            let all = match now {
                Some(r) => {
                    r.initialized
                        && r.label.as_deref() == Some(self.label.as_str())
                        && r.roles.co.is_initialized()
                        && (!self.cu || r.roles.cu.is_initialized())
                }
                None => self
                    .init_steps
                    .iter()
                    .find(|(s, _)| s == &p.serial)
                    .is_some_and(|(_, idx)| idx.iter().all(|i| done.contains(i))),
            };
            if let Some(r) = now {
                states.push(describe(r));
            }
            if all {
                initialized.push(p.clone());
            } else {
                if let Some(r) = now.filter(|r| **r != *p) {
                    // Partly done: what the appliance holds now is kept, so the next run
                    // continues from there.
                    c.store.save_partition(r)?;
                }
                not_initialized.push(p.clone());
            }
        }
        for p in &initialized {
            let updated = match read.iter().find(|r| r.serial == p.serial) {
                Some(r) => r.clone(),
                None => {
                    let mut q = p.clone();
                    q.initialized = true;
                    q.label = Some(self.label.clone());
                    q.objects = 0;
                    q.used = 0;
                    q.roles.so = if q.ppso {
                        RoleState::Initialized
                    } else {
                        RoleState::NotInitialized
                    };
                    q.roles.co = if self.activated {
                        RoleState::Activated
                    } else {
                        RoleState::Initialized
                    };
                    if self.cu {
                        q.roles.cu = RoleState::Initialized;
                    }
                    q
                }
            };
            c.store.save_partition(&updated)?;
            let mut clients = c.store.list_clients(Some(&updated.device))?;
            let target = [(updated.device.clone(), updated.name.clone())];
            if mark_clients_for_reregistration(&mut clients, &target) > 0 {
                for cl in clients.iter().filter(|cl| cl.needs_reregistration) {
                    c.store.save_client(cl)?;
                }
            }
            c.audit(
                Operation::InitializeService,
                org,
                Some(updated.device.clone()),
                &format!(
                    "{} (partition {} {}, label '{}')",
                    self.service.name, updated.name, updated.serial, self.label
                ),
                Outcome::Success,
            )?;
        }
        let names = |v: &[Partition]| -> Vec<String> {
            v.iter()
                .map(|p| format!("{} ({})", p.name, p.serial))
                .collect()
        };
        if let Some(why) = failure_message(outcome) {
            c.audit(
                Operation::InitializeService,
                org,
                None,
                &self.service.name,
                Outcome::Failure {
                    reason: why.clone(),
                },
            )?;
            let held = if states.is_empty() {
                String::new()
            } else {
                format!(" The devices now hold: {}.", states.join("; "))
            };
            return Ok((
                format!(
                    "service '{}' is not initialized: {}. Initialized: [{}]; not initialized: \
                     [{}].{held} Run Initialize again with the same label, domain and \
                     credentials: it continues from there",
                    self.service.name,
                    why.trim_end_matches('.'),
                    names(&initialized).join(", "),
                    names(&not_initialized).join(", ")
                ),
                json!({"initialized": false, "error": why,
                       "initialized_partitions": names(&initialized),
                       "uninitialized_partitions": names(&not_initialized),
                       "devices_hold": states}),
            ));
        }
        let mut service = self.service;
        service.state = service.state.apply(ServiceEvent::Initialized)?;
        if self.activated {
            service.state = service.state.apply(ServiceEvent::RolesActivated)?;
        }
        c.store.save_service(&service)?;
        Ok((
            format!(
                "service '{}' initialized ({}): {}",
                service.name,
                service.state,
                names(&initialized).join(", ")
            ),
            json!({"initialized": true, "state": service.state.to_string(),
                   "partitions": names(&initialized)}),
        ))
    }
}
