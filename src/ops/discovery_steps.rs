//! The client-host step of discovery (IMP-1, IMP-4): LunaCM `hagroup listgroups`, read for the
//! real HA group labels and their member partition serials. Reads only.

use super::luna_steps::with_data;
use crate::domain::ids::PartitionSerial;
use crate::jobs::{StepContext, StepError, StepOutput};
use crate::luna::lunacm_command::LunaCmCommand;
use crate::luna::parse::{parse_hagroup_list, parse_outcome};
use crate::luna::shell::Shell;
use serde::{Deserialize, Serialize};

/// One HA group as the client host knows it: its label and every member serial (active and
/// standby).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClientHaGroup {
    pub label: String,
    pub members: Vec<PartitionSerial>,
}

/// Runs `hagroup listgroups` on the client host and returns its groups (none is fine).
pub fn read_ha_groups(
    shell: &mut dyn Shell,
    ctx: &StepContext<'_>,
) -> Result<StepOutput, StepError> {
    let command = LunaCmCommand::HagroupListGroups;
    let reply = shell.run(&command.line(), &ctx.ask(command.class(), &[]))?;
    let out = reply.output;
    if let Ok(outcome) = parse_outcome(&out)
        && !outcome.ok
    {
        return Err(StepError::Device {
            reason: outcome.summary(),
            output: out,
        });
    }
    let groups = parse_hagroup_list(&out).map_err(|e| StepError::Device {
        output: out.clone(),
        reason: format!("could not read hagroup listgroups: {e}"),
    })?;
    let groups: Vec<ClientHaGroup> = groups
        .into_iter()
        .map(|g| {
            let mut members: Vec<PartitionSerial> = Vec::new();
            let all = g
                .member_serials
                .into_iter()
                .chain(g.standby)
                .chain(g.members.into_iter().map(|m| m.serial));
            for serial in all {
                if !members.contains(&serial) {
                    members.push(serial);
                }
            }
            ClientHaGroup {
                label: g.label,
                members,
            }
        })
        .collect();
    Ok(with_data(
        format!("{} HA group(s) on the client host", groups.len()),
        &groups,
    ))
}
