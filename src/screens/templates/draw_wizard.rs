//! Draws the Create Service Template wizard on the wizard frame: General and Set Capabilities
//! as forms (a fixed option shows why), the Summary as the checked draft.

use super::draw::{capability_rows, rows_lines};
use super::wizard::{Purpose, TemplateWizard};
use crate::app::App;
use crate::domain::text::neutralize_line;
use crate::ui::screens::panel_common::{WizardKeyNames, theme};
use crate::ui::widgets::modal::wrapped_height;
use crate::ui::widgets::{Form, WizardFrame, centered};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout};
use ratatui::text::Line;
use ratatui::widgets::{Clear, Paragraph, Wrap};

pub(super) fn draw(w: &TemplateWizard, app: &App, frame: &mut Frame) {
    let t = theme(app);
    let area = frame.area();
    let rect = centered(area, 100, area.height.saturating_sub(2));
    frame.render_widget(Clear, rect);
    let names = WizardKeyNames::of(app);
    let title = neutralize_line(&w.title());
    let wizard = WizardFrame::new(&title, w.steps(), w.step, &t).keys(names.keys());
    let areas = wizard.areas(rect);
    frame.render_widget(wizard, rect);
    let mut intro: Vec<Line<'static>> = Vec::new();
    if w.cancel.asking {
        intro.push(Line::styled(
            format!(
                "Discard what you typed? {} discards it; any other key goes back to the wizard.",
                names.finish
            ),
            t.warning,
        ));
    }
    let explain = match (&w.purpose, w.on_summary()) {
        (_, true) => format!(
            "Check the template. {} goes back to change it; {} creates it.",
            names.back, names.finish
        ),
        (Purpose::EditCapabilities { .. }, _) => format!(
            "Services created from this template keep the capabilities they were created with. \
             {} saves.",
            names.finish
        ),
        _ if w.step == 0 => "A name for the template (unique) and an optional description.".into(),
        _ => "Left/Right change a choice, Space ticks a box; an option the HSM model forbids \
              is fixed, with the reason."
            .into(),
    };
    intro.push(Line::styled(explain, t.muted));
    if let Some(r) = &w.refusal {
        intro.push(Line::styled(format!("✖ {}", neutralize_line(r)), t.error));
    }
    if w.sent {
        intro.push(Line::styled("Saving…", t.focus));
    }
    let intro_h = wrapped_height(&intro, areas.body.width);
    let [top, rest] = Layout::vertical([
        Constraint::Length(intro_h.saturating_add(1)),
        Constraint::Min(1),
    ])
    .areas(areas.body);
    frame.render_widget(Paragraph::new(intro).wrap(Wrap { trim: false }), top);
    if !w.on_summary() {
        frame.render_widget(Form::new(&w.form, &t), rest);
        return;
    }
    let lines = match &w.checked {
        None => vec![Line::styled("Checking the template…", t.focus)],
        Some(d) => {
            let mut rows = vec![
                ("Name", d.name.clone()),
                ("Description", d.description.clone()),
            ];
            rows.extend(capability_rows(&d.capabilities));
            rows_lines(rows, &t)
        }
    };
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), rest);
}
