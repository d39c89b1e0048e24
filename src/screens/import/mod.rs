//! The Import Partitions screen (IMP-1..8): Get Started runs discovery with progress per
//! device; the saved table is edited in place, rows left out, then Finish Imports (or Cancel).

mod draw;
pub mod key_table;
mod keys;
mod progress;
mod serve;
pub mod state;

pub use state::{CellEdit, DeviceRun, Discovery, DiscoveryDevice, IMPORT_COLUMNS, Import};

use crate::app::App;
use crate::app::key_action::Context;
use crate::app::key_table::{KeyTable, TableInfo};
use crate::app::message::BackendEvent;
use crate::app::screen::{Answers, Cx, Screen, ScreenInput};
use crate::app::state::Loaded;
use crate::domain::DomainError;
use crate::domain::ids::{JobId, PartitionSerial};
use crate::domain::organization::Organization;
use crate::jobs::JobEvent;
use crate::ops::Console;
use crate::ops::import_ops::ImportEdit;
use crate::store::ImportDraft;
pub use key_table::{ImportStartKey, ImportTableKey};
use ratatui::Frame;
use ratatui::layout::Rect;
use serde::{Deserialize, Serialize};

/// What the Import screen asks the backend.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum Request {
    /// The saved import table (none before discovery).
    Table,
    /// IMP-1: discovery on every authorized device (a job).
    Discover,
    /// IMP-3/4: one cell, saved at once.
    Edit {
        partition: PartitionSerial,
        edit: ImportEdit,
    },
    /// Leave this row out of the import.
    DeleteRow(PartitionSerial),
    /// IMP-5: check every row, then import.
    Finish,
    /// IMP-8: delete the saved table.
    Cancel,
}

/// What the backend answers it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Event {
    Table {
        draft: Option<ImportDraft>,
        /// HA_n suggestions and other warnings (IMP-4).
        warnings: Vec<String>,
        organizations: Vec<Organization>,
    },
    /// The discovery job started.
    DiscoveryStarted(JobId),
    /// Finish Imports refused: one line per row error.
    Errors(Vec<String>),
    /// Imported: the new services' names.
    Finished(Vec<String>),
    Cancelled,
    /// A rule refused the request (a cell's value, discovery...).
    Refused(DomainError),
}

/// The reason alone of a field error, as it shows under the cell.
fn reason(e: &DomainError) -> String {
    match e {
        DomainError::Invalid { reason, .. } => reason.clone(),
        other => other.to_string(),
    }
}

impl Screen for Import {
    type Keys = ImportTableKey;
    const PLACE: crate::app::Place = crate::app::Place::Nav(crate::app::NavItem::ImportPartitions);
    type Request = Request;
    type Event = Event;
    type Form = crate::app::screen::NoForm;
    type Dialog = crate::app::screen::NoDialog;

    fn tables() -> Vec<TableInfo> {
        vec![
            TableInfo::of::<ImportStartKey>(),
            TableInfo::of::<ImportTableKey>(),
        ]
    }

    fn context(&self) -> Context {
        if self.has_table() {
            ImportTableKey::context()
        } else {
            ImportStartKey::context()
        }
    }

    fn typing(&self) -> bool {
        self.editing.is_some()
    }

    fn shown(&mut self, cx: &mut Cx<'_, Self>) {
        cx.ask(Request::Table);
    }

    fn input(&mut self, input: ScreenInput, cx: &mut Cx<'_, Self>) -> bool {
        match input {
            ScreenInput::Dialog(d) => self.edit_key(d, cx),
            ScreenInput::Key(k) if k.get::<ImportStartKey>().is_some() && !self.has_table() => {
                self.start_discovery(cx)
            }
            ScreenInput::Move(m) if self.has_table() => self.moved(m),
            // The list's open key (Enter) opens the highlighted cell, as its own key does.
            ScreenInput::Open if self.has_table() => self.table_key(ImportTableKey::EditCell, cx),
            ScreenInput::Key(k) if self.has_table() => {
                if let Some(k) = k.get::<ImportTableKey>() {
                    self.table_key(k, cx)
                }
            }
            ScreenInput::Key(_) | ScreenInput::Move(_) => {}
            _ => return false,
        }
        true
    }

    fn event(&mut self, event: Event, cx: &mut Cx<'_, Self>) {
        match event {
            Event::Table {
                draft,
                warnings,
                organizations,
            } => {
                let keep = self.selected_row().map(|r| r.partition.clone());
                self.table = Loaded::Ready(draft);
                self.warnings = warnings;
                self.organizations = organizations;
                self.editing = None;
                let rows = self.rows();
                let found = keep.and_then(|k| rows.iter().position(|r| r.partition == k));
                let len = rows.len();
                self.row = found.unwrap_or(self.row).min(len.saturating_sub(1));
            }
            Event::DiscoveryStarted(job) => {
                self.discovery.get_or_insert_with(Discovery::default).job = Some(job);
            }
            Event::Errors(lines) => {
                // Every problem in full in the message log too, whatever fits under the table.
                cx.say(format!(
                    "Finish Imports refused: {} problem(s): {}",
                    lines.len(),
                    lines.join("; ")
                ));
                self.errors = lines;
            }
            Event::Finished(names) => {
                self.clear();
                cx.say(format!(
                    "Imported {} service(s): {}",
                    names.len(),
                    names.join(", ")
                ));
                // The Services list shows the new services.
                let list = crate::screens::ScreenRequest::from(super::services::Request::List);
                cx.send(crate::app::message::BackendRequest::Screen(list));
            }
            Event::Cancelled => {
                self.clear();
                cx.say("Import cancelled: the saved table was deleted.");
            }
            Event::Refused(err) => {
                if let Some(e) = self.editing.as_mut().filter(|e| e.sent) {
                    e.sent = false;
                    e.error = Some(reason(&err));
                    return;
                }
                if self.discovery.as_ref().is_some_and(|d| d.job.is_none()) {
                    self.discovery = None;
                }
                cx.say(err.to_string());
            }
        }
    }

    fn job(&mut self, event: &JobEvent, _cx: &mut Cx<'_, Self>) {
        progress::on_job_event(self, event);
    }

    fn frame(&mut self, event: &BackendEvent, cx: &mut Cx<'_, Self>) {
        let BackendEvent::JobDone { job, .. } = event else {
            return;
        };
        if let Some(d) = self.discovery.as_mut().filter(|d| d.job == Some(*job)) {
            d.finished = true;
            cx.ask(Request::Table);
        }
    }

    fn serve(console: &mut Console, request: Request, out: &mut Answers<'_>) {
        serve::serve(console, request, out);
    }

    fn draw(&self, app: &App, frame: &mut Frame, area: Rect) {
        draw::draw(self, app, frame, area);
    }
}

impl Import {
    fn clear(&mut self) {
        self.table = Loaded::Ready(None);
        self.discovery = None;
        self.errors.clear();
    }
}
