//! The Jobs screen: jobs not yet acknowledged in a table, and under it the selected job's
//! devices with their progress; `x` cancels a running job (asks first), Enter acknowledges.

pub mod draw;
pub mod key_table;
mod progress;
mod serve;

pub use progress::DeviceLine;

use crate::app::App;
use crate::app::message::BackendEvent;
use crate::app::panel_dialog::Dialog;
use crate::app::screen::{Answers, Cx, Screen, ScreenInput};
use crate::domain::ids::JobId;
use crate::domain::job::{Job, JobState};
use crate::domain::timestamp::Timestamp;
use crate::jobs::JobEvent;
use crate::kit::{CellValue, Column, ConfirmModal, MessageModal, Status, TableRow, TableState};
use crate::ops::Console;
pub use key_table::JobsKey;
use ratatui::Frame;
use ratatui::layout::Rect;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// Ticks (120 ms) between two clock requests while jobs run on the Jobs screen.
pub(crate) const CLOCK_EVERY: u32 = 8;

/// The Jobs screen's state.
#[derive(Debug)]
pub struct Jobs {
    pub table: TableState<Job>,
    pub loaded: bool,
    /// Per job, per device progress (in the order the engine named the devices).
    pub lines: BTreeMap<JobId, Vec<DeviceLine>>,
    /// Job-wide steps finished / planned, from the last progress event.
    pub totals: BTreeMap<JobId, (usize, usize)>,
    /// Jobs the engine started and has not finished (the status bar's count between lists).
    pub running: BTreeSet<JobId>,
    /// The backend's clock at the last `Now`.
    pub now: Option<Timestamp>,
    ticks: u32,
}

impl Default for Jobs {
    fn default() -> Self {
        Jobs {
            table: TableState::new(vec![
                Column::new("#"),
                Column::new("State"),
                Column::new("Operation"),
                Column::new("Devices"),
                Column::new("Started by"),
                Column::new("Started"),
            ]),
            loaded: false,
            lines: BTreeMap::new(),
            totals: BTreeMap::new(),
            running: BTreeSet::new(),
            now: None,
            ticks: 0,
        }
    }
}

/// What the Jobs screen asks the backend.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Request {
    /// The backend's clock, for elapsed times.
    Now,
    /// stop a running job (the engine undoes what it can).
    Cancel(JobId),
    /// A finished job leaves the screen once acknowledged (persisted).
    Acknowledge(JobId),
}

/// What the backend answers it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Event {
    Now(Timestamp),
}

impl TableRow for Job {
    type Key = JobId;

    fn key(&self) -> JobId {
        self.id
    }

    fn cells(&self) -> Vec<CellValue> {
        vec![
            CellValue::number(self.id.0),
            CellValue::status(Status::from(&self.state)),
            CellValue::text(match &self.subject {
                Some(s) => format!("{}: {s}", self.operation),
                None => self.operation.clone(),
            }),
            CellValue::number(i64::try_from(self.devices.len()).unwrap_or(i64::MAX)),
            CellValue::text(self.started_by.clone()),
            CellValue::text(self.started_at.to_string()),
        ]
    }
}

impl Jobs {
    fn key(&mut self, k: JobsKey, cx: &mut Cx<'_, Self>) {
        let selected = self.table.selected_row().cloned();
        match (k, selected) {
            (JobsKey::Sort | JobsKey::SortReverse, _) => {
                self.table.sort_next(k == JobsKey::SortReverse)
            }
            (JobsKey::CancelJob | JobsKey::Acknowledge, None) => cx.say("No job is selected."),
            (JobsKey::CancelJob, Some(j)) if j.state.is_finished() => {
                cx.say(format!("Job {} has already finished ({}).", j.id, j.state))
            }
            (JobsKey::CancelJob, Some(j)) => {
                let modal = ConfirmModal::new(
                    "Cancel job",
                    vec![
                        format!(
                            "Stop job {} ({}) on {} device(s)?",
                            j.id,
                            j.operation,
                            j.devices.len()
                        ),
                        "Steps already done are undone where the operation allows it.".into(),
                    ],
                    "Stop the job",
                )
                .keeping("Let it run")
                .destructive();
                let then = Cx::<Self>::request(Request::Cancel(j.id));
                cx.open(Dialog::Confirm { modal, then });
            }
            (JobsKey::Acknowledge, Some(j))
                if matches!(j.state, JobState::Running | JobState::Queued) =>
            {
                cx.say(format!(
                    "Job {} is still running: wait for it or cancel it.",
                    j.id
                ))
            }
            (JobsKey::Acknowledge, Some(j)) => cx.ask(Request::Acknowledge(j.id)),
        }
    }
}

impl Screen for Jobs {
    type Keys = JobsKey;
    const PLACE: crate::app::Place = crate::app::Place::Tab(crate::app::Tab::Jobs);
    type Request = Request;
    type Event = Event;
    type Form = crate::app::screen::NoForm;
    type Dialog = crate::app::screen::NoDialog;

    fn shown(&mut self, cx: &mut Cx<'_, Self>) {
        cx.ask(Request::Now);
    }

    fn input(&mut self, input: ScreenInput, cx: &mut Cx<'_, Self>) -> bool {
        match input {
            ScreenInput::Move(m) => self.table.apply_motion(m),
            // Enter: the selected job in full, its failure included.
            ScreenInput::Open => {
                let Some(job) = self.table.selected_row() else {
                    return false;
                };
                let mut lines = self.table.selected_details();
                if let JobState::Failed { message } = &job.state {
                    lines.push(format!("What failed: {message}"));
                }
                let title = format!("Job {}", job.id);
                cx.open(Dialog::Message(MessageModal::details(title, lines)));
            }
            ScreenInput::Key(k) => match k.get::<JobsKey>() {
                Some(k) => self.key(k, cx),
                None => return false,
            },
            _ => return false,
        }
        true
    }

    fn event(&mut self, event: Event, _cx: &mut Cx<'_, Self>) {
        match event {
            Event::Now(t) => self.now = Some(t),
        }
    }

    fn job(&mut self, event: &JobEvent, _cx: &mut Cx<'_, Self>) {
        match event {
            JobEvent::Started { job, .. }
            | JobEvent::Progress { job, .. }
            | JobEvent::Waiting { job, .. } => {
                self.running.insert(*job);
            }
            JobEvent::Finished { job, .. } => {
                self.running.remove(job);
            }
            _ => {}
        }
        self.apply(event);
    }

    fn frame(&mut self, event: &BackendEvent, _cx: &mut Cx<'_, Self>) {
        match event {
            // Jobs still to show: running ones and finished ones not acknowledged.
            BackendEvent::Jobs(jobs) => {
                let rows = jobs.iter().filter(|j| !j.acknowledged).cloned().collect();
                self.table.replace_rows(rows);
                self.loaded = true;
            }
            BackendEvent::JobDone { job, .. } => {
                self.running.remove(job);
            }
            _ => {}
        }
    }

    fn tick(&mut self, cx: &mut Cx<'_, Self>) {
        self.ticks = self.ticks.wrapping_add(1);
        if cx.in_front() && self.ticks.is_multiple_of(CLOCK_EVERY) {
            cx.ask(Request::Now);
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
