//! State of the Audit screen: the hash-chained events the user may see (Owners: their
//! organization's only, decided by `ops`), in a sortable, filterable table.

use crate::domain::audit_chain::ChainedEvent;
use crate::domain::audit_event::Outcome;
use crate::kit::{CellValue, Column, Status, StatusKind, TableRow, TableState};

impl TableRow for ChainedEvent {
    type Key = u64;

    fn key(&self) -> u64 {
        self.seq
    }

    fn cells(&self) -> Vec<CellValue> {
        let e = &self.event;
        let outcome = match &e.outcome {
            Outcome::Success => Status::worded(StatusKind::Done, "success"),
            Outcome::Failure { reason } => {
                Status::worded(StatusKind::Failed, format!("failure: {reason}"))
            }
        };
        vec![
            CellValue::text(e.at.to_string()),
            CellValue::text(e.actor.clone()),
            CellValue::text(e.action.clone()),
            CellValue::text(e.device.as_ref().map(|d| d.to_string()).unwrap_or_default()),
            CellValue::text(e.target.clone()),
            CellValue::status(outcome),
        ]
    }
}

pub fn audit_columns() -> Vec<Column> {
    vec![
        Column::new("Time"),
        Column::new("Actor"),
        Column::new("Action"),
        Column::new("Device"),
        Column::new("Target"),
        Column::new("Outcome"),
    ]
}

#[derive(Debug)]
pub struct AuditPanel {
    pub table: TableState<ChainedEvent>,
    pub loaded: bool,
}

impl Default for AuditPanel {
    fn default() -> Self {
        AuditPanel {
            table: TableState::new(audit_columns()),
            loaded: false,
        }
    }
}
