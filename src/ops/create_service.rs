//! Create a service (SVC-1, SVC-2): validate name, template, devices and organization, plan one
//! partition per device (all-or-nothing), show the exact commands (dry run), save the result.
//!
//! Legacy 5.x/6.x appliances create and initialize in one step, so a partition cannot exist there
//! without credentials: `CreateServiceRequest::init` carries them and the create answers the
//! password/domain prompts; without them the request is refused before anything runs.

use super::console::{Console, Submission};
use super::error::{OpsError, OpsResult};
use super::executor::LunaExecutor;
use super::init_steps::{LifecycleSecrets, Started};
use super::initialize::{generate_ped_challenge, push_secret};
use crate::domain::DomainError;
use crate::domain::device::{AuthMethod, Device};
use crate::domain::error::Field;
use crate::domain::ids::{HsmSerial, OrganizationId, TemplateId};
use crate::domain::initialization::{InitCredentials, InitRoute, init_route, validate_init};
use crate::domain::lifecycle::ServiceState;
use crate::domain::operation::Operation;
use crate::domain::plan::{Plan, PlanStep, StepAction};
use crate::domain::service::{Member, Service, ServiceKind};
use crate::domain::template::{Capabilities, ServiceType, Template};
use crate::domain::template_rules::{device_fit, partition_version};
use crate::domain::validation::{
    MAX_PARTITION_NAME_CHARS, PARTITION_NAME_PUNCTUATION, validate_ha_members,
    validate_partition_name, validate_service_name,
};
use crate::jobs::Parallelism;
use secrecy::SecretString;

/// Why a per-partition SO template cannot be created on a 5.x/6.x appliance by lunadeck.
pub const LEGACY_WITHOUT_PPSO: &str = "on software 5.x/6.x lunadeck creates partitions without \
     per-partition SO (create-and-initialize); use a template without per-partition SO";

/// What the Create Service wizard collected (SVC-1).
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct CreateServiceRequest {
    pub name: String,
    pub description: String,
    pub template: TemplateId,
    /// In order; the first is the primary member.
    pub devices: Vec<HsmSerial>,
    pub organization: OrganizationId,
    /// Only for 5.x/6.x appliances, which initialize at creation; refused for Luna 7 devices
    /// (initialize those after creation).
    pub init: Option<InitCredentials>,
}

/// A validated creation: the plan and what the completion needs.
struct Draft {
    plan: Plan,
    service: Service,
    devices: Vec<Device>,
    /// (device, partition name) in member order.
    names: Vec<(HsmSerial, String)>,
    legacy: bool,
}

/// A LunaSH partition name derived from a service name: letters, digits and the allowed
/// punctuation kept, anything else becomes `_`, never starting with a digit, at most 32
/// characters with room for a `_n` suffix.
pub fn partition_name_for(service_name: &str) -> String {
    let mut name: String = service_name
        .trim()
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || PARTITION_NAME_PUNCTUATION.contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    if name.is_empty() {
        name = "service".into();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert_str(0, "p_");
    }
    name.chars().take(MAX_PARTITION_NAME_CHARS - 4).collect()
}

/// `base`, or `base_2`, `base_3`... whichever is not in `taken`.
fn unique_on_device(base: &str, taken: &[String]) -> String {
    let mut candidate = base.to_string();
    let mut n = 2;
    while taken.iter().any(|t| t == &candidate) {
        candidate = format!("{base}_{n}");
        n += 1;
    }
    candidate
}

impl Console {
    /// SVC-2: the plan Finish will run (nothing is sent).
    pub fn plan_create_service(&self, request: &CreateServiceRequest) -> OpsResult<Plan> {
        self.authorize_read(Operation::CreateService, Some(request.organization))?;
        Ok(self.draft_create(request)?.plan)
    }

    /// SVC-2: the exact device commands of a plan, per device in order (secrets are prompted,
    /// never part of a line). LunaCM steps are listed under the Luna client host.
    pub fn dry_run_lines(&self, plan: &Plan) -> Vec<(String, Vec<String>)> {
        let mut out: Vec<(String, Vec<String>)> = Vec::new();
        for step in &plan.steps {
            let versions = self
                .store
                .load_device(&step.device)
                .ok()
                .flatten()
                .map(|d| (d.facts.software, d.facts.firmware));
            let lines = match &step.action {
                StepAction::AssignToClientHost { partition } => super::ntls_steps::assign_lines(
                    self.access.client_host_identity().as_ref(),
                    partition,
                ),
                action => super::init_steps::step_lines(action, versions),
            };
            match out.iter_mut().find(|(d, _)| d == &step.device_name) {
                Some((_, v)) => v.extend(lines),
                None => out.push((step.device_name.clone(), lines)),
            }
        }
        out
    }

    /// SVC-1: validates and submits the creation. Partitions are created on every device or
    /// on none (a failure deletes those already created).
    pub fn submit_create_service(&mut self, request: CreateServiceRequest) -> OpsResult<Started> {
        self.authorize(Operation::CreateService, Some(request.organization))?;
        let draft = self.draft_create(&request)?;
        let mut executor = self.executor_for(&draft.devices);
        let mut secrets = Vec::new();
        wire_so_logins(self, &draft.devices, &mut secrets, &mut executor)?;
        self.wire_client_host_identity(&mut executor);
        let mut generated = None;
        if let Some(creds) = &request.init {
            match creds {
                InitCredentials::Password { domain, co, .. } => {
                    executor.lifecycle = LifecycleSecrets {
                        co: Some(push_secret(&mut secrets, &co.value)),
                        domain: Some(push_secret(&mut secrets, &domain.value)),
                        ..LifecycleSecrets::default()
                    };
                }
                InitCredentials::Ped { .. } => {
                    let challenge = generate_ped_challenge();
                    executor.lifecycle.co_challenge = Some(push_secret(&mut secrets, &challenge));
                    generated = Some(challenge);
                }
            }
        }
        let org = draft.service.organization;
        let job = self.submit(Submission {
            plan: draft.plan,
            executor,
            secrets,
            parallelism: Parallelism::Sequential,
            service: None,
            organization: Some(org),
            completion: Box::new(super::create_completion::Created {
                service: draft.service,
                names: draft.names,
                legacy: draft.legacy,
            }),
        })?;
        Ok(Started {
            job,
            generated_challenge: generated,
        })
    }

    /// Validates a creation; the caller checked the permission (to run it, or to plan it).
    fn draft_create(&self, request: &CreateServiceRequest) -> OpsResult<Draft> {
        // Service names are unique per organization (PERM: nothing outside it is revealed).
        let existing = self.store.list_services(Some(request.organization))?;
        let pairs: Vec<_> = existing.iter().map(|s| (s.id, s.name.as_str())).collect();
        let name = validate_service_name(&request.name, &pairs, None)?;
        let template: Template = self
            .store
            .load_template(request.template)?
            .ok_or_else(|| OpsError::NotFound(format!("no template {}", request.template)))?;
        if self
            .store
            .load_organization(request.organization)?
            .is_none()
        {
            return Err(DomainError::invalid(
                Field::Organization,
                format!("organization {} does not exist", request.organization),
            )
            .into());
        }
        let caps: Capabilities = template.capabilities;
        validate_ha_members(caps.service_type, &request.devices)?;
        let mut devices = Vec::new();
        for serial in &request.devices {
            let device = self.store.load_device(serial)?.ok_or_else(|| {
                DomainError::invalid(Field::Devices, format!("no device with serial {serial}"))
            })?;
            device_fit(&caps, &device, 0)?;
            devices.push(device);
        }
        let legacy_devices: Vec<&Device> = devices
            .iter()
            .filter(|d| init_route(d.facts.software, d.facts.firmware) == InitRoute::LegacyCreate)
            .collect();
        let legacy = !legacy_devices.is_empty();
        if legacy && legacy_devices.len() != devices.len() {
            return Err(DomainError::refused(
                "a service cannot mix 5.x/6.x appliances, which initialize at creation, with \
                 Luna 7 appliances",
            )
            .into());
        }
        let base = partition_name_for(&name);
        let mut service = Service {
            id: crate::domain::ids::ServiceId(0),
            name: name.clone(),
            description: crate::domain::validation::validate_description(&request.description)?,
            kind: match caps.service_type {
                ServiceType::Partition => ServiceKind::Standalone,
                ServiceType::HaGroup => ServiceKind::HaGroup {
                    label: base.clone(),
                },
            },
            template: Some(template.id),
            organization: request.organization,
            created_by: self.session().user.username.clone(),
            created_at: self.now(),
            members: Vec::new(),
            state: ServiceState::Uninitialized,
            auth: caps.auth,
            ppso: caps.ppso,
            stc: caps.stc,
            partition_size: caps.partition_size,
        };
        let mut names = Vec::new();
        match (&request.init, legacy) {
            (None, true) => {
                let d = legacy_devices
                    .first()
                    .map(|d| d.name.as_str())
                    .unwrap_or("");
                return Err(DomainError::refused(format!(
                    "Device {d} runs software 5.x/6.x, where a partition is created and \
                     initialized in one step: give the initialization credentials at creation \
                     (initialize at creation), or use a template for Luna 7 devices"
                ))
                .into());
            }
            (Some(_), false) => {
                return Err(DomainError::refused(
                    "credentials at creation apply only to 5.x/6.x appliances; create the \
                     service, then initialize it",
                )
                .into());
            }
            (Some(creds), true) => {
                if caps.ppso {
                    return Err(DomainError::refused(LEGACY_WITHOUT_PPSO).into());
                }
                // The provisional service validates the credentials like Initialize does.
                service.members = devices
                    .iter()
                    .map(|d| Member {
                        partition: crate::domain::ids::PartitionSerial::new(format!(
                            "new:{}",
                            d.serial
                        )),
                        pending_init: false,
                    })
                    .collect();
                let summary = validate_init(&service, creds)?;
                service.members.clear();
                // 5.x/6.x set the label to the partition name: the label names the partitions.
                validate_partition_name(&summary.label).map_err(|e| {
                    DomainError::invalid(
                        Field::PartitionLabel,
                        format!("on software 5.x/6.x the label is the partition name: {e}"),
                    )
                })?;
                for d in &devices {
                    if self
                        .store
                        .list_partitions(Some(&d.serial))?
                        .iter()
                        .any(|p| p.name == summary.label)
                    {
                        return Err(DomainError::invalid(
                            Field::PartitionLabel,
                            format!(
                                "a partition named '{}' already exists on {}",
                                summary.label, d.name
                            ),
                        )
                        .into());
                    }
                    names.push((d.serial.clone(), summary.label.clone()));
                }
            }
            (None, false) => {
                for d in &devices {
                    let taken: Vec<String> = self
                        .store
                        .list_partitions(Some(&d.serial))?
                        .into_iter()
                        .map(|p| p.name)
                        .collect();
                    let pname = unique_on_device(&base, &taken);
                    validate_partition_name(&pname)?;
                    names.push((d.serial.clone(), pname));
                }
            }
        }
        let version = partition_version(caps);
        let mut steps: Vec<PlanStep> = devices
            .iter()
            .map(|d| PlanStep::read(&d.serial, &d.name, StepAction::SoLogin))
            .collect();
        for (d, (_, pname)) in devices.iter().zip(&names) {
            let action = if legacy {
                StepAction::CreateLegacyPartition {
                    name: pname.clone(),
                    size: caps.partition_size,
                }
            } else {
                StepAction::CreatePartition {
                    name: pname.clone(),
                    size: caps.partition_size,
                    version,
                }
            };
            let undo = StepAction::DeletePartition {
                name: pname.clone(),
            };
            steps.push(PlanStep::new(&d.serial, &d.name, action, Some(undo)));
            steps.extend(self.assign_to_client_host_step(d, pname));
        }
        for d in &devices {
            steps.push(PlanStep::read(
                &d.serial,
                &d.name,
                StepAction::RefreshPartitions,
            ));
        }
        Ok(Draft {
            plan: Plan {
                operation: Operation::CreateService,
                steps,
            },
            service,
            devices,
            names,
            legacy,
        })
    }
}

/// Puts each device's HSM SO secret in `secrets` and its index in the executor; refuses (before
/// anything is sent) when a password device is not authorized in this session (DEV-2). PED
/// devices log in with the blue PED key: an empty answer stands for "no typed secret".
pub(crate) fn wire_so_logins(
    console: &Console,
    devices: &[Device],
    secrets: &mut Vec<SecretString>,
    executor: &mut LunaExecutor,
) -> OpsResult<()> {
    for d in devices {
        let secret = match (console.so_secret(&d.serial), d.facts.auth) {
            (Some(s), _) => s.clone(),
            (None, AuthMethod::Ped) => SecretString::from(String::new()),
            (None, AuthMethod::Password) => {
                return Err(DomainError::refused(format!(
                    "Device {} is not authorized in this session: authorize it (HSM SO \
                     password) first",
                    d.name
                ))
                .into());
            }
        };
        let index = push_secret(secrets, &secret);
        executor.so_secret.insert(d.serial.clone(), index);
    }
    Ok(())
}
