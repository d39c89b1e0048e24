//! Partitions → Add Partitions (HA-1): the Available Devices (those already in the service
//! absent, unfit ones shown with the reason) → confirmation → the job → the new partitions.

use super::device_lists::{self, DeviceLists};
use super::state::{AttrTab, DetailState, Dialog};
use super::{Request, Services};
use crate::app::App;
use crate::app::screen::Cx;
use crate::domain::DomainError;
use crate::domain::ids::{HsmSerial, JobId, ServiceId};
use crate::domain::operation::Operation;
use crate::domain::text::neutralize_line;
use crate::kit::{CancelGuard, DialogInput, Guarded};
use crate::ops::create_choices::DeviceChoice;
use crate::ui::screens::panel_common::{WizardKeyNames, theme};
use crate::ui::widgets::modal::wrapped_height;
use crate::ui::widgets::{WizardFrame, WizardKeys, centered};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout};
use ratatui::text::Line;
use ratatui::widgets::{Clear, Paragraph, Wrap};

const STEPS: [&str; 2] = ["Add Devices", "Confirm"];

/// Where the dialog is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Phase {
    Editing,
    Starting,
    Running(JobId),
    Done { ok: bool, summary: String },
}

/// The Add Partitions dialog.
#[derive(Debug)]
pub struct AddPartitions {
    pub id: ServiceId,
    pub name: String,
    pub lists: DeviceLists,
    pub step: usize,
    /// The devices arrived.
    pub loaded: bool,
    pub refusal: Option<String>,
    pub phase: Phase,
    pub cancel: CancelGuard,
}

/// `a` on the Partitions tab (an Owner is told why not; a single-partition service too).
pub(super) fn open(d: &mut DetailState, cx: &mut Cx<'_, Services>) {
    d.tab = AttrTab::Partitions;
    let never = cx
        .session
        .and_then(|s| crate::domain::permission::never_for(s.role, Operation::AddPartitions));
    if let Some(why) = never {
        return cx.say(format!("{why}."));
    }
    // The life-cycle rule, said at once (a single-partition or view-only service, say).
    if let Some(detail) = d.ready()
        && let Err(e) = crate::domain::lifecycle::permits(&detail.service, Operation::AddPartitions)
    {
        return cx.say(e.to_string());
    }
    cx.open_own(Dialog::AddPartitions(Box::new(AddPartitions {
        id: d.id,
        name: d.name.clone(),
        lists: DeviceLists::default(),
        step: 0,
        loaded: false,
        refusal: None,
        phase: Phase::Editing,
        cancel: CancelGuard::default(),
    })));
    cx.ask(Request::AddChoices(d.id));
}

/// The devices arrived.
pub(super) fn choices(id: ServiceId, devices: Vec<DeviceChoice>, cx: &mut Cx<'_, Services>) {
    if let Some(Dialog::AddPartitions(a)) = cx.own_dialog()
        && a.id == id
    {
        a.lists.set(devices);
        a.loaded = true;
    }
}

/// A key of the dialog: false closes it.
pub(super) fn key(a: &mut AddPartitions, key: DialogInput, cx: &mut Cx<'_, Services>) -> bool {
    match a.phase {
        Phase::Editing => {}
        Phase::Starting => return true,
        // Esc hides the progress; the job goes on (Jobs shows it).
        Phase::Running(_) => return key != DialogInput::Cancel,
        Phase::Done { .. } => return !matches!(key, DialogInput::Cancel | DialogInput::Submit),
    }
    let typed = a.lists.selected.table.total_len() > 0;
    match a.cancel.key(key, typed) {
        Guarded::Close => return false,
        Guarded::Consumed => return true,
        Guarded::Pass => {}
    }
    a.refusal = None;
    match (a.step, key) {
        (0, DialogInput::Submit) => a.refusal = a.lists.toggle().err(),
        (0, DialogInput::NextStep) => {
            if a.lists.chosen().is_empty() {
                a.refusal = Some("add at least one device (Enter adds the highlighted one)".into());
            } else {
                a.step = 1;
            }
        }
        (0, other) => a.lists.key(other),
        (_, DialogInput::PrevStep) => a.step = 0,
        (_, DialogInput::Submit) => {
            let devices: Vec<HsmSerial> =
                a.lists.chosen().iter().map(|d| d.serial.clone()).collect();
            a.phase = Phase::Starting;
            cx.ask(Request::AddPartitions { id: a.id, devices });
        }
        _ => {}
    }
    true
}

/// The backend refused (before anything was created): back to editing, with why.
pub(super) fn refused(a: &mut AddPartitions, err: &DomainError) {
    a.phase = Phase::Editing;
    a.loaded = true;
    a.refusal = Some(err.to_string());
}

pub(super) fn started(job: JobId, cx: &mut Cx<'_, Services>) {
    if let Some(Dialog::AddPartitions(a)) = cx.own_dialog()
        && a.phase == Phase::Starting
    {
        a.phase = Phase::Running(job);
    }
    cx.say(format!("Job {job}: adding partitions…"));
}

pub(super) fn done(id: ServiceId, job: JobId, ok: bool, summary: &str, cx: &mut Cx<'_, Services>) {
    if let Some(Dialog::AddPartitions(a)) = cx.own_dialog()
        && a.phase == Phase::Running(job)
    {
        a.phase = Phase::Done {
            ok,
            summary: summary.to_string(),
        };
    }
    cx.say(format!("Add partitions: {summary}"));
    cx.ask(Request::Detail(id));
    cx.ask(Request::List);
}

pub(super) fn draw(a: &AddPartitions, app: &App, frame: &mut Frame) {
    let t = theme(app);
    let area = frame.area();
    let rect = centered(area, 110, area.height.saturating_sub(2));
    frame.render_widget(Clear, rect);
    let names = WizardKeyNames::of(app);
    let keys = WizardKeys {
        next: &names.next_step,
        finish: &names.finish,
        ..names.keys()
    };
    let title = format!("Add Partitions — {}", neutralize_line(&a.name));
    let mut wizard = WizardFrame::new(&title, &STEPS, a.step, &t).keys(keys);
    wizard = match &a.phase {
        Phase::Running(_) => wizard.custom_hints(vec![(&names.cancel, "Hide (the job goes on)")]),
        Phase::Done { ok: true, .. } => wizard.custom_hints(vec![
            (&names.finish, "Initialize now"),
            (&names.cancel, "No, close"),
        ]),
        Phase::Done { .. } => wizard.custom_hints(vec![(&names.finish, "Close")]),
        _ => wizard,
    };
    let areas = wizard.areas(rect);
    frame.render_widget(wizard, rect);
    let body = areas.body;
    match &a.phase {
        Phase::Running(job) => {
            let view = (*job, "adding partitions");
            return super::draw_init::progress(frame, body, app, view, &names.cancel, &t);
        }
        Phase::Done { ok, summary } => {
            let mut lines = vec![Line::styled(
                format!(
                    "{} {}",
                    if *ok { "✔" } else { "✖" },
                    neutralize_line(summary)
                ),
                if *ok { t.focus } else { t.error },
            )];
            if *ok {
                lines.push(Line::raw(""));
                lines.push(Line::raw(
                    "The new partitions are listed under Uninitialized Partitions until they \
                     are initialized with the cloning domain and credentials of the service \
                     (Initialize New Partitions).",
                ));
            }
            frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), body);
            return;
        }
        Phase::Editing | Phase::Starting => {}
    }
    let mut intro = Vec::new();
    if a.cancel.asking {
        intro.push(Line::styled(
            format!(
                "Discard what you chose? {} discards it; any other key goes back.",
                names.finish
            ),
            t.warning,
        ));
    }
    let explain = if !a.loaded {
        "Reading the devices…".to_string()
    } else if a.step == 0 {
        format!(
            "{} adds the highlighted device (or removes it from Selected); Left/Right switch \
             lists; type to search. Devices already in the service are not listed; {} goes on.",
            names.finish, names.next_step
        )
    } else {
        format!(
            "A partition like the service's others (same name, size and version) is created on \
             each device below; if one fails, those already created are deleted. {} adds them, \
             {} goes back.",
            names.finish, names.back
        )
    };
    intro.push(Line::styled(explain, t.muted));
    if let Some(r) = &a.refusal {
        intro.push(Line::styled(format!("✖ {}", neutralize_line(r)), t.error));
    }
    if a.phase == Phase::Starting {
        intro.push(Line::styled("Starting…", t.focus));
    }
    let h = wrapped_height(&intro, body.width).saturating_add(1);
    let [top, rest] = Layout::vertical([Constraint::Length(h), Constraint::Min(1)]).areas(body);
    frame.render_widget(Paragraph::new(intro).wrap(Wrap { trim: false }), top);
    if a.step == 0 {
        return device_lists::draw(&a.lists, frame, rest, &t);
    }
    let lines: Vec<Line<'static>> = a
        .lists
        .chosen()
        .iter()
        .map(|d| {
            Line::raw(format!(
                "  {} ({}, firmware {})",
                neutralize_line(&d.name),
                neutralize_line(&d.model),
                d.firmware
            ))
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), rest);
}
