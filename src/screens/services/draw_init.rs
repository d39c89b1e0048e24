//! The Initialize dialog of the Services list (INIT-1..3): what will happen, then the form
//! (secrets masked, never drawn); "Reading the service…" until its fields are known.

use super::draw_dialogs::{dialog_hints, form_box};
use super::init_dialog::InitDialog;
use crate::app::App;
use crate::kit::FormState;
use crate::ui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;

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
    form_box(
        frame,
        area,
        "Initialize service",
        intro,
        form,
        dialog_hints(app, "initialize"),
        theme,
    );
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
