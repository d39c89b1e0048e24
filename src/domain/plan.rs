//! A plan of device steps, each with its undo, built by the domain and run by the job engine
//! (SVC-2 dry run, SIZE-2 all-or-nothing): on failure the succeeded steps are undone in reverse.

use super::ids::{HsmSerial, PartitionSerial};
use super::operation::Operation;
use super::partition::PartitionVersion;
use serde::{Deserialize, Serialize};
use std::fmt;

/// One thing done on one appliance. Secrets are never part of a step: the engine asks for
/// them when it runs the step.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum StepAction {
    CreatePartition {
        name: String,
        size: u64,
        version: PartitionVersion,
    },
    DeletePartition {
        name: String,
    },
    ResizePartition {
        name: String,
        size: u64,
    },
    /// Re-read the partition list of the appliance (no change on the device).
    RefreshPartitions,
    /// Discovery (IMP-1): read every partition; one whose `partition show` fails is still
    /// listed from `partition list`, with a warning naming it and what the device said.
    DiscoverPartitions,
    /// Read the appliance (`hsm show`): versions, model, licences, storage (DEV-1).
    ReadHsm,
    /// Log in as HSM SO with the secret handed to the job (`hsm login`). Never retried: three
    /// failures zeroize the HSM.
    SoLogin,
    /// Read the registered clients and their partitions (MNG-6).
    ReadClients,
    /// Read the HA groups the Luna client host knows (`hagroup listgroups`, LunaCM), for the
    /// real HA group labels at discovery (IMP-1, IMP-4). No change anywhere.
    ReadHaGroups,
    /// 5.x/6.x software: `partition create` creates and initializes in one step, answering the
    /// partition password and cloning domain prompts from the job's secrets (SVC-1, INIT-2).
    CreateLegacyPartition {
        name: String,
        size: u64,
    },
    /// LunaSH 7.7.1+: `partition init` (label, partition SO, cloning domain) then
    /// `partition init co` (crypto officer) on the appliance (INIT-2, INIT-3).
    InitPartitionOnAppliance {
        name: String,
        label: String,
    },
    /// LunaCM on the Luna client host, on the slot of partition `serial`: `partition init`
    /// when `label` is set, then the crypto officer (`co`) and the crypto user (`cu`) roles.
    InitRolesWithLunaCm {
        serial: String,
        label: Option<String>,
        co: bool,
        cu: bool,
    },
    /// `partition changePolicy` on the appliance (22 allow activation, 23 auto-activation).
    SetPartitionPolicy {
        name: String,
        policy: u32,
        value: bool,
    },
    /// `partition activate`: activates the crypto officer of a PED partition (INIT-3, INIT-5).
    ActivatePartitionCo {
        name: String,
    },
    /// LunaCM on the client host: `role login -name cu` with activation allowed activates the
    /// crypto user of partition `serial` (INIT-3, INIT-5).
    ActivateCuWithLunaCm {
        serial: String,
    },
    /// HA-2, MIG-2: initialize an added partition with the service's label, cloning domain,
    /// partition SO and crypto officer (credentials supplied at run time): LunaSH `partition
    /// init` + `partition init co` on 7.7.1+ software, else LunaCM on the partition's slot.
    InitializeMember {
        name: String,
        serial: PartitionSerial,
        label: String,
    },
    /// HA-2: initialize the crypto user of a partition with LunaCM (`role login -name co`,
    /// `role init -name cu`) on the client host.
    InitializeMemberCu {
        serial: PartitionSerial,
    },
    /// MNG-5: LunaCM `hagroup synchronize` of an HA group on the client host.
    SynchronizeHaGroup {
        label: String,
    },
    /// MNG-5: LunaCM `slot list`, `role login -name co`, `partition contents` (no change).
    ReadKeyObjects {
        serial: PartitionSerial,
    },
    /// MIG-2/4: LunaCM `partition clone` of every object from `source` to the partition named
    /// `target` on this step's appliance (its serial is read there first).
    ClonePartition {
        source: PartitionSerial,
        target: String,
    },
    /// NTLS: LunaSH `client list`, `client register` of the Luna client host when missing, then
    /// `client assignPartition` so the partition appears as a LunaCM slot (SVC-1, HA-2, MIG-2).
    AssignToClientHost {
        partition: String,
    },
    /// NTLS: LunaSH `client revokePartition` of the partition from the Luna client host (the
    /// undo of `AssignToClientHost`).
    RevokeFromClientHost {
        partition: String,
    },
}

impl fmt::Display for StepAction {
    /// The sentence shown in dry runs, progress and failure messages.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StepAction::CreatePartition {
                name,
                size,
                version,
            } => write!(f, "create partition '{name}' ({size} bytes, {version})"),
            StepAction::DeletePartition { name } => write!(f, "delete partition '{name}'"),
            StepAction::ResizePartition { name, size } => {
                write!(f, "resize partition '{name}' to {size} bytes")
            }
            StepAction::RefreshPartitions => f.write_str("read the partition list"),
            StepAction::DiscoverPartitions => f.write_str("read the partitions"),
            StepAction::ReadHsm => f.write_str("read the appliance (hsm show)"),
            StepAction::SoLogin => f.write_str("log in as HSM SO"),
            StepAction::ReadClients => f.write_str("read the registered clients"),
            StepAction::ReadHaGroups => {
                f.write_str("read the HA groups of the client host (hagroup listgroups)")
            }
            StepAction::CreateLegacyPartition { name, size } => write!(
                f,
                "create and initialize partition '{name}' ({size} bytes, software 5.x/6.x)"
            ),
            StepAction::InitPartitionOnAppliance { name, label } => write!(
                f,
                "initialize partition '{name}' with label '{label}' and its crypto officer"
            ),
            StepAction::InitRolesWithLunaCm {
                serial,
                label,
                co,
                cu,
            } => {
                let mut parts = Vec::new();
                if let Some(label) = label {
                    parts.push(format!(
                        "initialize partition {serial} with label '{label}'"
                    ));
                }
                if *co {
                    parts.push("initialize the crypto officer".to_string());
                }
                if *cu {
                    parts.push("initialize the crypto user".to_string());
                }
                write!(
                    f,
                    "on the Luna client host (partition {serial}): {}",
                    parts.join(", ")
                )
            }
            StepAction::SetPartitionPolicy {
                name,
                policy,
                value,
            } => write!(
                f,
                "set policy {policy} of partition '{name}' to {}",
                u8::from(*value)
            ),
            StepAction::ActivatePartitionCo { name } => {
                write!(f, "activate the crypto officer of partition '{name}'")
            }
            StepAction::ActivateCuWithLunaCm { serial } => write!(
                f,
                "on the Luna client host: activate the crypto user of partition {serial}"
            ),
            StepAction::InitializeMember { name, label, .. } => {
                write!(f, "initialize new partition '{name}' with label '{label}'")
            }
            StepAction::InitializeMemberCu { serial } => {
                write!(f, "initialize the crypto user of partition {serial}")
            }
            StepAction::SynchronizeHaGroup { label } => {
                write!(f, "synchronize HA group '{label}'")
            }
            StepAction::ReadKeyObjects { serial } => {
                write!(f, "list the objects of partition {serial}")
            }
            StepAction::ClonePartition { source, target } => {
                write!(
                    f,
                    "clone the objects of partition {source} to partition {target}"
                )
            }
            StepAction::AssignToClientHost { partition } => write!(
                f,
                "assign partition '{partition}' to the Luna client host (NTLS)"
            ),
            StepAction::RevokeFromClientHost { partition } => write!(
                f,
                "revoke partition '{partition}' from the Luna client host (NTLS)"
            ),
        }
    }
}

/// One step of a plan on one device.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanStep {
    pub device: HsmSerial,
    /// Console name of the device, for messages.
    pub device_name: String,
    pub action: StepAction,
    /// What puts the device back if a later step fails (None: nothing to undo, or irreversible).
    pub undo: Option<StepAction>,
    /// Whether the step changes the device (refused in read-only mode, shown in dry runs).
    pub changes_state: bool,
}

impl PlanStep {
    /// A step that only reads (may be retried, allowed in read-only mode).
    pub fn read(device: &HsmSerial, device_name: &str, action: StepAction) -> Self {
        PlanStep {
            device: device.clone(),
            device_name: device_name.to_string(),
            action,
            undo: None,
            changes_state: false,
        }
    }

    /// A step that changes the device, with its undo.
    pub fn new(
        device: &HsmSerial,
        device_name: &str,
        action: StepAction,
        undo: Option<StepAction>,
    ) -> Self {
        PlanStep {
            device: device.clone(),
            device_name: device_name.to_string(),
            action,
            undo,
            changes_state: true,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Plan {
    pub operation: Operation,
    pub steps: Vec<PlanStep>,
}

impl Plan {
    /// Distinct devices the plan touches, in step order (one operation at a time per device).
    pub fn devices(&self) -> Vec<HsmSerial> {
        let mut out: Vec<HsmSerial> = Vec::new();
        for step in &self.steps {
            if !out.contains(&step.device) {
                out.push(step.device.clone());
            }
        }
        out
    }
}

/// The steps that undo the first `succeeded` steps of `plan`, last first. Steps without an undo
/// are skipped; `succeeded` beyond the plan's length means every step succeeded.
pub fn undo_for(plan: &Plan, succeeded: usize) -> Vec<PlanStep> {
    plan.steps
        .iter()
        .take(succeeded)
        .rev()
        .filter_map(|step| {
            step.undo.clone().map(|undo| PlanStep {
                device: step.device.clone(),
                device_name: step.device_name.clone(),
                action: undo,
                undo: None,
                changes_state: true,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resize(dev: &str, name: &str, to: u64, back: u64) -> PlanStep {
        PlanStep::new(
            &HsmSerial::new(dev),
            &format!("hsm-{dev}"),
            StepAction::ResizePartition {
                name: name.into(),
                size: to,
            },
            Some(StepAction::ResizePartition {
                name: name.into(),
                size: back,
            }),
        )
    }

    fn plan() -> Plan {
        let mut refresh = PlanStep::new(
            &HsmSerial::new("3"),
            "hsm-3",
            StepAction::RefreshPartitions,
            None,
        );
        refresh.changes_state = false;
        Plan {
            operation: Operation::ResizeService,
            steps: vec![
                resize("1", "p1", 5000, 4000),
                refresh,
                resize("2", "p2", 5000, 4000),
            ],
        }
    }

    #[test]
    fn size_2_undo_reverses_succeeded_steps() {
        let p = plan();
        let undo = undo_for(&p, 3);
        let got: Vec<(String, String)> = undo
            .iter()
            .map(|s| (s.device.to_string(), s.action.to_string()))
            .collect();
        assert_eq!(
            got,
            vec![
                (
                    "2".to_string(),
                    "resize partition 'p2' to 4000 bytes".to_string()
                ),
                (
                    "1".to_string(),
                    "resize partition 'p1' to 4000 bytes".to_string()
                ),
            ]
        );
        assert!(undo.iter().all(|s| s.undo.is_none() && s.changes_state));
    }

    #[test]
    fn size_2_undo_only_what_succeeded() {
        let p = plan();
        assert!(undo_for(&p, 0).is_empty());
        let one = undo_for(&p, 1);
        assert_eq!(one.len(), 1);
        assert_eq!(one[0].device_name, "hsm-1");
        assert_eq!(undo_for(&p, 2).len(), 1);
        assert_eq!(undo_for(&p, 99).len(), 2);
    }

    #[test]
    fn plan_devices_in_order_without_duplicates() {
        let mut p = plan();
        p.steps.push(resize("1", "p9", 1, 1));
        let want: Vec<HsmSerial> = ["1", "3", "2"].into_iter().map(HsmSerial::new).collect();
        assert_eq!(p.devices(), want);
    }

    #[test]
    fn step_actions_describe_themselves() {
        for (action, want) in [
            (
                StepAction::CreatePartition {
                    name: "p".into(),
                    size: 1000,
                    version: PartitionVersion::V1,
                },
                "create partition 'p' (1000 bytes, V1)",
            ),
            (
                StepAction::DeletePartition { name: "p".into() },
                "delete partition 'p'",
            ),
        ] {
            assert_eq!(action.to_string(), want);
        }
    }
}
