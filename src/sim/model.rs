//! The simulator's fleet state: appliances with partitions, objects and NTLS clients, and the one
//! Luna client host with its slots and HA groups. Serializable to TOML (fixtures) and JSON (state).

use super::faults::Faults;
use serde::{Deserialize, Serialize};

/// Bytes every partition costs on top of its size.
pub const PARTITION_OVERHEAD: u64 = 9648;

/// The whole simulated estate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Fleet {
    #[serde(default, rename = "appliance")]
    pub appliances: Vec<Appliance>,
    #[serde(default)]
    pub client_host: ClientHost,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Auth {
    #[default]
    Password,
    Ped,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum Fm {
    #[default]
    NonFm,
    FmReady,
    FmDisabled,
    FmEnabled,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Perf {
    #[default]
    Standard,
    Enterprise,
    Maximum,
}

/// One Luna Network HSM appliance and its HSM.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Appliance {
    pub name: String,
    #[serde(default)]
    pub hostname: String,
    /// Appliance software, as `hsm show` prints it (`7.8.5-20`).
    pub software: String,
    pub firmware: String,
    #[serde(default = "default_model")]
    pub model: String,
    #[serde(default)]
    pub hsm_label: String,
    pub hsm_serial: String,
    #[serde(default)]
    pub auth: Auth,
    /// The HSM SO password the simulator checks (`hsm login`); PED appliances ignore it.
    #[serde(default = "default_so_password")]
    pub so_password: String,
    #[serde(default = "yes")]
    pub ppso: bool,
    #[serde(default)]
    pub stc: bool,
    #[serde(default)]
    pub fm: Fm,
    #[serde(default)]
    pub performance: Perf,
    #[serde(default = "default_licences")]
    pub licences: u32,
    #[serde(default = "default_storage")]
    pub storage_total: u64,
    #[serde(default)]
    pub latency_ms: u64,
    #[serde(default)]
    pub faults: Faults,
    /// HSM zeroized (all partitions gone, SO commands refused).
    #[serde(default)]
    pub zeroized: bool,
    /// Consecutive failed `hsm login` attempts (3 zeroize).
    #[serde(default)]
    pub so_failures: u32,
    /// Counter behind the next generated partition serial (never reused).
    #[serde(default)]
    pub next_partition: u64,
    #[serde(default, rename = "partition")]
    pub partitions: Vec<SimPartition>,
    #[serde(default, rename = "client")]
    pub clients: Vec<SimClient>,
}

fn default_model() -> String {
    "Luna K7".to_string()
}
fn default_so_password() -> String {
    "sopassword".to_string()
}
fn yes() -> bool {
    true
}
fn default_licences() -> u32 {
    10
}
fn default_storage() -> u64 {
    33_554_432
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    #[default]
    NotInitialized,
    Initialized,
    Activated,
}

impl Role {
    pub fn text(self) -> &'static str {
        match self {
            Role::NotInitialized => "not initialized",
            Role::Initialized => "initialized",
            Role::Activated => "activated",
        }
    }
    pub fn is_set(self) -> bool {
        self != Role::NotInitialized
    }
}

/// One partition on an appliance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SimPartition {
    pub name: String,
    /// Generated when empty.
    #[serde(default)]
    pub serial: String,
    pub size: u64,
    /// 0 = V0, 1 = V1 (SKS).
    #[serde(default)]
    pub version: u8,
    #[serde(default)]
    pub label: String,
    #[serde(default)]
    pub initialized: bool,
    #[serde(default = "yes")]
    pub ppso: bool,
    #[serde(default)]
    pub stc: bool,
    #[serde(default)]
    pub so: Role,
    #[serde(default)]
    pub co: Role,
    #[serde(default)]
    pub cu: Role,
    #[serde(default)]
    pub so_password: Option<String>,
    #[serde(default)]
    pub co_password: Option<String>,
    #[serde(default)]
    pub cu_password: Option<String>,
    #[serde(default)]
    pub domain: Option<String>,
    /// Partition policies set with changePolicy (code, value).
    #[serde(default)]
    pub policies: Vec<(u32, u32)>,
    #[serde(default = "default_co_attempts")]
    pub co_attempts_left: u32,
    #[serde(default, rename = "object")]
    pub objects: Vec<SimObject>,
}

fn default_co_attempts() -> u32 {
    10
}

impl SimPartition {
    /// A fresh partition as `partition create` makes it (not initialized).
    pub fn new(name: &str, serial: String, size: u64, version: u8) -> Self {
        SimPartition {
            name: name.to_string(),
            serial,
            size,
            version,
            label: String::new(),
            initialized: false,
            ppso: true,
            stc: false,
            so: Role::NotInitialized,
            co: Role::NotInitialized,
            cu: Role::NotInitialized,
            so_password: None,
            co_password: None,
            cu_password: None,
            domain: None,
            policies: Vec::new(),
            co_attempts_left: 10,
            objects: Vec::new(),
        }
    }

    pub fn used(&self) -> u64 {
        self.objects.iter().map(|o| o.bytes).sum()
    }

    pub fn free(&self) -> u64 {
        self.size.saturating_sub(self.used())
    }

    pub fn next_handle(&self) -> u64 {
        self.objects.iter().map(|o| o.handle).max().unwrap_or(30) + 1
    }
}

/// A key or certificate object inside a partition.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SimObject {
    pub label: String,
    #[serde(rename = "type", default = "default_object_type")]
    pub kind: String,
    #[serde(default)]
    pub handle: u64,
    #[serde(default)]
    pub algorithm: Option<String>,
    #[serde(default)]
    pub bits: Option<u32>,
    #[serde(default)]
    pub fingerprint: Option<String>,
    #[serde(default = "default_object_bytes")]
    pub bytes: u64,
}

fn default_object_type() -> String {
    "Symmetric Key".to_string()
}
fn default_object_bytes() -> u64 {
    248
}

/// An NTLS client registered on an appliance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SimClient {
    pub name: String,
    #[serde(default)]
    pub hostname: String,
    /// Generated from the name when empty.
    #[serde(default)]
    pub fingerprint: String,
    /// Partition names assigned to this client.
    #[serde(default)]
    pub partitions: Vec<String>,
}

/// The Luna client host that runs LunaCM.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClientHost {
    #[serde(default = "default_client_name")]
    pub name: String,
    #[serde(default)]
    pub hostname: String,
    #[serde(default)]
    pub latency_ms: u64,
    #[serde(default)]
    pub faults: Faults,
    #[serde(default, rename = "slot")]
    pub slots: Vec<Slot>,
    #[serde(default, rename = "hagroup")]
    pub ha_groups: Vec<HaGroup>,
}

fn default_client_name() -> String {
    "luna-client".to_string()
}

impl Default for ClientHost {
    fn default() -> Self {
        ClientHost {
            name: default_client_name(),
            hostname: String::new(),
            latency_ms: 0,
            faults: Faults::default(),
            slots: Vec::new(),
            ha_groups: Vec::new(),
        }
    }
}

/// A LunaCM slot: an NTLS/STC link to one partition, named by the partition serial.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Slot {
    pub id: u32,
    pub serial: String,
}

/// An HA group defined on the client host.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HaGroup {
    pub label: String,
    /// Member partition serials, primary first.
    pub members: Vec<String>,
    /// Virtual slot id; assigned at load when 0.
    #[serde(default)]
    pub slot_id: u32,
    #[serde(default = "yes")]
    pub synchronize: bool,
}

impl HaGroup {
    /// `HA Group Number`: `1` followed by the first member's serial.
    pub fn number(&self) -> String {
        format!(
            "1{}",
            self.members.first().map(String::as_str).unwrap_or("0")
        )
    }
}
