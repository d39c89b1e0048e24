//! Import of unmanaged partitions (IMP-2/4/5/6/7): suggested rows from discovery, HA group
//! editing, warnings, and the Finish Imports validation that turns rows into services.

use super::error::Field;
use super::ids::{HsmSerial, OrganizationId, PartitionSerial};
use super::import_row::ImportRow;
use super::partition::Partition;
use super::service::ServiceKind;
use std::cmp::Ordering;
use std::fmt;

/// A partition found on a device by discovery (IMP-1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiscoveredPartition {
    pub device: HsmSerial,
    pub device_name: String,
    pub partition: Partition,
}

/// The non-empty label of a discovered partition.
fn label_of(f: &DiscoveredPartition) -> Option<&str> {
    f.partition
        .label
        .as_deref()
        .map(str::trim)
        .filter(|l| !l.is_empty())
}

/// The rows of a fresh import table (IMP-2): partitions sharing one label on two or more
/// distinct devices are suggested as one HA group named `HA_1`, `HA_2`, … (numbered in label
/// order); every other partition is standalone. Rows with both STC and per-partition SO are
/// view-only (IMP-6). Rows come sorted: standalone first, then by HA group.
pub fn suggest_rows(found: &[DiscoveredPartition]) -> Vec<ImportRow> {
    let mut labels: Vec<&str> = found.iter().filter_map(label_of).collect();
    labels.sort_unstable();
    labels.dedup();
    let groups: Vec<&str> = labels
        .into_iter()
        .filter(|l| {
            let mut devices: Vec<&HsmSerial> = found
                .iter()
                .filter(|f| label_of(f) == Some(*l))
                .map(|f| &f.device)
                .collect();
            devices.sort_unstable();
            devices.dedup();
            devices.len() >= 2
        })
        .collect();
    let mut rows: Vec<ImportRow> = found
        .iter()
        .map(|f| ImportRow {
            partition: f.partition.serial.clone(),
            device: f.device.clone(),
            device_name: f.device_name.clone(),
            partition_name: f.partition.name.clone(),
            ha_group: label_of(f)
                .and_then(|l| groups.iter().position(|g| *g == l))
                .map(|i| format!("HA_{}", i + 1))
                .unwrap_or_default(),
            service_name: String::new(),
            description: String::new(),
            organization: None,
            deleted: false,
            view_only: f.partition.stc && f.partition.ppso,
            presence: super::import_row::RowPresence::Found,
        })
        .collect();
    sort_rows(&mut rows);
    rows
}

/// Splits `HA_12` into (`HA_`, 12) so groups sort naturally (`HA_2` before `HA_10`).
fn natural_key(s: &str) -> (&str, u64) {
    let prefix = s.trim_end_matches(|c: char| c.is_ascii_digit());
    let digits = s.get(prefix.len()..).unwrap_or("");
    let n = if digits.is_empty() {
        0
    } else {
        digits.parse().unwrap_or(u64::MAX)
    };
    (prefix, n)
}

/// The table order: standalone rows first, then HA groups (natural order), then device name,
/// partition name and serial.
fn row_order(a: &ImportRow, b: &ImportRow) -> Ordering {
    let (ga, gb) = (a.ha_group.trim(), b.ha_group.trim());
    (!ga.is_empty())
        .cmp(&!gb.is_empty())
        .then_with(|| natural_key(ga).cmp(&natural_key(gb)))
        .then_with(|| ga.cmp(gb))
        .then_with(|| a.device_name.cmp(&b.device_name))
        .then_with(|| a.partition_name.cmp(&b.partition_name))
        .then_with(|| a.partition.cmp(&b.partition))
}

/// Sorts rows as the table shows them (IMP-2).
pub fn sort_rows(rows: &mut [ImportRow]) {
    rows.sort_by(row_order);
}

/// Types `text` into the HA Group cell of the row of partition `serial` (IMP-4): a group name
/// moves the partition into that group (joining it if it exists), an empty text makes it
/// standalone. The other cells are kept; the rows are re-sorted. False if no row has `serial`.
pub fn set_ha_group(rows: &mut [ImportRow], serial: &PartitionSerial, text: &str) -> bool {
    let Some(row) = rows.iter_mut().find(|r| &r.partition == serial) else {
        return false;
    };
    row.ha_group = text.trim().to_string();
    sort_rows(rows);
    true
}

/// Whether `group` is still a suggested default label (`HA_n`).
pub fn is_default_group(group: &str) -> bool {
    group
        .strip_prefix("HA_")
        .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
}

/// One warning per HA group of the remaining rows still named `HA_n` (IMP-4).
pub fn warnings(rows: &[ImportRow]) -> Vec<String> {
    let mut groups: Vec<&str> = rows
        .iter()
        .filter(|r| !r.deleted)
        .map(|r| r.ha_group.trim())
        .filter(|g| is_default_group(g))
        .collect();
    groups.sort_by(|a, b| natural_key(a).cmp(&natural_key(b)));
    groups.dedup();
    let mut out: Vec<String> = groups
        .into_iter()
        .map(|g| format!("replace {g} with the real HA group label from `vtl haAdmin show`"))
        .collect();
    for r in rows.iter().filter(|r| !r.deleted) {
        match r.presence {
            super::import_row::RowPresence::Found => {}
            super::import_row::RowPresence::NotReRead => out.push(format!(
                "{}: not read by the last discovery (device skipped or unreachable); kept as it was",
                RowRef::of(r)
            )),
            super::import_row::RowPresence::Gone => out.push(format!(
                "{}: no longer on its device; delete the row",
                RowRef::of(r)
            )),
        }
    }
    out
}

/// The row an import error is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowRef {
    pub partition: PartitionSerial,
    pub device: HsmSerial,
    pub device_name: String,
    pub partition_name: String,
}

impl RowRef {
    fn of(r: &ImportRow) -> Self {
        RowRef {
            partition: r.partition.clone(),
            device: r.device.clone(),
            device_name: r.device_name.clone(),
            partition_name: r.partition_name.clone(),
        }
    }
}

impl fmt::Display for RowRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "device '{}', partition '{}' ({})",
            self.device_name, self.partition_name, self.partition
        )
    }
}

/// Why Finish Imports was refused: the row and field (None for the whole import, e.g. IMP-7).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    pub row: Option<RowRef>,
    pub field: Option<Field>,
    pub message: String,
}

impl fmt::Display for RowError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(row) = &self.row {
            write!(f, "{row}: ")?;
        }
        if let Some(field) = self.field {
            write!(f, "{field}: ")?;
        }
        f.write_str(&self.message)
    }
}

/// A service Finish Imports creates: one per standalone row, one per HA group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedService {
    pub name: String,
    pub description: String,
    pub organization: OrganizationId,
    pub kind: ServiceKind,
    pub members: Vec<PartitionSerial>,
    /// STC and per-partition SO on a member (IMP-6).
    pub view_only: bool,
}

#[path = "import_validate.rs"]
mod validate;
pub use validate::validate_import;

#[cfg(test)]
#[path = "import_tests.rs"]
mod tests;
