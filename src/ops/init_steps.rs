//! Device steps of the service life cycle (SVC, INIT): legacy create-and-initialize, LunaSH
//! `partition init`/`init co`, LunaCM role initialization on the client host, policies, activation.
//!
//! Secrets never appear in a command line: each step answers the prompts with the job's secrets,
//! found through `LifecycleSecrets` (indexes into `StepContext::secrets`).

use super::executor::LunaExecutor;
use super::luna_steps::{arg, run_checked};
use crate::domain::device::AuthMethod;
use crate::domain::ids::JobId;
use crate::domain::initialization::{InitRoute, init_route};
use crate::domain::plan::{PlanStep, StepAction};
use crate::domain::template_rules::LUNA77_FIRMWARE;
use crate::domain::version::Version;
use crate::jobs::{StepContext, StepError, StepOutput};
use crate::luna::command::{Arg, CreateSize, LunaShCommand};
use crate::luna::lunacm_command::{CmInitRole, CmRole, LunaCmCommand};
use crate::luna::parse::parse_slot_list;
use crate::luna::shell::Shell;
pub use crate::ops::luna_steps::run_cm;
use secrecy::SecretString;

/// Where the life-cycle secrets sit in the job's secrets (None: not part of this job).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LifecycleSecrets {
    /// Partition SO password (PPSO), or the partition password of a legacy partition.
    pub so: Option<usize>,
    /// Crypto officer password.
    pub co: Option<usize>,
    /// Crypto user password.
    pub cu: Option<usize>,
    /// Cloning domain.
    pub domain: Option<usize>,
    /// Crypto officer challenge (PED).
    pub co_challenge: Option<usize>,
    /// Crypto user challenge (PED).
    pub cu_challenge: Option<usize>,
}

/// A submitted life-cycle job; `generated_challenge` is the 16-digit challenge of a non-PPSO
/// PED partition, to be shown once to the user and then dropped (never stored, INIT-3).
pub struct Started {
    pub job: JobId,
    pub generated_challenge: Option<SecretString>,
}

fn device_error(reason: String) -> StepError {
    StepError::Device {
        output: String::new(),
        reason,
    }
}

/// The secrets at `indexes` (skipping the unset ones), as prompt answers in that order.
fn answers(ctx: &StepContext<'_>, indexes: &[Option<usize>]) -> Vec<SecretString> {
    indexes
        .iter()
        .flatten()
        .filter_map(|i| ctx.secrets.get(*i).cloned())
        .collect()
}

fn is_ped(ex: &LunaExecutor, step: &PlanStep) -> bool {
    ex.profiles
        .get(&step.device)
        .is_some_and(|p| p.auth == AuthMethod::Ped)
}

/// Refuses to initialize a partition that already is, with another label: that would destroy
/// what it holds. The same label means an earlier run did it (the step goes on from there).
fn already_initialized(
    where_: &str,
    label_now: Option<&str>,
    wanted: &str,
) -> Result<bool, StepError> {
    match label_now.map(str::trim).filter(|l| !l.is_empty()) {
        None => Ok(false),
        Some(l) if l == wanted => Ok(true),
        Some(l) => Err(device_error(format!(
            "{where_} is already initialized with label '{}' (not '{}'): initializing it again \
             would destroy what it holds; lunadeck does not re-initialize a partition",
            crate::domain::text::neutralize_line(l),
            crate::domain::text::neutralize_line(wanted)
        ))),
    }
}

/// `slot list`, then `slot set` on the slot that shows partition `serial`; returns the output
/// and the slot's label (None: not initialized).
fn select_slot(
    shell: &mut dyn Shell,
    serial: &str,
    ctx: &StepContext<'_>,
) -> Result<(String, Option<String>), StepError> {
    let out = run_cm(shell, &LunaCmCommand::SlotList, &[], ctx)?;
    let list = parse_slot_list(&out).map_err(|e| StepError::Device {
        output: out.clone(),
        reason: format!("could not read slot list: {e}"),
    })?;
    let slot = list
        .slots
        .iter()
        .find(|s| s.serial == serial && !s.is_ha_virtual())
        .ok_or_else(|| {
            device_error(format!(
                "partition {serial} is not visible on the Luna client host (slot list): assign it \
                 to the client host's NTLS client on its appliance, then try again"
            ))
        })?;
    let label = slot.label.clone();
    let set = run_cm(shell, &LunaCmCommand::SlotSet { slot: slot.id }, &[], ctx)?;
    Ok((format!("{out}{set}"), label))
}

/// 5.x/6.x `partition create`, answering the partition password and domain prompts (password
/// HSMs) or the PED (PED HSMs).
pub fn create_legacy(
    ex: &LunaExecutor,
    step: &PlanStep,
    shell: &mut dyn Shell,
    ctx: &StepContext<'_>,
    name: &str,
    size: u64,
) -> Result<StepOutput, StepError> {
    let cmd = LunaShCommand::PartitionCreate {
        partition: arg(name, Arg::partition)?,
        size: CreateSize::Bytes(size),
        version: None,
        legacy_init: true,
    };
    let s = ex.lifecycle;
    let given = if is_ped(ex, step) {
        answers(ctx, &[s.co_challenge])
    } else {
        answers(ctx, &[s.co, s.co, s.domain, s.domain])
    };
    Ok(StepOutput::text(run_checked(shell, &cmd, &given, ctx)?))
}

/// LunaSH 7.7.1+: `partition init` then `partition init co`, each only when `partition show`
/// says it is still to do (a run that failed midway is continued, never redone).
pub fn init_on_appliance(
    ex: &LunaExecutor,
    step: &PlanStep,
    shell: &mut dyn Shell,
    ctx: &StepContext<'_>,
    name: &str,
    label: &str,
) -> Result<StepOutput, StepError> {
    let partition = arg(name, Arg::partition)?;
    let now = super::luna_steps::show_partition(shell, step, name, ctx)?;
    let where_ = format!("partition '{name}' on {}", step.device_name);
    let mut out = String::new();
    let s = ex.lifecycle;
    let ped = is_ped(ex, step);
    if already_initialized(
        &where_,
        now.label.as_deref().filter(|_| now.initialized),
        label,
    )? {
        out.push_str(&format!(
            "{where_} is already initialized with label '{label}'\n"
        ));
    } else {
        let init = LunaShCommand::PartitionInit {
            partition: partition.clone(),
            label: Some(arg(label, Arg::label)?),
        };
        let init_answers = if ped {
            Vec::new()
        } else {
            answers(ctx, &[s.so, s.so, s.domain, s.domain])
        };
        out.push_str(&run_checked(shell, &init, &init_answers, ctx)?);
    }
    if now.initialized && now.roles.co.is_initialized() {
        out.push_str(&format!(
            "the crypto officer of {where_} is already initialized\n"
        ));
        return Ok(StepOutput::text(out));
    }
    let co_answers = if ped {
        Vec::new()
    } else {
        answers(ctx, &[s.co, s.co])
    };
    let init_co = LunaShCommand::PartitionInitCo { partition };
    out.push_str(&run_checked(shell, &init_co, &co_answers, ctx)?);
    Ok(StepOutput::text(out))
}

/// LunaCM on the client host: optional `partition init -label`, then `role init -name co` as
/// the partition SO, then `role init -name cu` as the crypto officer.
pub fn init_with_lunacm(
    ex: &LunaExecutor,
    shell: &mut dyn Shell,
    ctx: &StepContext<'_>,
    serial: &str,
    label: Option<&str>,
    co: bool,
    cu: bool,
) -> Result<StepOutput, StepError> {
    let s = ex.lifecycle;
    let (mut out, label_now) = select_slot(shell, serial, ctx)?;
    let where_ = format!("partition {serial} (client host slot)");
    let label = match label {
        Some(l) if already_initialized(&where_, label_now.as_deref(), l)? => {
            out.push_str(&format!(
                "{where_} is already initialized with label '{l}'\n"
            ));
            None
        }
        other => other,
    };
    if let Some(label) = label {
        let cmd = LunaCmCommand::PartitionInit {
            label: arg(label, Arg::label)?,
        };
        out.push_str(&run_cm(
            shell,
            &cmd,
            &answers(ctx, &[s.so, s.so, s.domain, s.domain]),
            ctx,
        )?);
    }
    if co {
        let login = LunaCmCommand::RoleLogin { role: CmRole::Po };
        out.push_str(&run_cm(shell, &login, &answers(ctx, &[s.so]), ctx)?);
        let init = LunaCmCommand::RoleInit {
            role: CmInitRole::Co,
        };
        out.push_str(&run_cm(shell, &init, &answers(ctx, &[s.co, s.co]), ctx)?);
    }
    if cu {
        let login = LunaCmCommand::RoleLogin { role: CmRole::Co };
        out.push_str(&run_cm(shell, &login, &answers(ctx, &[s.co]), ctx)?);
        let init = LunaCmCommand::RoleInit {
            role: CmInitRole::Cu,
        };
        out.push_str(&run_cm(shell, &init, &answers(ctx, &[s.cu, s.cu]), ctx)?);
    }
    Ok(StepOutput::text(out))
}

/// `partition changePolicy -partition <name> -policy <n> -value <0|1>`.
pub fn set_policy(
    shell: &mut dyn Shell,
    ctx: &StepContext<'_>,
    name: &str,
    policy: u32,
    value: bool,
) -> Result<StepOutput, StepError> {
    let cmd = LunaShCommand::PartitionChangePolicy {
        partition: arg(name, Arg::partition)?,
        policy,
        value,
    };
    Ok(StepOutput::text(run_checked(shell, &cmd, &[], ctx)?))
}

/// `partition activate` with the crypto officer challenge as the answer.
pub fn activate_co(
    ex: &LunaExecutor,
    shell: &mut dyn Shell,
    ctx: &StepContext<'_>,
    name: &str,
) -> Result<StepOutput, StepError> {
    let cmd = LunaShCommand::PartitionActivate {
        partition: arg(name, Arg::partition)?,
    };
    let given = answers(ctx, &[ex.lifecycle.co_challenge]);
    Ok(StepOutput::text(run_checked(shell, &cmd, &given, ctx)?))
}

/// LunaCM: `role login -name cu` on the partition's slot (activation allowed by policy 22).
pub fn activate_cu(
    ex: &LunaExecutor,
    shell: &mut dyn Shell,
    ctx: &StepContext<'_>,
    serial: &str,
) -> Result<StepOutput, StepError> {
    let (mut out, _) = select_slot(shell, serial, ctx)?;
    let login = LunaCmCommand::RoleLogin { role: CmRole::Cu };
    let given = answers(ctx, &[ex.lifecycle.cu_challenge]);
    out.push_str(&run_cm(shell, &login, &given, ctx)?);
    Ok(StepOutput::text(out))
}

/// The command lines one step sends (dry run) to a device of `versions` (software, firmware;
/// None: not read yet).
pub fn step_lines(action: &StepAction, versions: Option<(Version, Version)>) -> Vec<String> {
    let part = |name: &str| Arg::partition(name).ok();
    let v1_capable = versions.is_some_and(|(_, f)| f >= LUNA77_FIRMWARE);
    let line = |cmd: Option<LunaShCommand>| cmd.map(|c| c.line()).into_iter().collect();
    let init_lines = |name: &str, label: &str| -> Vec<String> {
        let (Some(p), Ok(l)) = (part(name), Arg::label(label)) else {
            return vec![action.to_string()];
        };
        vec![
            LunaShCommand::PartitionInit {
                partition: p.clone(),
                label: Some(l),
            }
            .line(),
            LunaShCommand::PartitionInitCo { partition: p }.line(),
        ]
    };
    match action {
        StepAction::InitPartitionOnAppliance { name, label } => init_lines(name, label),
        StepAction::InitializeMember { name, label, .. }
            if versions
                .is_some_and(|(s, f)| init_route(s, f) == InitRoute::LunaShPartitionInit) =>
        {
            init_lines(name, label)
        }
        StepAction::SetPartitionPolicy {
            name,
            policy,
            value,
        } => line(part(name).map(|p| LunaShCommand::PartitionChangePolicy {
            partition: p,
            policy: *policy,
            value: *value,
        })),
        StepAction::ActivatePartitionCo { name } => {
            line(part(name).map(|p| LunaShCommand::PartitionActivate { partition: p }))
        }
        StepAction::SoLogin => vec!["hsm show".into(), LunaShCommand::HsmLogin.line()],
        StepAction::CreatePartition {
            name,
            size,
            version,
        } => line(part(name).map(|p| LunaShCommand::PartitionCreate {
            partition: p,
            size: CreateSize::Bytes(*size),
            version: v1_capable.then_some(*version),
            legacy_init: false,
        })),
        StepAction::CreateLegacyPartition { name, size } => {
            line(part(name).map(|p| LunaShCommand::PartitionCreate {
                partition: p,
                size: CreateSize::Bytes(*size),
                version: None,
                legacy_init: true,
            }))
        }
        StepAction::DeletePartition { name } => {
            line(part(name).map(|p| LunaShCommand::PartitionDelete { partition: p }))
        }
        StepAction::RefreshPartitions => vec![
            LunaShCommand::PartitionList.line(),
            "partition show -partition <each partition>".into(),
        ],
        other => vec![other.to_string()],
    }
}
