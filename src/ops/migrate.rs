//! Migrate a service (MIG-1..5): per target, create and initialize a partition in the source's
//! cloning domain (typed, or its red PED key), clone the source's first partition to it; a failed
//! target is undone alone.

use super::cm_steps::ManageSteps;
use super::console::{Console, Submission};
use super::error::{OpsError, OpsResult};
use super::luna_steps::read_partitions;
use super::migrate_records::endpoint_of;
pub use super::migrate_roles::MigrateRoles;
use super::migrate_roles::{TargetPartition, target_steps};
use crate::domain::DomainError;
use crate::domain::device::{AuthMethod, Device, DeviceStatus};
use crate::domain::ids::{HsmSerial, JobId, OrganizationId, PartitionSerial, ServiceId};
use crate::domain::migration::{
    MigrationClass, MigrationEndpoint, check_licences, check_model, check_pair, check_source,
};
use crate::domain::operation::Operation;
use crate::domain::partition::{Partition, RoleState};
use crate::domain::plan::{Plan, PlanStep, StepAction};
use crate::domain::service::Service;
use crate::domain::validation::{
    parse_partition_size, validate_partition_label, validate_partition_name, validate_service_name,
};
use crate::jobs::{Parallelism, StepContext, StepError, StepOutput};
use crate::luna::shell::Shell;

/// What the Migrate Service wizard collected (MIG-2).
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct MigrateForm {
    pub name: String,
    pub description: String,
    pub organization: OrganizationId,
    pub size: String,
    pub targets: Vec<HsmSerial>,
    /// Label, and name of the new partitions.
    pub label: String,
    /// The cloning domain and role credentials (password or PED, as the source).
    pub roles: MigrateRoles,
    /// The New Service's HSM model: every target must be of it (None: any the matrix allows).
    #[serde(default)]
    pub model: Option<MigrationClass>,
}

/// A target's row and column of the support matrix: 7.x HSMs always have per-partition SO, a
/// 6.x HSM only with the PPSO capability installed.
pub(crate) fn target_endpoint(d: &Device) -> MigrationEndpoint {
    endpoint_of(&d.facts, d.facts.ppso_capable || d.is_luna7())
}

impl Console {
    /// MIG-2: services that can be migrated (initialized, first partition able to clone).
    pub fn migration_sources(&self) -> OpsResult<Vec<Service>> {
        self.authorize_read(Operation::MigrateService, None)?;
        let mut out = Vec::new();
        for s in self.store.list_services(None)? {
            let Ok(members) = self.members_with_devices(&s) else {
                continue;
            };
            if let Some((p, d)) = members.first() {
                let co_activated = p.roles.co == RoleState::Activated;
                if check_source(&s, p, &endpoint_of(&d.facts, s.ppso), co_activated, false).is_ok()
                {
                    out.push(s);
                }
            }
        }
        Ok(out)
    }

    /// MIG-1..4: checks every rule, then submits one job where each target is created,
    /// initialized and cloned to independently. Returns the job and the warnings to show.
    pub fn submit_migrate(
        &mut self,
        source_id: ServiceId,
        form: MigrateForm,
    ) -> OpsResult<(JobId, Vec<String>)> {
        let plan = self.migrate_plan(source_id, &form)?;
        let refs: Vec<&Device> = plan.targets.iter().collect();
        let (mut executor, mut secrets) = self.executor_with_so(&refs);
        executor.manage = ManageSteps {
            client_host: Some(self.access.clone()),
            ..ManageSteps::default()
        };
        form.roles.wire(&mut executor, &mut secrets);
        self.wire_client_host_identity(&mut executor);
        let MigratePlan {
            source,
            primary,
            name,
            description,
            size,
            targets,
            warnings,
            steps,
        } = plan;
        // The record, the job row and its subject in one commit (one disk sync); a refused
        // submission still leaves its record, ended with the reason.
        let job = self.in_store_batch(|c| -> OpsResult<JobId> {
            let record =
                c.begin_migration_record(&source, &primary.name, &name, &form, &targets)?;
            let name_for_jobs = name.clone();
            let submitted = c.submit(Submission {
                plan: Plan {
                    operation: Operation::MigrateService,
                    steps,
                },
                executor,
                secrets,
                parallelism: Parallelism::PerDevice,
                service: Some(source.id),
                organization: Some(form.organization),
                completion: Box::new(super::migrate_completion::Migrated {
                    record,
                    source: source.clone(),
                    source_partition: primary.name.clone(),
                    name,
                    description,
                    organization: form.organization,
                    size,
                    partition: form.label,
                    targets: targets
                        .iter()
                        .map(|d| (d.serial.clone(), d.name.clone()))
                        .collect(),
                }),
            });
            let job = c.migration_submitted(record, submitted)?;
            // Jobs names what it migrates (MIG-4).
            if let Some(mut j) = c.store.load_job(job)? {
                j.subject = Some(format!(
                    "'{}' (partition '{}') → '{}'",
                    source.name, primary.name, name_for_jobs
                ));
                c.store.save_job(&j)?;
            }
            Ok(job)
        })??;
        Ok((job, warnings))
    }

    /// MIG-2 Summary: the device commands Migrate sends, per target, and the warnings — every
    /// rule checked as Migrate checks it; nothing is sent.
    pub fn plan_migrate(
        &self,
        source_id: ServiceId,
        form: &MigrateForm,
    ) -> OpsResult<MigrateSummary> {
        let plan = self.migrate_plan(source_id, form)?;
        let commands = self.dry_run_lines(&Plan {
            operation: Operation::MigrateService,
            steps: plan.steps,
        });
        Ok(MigrateSummary {
            commands,
            warnings: plan.warnings,
        })
    }

    /// Every rule of MIG-1..3 on the form, then the steps per target.
    fn migrate_plan(&self, source_id: ServiceId, form: &MigrateForm) -> OpsResult<MigratePlan> {
        let source = self.service_for(source_id, Operation::MigrateService)?;
        self.authorize(Operation::MigrateService, Some(form.organization))?;
        let members = self.members_with_devices(&source)?;
        let (primary, source_dev) = members
            .first()
            .ok_or_else(|| OpsError::from(DomainError::refused("the service has no partitions")))?;
        let src = endpoint_of(&source_dev.facts, source.ppso);
        check_source(
            &source,
            primary,
            &src,
            primary.roles.co == RoleState::Activated,
            form.roles.default_challenge_set(),
        )?;
        if form.roles.is_ped() != (source.auth == AuthMethod::Ped) {
            return Err(DomainError::refused(format!(
                "service '{}' is a {} service: its migration takes {} credentials",
                source.name,
                source.auth,
                if source.auth == AuthMethod::Ped {
                    "PED (remote PED server and crypto officer challenge)"
                } else {
                    "password (cloning domain and passwords)"
                }
            ))
            .into());
        }
        // Unique within the new service's organization (PERM).
        let existing = self.store.list_services(Some(form.organization))?;
        let names: Vec<(ServiceId, &str)> =
            existing.iter().map(|s| (s.id, s.name.as_str())).collect();
        let name = validate_service_name(&form.name, &names, None)?;
        let description = crate::domain::validation::validate_description(&form.description)?;
        let size = parse_partition_size(&form.size)?;
        validate_partition_label(&form.label)?;
        validate_partition_name(&form.label)?;
        form.roles.check()?;
        if form.targets.is_empty() {
            return Err(DomainError::refused("choose at least one target device").into());
        }
        let mut targets: Vec<Device> = Vec::new();
        let mut warnings = Vec::new();
        for serial in &form.targets {
            let mut d = self
                .store
                .load_device(serial)?
                .ok_or_else(|| OpsError::NotFound(format!("no device with serial {serial}")))?;
            d.status = self.device_status(&d);
            if targets.iter().any(|t| t.serial == d.serial) {
                return Err(DomainError::refused(format!(
                    "device '{}' is chosen twice: one partition per target",
                    d.name
                ))
                .into());
            }
            if members.iter().any(|(_, m)| m.serial == d.serial) {
                return Err(DomainError::refused(format!(
                    "device '{}' hosts the source service: choose other devices",
                    d.name
                ))
                .into());
            }
            if d.status != DeviceStatus::Up {
                return Err(
                    DomainError::refused(format!("device '{}' is {}", d.name, d.status)).into(),
                );
            }
            for w in check_pair(&src, &target_endpoint(&d))? {
                if !warnings.contains(&w) {
                    warnings.push(w);
                }
            }
            if let Some(model) = form.model {
                check_model(&target_endpoint(&d), model)
                    .map_err(|e| DomainError::refused(format!("device '{}': {e}", d.name)))?;
            }
            crate::domain::validation::check_size_fits(
                size,
                &[(d.name.as_str(), d.facts.storage.free)],
            )?;
            targets.push(d);
        }
        if let MigrateRoles::Ped { ped, .. } = &form.roles {
            warnings.push(format!(
                "PED: each target's partition is initialized and activated at the remote PED \
                 server {}:{} with the source's red domain key and the blue (SO) and black (CO) \
                 keys; the target appliances must already be connected to it (lunadeck sends no \
                 `ped connect`)",
                ped.host, ped.port
            ));
        }
        let refs: Vec<&Device> = targets.iter().collect();
        for note in check_licences(&refs)? {
            if !warnings.contains(&note) {
                warnings.push(note);
            }
        }
        self.require_authorized(&refs)?;
        let mut steps = Vec::new();
        for d in &targets {
            let mut login = PlanStep::read(&d.serial, &d.name, StepAction::SoLogin);
            login.changes_state = false;
            steps.push(login);
            let partition = TargetPartition {
                label: &form.label,
                size,
                version: primary.version,
                source: &primary.serial,
                assign: self.assign_to_client_host_step(d, &form.label),
            };
            steps.extend(target_steps(d, partition, form.roles.is_ped()));
        }
        Ok(MigratePlan {
            source: source.clone(),
            primary: primary.clone(),
            name,
            description,
            size,
            targets,
            warnings,
            steps,
        })
    }
}

/// The Summary of the wizard: the device commands per target, and the warnings to show.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct MigrateSummary {
    pub commands: Vec<(String, Vec<String>)>,
    pub warnings: Vec<String>,
}

/// A migration checked and planned (`migrate_plan`).
struct MigratePlan {
    source: Service,
    primary: Partition,
    name: String,
    description: String,
    size: u64,
    targets: Vec<Device>,
    warnings: Vec<String>,
    steps: Vec<PlanStep>,
}

/// The executor arm of `StepAction::ClonePartition`: reads the target's serial on its appliance,
/// then clones with LunaCM on the client host.
pub fn clone_step(
    shell: &mut dyn Shell,
    step: &PlanStep,
    source: &PartitionSerial,
    target: &str,
    manage: &ManageSteps,
    ctx: &StepContext<'_>,
) -> Result<StepOutput, StepError> {
    let serial = read_partitions(shell, step, ctx)?
        .into_iter()
        .find(|p| p.name == target)
        .map(|p| p.serial)
        .ok_or_else(|| StepError::Device {
            output: String::new(),
            reason: format!("partition '{target}' is not on {}", step.device_name),
        })?;
    let mut cm = super::cm_steps::open_client_host(manage)?;
    super::cm_steps::clone_partition(cm.as_mut(), source, &serial, manage, ctx)
}
