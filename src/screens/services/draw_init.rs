//! The Initialize dialog of the Services list (INIT-1..3) on the wizard frame: the seed's steps,
//! each step's fields (secrets masked), then the job's progress per partition.

use super::init_dialog::InitDialog;
use crate::app::App;
use crate::domain::ids::JobId;
use crate::kit::FormState;
use crate::ui::screens::panel_common::WizardKeyNames;
use crate::ui::theme::Theme;
use crate::ui::widgets::modal::wrapped_height;
use crate::ui::widgets::{Form, ProgressRows, WizardFrame, centered};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Clear, Paragraph, Wrap};

pub fn draw(frame: &mut Frame, area: Rect, app: &App, d: &InitDialog, theme: &Theme) {
    let mut intro = vec![Line::raw(format!(
        "Initialize service '{}': every partition gets the same label and credentials.",
        d.name
    ))];
    let empty = FormState::new(Vec::new());
    let form = match &d.form {
        None => {
            intro.push(Line::styled("Reading the service…", theme.focus));
            &empty
        }
        Some(form) => {
            intro.extend(explain(d).into_iter().map(|l| Line::styled(l, theme.muted)));
            form
        }
    };
    if let Some(r) = &d.refusal {
        intro.push(Line::styled(format!("✖ {r}"), theme.error));
    }
    if d.sent {
        intro.push(Line::styled("Starting…", theme.focus));
    }
    let rect = centered(area, 96, area.height.saturating_sub(2));
    frame.render_widget(Clear, rect);
    let names = WizardKeyNames::of(app);
    let cancel = &names.cancel;
    let wizard =
        WizardFrame::new("Initialize service", d.steps(), d.step, theme).keys(names.keys());
    let areas = wizard.areas(rect);
    frame.render_widget(wizard, rect);
    if let Some(job) = d.job {
        progress(frame, areas.body, app, (job, "initializing"), cancel, theme);
        return;
    }
    let intro_h = wrapped_height(&intro, areas.body.width);
    let [top, rest] = Layout::vertical([
        Constraint::Length(intro_h.saturating_add(1)),
        Constraint::Min(1),
    ])
    .areas(areas.body);
    frame.render_widget(Paragraph::new(intro).wrap(Wrap { trim: false }), top);
    frame.render_widget(Form::new(form, theme), rest);
}

/// The job's progress per partition, in the dialog (issue 11.9).
/// A job's progress per device under a heading saying what it does (the wizards share it).
pub(crate) fn progress(
    frame: &mut Frame,
    area: Rect,
    app: &App,
    (job, doing): (JobId, &str),
    close: &str,
    theme: &Theme,
) {
    let jobs = &app.screens.jobs;
    let row = jobs.table.rows().iter().find(|j| j.id == job);
    let mut lines = vec![Line::styled(
        format!("Job {job}: {doing} — progress per partition (device):"),
        theme.focus,
    )];
    lines.push(Line::styled(
        format!("{close} hides this view; the job goes on (Jobs tab)."),
        theme.muted,
    ));
    let [top, rows_area] =
        Layout::vertical([Constraint::Length(3), Constraint::Min(1)]).areas(area);
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), top);
    match row {
        Some(j) => {
            let rows = crate::screens::jobs::draw::device_progress(jobs, j, app);
            frame.render_widget(ProgressRows::new(&rows, theme), rows_area);
        }
        None => frame.render_widget(Paragraph::new("Starting…").style(theme.muted), rows_area),
    }
}

/// What the fields mean for this authentication (INIT-2 / INIT-3).
fn explain(d: &InitDialog) -> Vec<&'static str> {
    match (d.ped(), d.ppso()) {
        (false, false) => vec![
            "Password service: cloning domain and crypto officer password, each typed twice (8-132 characters).",
        ],
        (false, true) => vec![
            "Password service with partition SO: SO, crypto officer and optional crypto user (Space ticks it), each typed twice (8-132 characters).",
        ],
        (true, true) => vec![
            "PED service with partition SO: the PED keys hold SO and cloning domain; type the crypto officer challenge (and the crypto user's if ticked). A crypto user is activated only with the crypto officer.",
        ],
        (true, false) => vec![
            "PED service: the PED keys hold the roles and cloning domain; the PED generates a 16-digit challenge shown once, to be recorded.",
        ],
    }
}
