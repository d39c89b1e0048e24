//! Draws the Migrate Service wizard on the wizard frame: the sources (the highlighted one's
//! source partition or why it cannot migrate), the forms, the target lists, the Summary with
//! the device commands, then the job's progress and its result.

use super::wizard::{MigrateWizard, Phase, STEPS, Step};
use crate::app::App;
use crate::domain::text::neutralize_line;
use crate::screens::services::device_lists::{self, Picked};
use crate::screens::templates::rows_lines;
use crate::ui::screens::panel_common::{WizardKeyNames, theme};
use crate::ui::theme::Theme;
use crate::ui::widgets::modal::wrapped_height;
use crate::ui::widgets::{Form, WizardFrame, WizardKeys, centered};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Clear, Paragraph, Wrap};

/// Service, Source partition, Device, Firmware, Auth, Can migrate.
const SOURCE_PRIORITIES: [u8; 6] = [0, 1, 1, 2, 2, 0];

pub(super) fn draw(w: &MigrateWizard, app: &App, frame: &mut Frame) {
    let t = theme(app);
    let area = frame.area();
    let rect = centered(area, 110, area.height.saturating_sub(2));
    frame.render_widget(Clear, rect);
    let names = WizardKeyNames::of(app);
    let next = if w.current() == Step::Devices {
        names.next_step.clone()
    } else {
        names.next.clone()
    };
    let keys = WizardKeys {
        next: &next,
        ..names.keys()
    };
    let titles: Vec<&str> = STEPS.iter().map(|s| s.title()).collect();
    let mut wizard = WizardFrame::new("Migrate Service", &titles, w.step, &t).keys(keys);
    match &w.phase {
        Phase::Running(_) => {
            wizard = wizard.custom_hints(vec![(&names.cancel, "Hide (the migration goes on)")]);
        }
        Phase::Done { .. } => wizard = wizard.custom_hints(vec![(&names.finish, "Close")]),
        Phase::Editing | Phase::Starting if w.current() == Step::Summary => {
            wizard = wizard.custom_hints(vec![
                (&names.back, "Back"),
                (&names.finish, "Migrate"),
                (&names.cancel, "Cancel"),
            ]);
        }
        Phase::Editing | Phase::Starting => {}
    }
    let areas = wizard.areas(rect);
    frame.render_widget(wizard, rect);
    let body = areas.body;
    match &w.phase {
        Phase::Running(job) => {
            let view = (*job, "migrating");
            return crate::screens::services::draw_init::progress(
                frame,
                body,
                app,
                view,
                &names.cancel,
                &t,
            );
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
            if !*ok {
                lines.push(Line::raw(""));
                lines.push(Line::raw(
                    "To repair: p on this migration in the Migrate Service list adds partitions \
                     on exactly the failed targets to the new service, or opens Import \
                     Partitions when no new service could be made.",
                ));
            }
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
    let h = wrapped_height(&intro, body.width).saturating_add(1);
    let [top, rest] = Layout::vertical([Constraint::Length(h), Constraint::Min(1)]).areas(body);
    frame.render_widget(Paragraph::new(intro).wrap(Wrap { trim: false }), top);
    match w.current() {
        Step::Source => source_step(w, frame, rest, &t),
        Step::NewService => frame.render_widget(Form::new(&w.general, &t), rest),
        Step::Devices => device_lists::draw(&w.lists, frame, rest, &t),
        Step::Partition => frame.render_widget(Form::new(&w.partition, &t), rest),
        Step::Roles => frame.render_widget(Form::new(&w.roles, &t), rest),
        Step::Summary => summary(w, frame, rest, &t),
    }
}

fn para(frame: &mut Frame, area: Rect, lines: Vec<Line<'static>>) {
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), area);
}

fn explain(w: &MigrateWizard, k: &WizardKeyNames) -> String {
    if !w.loaded {
        return "Reading the services…".into();
    }
    if w.waiting && w.current() == Step::Devices {
        return "Reading the devices…".into();
    }
    match w.current() {
        Step::Source => "The highlighted service is migrated from its first partition. Those \
                         that cannot be are listed after the others (Can migrate: no), with \
                         the reason below. Type to search."
            .into(),
        Step::NewService => "The new service: the HSM model the targets must be, its name, \
                             partition size, organization and description. Left/Right change \
                             a choice."
            .into(),
        Step::Devices => format!(
            "{} adds the highlighted target (or removes it from Selected); Left/Right switch \
             lists. A device the support matrix refuses stays with the rule (Fits: no).",
            k.finish
        ),
        Step::Partition if w.ped() => "The new partitions' label. PED devices take no typed \
                                       cloning domain: each target is initialized with the \
                                       source's red domain key at the PED."
            .into(),
        Step::Partition => "The new partitions' label, and the source's cloning domain twice \
                            (cloning needs the same domain)."
            .into(),
        Step::Roles if w.ped() => "The remote PED server the targets' PED operations go to, and \
                                   the source's crypto officer challenge twice (identical \
                                   credentials: it activates the new partitions)."
            .into(),
        Step::Roles => "The new partitions' SO and crypto officer passwords (each twice), and \
                        the source partition's crypto officer password to clone from it."
            .into(),
        Step::Summary => format!(
            "Check the services and the exact device commands per target. Up/Down scroll; {} \
             goes back; {} migrates.",
            k.back, k.finish
        ),
    }
}

fn source_step(w: &MigrateWizard, frame: &mut Frame, area: Rect, t: &Theme) {
    let [list, detail] = Layout::vertical([Constraint::Min(5), Constraint::Length(4)]).areas(area);
    Picked::new(&w.sources, "Services", &SOURCE_PRIORITIES).draw(frame, list, true, t);
    let Some(s) = w.source() else {
        return;
    };
    let line = match &s.why_not {
        Some(why) => Line::styled(
            format!(
                "✖ {} cannot be migrated: {}",
                neutralize_line(&s.name),
                neutralize_line(why)
            ),
            t.error,
        ),
        None => Line::raw(format!(
            "Source: partition '{}' on {}{}",
            neutralize_line(&s.partition),
            neutralize_line(&s.device),
            if s.ha {
                " — the first partition of the HA service"
            } else {
                ""
            }
        )),
    };
    para(frame, detail, vec![line]);
}

fn summary(w: &MigrateWizard, frame: &mut Frame, area: Rect, t: &Theme) {
    let text = |id: &str| w.general.text(id).unwrap_or("").trim().to_string();
    let source = w.source();
    let targets: Vec<String> = w.lists.chosen().iter().map(|d| d.name.clone()).collect();
    let rows = vec![
        (
            "Parent service",
            source
                .map(|s| format!("{} (partition '{}' on {})", s.name, s.partition, s.device))
                .unwrap_or_default(),
        ),
        ("Child service", text("name")),
        (
            "HSM model",
            w.general.choice_label("model").unwrap_or("").to_string(),
        ),
        ("Partition size", format!("{} bytes", text("size"))),
        (
            "Organization",
            w.general
                .choice_label("organization")
                .unwrap_or("")
                .to_string(),
        ),
        ("Label", w.partition.text("label").unwrap_or("").to_string()),
        ("Targets", targets.join(", ")),
    ];
    let mut lines = rows_lines(rows, t);
    lines.push(Line::raw(""));
    match &w.summary {
        None if w.refusal.is_none() => lines.push(Line::styled("Planning…", t.focus)),
        None => {}
        Some(s) => {
            for warning in &s.warnings {
                lines.push(Line::styled(
                    format!("⚠ {}", neutralize_line(warning)),
                    t.warning,
                ));
            }
            lines.push(Line::styled(
                "Device commands Migrate runs per target (dry run: nothing has been sent):",
                t.header,
            ));
            for (device, commands) in &s.commands {
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
    para(frame, area, lines.into_iter().skip(skip).collect());
}
