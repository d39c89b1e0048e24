//! Initializing one added partition (HA-2, MIG-2): its label, then its partition SO and crypto
//! officer, typed (password) or presented at the PED, by the appliance's route.
//!
//! 7.7.1+ software uses LunaSH on the appliance; other 7.x software uses LunaCM on the client
//! host, on the partition's slot (found by its serial, read from the appliance when not known).

use super::cm_steps::{ManageSteps, device_error, find_slot, run_cm, secret};
use super::luna_steps::{arg, run_checked};
use crate::domain::device::AuthMethod;
use crate::domain::ids::PartitionSerial;
use crate::domain::initialization::{InitRoute, init_route};
use crate::domain::plan::PlanStep;
use crate::domain::version::Version;
use crate::jobs::{StepContext, StepError, StepOutput};
use crate::luna::command::{Arg, LunaShCommand};
use crate::luna::lunacm_command::{CmInitRole, CmRole, LunaCmCommand};
use crate::luna::shell::Shell;
use secrecy::SecretString;

/// The partition to initialize and the appliance it is on.
pub struct MemberToInit<'a> {
    pub name: &'a str,
    /// Empty when the partition was created by the same job (read from the appliance).
    pub serial: &'a PartitionSerial,
    pub label: &'a str,
    /// Software and firmware of the appliance.
    pub versions: (Version, Version),
    pub auth: AuthMethod,
}

/// The answers of each prompt: `partition init`, the partition SO login, the crypto officer's
/// initialization. PED partitions take none: the keys are presented at the PED.
struct Answers {
    init: Vec<SecretString>,
    po: Vec<SecretString>,
    co: Vec<SecretString>,
}

fn answers(
    auth: AuthMethod,
    manage: &ManageSteps,
    ctx: &StepContext<'_>,
) -> Result<Answers, StepError> {
    if auth == AuthMethod::Ped {
        return Ok(Answers {
            init: Vec::new(),
            po: Vec::new(),
            co: Vec::new(),
        });
    }
    let so = secret(ctx, manage.partition_so, "partition SO password")?.clone();
    let domain = secret(ctx, manage.domain, "cloning domain")?.clone();
    let co = secret(ctx, manage.co, "crypto officer password")?.clone();
    Ok(Answers {
        init: vec![so.clone(), so.clone(), domain.clone(), domain],
        po: vec![so],
        co: vec![co.clone(), co],
    })
}

/// The serial of partition `name` on the appliance (`partition show`).
fn serial_on_appliance(
    shell: &mut dyn Shell,
    step: &PlanStep,
    name: &str,
    ctx: &StepContext<'_>,
) -> Result<PartitionSerial, StepError> {
    let serial = super::luna_steps::show_partition(shell, step, name, ctx)?.serial;
    if serial.as_str().is_empty() {
        return Err(device_error(format!(
            "partition '{name}' on {} shows no serial number",
            step.device_name
        )));
    }
    Ok(serial)
}

/// Initializes the partition: label, partition SO and cloning domain, then the crypto officer.
pub fn initialize_member(
    shell: &mut dyn Shell,
    step: &PlanStep,
    member: &MemberToInit<'_>,
    manage: &ManageSteps,
    ctx: &StepContext<'_>,
) -> Result<StepOutput, StepError> {
    let given = answers(member.auth, manage, ctx)?;
    let label = arg(member.label, Arg::label)?;
    match init_route(member.versions.0, member.versions.1) {
        InitRoute::LunaShPartitionInit => {
            let partition = arg(member.name, Arg::partition)?;
            let init = LunaShCommand::PartitionInit {
                partition: partition.clone(),
                label: Some(label),
            };
            run_checked(shell, &init, &given.init, ctx)?;
            let co_cmd = LunaShCommand::PartitionInitCo { partition };
            let out = run_checked(shell, &co_cmd, &given.co, ctx)?;
            Ok(StepOutput::text(out))
        }
        InitRoute::LunaCm => {
            let serial = if member.serial.as_str().is_empty() {
                serial_on_appliance(shell, step, member.name, ctx)?
            } else {
                member.serial.clone()
            };
            let mut cm = super::cm_steps::open_client_host(manage)?;
            let cm = cm.as_mut();
            let slot = find_slot(cm, &serial, ctx)?;
            run_cm(cm, &LunaCmCommand::SlotSet { slot }, &[], ctx)?;
            run_cm(
                cm,
                &LunaCmCommand::PartitionInit { label },
                &given.init,
                ctx,
            )?;
            let po = LunaCmCommand::RoleLogin { role: CmRole::Po };
            run_cm(cm, &po, &given.po, ctx)?;
            let role = LunaCmCommand::RoleInit {
                role: CmInitRole::Co,
            };
            let out = run_cm(cm, &role, &given.co, ctx)?;
            Ok(StepOutput::text(out))
        }
        InitRoute::LegacyCreate => Err(device_error(format!(
            "software {} creates and initializes in one step: this partition cannot be initialized afterwards",
            member.versions.0
        ))),
    }
}
