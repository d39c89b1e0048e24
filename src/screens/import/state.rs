//! The Import Partitions screen's state (IMP-1..8): the splash with discovery progress per
//! device, the saved import table with the highlighted cell, and the cell editor.

use crate::app::state::Loaded;
use crate::domain::ids::{HsmSerial, JobId, OrganizationId};
use crate::domain::import_row::ImportRow;
use crate::domain::organization::Organization;
use crate::store::ImportDraft;

/// The columns of the import table (IMP-2); the last four are editable (IMP-3).
pub const IMPORT_COLUMNS: [&str; 7] = [
    "Device",
    "Partition",
    "Serial",
    "HA Group",
    "Service Name",
    "Description",
    "Organization",
];

/// Index of the first editable column.
pub const FIRST_EDITABLE: usize = 3;

/// Where discovery is on one device.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DeviceRun {
    Running,
    Done,
    Failed(String),
}

/// One device of a discovery run (its console name is looked up when drawn).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiscoveryDevice {
    pub serial: HsmSerial,
    pub done: usize,
    pub total: usize,
    pub step: String,
    pub run: DeviceRun,
}

/// A discovery run (IMP-1): asked for, then per-device progress, then finished.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Discovery {
    pub job: Option<JobId>,
    pub devices: Vec<DiscoveryDevice>,
    pub finished: bool,
}

/// The cell being edited in place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CellEdit {
    pub column: usize,
    pub text: crate::kit::TextField,
    pub error: Option<String>,
    /// Saved and waiting for the backend's answer.
    pub sent: bool,
}

#[derive(Debug, Default)]
pub struct Import {
    pub table: Loaded<Option<ImportDraft>>,
    pub warnings: Vec<String>,
    pub organizations: Vec<Organization>,
    /// Index among the rows shown (deleted rows are not shown).
    pub row: usize,
    pub column: usize,
    pub editing: Option<CellEdit>,
    pub discovery: Option<Discovery>,
    /// Finish Imports refused: one line per row error.
    pub errors: Vec<String>,
}

impl Import {
    pub fn has_table(&self) -> bool {
        matches!(self.table, Loaded::Ready(Some(_)))
    }

    /// The rows shown: every row not deleted from this import, in table order.
    pub fn rows(&self) -> Vec<&ImportRow> {
        match &self.table {
            Loaded::Ready(Some(d)) => d.rows.iter().filter(|r| !r.deleted).collect(),
            _ => Vec::new(),
        }
    }

    pub fn selected_row(&self) -> Option<&ImportRow> {
        self.rows().get(self.row).copied()
    }

    pub fn organization_name(&self, id: Option<OrganizationId>) -> String {
        match id {
            None => String::new(),
            Some(id) => self
                .organizations
                .iter()
                .find(|o| o.id == id)
                .map_or_else(|| format!("organization {id}"), |o| o.name.clone()),
        }
    }

    /// The text of a cell as shown and as the editor starts with.
    pub fn cell_text(&self, r: &ImportRow, column: usize) -> String {
        match column {
            0 => r.device_name.clone(),
            1 => r.partition_name.clone(),
            2 => r.partition.to_string(),
            3 => r.ha_group.clone(),
            4 => r.service_name.clone(),
            5 => r.description.clone(),
            _ => self.organization_name(r.organization),
        }
    }
}
