//! A partition on one appliance, keyed on its serial: name, label, V0/V1 version, storage,
//! objects, initialization and role states, and the STC / per-partition SO policies.

use super::ids::{HsmSerial, PartitionSerial};
use serde::{Deserialize, Serialize};
use std::fmt;

/// V0 = classic partition; V1 = Scalable Key Storage (firmware 7.7.0+, policy 41).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum PartitionVersion {
    V0,
    V1,
}

impl fmt::Display for PartitionVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            PartitionVersion::V0 => "V0",
            PartitionVersion::V1 => "V1",
        })
    }
}

/// State of a partition role (partition SO, crypto officer, crypto user).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum RoleState {
    NotInitialized,
    Initialized,
    /// PED roles: activated, so the challenge alone authenticates.
    Activated,
}

impl RoleState {
    pub fn is_initialized(self) -> bool {
        !matches!(self, RoleState::NotInitialized)
    }
}

impl fmt::Display for RoleState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            RoleState::NotInitialized => "not initialized",
            RoleState::Initialized => "initialized",
            RoleState::Activated => "activated",
        })
    }
}

/// The roles of one partition.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Roles {
    /// Partition SO (PPSO partitions only; NotInitialized otherwise).
    pub so: RoleState,
    pub co: RoleState,
    pub cu: RoleState,
}

impl Roles {
    pub const NONE: Roles = Roles {
        so: RoleState::NotInitialized,
        co: RoleState::NotInitialized,
        cu: RoleState::NotInitialized,
    };
}

impl Default for Roles {
    fn default() -> Self {
        Roles::NONE
    }
}

/// A partition on an appliance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Partition {
    pub serial: PartitionSerial,
    pub device: HsmSerial,
    pub name: String,
    /// Set when the partition is initialized (labels are not unique).
    pub label: Option<String>,
    pub version: PartitionVersion,
    /// Total size in bytes.
    pub size: u64,
    pub used: u64,
    pub objects: u32,
    /// The partition itself is initialized (label and cloning domain set).
    pub initialized: bool,
    pub roles: Roles,
    pub ppso: bool,
    pub stc: bool,
}

impl Partition {
    pub fn free(&self) -> u64 {
        self.size.saturating_sub(self.used)
    }
}
