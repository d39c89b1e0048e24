//! A Luna Network HSM appliance as the console knows it: how to reach it over SSH and what
//! `hsm show` said about it (versions, model, authentication, licences, storage, FM state).

use super::ids::HsmSerial;
use super::timestamp::Timestamp;
use super::version::Version;
use serde::{Deserialize, Serialize};
use std::fmt;

/// How the HSM authenticates its roles.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum AuthMethod {
    Password,
    Ped,
}

impl fmt::Display for AuthMethod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            AuthMethod::Password => "Password",
            AuthMethod::Ped => "PED",
        })
    }
}

/// Functionality-module state of the HSM firmware (relevant to migration, MIG-1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum FmState {
    /// Firmware without FM support.
    NoFm,
    /// FM-ready firmware, FM not enabled.
    FmReady,
    /// FM-capable firmware, FM disabled.
    FmDisabled,
    /// FM enabled.
    FmEnabled,
}

impl fmt::Display for FmState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            FmState::NoFm => "no FM",
            FmState::FmReady => "FM-ready",
            FmState::FmDisabled => "FM-disabled",
            FmState::FmEnabled => "FM-enabled",
        })
    }
}

/// Performance level of the appliance (template capability).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Performance {
    Standard,
    Enterprise,
    Maximum,
}

impl fmt::Display for Performance {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Performance::Standard => "Standard",
            Performance::Enterprise => "Enterprise",
            Performance::Maximum => "Maximum",
        })
    }
}

/// How the console logs in to the appliance's SSH server. Secrets are not held here.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum SshAuth {
    /// Password typed at connect time (never stored).
    Password,
    /// Private key file on the jump host.
    Key { path: String },
}

/// Partition licences (`Number of partitions allowed/created`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Licences {
    pub allowed: u32,
    pub used: u32,
}

impl Licences {
    pub fn free(&self) -> u32 {
        self.allowed.saturating_sub(self.used)
    }
}

impl fmt::Display for Licences {
    /// `used/allowed`, as the Devices table shows it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.used, self.allowed)
    }
}

/// HSM storage in bytes (`HSM Storage Information`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Storage {
    pub total: u64,
    pub used: u64,
    pub free: u64,
}

/// Reachability as last observed by the console (DEV-3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum DeviceStatus {
    Up,
    Unreachable,
    Unauthorized,
}

impl fmt::Display for DeviceStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            DeviceStatus::Up => "up",
            DeviceStatus::Unreachable => "unreachable",
            DeviceStatus::Unauthorized => "unauthorized",
        })
    }
}

/// A remote PED server (DEV-2, INIT-3); default port 1503.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PedServer {
    pub host: String,
    pub port: u16,
}

pub const DEFAULT_PED_PORT: u16 = 1503;

/// What `hsm show` reports, kept together so a refresh replaces it whole.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HsmFacts {
    pub software: Version,
    pub firmware: Version,
    pub model: String,
    pub hsm_label: String,
    pub auth: AuthMethod,
    /// None when `hsm show` prints no licence counts (software 5.x): unknown, not zero.
    #[serde(default)]
    pub licences: Option<Licences>,
    pub storage: Storage,
    pub fm: FmState,
    /// The per-partition SO capability upgrade is installed (6.x; always true on 7.x).
    pub ppso_capable: bool,
    /// The HSM policy that allows Secure Trusted Channel is on.
    pub stc_policy: bool,
    pub performance: Performance,
    /// `HSM IS ZEROIZED !!!!` was reported.
    pub zeroized: bool,
}

/// An appliance, keyed on its HSM serial.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Device {
    pub serial: HsmSerial,
    /// The console's name for the appliance (unique in the console).
    pub name: String,
    pub host: String,
    pub port: u16,
    pub ssh_user: String,
    pub ssh_auth: SshAuth,
    pub facts: HsmFacts,
    pub ped_server: Option<PedServer>,
    pub status: DeviceStatus,
    pub last_seen: Option<Timestamp>,
}

impl Device {
    pub fn is_luna7(&self) -> bool {
        self.facts.firmware.major >= 7
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::test_fixtures::device;

    #[test]
    fn dev_1_licences_stored_before_they_were_optional_still_read() {
        let d = device("1", 0, DeviceStatus::Up);
        let mut v = serde_json::to_value(&d).unwrap();
        // Rows saved before licences could be unknown hold the object itself.
        assert_eq!(
            v["facts"]["licences"],
            serde_json::json!({"allowed": 10, "used": 1})
        );
        assert_eq!(serde_json::from_value::<Device>(v.clone()).unwrap(), d);
        v["facts"]["licences"] = serde_json::Value::Null;
        let unknown: Device = serde_json::from_value(v.clone()).unwrap();
        assert_eq!(unknown.facts.licences, None);
        if let Some(facts) = v["facts"].as_object_mut() {
            facts.remove("licences");
        }
        let missing: Device = serde_json::from_value(v).unwrap();
        assert_eq!(missing.facts.licences, None);
        assert_eq!(
            d.facts.licences.map(|l| l.to_string()).as_deref(),
            Some("1/10")
        );
    }
}
