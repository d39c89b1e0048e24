//! Draws the dialog open over the Devices, Jobs, Audit or Accounts screens: forms in a centred
//! box (secrets as dots only), the host-key question, confirmations and messages.

use super::panel_common::{dialog_keys, theme};
use crate::app::App;
use crate::app::panel_dialog::{Dialog, FormDialog};
use crate::ui::widgets::{Form, Themed, centered};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Clear};

pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let Some(d) = &app.panels.dialog else {
        return;
    };
    let t = theme(app);
    let k = dialog_keys(app);
    match d {
        Dialog::Form(f) => form(frame, area, f, app),
        Dialog::HostKey { modal, .. } => frame.render_widget(Themed(modal, &t, &k), area),
        Dialog::Confirm { modal, .. } => frame.render_widget(Themed(modal, &t, &k), area),
        Dialog::Message(m) => frame.render_widget(Themed(m, &t, &k), area),
        Dialog::Screen(d) => crate::screens::Screens::draw_dialog(app, d, frame),
    }
}

fn form(frame: &mut Frame, area: Rect, f: &FormDialog, app: &App) {
    let t = theme(app);
    let fields = f.form.fields();
    let errors = f.form.error_summary().len();
    let lines = fields.len()
        + fields.iter().filter(|x| x.error.is_some()).count()
        + if errors > 0 { errors + 2 } else { 0 };
    let height = u16::try_from(lines).unwrap_or(20).saturating_add(4);
    let width = 68.min(area.width.saturating_sub(2));
    let rect = centered(area, width, height);
    let k = dialog_keys(app);
    let hints = if f.waiting {
        format!(" Checking… · {} close ", k.cancel)
    } else {
        format!(
            " {} next field · {} submit · {} cancel ",
            k.next, k.submit, k.cancel
        )
    };
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(t.modal_border)
        .title(Line::styled(
            format!(" {} ", crate::domain::text::neutralize_line(&f.title)),
            t.title,
        ))
        .title_bottom(Line::styled(hints, t.muted).centered());
    let inner = block.inner(rect);
    frame.render_widget(Clear, rect);
    frame.render_widget(block, rect);
    let padded = Rect {
        x: inner.x.saturating_add(1),
        y: inner.y.saturating_add(1),
        width: inner.width.saturating_sub(2),
        height: inner.height.saturating_sub(1),
    };
    frame.render_widget(Form::new(&f.form, &t), padded);
}
