//! The migrations the console recorded (MIG-4/5) and the choices of the Migrate Service wizard
//! (MIG-2/3): which services can be a source and which devices a target, each with the reason.

use super::console::Console;
use super::create_choices::DeviceChoice;
use super::error::{OpsError, OpsResult};
use super::migrate::{MigrateForm, target_endpoint};
use crate::domain::DomainError;
use crate::domain::device::{Device, DeviceStatus, HsmFacts};
use crate::domain::ids::{HsmSerial, JobId, MigrationId, PartitionSerial, ServiceId};
use crate::domain::migration::{
    MigrationClass, MigrationEndpoint, check_licences, check_model, check_pair, check_source,
};
use crate::domain::migration_record::{MigrationRecord, MigrationTarget, TargetState};
use crate::domain::operation::Operation;
use crate::domain::partition::RoleState;
use crate::domain::service::Service;
use serde::{Deserialize, Serialize};

/// The Migrate Service screen's content: the migrations so far (newest first) and, when the
/// wizard's key is not offered, why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MigrationOverview {
    pub records: Vec<MigrationRecord>,
    pub not_offered: Option<String>,
}

/// A service as a migration source: its first partition (the source) and why it cannot be
/// one, when it cannot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceChoice {
    pub service: ServiceId,
    pub name: String,
    pub partition: String,
    pub partition_serial: PartitionSerial,
    pub device: String,
    pub facts: HsmFacts,
    pub ha: bool,
    /// Per-partition SO (a non-PPSO PED source asks about its default challenge, MIG-3).
    pub ppso: bool,
    pub partition_size: u64,
    pub organization: crate::domain::ids::OrganizationId,
    pub why_not: Option<String>,
}

/// A device as a migration target, with the rule that refuses it (None: it may be chosen) and
/// the warnings the pairing carries (REST patch, 6.x → 7.x space).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TargetChoice {
    pub choice: DeviceChoice,
    pub warnings: Vec<String>,
}

pub(crate) fn endpoint_of(facts: &HsmFacts, ppso: bool) -> MigrationEndpoint {
    MigrationEndpoint {
        firmware: facts.firmware,
        auth: facts.auth,
        ppso,
        fm: facts.fm,
        initialized_via_lunash: true,
        software: facts.software,
    }
}

impl Console {
    /// MIG-4/5: every recorded migration, and why the wizard is not offered (PERM; MIG-3 when
    /// no device has a free partition licence).
    pub fn migration_overview(&self) -> OpsResult<MigrationOverview> {
        self.authorize_read(Operation::MigrateService, None)?;
        let mut records = self.store.list_migrations()?;
        for r in records.iter_mut().filter(|r| r.running()) {
            // A migration whose job runs nowhere: the console that ran it stopped meanwhile.
            let job = r.job.map(|j| self.store.load_job(j)).transpose()?.flatten();
            if !self.running_migration_job(r.job) {
                r.finished_at = Some(job.and_then(|j| j.finished_at).unwrap_or(r.started_at));
                r.outcome = Some(
                    "interrupted: the console stopped while it ran; refresh the target devices \
                     to see what they hold"
                        .into(),
                );
                for t in r
                    .targets
                    .iter_mut()
                    .filter(|t| t.state == TargetState::Running)
                {
                    t.state = TargetState::Interrupted;
                }
            }
        }
        let role = self.session().user.role;
        let mut not_offered = crate::domain::permission::never_for(role, Operation::MigrateService)
            .map(|why| format!("{why}."));
        if not_offered.is_none() {
            let devices = self.store.list_devices()?;
            let up: Vec<&Device> = devices
                .iter()
                .filter(|d| self.device_status(d) != DeviceStatus::Unreachable)
                .collect();
            let any_free = up
                .iter()
                .any(|d| d.facts.licences.is_none_or(|l| l.free() > 0));
            if !any_free {
                not_offered = Some(
                    "No device has a free partition licence (MIG-3): a migration creates a \
                     partition on each target. Free one (delete a partition) or add licences."
                        .into(),
                );
            }
        }
        Ok(MigrationOverview {
            records,
            not_offered,
        })
    }

    /// The migration's job runs in this console, or in another on the same database (it holds
    /// the job's lease).
    fn running_migration_job(&self, job: Option<JobId>) -> bool {
        job.is_some_and(|j| self.is_job_running(j) || self.store.job_leased_elsewhere(j))
    }

    /// MIG-5: the running migration that locks `service`, if one does.
    pub fn migration_lock(&self, service: ServiceId) -> OpsResult<Option<MigrationId>> {
        Ok(self
            .store
            .list_migrations()?
            .into_iter()
            .find(|r| r.locks(service) && self.running_migration_job(r.job))
            .map(|r| r.id))
    }

    /// MIG-2 Select Service: every service the user sees, each with its first partition (the
    /// source) and why it cannot be migrated, when it cannot.
    pub fn migration_source_choices(&self) -> OpsResult<Vec<SourceChoice>> {
        self.authorize_read(Operation::MigrateService, None)?;
        let mut out = Vec::new();
        for s in self.store.list_services(None)? {
            let Ok(members) = self.members_with_devices(&s) else {
                continue;
            };
            let Some((p, d)) = members.first() else {
                continue;
            };
            let ep = endpoint_of(&d.facts, s.ppso);
            let co_activated = p.roles.co == RoleState::Activated;
            let why_not = match check_source(&s, p, &ep, co_activated, false) {
                Err(e) => Some(e.to_string()),
                Ok(()) => self
                    .migration_lock(s.id)?
                    .map(|m| format!("locked by migration {m}")),
            };
            out.push(SourceChoice {
                service: s.id,
                name: s.name.clone(),
                partition: p.name.clone(),
                partition_serial: p.serial.clone(),
                device: d.name.clone(),
                facts: d.facts.clone(),
                ha: s.kind.is_ha(),
                ppso: s.ppso,
                partition_size: s.partition_size,
                organization: s.organization,
                why_not,
            });
        }
        Ok(out)
    }

    /// MIG-1/2 Select Devices: every device but the source's, each with the rule that refuses
    /// it as a target of `source` (support matrix, the chosen HSM model, offline, not
    /// authorized, licences).
    pub fn migration_target_choices(
        &self,
        source: ServiceId,
        model: Option<MigrationClass>,
    ) -> OpsResult<Vec<TargetChoice>> {
        let service = self.service_for(source, Operation::MigrateService)?;
        let members = self.members_with_devices(&service)?;
        let (_, src_dev) = members
            .first()
            .ok_or_else(|| OpsError::from(DomainError::refused("the service has no partitions")))?;
        let src = endpoint_of(&src_dev.facts, service.ppso);
        let mut out = Vec::new();
        for mut d in self.store.list_devices()? {
            if members.iter().any(|(_, m)| m.serial == d.serial) {
                continue;
            }
            d.status = self.device_status(&d);
            let mut warnings = Vec::new();
            let of_model = |m| check_model(&target_endpoint(&d), m).err();
            let why_not = match check_pair(&src, &target_endpoint(&d)) {
                Err(e) => Some(e.to_string()),
                Ok(w) => {
                    warnings = w;
                    if let Some(e) = model.and_then(of_model) {
                        Some(e.to_string())
                    } else if d.status == DeviceStatus::Unreachable {
                        Some(format!("device '{}' is {}", d.name, d.status))
                    } else if self.lacks_so_secret(&d) {
                        Some("not authorized in this session: authorize it (HSM SO) first".into())
                    } else {
                        check_licences(&[&d]).err().map(|e| e.to_string())
                    }
                }
            };
            out.push(TargetChoice {
                choice: DeviceChoice::of(&d, why_not),
                warnings,
            });
        }
        out.sort_by(|a, b| a.choice.name.cmp(&b.choice.name));
        Ok(out)
    }

    /// The record of a migration about to be submitted (every target running).
    pub(crate) fn begin_migration_record(
        &mut self,
        source: &Service,
        source_partition: &str,
        new_name: &str,
        form: &MigrateForm,
        targets: &[Device],
    ) -> OpsResult<MigrationId> {
        let record = MigrationRecord {
            id: MigrationId(0),
            job: None,
            source: source.id,
            source_name: source.name.clone(),
            source_partition: source_partition.to_string(),
            new_name: new_name.to_string(),
            new_service: None,
            organization: form.organization,
            started_by: self.session().user.username.clone(),
            started_at: self.now(),
            finished_at: None,
            targets: targets
                .iter()
                .map(|d| MigrationTarget {
                    device: d.serial.clone(),
                    device_name: d.name.clone(),
                    state: TargetState::Running,
                    partition: None,
                })
                .collect(),
            outcome: None,
        };
        Ok(self.store.save_migration(&record)?)
    }

    /// The job was submitted (its id recorded) or refused (the record ends with the reason).
    pub(crate) fn migration_submitted(
        &mut self,
        id: MigrationId,
        submitted: OpsResult<JobId>,
    ) -> OpsResult<JobId> {
        let Some(mut record) = self.store.load_migration(id)? else {
            return submitted;
        };
        match &submitted {
            Ok(job) => {
                record.job = Some(*job);
                // Before the record names the job: another console that reads it finds the
                // lease held (MIG-5 lock across consoles).
                match self.store.take_job_lease(*job) {
                    Ok(lease) => {
                        self.leases.insert(*job, lease);
                    }
                    Err(e) => tracing::warn!(
                        "migration {id}: {e}; other consoles on this database will not see it \
                         running"
                    ),
                }
            }
            Err(e) => {
                record.finished_at = Some(self.now());
                record.outcome = Some(format!("not started: {e}"));
                for t in &mut record.targets {
                    t.state = TargetState::Failed;
                }
            }
        }
        self.store.save_migration(&record)?;
        submitted
    }

    /// One target's steps ended (per-device job): its state now.
    pub(crate) fn migration_target_ended(
        &mut self,
        id: MigrationId,
        device: &HsmSerial,
        partition: Option<PartitionSerial>,
        migrated: bool,
    ) -> OpsResult<()> {
        let Some(mut record) = self.store.load_migration(id)? else {
            return Ok(());
        };
        if let Some(t) = record.targets.iter_mut().find(|t| &t.device == device) {
            t.state = if migrated {
                TargetState::Migrated
            } else {
                TargetState::Failed
            };
            t.partition = partition;
        }
        self.store.save_migration(&record)?;
        Ok(())
    }

    /// The job ended: each target's partition (None: failed), the new service, the sentence.
    pub(crate) fn migration_ended(
        &mut self,
        id: MigrationId,
        ended: &[(HsmSerial, Option<PartitionSerial>)],
        new_service: Option<ServiceId>,
        outcome: &str,
    ) -> OpsResult<()> {
        let Some(mut record) = self.store.load_migration(id)? else {
            return Ok(());
        };
        for (serial, partition) in ended {
            if let Some(t) = record.targets.iter_mut().find(|t| &t.device == serial) {
                t.state = if partition.is_some() {
                    TargetState::Migrated
                } else {
                    TargetState::Failed
                };
                t.partition = partition.clone();
            }
        }
        record.new_service = new_service;
        record.finished_at = Some(self.now());
        record.outcome = Some(outcome.to_string());
        self.store.save_migration(&record)?;
        Ok(())
    }
}
