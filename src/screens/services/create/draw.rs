//! Draws the Create Service wizard on the wizard frame: each step's form or lists (Available
//! and Selected side by side), the Summary with the dry run, then the job and its result.

use super::{CreateWizard, Phase, Step};
use crate::app::App;
use crate::domain::text::neutralize_line;
use crate::domain::validation::{
    MAX_SECRET_CHARS, MAX_SERVICE_NAME_CHARS, MIN_SECRET_CHARS, members_needed,
};
use crate::screens::services::device_lists::{self, Picked};
use crate::screens::templates::{capability_rows, rows_lines};
use crate::ui::screens::panel_common::{WizardKeyNames, theme};
use crate::ui::theme::Theme;
use crate::ui::widgets::modal::wrapped_height;
use crate::ui::widgets::{Form, WizardFrame, WizardKeys, centered};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Clear, Paragraph, Wrap};

/// Name, Description, Type, Authentication, Size, PPSO, SKS, STC.
const TEMPLATE_PRIORITIES: [u8; 8] = [0, 3, 1, 1, 2, 2, 2, 2];

pub(in crate::screens::services) fn draw(w: &CreateWizard, app: &App, frame: &mut Frame) {
    let t = theme(app);
    let area = frame.area();
    let rect = centered(area, 110, area.height.saturating_sub(2));
    frame.render_widget(Clear, rect);
    let names = WizardKeyNames::of(app);
    // On Add Devices Enter moves a device, so only PgDn goes on.
    let next = if w.current() == Step::Devices {
        names.next_step.clone()
    } else {
        names.next.clone()
    };
    let keys = WizardKeys {
        next: &next,
        ..names.keys()
    };
    let titles: Vec<&str> = w.steps().iter().map(|s| s.title()).collect();
    let mut wizard = WizardFrame::new("Create Service", &titles, w.step, &t).keys(keys);
    match &w.phase {
        Phase::Running(_) => {
            wizard = wizard.custom_hints(vec![(&names.cancel, "Hide (the job goes on)")]);
        }
        Phase::Created { .. } if w.legacy() => {
            wizard = wizard.custom_hints(vec![(&names.finish, "Close")]);
        }
        Phase::Created { .. } => {
            wizard = wizard.custom_hints(vec![
                (&names.finish, "Initialize now"),
                (&names.cancel, "Later"),
            ]);
        }
        Phase::Failed(_) => {
            wizard = wizard.custom_hints(vec![
                (&names.back, "Go Back to the devices"),
                (&names.cancel, "Close"),
            ]);
        }
        Phase::Editing | Phase::Starting => {}
    }
    let areas = wizard.areas(rect);
    frame.render_widget(wizard, rect);
    let body = areas.body;
    match &w.phase {
        Phase::Running(job) => {
            let close = &names.cancel;
            let view = (*job, "creating the service");
            return crate::screens::services::draw_init::progress(
                frame, body, app, view, close, &t,
            );
        }
        Phase::Created { summary, service } => {
            let mut lines = vec![
                Line::styled(format!("✔ {}", neutralize_line(summary)), t.focus),
                Line::raw(""),
            ];
            if let Some(c) = &w.challenge {
                lines.push(Line::styled(
                    "Record the crypto officer PED challenge now: lunadeck shows it this once.",
                    t.warning,
                ));
                lines.push(Line::raw(
                    secrecy::ExposeSecret::expose_secret(c).to_string(),
                ));
                lines.push(Line::raw(""));
            }
            lines.push(match service {
                _ if w.legacy() => Line::raw(format!(
                    "Its partitions were initialized at creation (5.x/6.x). {} closes.",
                    names.finish
                )),
                Some(_) => Line::raw(format!(
                    "{} Initialize now (label, roles, cloning domain) · {} later: the Services \
                     list offers Initialize on its row.",
                    names.finish, names.cancel
                )),
                None => Line::styled("Reading the services list…", t.muted),
            });
            return para(frame, body, lines);
        }
        Phase::Failed(why) => {
            // The job's message quotes the device's output: one line per line it printed.
            let mut lines: Vec<Line<'static>> = why
                .lines()
                .filter(|l| !l.trim().is_empty())
                .enumerate()
                .map(|(i, l)| {
                    let mark = if i == 0 { "✖ " } else { "  " };
                    Line::styled(format!("{mark}{}", neutralize_line(l)), t.error)
                })
                .collect();
            lines.extend([
                Line::raw(""),
                Line::raw(format!(
                    "{} goes back to the devices to change them · {} closes.",
                    names.back, names.cancel
                )),
            ]);
            return para(frame, body, lines);
        }
        Phase::Editing | Phase::Starting => {}
    }
    let mut intro = Vec::new();
    if w.cancel.asking {
        intro.push(Line::styled(
            format!(
                "Discard what you typed? {} discards it; any other key goes back to the wizard.",
                names.finish
            ),
            t.warning,
        ));
    }
    intro.push(Line::styled(explain(w, &names), t.muted));
    if let Some(r) = &w.refusal {
        intro.push(Line::styled(format!("✖ {}", neutralize_line(r)), t.error));
    }
    if w.phase == Phase::Starting {
        intro.push(Line::styled("Starting…", t.focus));
    }
    let intro_h = wrapped_height(&intro, body.width);
    let [top, rest] = Layout::vertical([
        Constraint::Length(intro_h.saturating_add(1)),
        Constraint::Min(1),
    ])
    .areas(body);
    frame.render_widget(Paragraph::new(intro).wrap(Wrap { trim: false }), top);
    match w.current() {
        Step::General => frame.render_widget(Form::new(&w.general, &t), rest),
        Step::Template => template_step(w, frame, rest, &t),
        Step::Devices => device_lists::draw(&w.lists, frame, rest, &t),
        Step::Organization => {
            let view = Picked::new(&w.organizations, "Organizations", &[1, 0]);
            view.draw(frame, rest, true, &t);
        }
        Step::Initialize => {
            if let Some((_, form)) = &w.init {
                frame.render_widget(Form::new(form, &t), rest);
            }
        }
        Step::Summary => summary(w, frame, rest, &t),
    }
}

fn para(frame: &mut Frame, area: Rect, lines: Vec<Line<'static>>) {
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), area);
}

/// What the step is and what its keys do.
fn explain(w: &CreateWizard, k: &WizardKeyNames) -> String {
    if !w.loaded && w.current() != Step::General {
        return "Reading the templates and organizations…".into();
    }
    match w.current() {
        Step::General => format!(
            "A name for the service (at most {MAX_SERVICE_NAME_CHARS} characters) and an \
             optional description; both can be edited later."
        ),
        Step::Template => "The highlighted template is the choice. Type to search, Up/Down move, \
                     Right sorts by the next column, Left reverses."
            .into(),
        Step::Devices => {
            let need = w
                .template()
                .map(|t| members_needed(t.capabilities.service_type))
                .unwrap_or_default();
            format!(
                "{} adds the highlighted device (or removes it from Selected); Left/Right switch \
                 lists; type to search. The first added is the primary; {need}.",
                k.finish
            )
        }
        Step::Organization => "The highlighted organization will own the service. Type to search, \
                         Right sorts."
            .into(),
        Step::Initialize => format!(
            "These devices run 5.x/6.x, where a partition is created and initialized in one \
             step: its label and credentials now (each secret typed twice, \
             {MIN_SECRET_CHARS}-{MAX_SECRET_CHARS} characters; PED: the PED holds the roles)."
        ),
        Step::Summary => format!(
            "Check the service and the exact device commands Finish runs. Up/Down scroll; {} \
             goes back; {} creates it.",
            k.back, k.finish
        ),
    }
}

fn template_step(w: &CreateWizard, frame: &mut Frame, area: Rect, t: &Theme) {
    let [list, detail] = Layout::vertical([Constraint::Min(5), Constraint::Length(7)]).areas(area);
    Picked::new(&w.templates, "Service Templates", &TEMPLATE_PRIORITIES).draw(frame, list, true, t);
    if let Some(tpl) = w.template() {
        let mut lines = vec![Line::styled(
            format!("Template {}", neutralize_line(&tpl.name)),
            t.header,
        )];
        lines.extend(rows_lines(capability_rows(&tpl.capabilities), t));
        para(frame, detail, lines);
    }
}

fn summary(w: &CreateWizard, frame: &mut Frame, area: Rect, t: &Theme) {
    let devices: Vec<String> = w
        .devices()
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let role = if i == 0 { " (primary)" } else { "" };
            format!("{}{role}", d.name)
        })
        .collect();
    let rows = vec![
        (
            "Name",
            w.general.text("name").unwrap_or("").trim().to_string(),
        ),
        (
            "Description",
            w.general.text("description").unwrap_or("").to_string(),
        ),
        (
            "Template",
            w.template().map(|t| t.name.clone()).unwrap_or_default(),
        ),
        (
            "Type",
            w.template()
                .map(|t| t.capabilities.service_type.to_string())
                .unwrap_or_default(),
        ),
        ("Devices", devices.join(", ")),
        (
            "Organization",
            w.organization().map(|o| o.name.clone()).unwrap_or_default(),
        ),
    ];
    let mut lines = rows_lines(rows, t);
    lines.push(Line::raw(""));
    match &w.plan {
        None if w.refusal.is_none() => lines.push(Line::styled("Planning…", t.focus)),
        None => {}
        Some(plan) => {
            lines.push(Line::styled(
                "Device commands Finish runs (dry run: nothing has been sent):",
                t.header,
            ));
            for (device, commands) in plan {
                lines.push(Line::styled(
                    format!("  {}", neutralize_line(device)),
                    t.focus,
                ));
                for c in commands {
                    lines.push(Line::raw(format!("    {}", neutralize_line(c))));
                }
            }
        }
    }
    let skip = w.scroll.min(lines.len().saturating_sub(1));
    let shown: Vec<Line<'static>> = lines.into_iter().skip(skip).collect();
    para(frame, area, shown);
}
