//! What a migration job does with its outcome (MIG-4): the new service from the targets that
//! were migrated, each target's state in the migration's record, the audit event.

use super::completion::{Completion, data_of, outputs};
use super::console::Console;
use super::error::OpsResult;
use crate::domain::audit_event::Outcome;
use crate::domain::device::AuthMethod;
use crate::domain::ids::{HsmSerial, MigrationId, OrganizationId, PartitionSerial, ServiceId};
use crate::domain::lifecycle::ServiceState;
use crate::domain::migration::{NEW_SERVICE_FAILED, repair_for_failed};
use crate::domain::operation::Operation;
use crate::domain::partition::Partition;
use crate::domain::service::{Member, Service, ServiceKind};
use crate::jobs::JobOutcome;
use serde_json::json;

pub(crate) struct Migrated {
    pub(crate) record: MigrationId,
    pub(crate) source: Service,
    pub(crate) source_partition: String,
    pub(crate) name: String,
    pub(crate) description: String,
    pub(crate) organization: OrganizationId,
    pub(crate) size: u64,
    pub(crate) partition: String,
    pub(crate) targets: Vec<(HsmSerial, String)>,
}

impl Completion for Migrated {
    fn device_finished(
        &mut self,
        c: &mut Console,
        device: &HsmSerial,
        outputs: &[crate::jobs::StepRecord],
        end: &crate::jobs::DeviceEnd,
    ) -> OpsResult<()> {
        let made = outputs
            .iter()
            .find_map(data_of::<Vec<Partition>>)
            .and_then(|ps| ps.into_iter().find(|p| p.name == self.partition));
        let migrated = *end == crate::jobs::DeviceEnd::Done && made.is_some();
        c.migration_target_ended(self.record, device, made.map(|p| p.serial), migrated)
    }

    fn apply(
        self: Box<Self>,
        c: &mut Console,
        outcome: &JobOutcome,
    ) -> OpsResult<(String, serde_json::Value)> {
        let mut good: Vec<Partition> = Vec::new();
        let mut report = Vec::new();
        let mut failed: Vec<&str> = Vec::new();
        for (serial, name) in &self.targets {
            let made = outputs(outcome)
                .iter()
                .filter(|r| &r.device == serial)
                .find_map(data_of::<Vec<Partition>>)
                .and_then(|ps| ps.into_iter().find(|p| p.name == self.partition));
            match made {
                Some(p) => {
                    report.push(json!({"device": name, "migrated": true, "partition": p.serial}));
                    good.push(p);
                }
                None => {
                    report.push(json!({"device": name, "migrated": false}));
                    failed.push(name.as_str());
                }
            }
        }
        let mut saved = None;
        // Why the console could not keep the new service, when the devices made it.
        let mut unsaved = None;
        if !good.is_empty() {
            let service = Service {
                id: ServiceId(0),
                name: self.name.clone(),
                description: self.description.clone(),
                kind: if good.len() > 1 || self.source.kind.is_ha() {
                    // The console's record of the HA group label: one LunaCM accepts (a service
                    // name may hold spaces or letters the label rule refuses).
                    ServiceKind::HaGroup {
                        label: super::create_service::partition_name_for(&self.name),
                    }
                } else {
                    ServiceKind::Standalone
                },
                template: None,
                organization: self.organization,
                created_by: c.session().user.username.clone(),
                created_at: c.now(),
                members: good
                    .iter()
                    .map(|p| Member {
                        partition: p.serial.clone(),
                        pending_init: false,
                    })
                    .collect(),
                // A PED migration activates the new partitions' crypto officer.
                state: if self.source.auth == AuthMethod::Ped {
                    ServiceState::Activated
                } else {
                    ServiceState::Initialized
                },
                auth: self.source.auth,
                ppso: good.iter().all(|p| p.ppso),
                stc: false,
                partition_size: self.size,
            };
            // Undone alone when it fails: the migration's end and its audit event still say why.
            let stored = c.store.attempt(|s| {
                good.iter().try_for_each(|p| s.save_partition(p))?;
                s.save_service(&service)
            });
            match stored {
                Ok(id) => saved = Some(id),
                Err(e) => unsaved = Some(e.to_string()),
            }
        }
        let target = format!(
            "{} from '{}' (partition '{}')",
            self.name, self.source.name, self.source_partition
        );
        let ended: Vec<(HsmSerial, Option<PartitionSerial>)> = self
            .targets
            .iter()
            .map(|(serial, _)| {
                let p = good.iter().find(|p| &p.device == serial);
                (serial.clone(), p.map(|p| p.serial.clone()))
            })
            .collect();
        let Some(id) = saved else {
            let why = match unsaved {
                Some(e) => format!("{NEW_SERVICE_FAILED} (the console could not save it: {e})"),
                None => NEW_SERVICE_FAILED.to_string(),
            };
            c.migration_ended(self.record, &ended, None, &why)?;
            c.audit(
                Operation::MigrateService,
                Some(self.organization),
                None,
                &target,
                Outcome::Failure {
                    reason: why.clone(),
                },
            )?;
            return Ok((
                why.clone(),
                json!({"service": null, "targets": report, "error": why}),
            ));
        };
        let repair = repair_for_failed(&failed);
        let outcome_audit = if failed.is_empty() {
            Outcome::Success
        } else {
            Outcome::Failure {
                reason: repair.clone(),
            }
        };
        c.audit(
            Operation::MigrateService,
            Some(self.organization),
            None,
            &target,
            outcome_audit,
        )?;
        let summary = format!(
            "Service '{}' migrated from partition '{}' of '{}' to {} of {} device(s). {repair}",
            self.name,
            self.source_partition,
            self.source.name,
            good.len(),
            self.targets.len()
        );
        c.migration_ended(self.record, &ended, Some(id), &summary)?;
        Ok((
            summary,
            json!({"service": id, "source_partition": self.source_partition, "targets": report, "repair": repair}),
        ))
    }
}
