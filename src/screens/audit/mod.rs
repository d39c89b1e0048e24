//! The Audit screen: the hash-chained events the user may see (Owners: their
//! organization's only, decided by `ops`), sortable and filterable; `v` verifies the chain.

mod draw;
pub mod key_table;
mod serve;

use crate::app::App;
use crate::app::panel_dialog::Dialog;
use crate::app::screen::{Answers, Cx, Screen, ScreenInput};
use crate::domain::audit_chain::ChainedEvent;
use crate::domain::audit_event::Outcome;
use crate::kit::{CellValue, Column, MessageKind, MessageModal, Status, StatusKind};
use crate::kit::{TableRow, TableState};
use crate::ops::Console;
pub use key_table::AuditKey;
use ratatui::Frame;
use ratatui::layout::Rect;
use serde::{Deserialize, Serialize};

/// The Audit screen's state.
#[derive(Debug)]
pub struct Audit {
    pub table: TableState<ChainedEvent>,
    /// The trail arrived at least once (else "Loading").
    pub loaded: bool,
}

impl Default for Audit {
    fn default() -> Self {
        Audit {
            table: TableState::new(vec![
                Column::new("Time"),
                Column::new("Actor"),
                Column::new("Action"),
                Column::new("Device"),
                Column::new("Target"),
                Column::new("Outcome"),
            ]),
            loaded: false,
        }
    }
}

/// What the Audit screen asks the backend.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Request {
    /// The events the user may see.
    List,
    /// Check the hash chain.
    Verify,
}

/// What the backend answers it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Event {
    Listed(Vec<ChainedEvent>),
    /// The chain check: `ok` false when it is broken or could not run.
    Verified {
        ok: bool,
        message: String,
    },
}

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

impl Screen for Audit {
    type Keys = AuditKey;
    const PLACE: crate::app::Place = crate::app::Place::Tab(crate::app::Tab::Audit);
    type Request = Request;
    type Event = Event;
    type Form = crate::app::screen::NoForm;
    type Dialog = crate::app::screen::NoDialog;

    fn shown(&mut self, cx: &mut Cx<'_, Self>) {
        cx.ask(Request::List);
    }

    fn input(&mut self, input: ScreenInput, cx: &mut Cx<'_, Self>) -> bool {
        let key = match input {
            ScreenInput::Move(m) => {
                self.table.apply_motion(m);
                return true;
            }
            // Enter: the selected event in full, however narrow the table.
            ScreenInput::Open => {
                let lines = self.table.selected_details();
                if lines.is_empty() {
                    return false;
                }
                cx.open(Dialog::Message(MessageModal::details("Audit event", lines)));
                return true;
            }
            ScreenInput::Key(k) => k.get::<AuditKey>(),
            _ => None,
        };
        match key {
            Some(AuditKey::Verify) => cx.ask(Request::Verify),
            Some(AuditKey::Refresh) => cx.ask(Request::List),
            Some(k @ (AuditKey::Sort | AuditKey::SortReverse)) => {
                self.table.sort_next(k == AuditKey::SortReverse)
            }
            None => return false,
        }
        true
    }

    fn event(&mut self, event: Event, cx: &mut Cx<'_, Self>) {
        match event {
            Event::Listed(list) => {
                self.table.replace_rows(list);
                self.loaded = true;
            }
            Event::Verified { ok, message } => {
                let kind = if ok {
                    MessageKind::Success
                } else {
                    MessageKind::Error
                };
                cx.open(Dialog::Message(MessageModal::new(
                    kind,
                    "Audit chain",
                    vec![message],
                )));
            }
        }
    }

    fn lists(&self) -> bool {
        true
    }

    fn filter(&mut self, text: &str) {
        self.table.set_filter(text);
    }

    fn serve(console: &mut Console, request: Request, out: &mut Answers<'_>) {
        serve::serve(console, request, out);
    }

    fn draw(&self, app: &App, frame: &mut Frame, area: Rect) {
        draw::draw(self, app, frame, area);
    }
}
