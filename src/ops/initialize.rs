//! Initialize a service (INIT-1..4): one set of credentials for every member, routed per device
//! (LunaSH `partition init` on 7.7.1+, LunaCM on the client host otherwise), progress per partition.
//!
//! 5.x/6.x partitions were initialized when they were created (`create_service`), so they are
//! refused here. The remote PED server is validated and recorded in the summary only: lunadeck
//! assumes the appliance is already connected to it (the simulator has no `ped connect`).

use super::access::client_host_key;
use super::activate::{activation_steps, distinct_devices, members_of, service_for};
use super::console::{Console, Submission};
use super::create_service::wire_so_logins;
use super::error::OpsResult;
use super::executor::LunaExecutor;
use super::init_steps::{LifecycleSecrets, Started};
use super::initialize_completion::Initialized;
use crate::domain::DomainError;
use crate::domain::device::Device;
use crate::domain::ids::{PartitionSerial, ServiceId};
use crate::domain::initialization::{InitCredentials, InitRoute, init_route, validate_init};
use crate::domain::operation::Operation;
use crate::domain::partition::Partition;
use crate::domain::plan::{Plan, PlanStep, StepAction};
use crate::domain::validation::PED_CHALLENGE_DIGITS;
use crate::jobs::Parallelism;
use rand_core::{OsRng, RngCore};
use secrecy::SecretString;

/// Name of the client host in plans and messages.
pub const CLIENT_HOST_NAME: &str = "Luna client host";

/// A 16-digit challenge from the OS random source (INIT-3, non-PPSO PED): shown once, never
/// stored. Digits are drawn without modulo bias.
pub fn generate_ped_challenge() -> SecretString {
    let mut digits = String::with_capacity(PED_CHALLENGE_DIGITS);
    while digits.len() < PED_CHALLENGE_DIGITS {
        let byte = (OsRng.next_u32() & 0xff) as u8;
        if byte < 250 {
            digits.push(char::from(b'0' + byte % 10));
        }
    }
    SecretString::from(digits)
}

/// Appends a secret to the job's secrets and returns its index.
pub fn push_secret(secrets: &mut Vec<SecretString>, secret: &SecretString) -> usize {
    secrets.push(secret.clone());
    secrets.len() - 1
}

impl Console {
    /// INIT-1..4: initializes every member with the same label, domain and credentials.
    pub fn submit_initialize(
        &mut self,
        id: ServiceId,
        creds: InitCredentials,
    ) -> OpsResult<Started> {
        let service = service_for(self, id, Operation::InitializeService)?;
        let summary = validate_init(&service, &creds)?;
        let members = members_of(self, &service)?;
        for (p, d) in &members {
            if init_route(d.facts.software, d.facts.firmware) == InitRoute::LegacyCreate {
                return Err(DomainError::refused(format!(
                    "partition '{}' on {} (software {}) was initialized when it was created; \
                     5.x/6.x partitions cannot be initialized again by lunadeck",
                    p.name, d.name, d.facts.software
                ))
                .into());
            }
        }
        let devices = distinct_devices(&members);
        let mut executor = self.executor_for(&devices);
        let mut secrets = Vec::new();
        let (label, cu, activate_co, activate_cu) = match &creds {
            InitCredentials::Password {
                label,
                domain,
                so,
                co,
                cu,
            } => {
                executor.lifecycle = LifecycleSecrets {
                    so: so.as_ref().map(|s| push_secret(&mut secrets, &s.value)),
                    co: Some(push_secret(&mut secrets, &co.value)),
                    cu: cu.as_ref().map(|s| push_secret(&mut secrets, &s.value)),
                    domain: Some(push_secret(&mut secrets, &domain.value)),
                    ..LifecycleSecrets::default()
                };
                (label.clone(), cu.is_some(), false, false)
            }
            InitCredentials::Ped {
                label,
                co_challenge,
                cu_challenge,
                activate_co,
                activate_cu,
                ..
            } => {
                executor.lifecycle = LifecycleSecrets {
                    co_challenge: co_challenge
                        .as_ref()
                        .map(|s| push_secret(&mut secrets, &s.value)),
                    cu_challenge: cu_challenge
                        .as_ref()
                        .map(|s| push_secret(&mut secrets, &s.value)),
                    ..LifecycleSecrets::default()
                };
                (
                    label.clone(),
                    cu_challenge.is_some(),
                    *activate_co,
                    *activate_cu,
                )
            }
        };
        refuse_other_labels(&members, &label)?;
        let roles = MemberRoles {
            label,
            cu,
            activate_co,
            activate_cu,
        };
        let plan =
            self.member_init_steps(&members, &roles, Vec::new(), &mut secrets, &mut executor)?;
        let org = service.organization;
        let job = self.submit_rereading(
            Submission {
                plan: Plan {
                    operation: Operation::InitializeService,
                    steps: plan.steps,
                },
                executor,
                secrets,
                parallelism: Parallelism::Sequential,
                service: Some(service.id),
                organization: Some(org),
                completion: Box::new(Initialized {
                    service,
                    members: members.into_iter().map(|(p, _)| p).collect(),
                    init_steps: plan.init_steps,
                    label: summary.label,
                    activated: activate_co,
                    cu,
                }),
            },
            plan.reread,
        )?;
        Ok(Started {
            job,
            generated_challenge: None,
        })
    }

    /// The steps that initialize `members` by their routes: every appliance sent a LunaSH
    /// change logs in as HSM SO first (all before the first change, so an offline device stops
    /// the job before anything changes), then each member's steps, then `after`, then a
    /// re-reading of every device. The SO secrets are added to `secrets`.
    pub(crate) fn member_init_steps(
        &self,
        members: &[(Partition, Device)],
        roles: &MemberRoles,
        after: Vec<PlanStep>,
        secrets: &mut Vec<SecretString>,
        executor: &mut LunaExecutor,
    ) -> OpsResult<MemberInitSteps> {
        let devices = distinct_devices(members);
        self.wire_client_host_identity(executor);
        // Each member's steps. A run that failed midway is continued: the steps read the
        // partition first and skip what is done; roles the last reading shows set are skipped.
        let mut per_member: Vec<(PartitionSerial, Vec<PlanStep>)> = Vec::new();
        for (p, d) in members {
            let mut own = member_steps(p, d, roles);
            let client_at = own.iter().position(|s| s.device == client_host_key());
            if let Some(at) = client_at {
                // The client host sees the partition as a slot only once it is assigned to
                // the host's NTLS client (kept afterwards: it may have been assigned before).
                if let Some(mut assign) = self.assign_to_client_host_step(d, &p.name) {
                    assign.undo = None;
                    own.insert(at, assign);
                }
            }
            per_member.push((p.serial.clone(), own));
        }
        let lunash: Vec<Device> = devices
            .iter()
            .filter(|d| {
                per_member
                    .iter()
                    .flat_map(|(_, s)| s)
                    .chain(&after)
                    .any(|s| s.device == d.serial && s.changes_state)
            })
            .cloned()
            .collect();
        wire_so_logins(self, &lunash, secrets, executor)?;
        let mut steps: Vec<PlanStep> = lunash
            .iter()
            .map(|d| PlanStep::read(&d.serial, &d.name, StepAction::SoLogin))
            .collect();
        let mut init_steps = Vec::new();
        for (serial, own) in per_member {
            let first = steps.len();
            steps.extend(own);
            init_steps.push((serial, (first..steps.len()).collect::<Vec<_>>()));
        }
        steps.extend(after);
        let reread: Vec<PlanStep> = devices
            .iter()
            .map(|d| PlanStep::read(&d.serial, &d.name, StepAction::RefreshPartitions))
            .collect();
        steps.extend(reread.iter().cloned());
        Ok(MemberInitSteps {
            steps,
            init_steps,
            reread,
        })
    }
}

/// What each member is initialized with: the label, whether its crypto user is initialized,
/// and whether its crypto officer (and crypto user) are activated afterwards (PED).
pub(crate) struct MemberRoles {
    pub label: String,
    pub cu: bool,
    pub activate_co: bool,
    pub activate_cu: bool,
}

/// The plan of `member_init_steps`: all steps, each member's step indexes, and the re-reading
/// the job also runs after a failure.
pub(crate) struct MemberInitSteps {
    pub steps: Vec<PlanStep>,
    pub init_steps: Vec<(PartitionSerial, Vec<usize>)>,
    pub reread: Vec<PlanStep>,
}

/// Refuses a member already initialized with another label: initializing it again would
/// destroy it (the same label is a run to continue).
fn refuse_other_labels(members: &[(Partition, Device)], label: &str) -> OpsResult<()> {
    for (p, d) in members {
        match p.label.as_deref().filter(|_| p.initialized) {
            Some(l) if l != label => {
                return Err(DomainError::refused(format!(
                    "partition '{}' on {} is already initialized with label '{l}': initializing \
                     it again would destroy what it holds; use label '{l}' to finish an \
                     initialization that stopped midway",
                    p.name, d.name
                ))
                .into());
            }
            _ => {}
        }
    }
    Ok(())
}

/// One member's initialization steps, by route; roles the stored reading shows initialized are
/// not initialized again (the appliance steps check the partition itself as well).
fn member_steps(p: &Partition, d: &Device, roles: &MemberRoles) -> Vec<PlanStep> {
    let label = roles.label.as_str();
    let mut steps = Vec::new();
    let cu_left = roles.cu && !p.roles.cu.is_initialized();
    let on_client = |action| PlanStep::new(&client_host_key(), CLIENT_HOST_NAME, action, None);
    if init_route(d.facts.software, d.facts.firmware) == InitRoute::LunaShPartitionInit {
        let action = StepAction::InitPartitionOnAppliance {
            name: p.name.clone(),
            label: label.to_string(),
        };
        steps.push(PlanStep::new(&d.serial, &d.name, action, None));
        if cu_left {
            steps.push(on_client(StepAction::InitRolesWithLunaCm {
                serial: p.serial.to_string(),
                label: None,
                co: false,
                cu: true,
            }));
        }
    } else {
        steps.push(on_client(StepAction::InitRolesWithLunaCm {
            serial: p.serial.to_string(),
            label: Some(label.to_string()),
            co: !(p.initialized && p.roles.co.is_initialized()),
            cu: cu_left,
        }));
    }
    if roles.activate_co {
        steps.extend(activation_steps(p, d, roles.activate_cu));
    }
    steps
}
