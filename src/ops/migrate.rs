//! Migrate a service (MIG-1..5).

use super::cm_steps::ManageSteps;
use crate::domain::ids::PartitionSerial;
use crate::jobs::{StepContext, StepError, StepOutput};

/// The executor arm of `StepAction::ClonePartition`: LunaCM on the client host.
pub fn clone_step(
    source: &PartitionSerial,
    target: &PartitionSerial,
    manage: &ManageSteps,
    ctx: &StepContext<'_>,
) -> Result<StepOutput, StepError> {
    let mut cm = super::cm_steps::open_client_host(manage)?;
    super::cm_steps::clone_partition(cm.as_mut(), source, target, manage, ctx)
}
