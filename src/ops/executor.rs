//! `LunaExecutor`: runs every `StepAction` of a plan on a device's shell as LunaSH commands,
//! using the device's profile (software version) and the job's secrets by index.

use super::init_steps::{self, LifecycleSecrets};
use super::luna_steps::{
    arg, discover_partitions, read_clients, read_hsm, read_partitions, run_checked, so_login,
    with_data,
};
use crate::domain::device::AuthMethod;
use crate::domain::ids::HsmSerial;
use crate::domain::plan::{PlanStep, StepAction};
use crate::domain::version::Version;
use crate::jobs::{StepContext, StepError, StepExecutor, StepOutput};
use crate::luna::command::{Arg, CreateSize, LunaShCommand};
use crate::luna::shell::Shell;
use std::collections::HashMap;

/// What the executor must know of a device to pick the right commands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeviceProfile {
    pub software: Version,
    pub firmware: Version,
    pub auth: AuthMethod,
}

impl DeviceProfile {
    /// Software 5.x/6.x creates and initializes a partition in one step.
    pub fn legacy_create(&self) -> bool {
        self.software.major < 7
    }
}

/// Executes plans for one job. Secrets are referenced by their index in the job's secrets.
#[derive(Debug, Clone, Default)]
pub struct LunaExecutor {
    pub profiles: HashMap<HsmSerial, DeviceProfile>,
    /// Index of each device's HSM SO secret in `StepContext::secrets`.
    pub so_secret: HashMap<HsmSerial, usize>,
    /// Indexes of the partition passwords, cloning domain and challenges of a create,
    /// initialize or activate job (`init_steps`).
    pub lifecycle: LifecycleSecrets,
    /// Secrets and client host of the service-management steps (HA-2, MNG-5, MIG).
    pub manage: super::cm_steps::ManageSteps,
    /// DEV-2: the SO login must prove the secret even when the session is already logged in
    /// (log out first), so a wrong secret is never kept as "authorized".
    pub verify_so: bool,
    /// The Luna client host's NTLS identity, for `AssignToClientHost` / `RevokeFromClientHost`.
    pub ntls: Option<super::ntls_steps::ClientHostIdentity>,
}

impl LunaExecutor {
    fn profile(&self, step: &PlanStep) -> Result<&DeviceProfile, StepError> {
        self.profiles
            .get(&step.device)
            .ok_or_else(|| StepError::Device {
                output: String::new(),
                reason: format!(
                    "{}: the appliance has not been read yet (refresh it)",
                    step.device_name
                ),
            })
    }
}

impl StepExecutor for LunaExecutor {
    fn execute(
        &self,
        step: &PlanStep,
        shell: &mut dyn Shell,
        ctx: &StepContext<'_>,
    ) -> Result<StepOutput, StepError> {
        match &step.action {
            StepAction::ReadHsm => {
                let reading = read_hsm(shell, ctx)?;
                Ok(with_data(format!("serial {}", reading.serial), &reading))
            }
            StepAction::SoLogin => {
                let secret = self
                    .so_secret
                    .get(&step.device)
                    .and_then(|i| ctx.secrets.get(*i));
                so_login(shell, secret, self.verify_so, ctx)
            }
            StepAction::RefreshPartitions => {
                let partitions = read_partitions(shell, step, ctx)?;
                Ok(with_data(
                    format!("{} partition(s)", partitions.len()),
                    &partitions,
                ))
            }
            StepAction::DiscoverPartitions => {
                let found = discover_partitions(shell, step, ctx)?;
                let text = match found.unread.len() {
                    0 => format!("{} partition(s)", found.partitions.len()),
                    n => format!(
                        "{} partition(s), {n} of them not readable by partition show",
                        found.partitions.len()
                    ),
                };
                Ok(with_data(text, &found))
            }
            StepAction::ReadClients => {
                let clients = read_clients(shell, step, ctx)?;
                Ok(with_data(format!("{} client(s)", clients.len()), &clients))
            }
            StepAction::CreatePartition {
                name,
                size,
                version,
            } => {
                let profile = self.profile(step)?;
                if profile.legacy_create() {
                    return Err(StepError::Device {
                        output: String::new(),
                        reason: format!(
                            "{}: software {} creates and initializes in one step; create the partition during initialization",
                            step.device_name, profile.software
                        ),
                    });
                }
                let cmd = LunaShCommand::PartitionCreate {
                    partition: arg(name, Arg::partition)?,
                    size: CreateSize::Bytes(*size),
                    version: (profile.firmware >= Version::new(7, 7, 0)).then_some(*version),
                    legacy_init: false,
                };
                Ok(StepOutput::text(run_checked(shell, &cmd, &[], ctx)?))
            }
            StepAction::DeletePartition { name } => {
                let cmd = LunaShCommand::PartitionDelete {
                    partition: arg(name, Arg::partition)?,
                };
                Ok(StepOutput::text(run_checked(shell, &cmd, &[], ctx)?))
            }
            StepAction::ResizePartition { name, size } => {
                let cmd = LunaShCommand::PartitionResize {
                    partition: arg(name, Arg::partition)?,
                    size: *size,
                };
                Ok(StepOutput::text(run_checked(shell, &cmd, &[], ctx)?))
            }
            StepAction::ReadHaGroups => super::discovery_steps::read_ha_groups(shell, ctx),
            StepAction::InitializeMember {
                name,
                serial,
                label,
            } => {
                let p = self.profile(step)?;
                let member = super::member_init::MemberToInit {
                    name,
                    serial,
                    label,
                    versions: (p.software, p.firmware),
                    auth: p.auth,
                };
                super::member_init::initialize_member(shell, step, &member, &self.manage, ctx)
            }
            StepAction::InitializeMemberCu { serial } => {
                super::ha_members::init_cu_step(shell, serial, &self.manage, ctx)
            }
            StepAction::SynchronizeHaGroup { label } => {
                super::cm_steps::synchronize(shell, label, ctx)
            }
            StepAction::ReadKeyObjects { serial } => {
                super::keys::read_objects_step(shell, serial, &self.manage, ctx)
            }
            StepAction::ClonePartition { source, target } => {
                super::migrate::clone_step(shell, step, source, target, &self.manage, ctx)
            }
            StepAction::CreateLegacyPartition { name, size } => {
                init_steps::create_legacy(self, step, shell, ctx, name, *size)
            }
            StepAction::InitPartitionOnAppliance { name, label } => {
                init_steps::init_on_appliance(self, step, shell, ctx, name, label)
            }
            StepAction::InitRolesWithLunaCm {
                serial,
                label,
                co,
                cu,
            } => init_steps::init_with_lunacm(self, shell, ctx, serial, label.as_deref(), *co, *cu),
            StepAction::SetPartitionPolicy {
                name,
                policy,
                value,
            } => init_steps::set_policy(shell, ctx, name, *policy, *value),
            StepAction::ActivatePartitionCo { name } => {
                init_steps::activate_co(self, shell, ctx, name)
            }
            StepAction::ActivateCuWithLunaCm { serial } => {
                init_steps::activate_cu(self, shell, ctx, serial)
            }
            StepAction::AssignToClientHost { partition } => {
                super::ntls_steps::assign_to_client_host(shell, self.ntls.as_ref(), partition, ctx)
            }
            StepAction::RevokeFromClientHost { partition } => {
                super::ntls_steps::revoke_from_client_host(
                    shell,
                    self.ntls.as_ref(),
                    partition,
                    ctx,
                )
            }
        }
    }

    fn so_login(&self, step: &PlanStep) -> bool {
        matches!(step.action, StepAction::SoLogin)
    }
}
