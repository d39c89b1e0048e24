//! One row of the saved import table (IMP-2/3): a discovered partition with what the user typed
//! for it. The table is saved on every edit; the rules over rows live in `import`.

use super::ids::{HsmSerial, OrganizationId, PartitionSerial};
use serde::{Deserialize, Serialize};

/// What the last discovery said about a row's partition (IMP-1, IMP-3: discovery merges into
/// the saved table, it never throws rows away).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum RowPresence {
    /// Read by the last discovery.
    #[default]
    Found,
    /// Its device was not read by the last discovery (skipped or unreachable): kept as it was.
    NotReRead,
    /// Its device was read and the partition is no longer there.
    Gone,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportRow {
    /// The partition serial is the row's key.
    pub partition: PartitionSerial,
    pub device: HsmSerial,
    /// Console name of the device, as shown in the Device column.
    pub device_name: String,
    pub partition_name: String,
    /// HA group label; empty = standalone. Suggested groups start as `HA_n` (IMP-4).
    pub ha_group: String,
    /// Service name typed by the user (≤ 28 characters).
    pub service_name: String,
    pub description: String,
    pub organization: Option<OrganizationId>,
    /// Deleted rows are left out of this import only (IMP-5).
    pub deleted: bool,
    /// Both STC and per-partition SO: imported view-only (IMP-6).
    pub view_only: bool,
    /// What the last discovery said about this partition.
    #[serde(default)]
    pub presence: RowPresence,
}
