//! LunaCM command builders (pure) for the client host: slots, partition and role initialization,
//! policies, contents, cloning and HA groups. Secrets are prompted, never on the line.

use super::command::{Arg, redact_line};
use std::fmt;

/// `role login -name po|co|cu`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CmRole {
    /// Partition SO.
    Po,
    Co,
    Cu,
}

/// `role init -name co|cu` (the partition SO is initialized by `partition init`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CmInitRole {
    Co,
    Cu,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LunaCmCommand {
    SlotList,
    SlotSet {
        slot: u32,
    },
    /// SO password twice, domain twice; `-force` skips the proceed/quit question (transports
    /// answer `quit` to stray questions, so the question would abort the command).
    PartitionInit {
        label: Arg,
    },
    RoleLogin {
        role: CmRole,
    },
    /// Assumed: the new password is asked twice.
    RoleInit {
        role: CmInitRole,
    },
    /// `role changepw -name co`. Assumed: old password, new, new again.
    RoleChangePwCo,
    PartitionChangePolicy {
        policy: u32,
        value: bool,
    },
    PartitionContents,
    /// Assumed syntax: `partition clone -objects 0 -slot <src> -targetslot <dst>` (all objects;
    /// both slots already logged in as CO).
    PartitionClone {
        source_slot: u32,
        target_slot: u32,
    },
    /// Assumed: prompts for the member's CO password once.
    HagroupCreate {
        label: Arg,
        slot: u32,
    },
    /// Assumed: prompts for the member's CO password once.
    HagroupAddMember {
        group: Arg,
        slot: u32,
    },
    /// Assumed syntax: `hagroup removemember -group <l> -slot <n>`.
    HagroupRemoveMember {
        group: Arg,
        slot: u32,
    },
    HagroupListGroups,
    HagroupSynchronize {
        group: Arg,
        enable: bool,
    },
}

impl LunaCmCommand {
    /// Which timeout applies: listings are short; initializing, cloning and synchronizing long.
    pub fn class(&self) -> crate::luna::shell::CommandClass {
        use crate::luna::shell::CommandClass;
        use LunaCmCommand::*;
        match self {
            SlotList | PartitionContents | HagroupListGroups => CommandClass::Read,
            PartitionInit { .. } | PartitionClone { .. } | HagroupSynchronize { .. } => {
                CommandClass::Long
            }
            _ => CommandClass::Change,
        }
    }

    /// The exact command line.
    pub fn line(&self) -> String {
        use LunaCmCommand::*;
        match self {
            SlotList => "slot list".into(),
            SlotSet { slot } => format!("slot set -slot {slot}"),
            PartitionInit { label } => {
                format!("partition init -label {} -force", label.rendered())
            }
            RoleLogin { role } => format!(
                "role login -name {}",
                match role {
                    CmRole::Po => "po",
                    CmRole::Co => "co",
                    CmRole::Cu => "cu",
                }
            ),
            RoleInit { role } => format!(
                "role init -name {}",
                match role {
                    CmInitRole::Co => "co",
                    CmInitRole::Cu => "cu",
                }
            ),
            RoleChangePwCo => "role changepw -name co".into(),
            PartitionChangePolicy { policy, value } => format!(
                "partition changepolicy -policy {policy} -value {}",
                u8::from(*value)
            ),
            PartitionContents => "partition contents".into(),
            PartitionClone {
                source_slot,
                target_slot,
            } => {
                format!("partition clone -objects 0 -slot {source_slot} -targetslot {target_slot}")
            }
            HagroupCreate { label, slot } => {
                format!(
                    "hagroup creategroup -label {} -slot {slot}",
                    label.rendered()
                )
            }
            HagroupAddMember { group, slot } => {
                format!("hagroup addmember -group {} -slot {slot}", group.rendered())
            }
            HagroupRemoveMember { group, slot } => {
                format!(
                    "hagroup removemember -group {} -slot {slot}",
                    group.rendered()
                )
            }
            HagroupListGroups => "hagroup listgroups".into(),
            HagroupSynchronize { group, enable } => format!(
                "hagroup synchronize -group {} {}",
                group.rendered(),
                if *enable { "-enable" } else { "-disable" }
            ),
        }
    }

    /// How many secrets the command prompts for, in order.
    pub fn secret_prompts(&self) -> usize {
        use LunaCmCommand::*;
        match self {
            PartitionInit { .. } => 4,
            RoleChangePwCo => 3,
            RoleInit { .. } => 2,
            RoleLogin { .. } | HagroupCreate { .. } | HagroupAddMember { .. } => 1,
            _ => 0,
        }
    }

    /// Whether LunaCM asks `Type 'proceed' to continue, or 'quit' to quit now -> ` as part of
    /// the command. None does: `partition init` is sent with `-force`.
    pub fn expects_proceed(&self) -> bool {
        false
    }

    /// The line for logs and audit (secret-bearing option values masked).
    pub fn redacted(&self) -> String {
        redact_line(&self.line())
    }
}

impl fmt::Display for LunaCmCommand {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.redacted())
    }
}

#[cfg(test)]
mod tests {
    use super::super::command::{ArgKind, Unsendable};
    use super::*;
    use LunaCmCommand::*;

    fn group(l: &str) -> Arg {
        Arg::new(ArgKind::HaGroupLabel, l).unwrap()
    }

    #[test]
    fn every_lunacm_line_and_prompt_count() {
        let table = vec![
            (SlotList, "slot list", 0),
            (SlotSet { slot: 3 }, "slot set -slot 3", 0),
            (
                PartitionInit {
                    label: Arg::label("sp_sehsm3").unwrap(),
                },
                "partition init -label sp_sehsm3 -force",
                4,
            ),
            (
                PartitionInit {
                    label: Arg::label("my part").unwrap(),
                },
                "partition init -label \"my part\" -force",
                4,
            ),
            (RoleLogin { role: CmRole::Po }, "role login -name po", 1),
            (RoleLogin { role: CmRole::Co }, "role login -name co", 1),
            (RoleLogin { role: CmRole::Cu }, "role login -name cu", 1),
            (
                RoleInit {
                    role: CmInitRole::Co,
                },
                "role init -name co",
                2,
            ),
            (
                RoleInit {
                    role: CmInitRole::Cu,
                },
                "role init -name cu",
                2,
            ),
            (RoleChangePwCo, "role changepw -name co", 3),
            (
                PartitionChangePolicy {
                    policy: 22,
                    value: true,
                },
                "partition changepolicy -policy 22 -value 1",
                0,
            ),
            (
                PartitionChangePolicy {
                    policy: 23,
                    value: false,
                },
                "partition changepolicy -policy 23 -value 0",
                0,
            ),
            (PartitionContents, "partition contents", 0),
            (
                PartitionClone {
                    source_slot: 0,
                    target_slot: 2,
                },
                "partition clone -objects 0 -slot 0 -targetslot 2",
                0,
            ),
            (
                HagroupCreate {
                    label: group("myHA"),
                    slot: 0,
                },
                "hagroup creategroup -label myHA -slot 0",
                1,
            ),
            (
                HagroupAddMember {
                    group: group("myHA"),
                    slot: 1,
                },
                "hagroup addmember -group myHA -slot 1",
                1,
            ),
            (
                HagroupRemoveMember {
                    group: group("my HA"),
                    slot: 1,
                },
                "hagroup removemember -group \"my HA\" -slot 1",
                0,
            ),
            (HagroupListGroups, "hagroup listgroups", 0),
            (
                HagroupSynchronize {
                    group: group("myHA"),
                    enable: true,
                },
                "hagroup synchronize -group myHA -enable",
                0,
            ),
            (
                HagroupSynchronize {
                    group: group("myHA"),
                    enable: false,
                },
                "hagroup synchronize -group myHA -disable",
                0,
            ),
        ];
        for (cmd, line, prompts) in table {
            assert_eq!(cmd.line(), line);
            assert_eq!(cmd.secret_prompts(), prompts, "{line}");
            assert_eq!(cmd.redacted(), line);
            assert_eq!(cmd.to_string(), line);
            assert!(!cmd.expects_proceed(), "{line}");
        }
    }

    #[test]
    fn unquotable_labels_are_refused() {
        let e = Arg::new(ArgKind::HaGroupLabel, "ha\"1").unwrap_err();
        assert_eq!(e.reason, Unsendable::DoubleQuote);
        assert_eq!(
            e.to_string(),
            "HA group label \"ha\\\"1\" contains '\"', which cannot be quoted for the shell"
        );
        let e = Arg::label("x\ny").unwrap_err();
        assert_eq!(e.reason, Unsendable::LineBreak);
    }
}
