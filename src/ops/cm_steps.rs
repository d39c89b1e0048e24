//! The service-management device steps (HA-2, MNG-5, MIG-2/4): LunaCM on the client host (slots
//! found by partition serial, CO login, contents, synchronize, clone) and member initialization.

use crate::domain::client::KeyObject;
use crate::domain::ids::PartitionSerial;
use crate::jobs::{ShellProvider, StepContext, StepError, StepOutput};
use crate::luna::command::{Arg, ArgKind};
use crate::luna::lunacm_command::{CmInitRole, CmRole, LunaCmCommand};
use crate::luna::parse::{parse_cm_contents, parse_slot_list};
use crate::luna::shell::Shell;
pub use crate::ops::luna_steps::run_cm;
use secrecy::SecretString;
use std::fmt;
use std::sync::Arc;

/// Where the service-management steps find their secrets (indices in the job's secrets) and,
/// for an appliance step that must also run LunaCM (the migration clone), the client host.
#[derive(Clone, Default)]
pub struct ManageSteps {
    pub partition_so: Option<usize>,
    pub domain: Option<usize>,
    pub co: Option<usize>,
    pub cu: Option<usize>,
    /// The crypto officer secret of a migration's source partition.
    pub source_co: Option<usize>,
    pub client_host: Option<Arc<dyn ShellProvider>>,
}

impl fmt::Debug for ManageSteps {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ManageSteps")
            .field("partition_so", &self.partition_so)
            .field("domain", &self.domain)
            .field("co", &self.co)
            .field("cu", &self.cu)
            .field("source_co", &self.source_co)
            .field("client_host", &self.client_host.is_some())
            .finish()
    }
}

pub(super) fn device_error(reason: impl Into<String>) -> StepError {
    StepError::Device {
        output: String::new(),
        reason: reason.into(),
    }
}

/// The secret at `index`, or a clear error naming what is missing.
pub fn secret<'a>(
    ctx: &'a StepContext<'_>,
    index: Option<usize>,
    what: &str,
) -> Result<&'a SecretString, StepError> {
    index
        .and_then(|i| ctx.secrets.get(i))
        .ok_or_else(|| device_error(format!("no {what} was given for this step")))
}

/// The LunaCM slot of the partition with `serial` (HA virtual slots are skipped).
pub fn find_slot(
    shell: &mut dyn Shell,
    serial: &PartitionSerial,
    ctx: &StepContext<'_>,
) -> Result<u32, StepError> {
    let out = run_cm(shell, &LunaCmCommand::SlotList, &[], ctx)?;
    let list = parse_slot_list(&out).map_err(|e| StepError::Device {
        output: out.clone(),
        reason: format!("could not read slot list: {e}"),
    })?;
    list.slots
        .iter()
        .find(|s| !s.is_ha_virtual() && s.serial == serial.as_str())
        .map(|s| s.id)
        .ok_or_else(|| {
            device_error(format!(
                "partition {serial} is not visible on the client host (no LunaCM slot): register \
                 the client host with its appliance and assign the partition first"
            ))
        })
}

/// `slot set` then `role login -name co` on the partition's slot; returns the slot.
/// PED partitions take no typed secret (`co` None).
pub fn login_co(
    shell: &mut dyn Shell,
    serial: &PartitionSerial,
    co: Option<&SecretString>,
    ctx: &StepContext<'_>,
) -> Result<u32, StepError> {
    let slot = find_slot(shell, serial, ctx)?;
    run_cm(shell, &LunaCmCommand::SlotSet { slot }, &[], ctx)?;
    let answers: Vec<SecretString> = co.cloned().into_iter().collect();
    run_cm(
        shell,
        &LunaCmCommand::RoleLogin { role: CmRole::Co },
        &answers,
        ctx,
    )?;
    Ok(slot)
}

/// MNG-5: the objects of one partition, as the crypto officer sees them.
pub fn read_key_objects(
    shell: &mut dyn Shell,
    serial: &PartitionSerial,
    co: Option<&SecretString>,
    ctx: &StepContext<'_>,
) -> Result<Vec<KeyObject>, StepError> {
    login_co(shell, serial, co, ctx)?;
    let out = run_cm(shell, &LunaCmCommand::PartitionContents, &[], ctx)?;
    let objects = parse_cm_contents(&out, serial).map_err(|e| StepError::Device {
        output: out.clone(),
        reason: format!("could not read partition contents: {e}"),
    })?;
    Ok(objects)
}

/// MNG-5: `hagroup synchronize -group <label> -enable`.
pub fn synchronize(
    shell: &mut dyn Shell,
    label: &str,
    ctx: &StepContext<'_>,
) -> Result<StepOutput, StepError> {
    let group = Arg::new(ArgKind::HaGroupLabel, label).map_err(|e| device_error(e.to_string()))?;
    let cmd = LunaCmCommand::HagroupSynchronize {
        group,
        enable: true,
    };
    Ok(StepOutput::text(run_cm(shell, &cmd, &[], ctx)?))
}

/// HA-2: `role login -name co` then `role init -name cu` on the partition's slot.
pub fn init_cu(
    shell: &mut dyn Shell,
    serial: &PartitionSerial,
    co: &SecretString,
    cu: &SecretString,
    ctx: &StepContext<'_>,
) -> Result<StepOutput, StepError> {
    login_co(shell, serial, Some(co), ctx)?;
    let cmd = LunaCmCommand::RoleInit {
        role: CmInitRole::Cu,
    };
    let out = run_cm(shell, &cmd, &[cu.clone(), cu.clone()], ctx)?;
    Ok(StepOutput::text(out))
}

/// MIG-2/4: clones every object of `source` to `target` with LunaCM on the client host
/// (source CO logged in; the target's CO password is asked by LunaCM).
pub fn clone_partition(
    cm: &mut dyn Shell,
    source: &PartitionSerial,
    target: &PartitionSerial,
    manage: &ManageSteps,
    ctx: &StepContext<'_>,
) -> Result<StepOutput, StepError> {
    let source_co = secret(ctx, manage.source_co, "source crypto officer password")?;
    let target_co = secret(ctx, manage.co, "crypto officer password")?;
    let target_slot = find_slot(cm, target, ctx)?;
    let source_slot = login_co(cm, source, Some(source_co), ctx)?;
    let cmd = LunaCmCommand::PartitionClone {
        source_slot,
        target_slot,
    };
    let out = run_cm(cm, &cmd, std::slice::from_ref(target_co), ctx)?;
    Ok(StepOutput::text(out))
}

/// Opens the client host from an appliance step (migration: the clone belongs to its target's
/// steps so that a failed clone undoes only that target).
pub fn open_client_host(manage: &ManageSteps) -> Result<Box<dyn Shell>, StepError> {
    let provider = manage
        .client_host
        .as_ref()
        .ok_or_else(|| device_error("no client host to run LunaCM on"))?;
    Ok(provider.open(&super::access::client_host_key())?)
}
