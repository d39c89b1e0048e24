//! How the Import Partitions screen changes the state (IMP-1..8): Get Started (discovery with
//! progress per device), moving over the table's cells, editing a cell in place (saved at once
//! through the backend), deleting rows, Finish Imports and Cancel. Pure.

use super::action::{Action, Command, Motion};
use super::import_state::{
    CellEdit, DeviceRun, Discovery, DiscoveryDevice, FIRST_EDITABLE, IMPORT_COLUMNS,
};
use super::key_action::KeyAction;
use super::services_msg::{ServicesEvent, ServicesRequest};
use super::state::{App, Loaded};
use super::update_services::{ask, dialog_input};
use crate::domain::DomainError;
use crate::domain::ids::{HsmSerial, JobId};
use crate::domain::validation::validate_service_name;
use crate::jobs::{DeviceEnd, JobEvent};
use crate::kit::{ConfirmModal, DialogInput, ModalOutcome};
use crate::ops::import_ops::ImportEdit;

pub fn handle(app: &mut App, action: &Action) -> Option<Vec<Command>> {
    if let Some(modal) = app.import.confirm_cancel.as_mut() {
        let outcome = dialog_input(action).map_or(ModalOutcome::Pending, |k| modal.handle(k));
        return Some(match outcome {
            ModalOutcome::Confirmed => {
                app.import.confirm_cancel = None;
                vec![ask(ServicesRequest::ImportCancel)]
            }
            ModalOutcome::Cancelled => {
                app.import.confirm_cancel = None;
                Vec::new()
            }
            ModalOutcome::Pending => Vec::new(),
        });
    }
    if app.import.editing.is_some() {
        return Some(edit_key(app, action));
    }
    if !app.import.has_table() {
        return match action {
            Action::Screen(KeyAction::GetStarted) => Some(start_discovery(app)),
            _ => None,
        };
    }
    table_key(app, action)
}

fn start_discovery(app: &mut App) -> Vec<Command> {
    if app.import.discovery.as_ref().is_some_and(|d| !d.finished) {
        app.notice = Some("Discovery is already running.".into());
        return Vec::new();
    }
    app.import.discovery = Some(Discovery::default());
    app.import.errors.clear();
    vec![ask(ServicesRequest::Discover)]
}

fn table_key(app: &mut App, action: &Action) -> Option<Vec<Command>> {
    let len = app.import.rows().len();
    let s = &mut app.import;
    let last = len.saturating_sub(1);
    match action {
        Action::Move(m) => {
            s.row = match m {
                Motion::Up => s.row.saturating_sub(1),
                Motion::Down => (s.row + 1).min(last),
                Motion::Top => 0,
                Motion::Bottom => last,
                Motion::PageUp => s.row.saturating_sub(10),
                Motion::PageDown => (s.row + 10).min(last),
            };
        }
        Action::Screen(KeyAction::ColumnLeft) => s.column = s.column.saturating_sub(1),
        Action::Screen(KeyAction::ColumnRight) => {
            s.column = (s.column + 1).min(IMPORT_COLUMNS.len() - 1)
        }
        Action::Screen(KeyAction::EditCell) | Action::Open => open_editor(app),
        Action::Screen(KeyAction::DeleteRow) => {
            let row = s.selected_row()?;
            return Some(vec![ask(ServicesRequest::ImportDeleteRow(
                row.partition.clone(),
            ))]);
        }
        Action::Screen(KeyAction::FinishImports) => {
            s.errors.clear();
            return Some(vec![ask(ServicesRequest::ImportFinish)]);
        }
        Action::Screen(KeyAction::CancelImport) => {
            s.confirm_cancel = Some(
                ConfirmModal::new(
                    "Cancel the import",
                    vec![
                        "Delete the saved import table and everything typed into it?".into(),
                        "Nothing changes on the devices; Get Started runs discovery anew (IMP-8)."
                            .into(),
                    ],
                    "Delete table",
                )
                .destructive(),
            );
        }
        _ => return None,
    }
    Some(Vec::new())
}

fn open_editor(app: &mut App) {
    let s = &mut app.import;
    let column = s.column;
    let Some(row) = s.selected_row() else {
        return;
    };
    if column < FIRST_EDITABLE {
        app.notice =
            Some("Device, Partition and Serial come from the device and cannot be edited.".into());
        return;
    }
    if row.view_only && column == FIRST_EDITABLE {
        app.notice = Some(
            "This partition has STC and its own SO: it is imported view-only, so it cannot \
             join an HA group (IMP-6)."
                .into(),
        );
        return;
    }
    let text = s.cell_text(row, column);
    s.editing = Some(CellEdit {
        column,
        text,
        error: None,
        sent: false,
    });
}

fn reason(e: &DomainError) -> String {
    match e {
        DomainError::Invalid { reason, .. } => reason.clone(),
        other => other.to_string(),
    }
}

fn edit_key(app: &mut App, action: &Action) -> Vec<Command> {
    let Some(partition) = app.import.selected_row().map(|r| r.partition.clone()) else {
        app.import.editing = None;
        return Vec::new();
    };
    let orgs: Vec<(crate::domain::ids::OrganizationId, String)> = app
        .import
        .organizations
        .iter()
        .map(|o| (o.id, o.name.clone()))
        .collect();
    let Some(e) = app.import.editing.as_mut() else {
        return Vec::new();
    };
    match dialog_input(action) {
        Some(DialogInput::Cancel) => app.import.editing = None,
        Some(DialogInput::Type(c)) if !e.sent => {
            e.text.push(c);
            e.error = None;
        }
        Some(DialogInput::DeleteBack) if !e.sent => {
            e.text.pop();
            e.error = None;
        }
        Some(DialogInput::ClearField) if !e.sent => {
            e.text.clear();
            e.error = None;
        }
        Some(DialogInput::Submit) if !e.sent => {
            let edit = match cell_edit(e.column, &e.text, &orgs) {
                Ok(edit) => edit,
                Err(message) => {
                    e.error = Some(message);
                    return Vec::new();
                }
            };
            e.sent = true;
            return vec![ask(ServicesRequest::ImportEdit { partition, edit })];
        }
        _ => {}
    }
    Vec::new()
}

/// The edit a typed cell means, or the inline error (IMP-3/4).
fn cell_edit(
    column: usize,
    text: &str,
    orgs: &[(crate::domain::ids::OrganizationId, String)],
) -> Result<ImportEdit, String> {
    match column {
        3 => Ok(ImportEdit::HaGroup(text.to_string())),
        4 => {
            let name = text.trim();
            if !name.is_empty() {
                validate_service_name(name, &[], None).map_err(|e| reason(&e))?;
            }
            Ok(ImportEdit::ServiceName(name.to_string()))
        }
        5 => Ok(ImportEdit::Description(text.to_string())),
        _ => {
            let t = text.trim();
            if t.is_empty() {
                return Ok(ImportEdit::Organization(None));
            }
            match orgs.iter().find(|(_, n)| n.eq_ignore_ascii_case(t)) {
                Some((id, _)) => Ok(ImportEdit::Organization(Some(*id))),
                None => {
                    let known: Vec<&str> = orgs.iter().map(|(_, n)| n.as_str()).collect();
                    Err(format!(
                        "no organization named '{t}'; organizations: {}",
                        known.join(", ")
                    ))
                }
            }
        }
    }
}

/// A refusal while a cell was being saved lands under the cell; false when none was.
pub fn refused(app: &mut App, err: &DomainError) -> bool {
    if let Some(e) = app.import.editing.as_mut().filter(|e| e.sent) {
        e.sent = false;
        e.error = Some(reason(err));
        return true;
    }
    if app
        .import
        .discovery
        .as_ref()
        .is_some_and(|d| d.job.is_none())
    {
        app.import.discovery = None;
    }
    false
}

pub fn on_event(app: &mut App, e: ServicesEvent) -> Vec<Command> {
    let s = &mut app.import;
    match e {
        ServicesEvent::Import {
            draft,
            warnings,
            organizations,
        } => {
            let keep = s.selected_row().map(|r| r.partition.clone());
            s.table = Loaded::Ready(draft);
            s.warnings = warnings;
            s.organizations = organizations;
            s.editing = None;
            let rows = s.rows();
            let found = keep.and_then(|k| rows.iter().position(|r| r.partition == k));
            let len = rows.len();
            s.row = found.unwrap_or(s.row).min(len.saturating_sub(1));
        }
        ServicesEvent::ImportErrors(lines) => {
            app.notice = Some(format!(
                "Finish Imports refused: {} problem(s), listed under the table.",
                lines.len()
            ));
            s.errors = lines;
        }
        ServicesEvent::ImportFinished(names) => {
            s.table = Loaded::Ready(None);
            s.discovery = None;
            s.errors.clear();
            app.notice = Some(format!(
                "Imported {} service(s): {}",
                names.len(),
                names.join(", ")
            ));
            return vec![ask(ServicesRequest::List)];
        }
        ServicesEvent::ImportCancelled => {
            s.table = Loaded::Ready(None);
            s.discovery = None;
            s.errors.clear();
            app.notice = Some("Import cancelled: the saved table was deleted.".into());
        }
        _ => {}
    }
    Vec::new()
}

pub fn discovery_started(app: &mut App, job: JobId) {
    let d = app.import.discovery.get_or_insert_with(Discovery::default);
    d.job = Some(job);
}

pub fn discovery_done(app: &mut App) -> Vec<Command> {
    if let Some(d) = app.import.discovery.as_mut() {
        d.finished = true;
    }
    vec![ask(ServicesRequest::ImportTable)]
}

fn device_name(app: &App, serial: &HsmSerial) -> String {
    app.screens
        .devices
        .table
        .rows()
        .iter()
        .find(|d| &d.serial == serial)
        .map_or_else(|| serial.to_string(), |d| d.name.clone())
}

/// Engine progress of the discovery job, one line per device (IMP-1).
pub fn on_job_event(app: &mut App, e: &JobEvent) {
    let Some(job) = app.import.discovery.as_ref().and_then(|d| d.job) else {
        return;
    };
    if e.job() != Some(job) {
        return;
    }
    let names: Vec<(HsmSerial, String)> = match e {
        JobEvent::Started { devices, .. } => devices
            .iter()
            .map(|s| (s.clone(), device_name(app, s)))
            .collect(),
        JobEvent::Progress { device, .. } | JobEvent::StepFailed { device, .. } => {
            vec![(device.clone(), device_name(app, device))]
        }
        _ => Vec::new(),
    };
    let Some(d) = app.import.discovery.as_mut() else {
        return;
    };
    for (serial, name) in names {
        if !d.devices.iter().any(|x| x.serial == serial) {
            d.devices.push(DiscoveryDevice {
                serial,
                name,
                done: 0,
                total: 0,
                step: "waiting".into(),
                run: DeviceRun::Running,
            });
        }
    }
    match e {
        JobEvent::Progress {
            device,
            step,
            done,
            total,
            ..
        } => {
            if let Some(x) = d.devices.iter_mut().find(|x| &x.serial == device) {
                x.done = *done;
                x.total = *total;
                x.step = step.clone();
            }
        }
        JobEvent::StepFailed {
            device,
            error,
            retrying: false,
            ..
        } => {
            if let Some(x) = d.devices.iter_mut().find(|x| &x.serial == device) {
                x.run = DeviceRun::Failed(error.clone());
            }
        }
        JobEvent::DeviceFinished { device, end, .. } => {
            if let Some(x) = d.devices.iter_mut().find(|x| &x.serial == device) {
                match end {
                    DeviceEnd::Done => {
                        x.run = DeviceRun::Done;
                        x.done = x.total.max(x.done);
                        x.step = "done".into();
                    }
                    DeviceEnd::Failed(why) => x.run = DeviceRun::Failed(why.clone()),
                    DeviceEnd::Cancelled => x.run = DeviceRun::Failed("cancelled".into()),
                }
            }
        }
        JobEvent::Finished { .. } => {
            d.finished = true;
            for x in d.devices.iter_mut().filter(|x| x.run == DeviceRun::Running) {
                x.run = DeviceRun::Done;
                x.done = x.total.max(x.done);
                x.step = "done".into();
            }
        }
        _ => {}
    }
}
