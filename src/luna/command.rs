//! LunaSH command builders (pure): the exact command line for each command lunadeck uses, with
//! long option names, `-force` where the command confirms, quoted names, and never a secret.

use crate::domain::partition::PartitionVersion;
use std::fmt;

/// What a command argument names, for messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ArgKind {
    PartitionName,
    PartitionLabel,
    ClientName,
    Hostname,
    IpAddress,
    HaGroupLabel,
}

impl fmt::Display for ArgKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ArgKind::PartitionName => "Partition name",
            ArgKind::PartitionLabel => "Partition label",
            ArgKind::ClientName => "Client name",
            ArgKind::Hostname => "Host name",
            ArgKind::IpAddress => "IP address",
            ArgKind::HaGroupLabel => "HA group label",
        })
    }
}

/// Why a value cannot be put on a command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Unsendable {
    Empty,
    LineBreak,
    DoubleQuote,
    Backslash,
    ControlCharacter,
    NotAnIpAddress,
}

impl fmt::Display for Unsendable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Unsendable::Empty => "is empty",
            Unsendable::LineBreak => "contains a line break, which would end the command early",
            Unsendable::DoubleQuote => "contains '\"', which cannot be quoted for the shell",
            Unsendable::Backslash => "contains '\\', which the shell could read as an escape",
            Unsendable::ControlCharacter => "contains a control character",
            Unsendable::NotAnIpAddress => "is not an IP address",
        })
    }
}

/// A value refused by a builder; the message names the argument and quotes the value (escaped).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{what} \"{shown}\" {reason}")]
pub struct CommandError {
    pub what: ArgKind,
    /// The value with control characters escaped.
    pub shown: String,
    pub reason: Unsendable,
}

impl From<CommandError> for crate::domain::DomainError {
    fn from(e: CommandError) -> Self {
        crate::domain::DomainError::refused(e.to_string())
    }
}

/// A validated argument: safe to place on a command line, quoted when it needs to be.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Arg(String);

impl Arg {
    pub fn new(what: ArgKind, value: &str) -> Result<Self, CommandError> {
        let refuse = |reason| CommandError {
            what,
            shown: value.escape_debug().to_string(),
            reason,
        };
        if value.is_empty() {
            return Err(refuse(Unsendable::Empty));
        }
        if value.contains(['\n', '\r']) {
            return Err(refuse(Unsendable::LineBreak));
        }
        if value.contains('"') {
            return Err(refuse(Unsendable::DoubleQuote));
        }
        if value.contains('\\') {
            return Err(refuse(Unsendable::Backslash));
        }
        if value.chars().any(char::is_control) {
            return Err(refuse(Unsendable::ControlCharacter));
        }
        if what == ArgKind::IpAddress && value.parse::<std::net::IpAddr>().is_err() {
            return Err(refuse(Unsendable::NotAnIpAddress));
        }
        Ok(Arg(value.to_string()))
    }
    pub fn partition(name: &str) -> Result<Self, CommandError> {
        Self::new(ArgKind::PartitionName, name)
    }
    pub fn label(label: &str) -> Result<Self, CommandError> {
        Self::new(ArgKind::PartitionLabel, label)
    }
    pub fn client(name: &str) -> Result<Self, CommandError> {
        Self::new(ArgKind::ClientName, name)
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
    /// As typed on the command line: bare when only `[A-Za-z0-9_.-]` and not starting with `-`
    /// (it would read as an option), else in double quotes.
    pub fn rendered(&self) -> String {
        let bare = !self.0.starts_with('-')
            && self
                .0
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'));
        if bare {
            self.0.clone()
        } else {
            format!("\"{}\"", self.0)
        }
    }
}

/// `partition create` sizing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CreateSize {
    /// No size option: the appliance's equal share per licence.
    Default,
    Bytes(u64),
    AllFreeStorage,
}

/// How a client is registered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClientAddress {
    Hostname(Arg),
    Ip(Arg),
}

/// Every LunaSH command lunadeck sends (LUNASH.md table; `client delete` per assumed-formats.md).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LunaShCommand {
    HsmShow,
    /// Prompts for the HSM SO password once. Never retried automatically (3 failures zeroize).
    HsmLogin,
    HsmLogout,
    PartitionList,
    PartitionShow {
        partition: Arg,
    },
    /// `legacy_init`: 5.x/6.x create and initialize (password and domain prompted, twice each).
    PartitionCreate {
        partition: Arg,
        size: CreateSize,
        /// `-version 0|1` (assumed syntax); None leaves the appliance default.
        version: Option<PartitionVersion>,
        legacy_init: bool,
    },
    PartitionDelete {
        partition: Arg,
    },
    /// Assumed syntax: `partition resize -partition <name> -size <bytes> -force`.
    PartitionResize {
        partition: Arg,
        size: u64,
    },
    /// 7.7.1+; partition SO password and cloning domain prompted (twice each), never `-domain`.
    PartitionInit {
        partition: Arg,
        label: Option<Arg>,
    },
    /// 7.7.1+; the temporary CO password is prompted twice.
    PartitionInitCo {
        partition: Arg,
    },
    /// Prompts for the CO password.
    PartitionShowContents {
        partition: Arg,
    },
    PartitionChangePolicy {
        partition: Arg,
        policy: u32,
        value: bool,
    },
    /// Older software; prompts for the CO password/challenge (assumed: once).
    PartitionActivate {
        partition: Arg,
    },
    ClientList,
    ClientShow {
        client: Arg,
    },
    ClientRegister {
        client: Arg,
        address: ClientAddress,
    },
    ClientAssignPartition {
        client: Arg,
        partition: Arg,
    },
    ClientRevokePartition {
        client: Arg,
        partition: Arg,
    },
    ClientFingerprint {
        client: Arg,
    },
    ClientDelete {
        client: Arg,
    },
}

impl LunaShCommand {
    /// Which timeout applies: reads are short; creating and initializing partitions long.
    pub fn class(&self) -> crate::luna::shell::CommandClass {
        use crate::luna::shell::CommandClass;
        use LunaShCommand::*;
        match self {
            HsmShow
            | PartitionList
            | PartitionShow { .. }
            | PartitionShowContents { .. }
            | ClientList
            | ClientShow { .. }
            | ClientFingerprint { .. } => CommandClass::Read,
            PartitionCreate { .. } | PartitionInit { .. } | PartitionInitCo { .. } => {
                CommandClass::Long
            }
            _ => CommandClass::Change,
        }
    }

    /// The exact command line (no secret is ever part of it).
    pub fn line(&self) -> String {
        use LunaShCommand::*;
        let p = |a: &Arg| format!("-partition {}", a.rendered());
        let c = |a: &Arg| format!("-client {}", a.rendered());
        match self {
            HsmShow => "hsm show".into(),
            HsmLogin => "hsm login".into(),
            HsmLogout => "hsm logout".into(),
            PartitionList => "partition list".into(),
            PartitionShow { partition } => format!("partition show {}", p(partition)),
            PartitionCreate {
                partition,
                size,
                version,
                ..
            } => {
                let mut line = format!("partition create {}", p(partition));
                match size {
                    CreateSize::Default => {}
                    CreateSize::Bytes(n) => line.push_str(&format!(" -size {n}")),
                    CreateSize::AllFreeStorage => line.push_str(" -allfreestorage"),
                }
                match version {
                    None => {}
                    Some(PartitionVersion::V0) => line.push_str(" -version 0"),
                    Some(PartitionVersion::V1) => line.push_str(" -version 1"),
                }
                line + " -force"
            }
            PartitionDelete { partition } => format!("partition delete {} -force", p(partition)),
            PartitionResize { partition, size } => {
                format!("partition resize {} -size {size} -force", p(partition))
            }
            PartitionInit { partition, label } => match label {
                Some(l) => format!("partition init {} -label {}", p(partition), l.rendered()),
                None => format!("partition init {}", p(partition)),
            },
            PartitionInitCo { partition } => format!("partition init co {} -force", p(partition)),
            PartitionShowContents { partition } => {
                format!("partition showContents {}", p(partition))
            }
            PartitionChangePolicy {
                partition,
                policy,
                value,
            } => format!(
                "partition changePolicy {} -policy {policy} -value {}",
                p(partition),
                u8::from(*value)
            ),
            PartitionActivate { partition } => format!("partition activate {}", p(partition)),
            ClientList => "client list".into(),
            ClientShow { client } => format!("client show {}", c(client)),
            ClientRegister { client, address } => match address {
                ClientAddress::Hostname(h) => {
                    format!("client register {} -hostname {}", c(client), h.rendered())
                }
                ClientAddress::Ip(ip) => {
                    format!("client register {} -ip {}", c(client), ip.rendered())
                }
            },
            ClientAssignPartition { client, partition } => {
                format!("client assignPartition {} {}", c(client), p(partition))
            }
            ClientRevokePartition { client, partition } => {
                format!("client revokePartition {} {}", c(client), p(partition))
            }
            ClientFingerprint { client } => format!("client fingerprint {}", c(client)),
            ClientDelete { client } => format!("client delete {} -force", c(client)),
        }
    }

    /// How many secrets the command prompts for, in order (each confirmation counts).
    pub fn secret_prompts(&self) -> usize {
        use LunaShCommand::*;
        match self {
            HsmLogin | PartitionShowContents { .. } | PartitionActivate { .. } => 1,
            PartitionInitCo { .. } => 2,
            PartitionInit { .. } => 4,
            PartitionCreate {
                legacy_init: true, ..
            } => 4,
            _ => 0,
        }
    }

    /// The line for logs and audit: option values that could be secrets are masked.
    pub fn redacted(&self) -> String {
        redact_line(&self.line())
    }
}

impl fmt::Display for LunaShCommand {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.redacted())
    }
}

/// Masks secret-bearing option values; one rule for logs, transcripts and replay.
pub use super::transcript::redact_command as redact_line;

#[cfg(test)]
#[path = "command_tests.rs"]
mod tests;
