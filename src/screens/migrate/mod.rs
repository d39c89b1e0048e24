//! Crypto Services → Migrate Service (MIG-1..5): the migrations run so far and the running ones
//! (targets and their states, elapsed), the wizard on `a`, the repair of failed targets on `p`.

mod draw;
mod draw_wizard;
pub mod key_table;
mod keys;
mod serve;
pub mod wizard;
pub mod wizard_forms;

pub use key_table::MigrateKey;
pub use wizard::{MigrateWizard, Phase, Step};

use crate::app::App;
use crate::app::message::BackendEvent;
use crate::app::screen::{Answers, Cx, Screen, ScreenInput};
use crate::domain::DomainError;
use crate::domain::ids::{HsmSerial, JobId, MigrationId, ServiceId};
use crate::domain::migration_record::MigrationRecord;
use crate::domain::organization::Organization;
use crate::domain::timestamp::Timestamp;
use crate::jobs::JobEvent;
use crate::kit::{CellValue, Column, TableRow, TableState};
use crate::ops::Console;
use crate::ops::migrate::{MigrateForm, MigrateSummary};
use crate::ops::migrate_records::{MigrationOverview, SourceChoice, TargetChoice};
use ratatui::Frame;
use ratatui::layout::Rect;
use serde::{Deserialize, Serialize};

/// The Migrate Service screen's state.
#[derive(Debug)]
pub struct Migrate {
    pub table: TableState<MigrationRow>,
    pub loaded: bool,
    /// Why the list could not be read.
    pub refused: Option<String>,
    /// Why `a` is not offered (PERM, MIG-3), when it is not.
    pub not_offered: Option<String>,
    /// Wizards opened so far (numbers each one's questions apart).
    pub opened: u64,
    ticks: u32,
}

/// Ticks between two readings of a running migration (the Jobs clock's pace).
const REREAD_EVERY: u32 = crate::screens::jobs::CLOCK_EVERY;

impl Default for Migrate {
    fn default() -> Self {
        Migrate {
            table: TableState::new(vec![
                Column::new("#"),
                Column::new("Source service"),
                Column::new("Source partition"),
                Column::new("New service"),
                Column::new("Targets"),
                Column::new("State"),
                Column::new("Elapsed"),
                Column::new("Started by"),
            ]),
            loaded: false,
            refused: None,
            not_offered: None,
            opened: 0,
            ticks: 0,
        }
    }
}

/// A migration as the table shows it, with the time it was read at (for Elapsed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MigrationRow {
    pub record: MigrationRecord,
    pub now: Timestamp,
}

/// "1m 05s", "2h 03m".
pub fn elapsed_text(seconds: i64) -> String {
    match seconds {
        s if s < 60 => format!("{s}s"),
        s if s < 3600 => format!("{}m {:02}s", s / 60, s % 60),
        s => format!("{}h {:02}m", s / 3600, (s % 3600) / 60),
    }
}

/// "lon-hsm-01 migrated, lon-hsm-02 running".
pub fn targets_text(r: &MigrationRecord) -> String {
    let parts: Vec<String> = r
        .targets
        .iter()
        .map(|t| format!("{} {}", t.device_name, t.state))
        .collect();
    parts.join(", ")
}

impl TableRow for MigrationRow {
    type Key = MigrationId;

    fn key(&self) -> MigrationId {
        self.record.id
    }

    fn cells(&self) -> Vec<CellValue> {
        let r = &self.record;
        let state = if r.running() {
            format!("running ({})", r.states_line())
        } else if r.new_service.is_none() {
            "ended: no new service".to_string()
        } else {
            format!("ended ({})", r.states_line())
        };
        vec![
            CellValue::number(r.id.0),
            CellValue::text(r.source_name.clone()),
            CellValue::text(r.source_partition.clone()),
            CellValue::text(r.new_name.clone()),
            CellValue::text(targets_text(r)),
            CellValue::text(state),
            CellValue::text(elapsed_text(r.elapsed_seconds(self.now))),
            CellValue::text(r.started_by.clone()),
        ]
    }
}

/// What the screen asks the backend.
#[derive(Debug, Serialize, Deserialize)]
pub enum Request {
    List,
    /// The wizard's sources and the organizations.
    Sources,
    /// The targets for this source and the New Service's HSM model.
    Targets(ServiceId, Option<crate::domain::migration::MigrationClass>),
    /// The Summary (question number `.0`): every rule checked, the device commands.
    Plan(u64, ServiceId, Box<MigrateForm>),
    /// Migrate.
    Start(ServiceId, Box<MigrateForm>),
    /// MIG-4 repair: Add Partitions on the new service on exactly these devices.
    Repair {
        service: ServiceId,
        devices: Vec<HsmSerial>,
    },
}

/// What the backend answers it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Event {
    Overview(MigrationOverview, Timestamp),
    Refused(String),
    Sources(Vec<SourceChoice>, Vec<Organization>),
    Targets(ServiceId, Vec<TargetChoice>),
    Planned(u64, MigrateSummary),
    Started(JobId, Vec<String>),
    /// The wizard's request was refused (under its field when it names one).
    WizardRefused(DomainError),
}

/// The screen's own dialogs.
#[derive(Debug)]
pub enum Dialog {
    Wizard(Box<MigrateWizard>),
}

impl Screen for Migrate {
    type Keys = MigrateKey;
    const PLACE: crate::app::Place = crate::app::Place::Nav(crate::app::NavItem::MigrateService);
    type Request = Request;
    type Event = Event;
    type Form = crate::app::screen::NoForm;
    type Dialog = Dialog;

    fn shown(&mut self, cx: &mut Cx<'_, Self>) {
        cx.ask(Request::List);
    }

    fn input(&mut self, input: ScreenInput, cx: &mut Cx<'_, Self>) -> bool {
        keys::input(self, input, cx)
    }

    fn event(&mut self, event: Event, cx: &mut Cx<'_, Self>) {
        keys::event(self, event, cx);
    }

    fn job(&mut self, event: &JobEvent, cx: &mut Cx<'_, Self>) {
        // A target of a listed migration ended: its state is read again.
        if let JobEvent::DeviceFinished { job, .. } = event
            && self.table.rows().iter().any(|r| r.record.job == Some(*job))
        {
            cx.ask(Request::List);
        }
    }

    fn frame(&mut self, event: &BackendEvent, cx: &mut Cx<'_, Self>) {
        if let BackendEvent::JobDone {
            job,
            state,
            summary,
        } = event
        {
            keys::job_done(self, *job, state, summary, cx);
        }
    }

    /// While a migration runs and the screen is in front, its elapsed time and target states
    /// are read again every few seconds.
    fn tick(&mut self, cx: &mut Cx<'_, Self>) {
        self.ticks = self.ticks.wrapping_add(1);
        let running = self.table.rows().iter().any(|r| r.record.running());
        if running && cx.in_front() && self.ticks.is_multiple_of(REREAD_EVERY) {
            cx.ask(Request::List);
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

    fn dialog_key(
        &mut self,
        dialog: &mut Dialog,
        key: crate::kit::DialogInput,
        cx: &mut Cx<'_, Self>,
    ) -> bool {
        let Dialog::Wizard(w) = dialog;
        let open = keys::wizard_key(w, key, cx);
        if !open {
            w.wipe();
        }
        open
    }

    fn draw_dialog(&self, dialog: &Dialog, app: &App, frame: &mut Frame) {
        let Dialog::Wizard(w) = dialog;
        draw_wizard::draw(w, app, frame);
    }
}

/// The Migrate Service wizard, if it is the dialog open.
pub fn open_wizard(app: &App) -> Option<&MigrateWizard> {
    match app.panels.dialog.as_ref() {
        Some(crate::app::panel_dialog::Dialog::Screen(crate::screens::ScreenDialog::Migrate(
            Dialog::Wizard(w),
        ))) => Some(w),
        _ => None,
    }
}
