//! NTLS/STC clients registered on an appliance, and key objects inside a partition (MNG-5/6).

use super::ids::{HsmSerial, PartitionSerial};
use super::timestamp::Timestamp;
use serde::{Deserialize, Serialize};

/// A client workstation registered on an appliance (`client show`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Client {
    pub device: HsmSerial,
    /// Client names may contain spaces.
    pub name: String,
    pub hostname: String,
    pub fingerprint: Option<String>,
    /// Names of the partitions assigned to the client on that appliance.
    pub partitions: Vec<String>,
    pub last_registration: Option<Timestamp>,
    /// Set when a partition was added, initialized or removed in a service it uses (MNG-6).
    pub needs_reregistration: bool,
}

/// An object inside a partition as the Keys tab lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyObject {
    pub partition: PartitionSerial,
    pub label: String,
    pub object_type: String,
    pub handle: u64,
    pub fingerprint: Option<String>,
    pub algorithm: Option<String>,
    pub bits: Option<u32>,
}
