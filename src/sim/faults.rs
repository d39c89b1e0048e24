//! Faults a simulated appliance or client host shows on demand: set in the fleet TOML or at run
//! time (`Fleet::faults_mut`); the session, the binary and the SSH test server read them.

use serde::{Deserialize, Serialize};

/// When a dropped link cuts the command.
///
/// `Before`: the link drops before the command reaches the device (no side effect).
/// `After`: the command runs to its end on the device (side effects happen) and the link drops
/// before the output arrives. Both are what a real link drop can look like to the console.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DropPoint {
    Before,
    After,
}

/// Faults of one target. All off by default.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Faults {
    /// Added to the target's own latency on every command.
    #[serde(default)]
    pub extra_latency_ms: u64,
    /// Connection refused / no route: no command reaches the target.
    #[serde(default)]
    pub unreachable: bool,
    /// The SSH server refuses the login (read by the transports and the SSH test server).
    #[serde(default)]
    pub ssh_auth_failure: bool,
    /// The target accepts commands and never answers.
    #[serde(default)]
    pub hang: bool,
    /// The link drops during the next commands (see `DropPoint`).
    #[serde(default)]
    pub drop: Option<DropPoint>,
    /// Seed of the SSH host key; changing it is a host key change (read by the SSH test server).
    #[serde(default)]
    pub host_key_seed: u64,
    /// The HSM card does not answer: HSM commands print `Error:  Unable to communicate with HSM`.
    #[serde(default)]
    pub hsm_unresponsive: bool,
    /// `partition show` of these partitions (by name) fails as if the card did not answer for
    /// them; `partition list` still lists them.
    #[serde(default)]
    pub partition_show_fails: Vec<String>,
}

impl Faults {
    /// True when any fault that stops a command from running normally is on.
    pub fn any_link_fault(&self) -> bool {
        self.unreachable || self.ssh_auth_failure || self.hang || self.drop.is_some()
    }
}
