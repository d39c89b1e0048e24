//! Draws the marked devices' authorize dialog: the devices the password goes to (then each one's
//! result: ✔ authorized, ✖ refused and why), those sent nothing and why, and the masked field.

use super::fleet::{FleetAuthorize, TargetState};
use crate::app::App;
use crate::app::key_action::{DialogKey, GlobalKey};
use crate::domain::text::neutralize_line;
use crate::kit::{Status, StatusKind};
use crate::ui::theme::Theme;
use crate::ui::widgets::modal::wrapped_height;
use crate::ui::widgets::{Form, StatusSpan, centered};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

/// Widest the dialog gets.
const WIDTH: u16 = 72;

/// Names are padded to the longest one, up to this (a longer one pushes its status right).
const NAME_PAD: usize = 24;

pub(super) fn draw(d: &FleetAuthorize, app: &App, frame: &mut Frame) {
    let t = crate::ui::screens::panel_common::theme(app);
    let area = frame.area();
    let width = WIDTH.min(area.width.saturating_sub(2)).max(20);
    let inner_w = width.saturating_sub(4);
    let form_h = if d.sent {
        0
    } else {
        u16::try_from(d.form.fields().len() * 2 + d.form.error_summary().len() + 1)
            .unwrap_or(u16::MAX)
    };
    // A blank line above the form, while there is one.
    let gap = u16::from(!d.sent);
    // What the frame leaves: borders, the gap, the form.
    let room = area.height.saturating_sub(2 + gap).saturating_sub(form_h);
    let tail = summary(d, app, &t);
    let room = room.saturating_sub(wrapped_height(&tail, inner_w));
    let mut body = fit_lines(body_lines(d, &t), inner_w, room, app, &t);
    body.extend(tail);
    let body_h = wrapped_height(&body, inner_w);
    let height = body_h.saturating_add(form_h).saturating_add(2 + gap);
    let rect = centered(area, width, height);
    frame.render_widget(Clear, rect);
    let title = format!(
        " Authorize {} marked device(s) (HSM SO login) ",
        d.targets.len()
    );
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(t.modal_border)
        .title(Line::styled(title, t.title))
        .title_bottom(Line::styled(hints(d, app), t.muted).centered());
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let inner = Rect {
        x: inner.x.saturating_add(1),
        width: inner.width.saturating_sub(2),
        ..inner
    };
    let [top, rest] = Layout::vertical([
        Constraint::Length(body_h.saturating_add(gap)),
        Constraint::Min(0),
    ])
    .areas(inner);
    frame.render_widget(Paragraph::new(body).wrap(Wrap { trim: false }), top);
    if !d.sent {
        frame.render_widget(Form::new(&d.form, &t), rest);
    }
}

fn hints(d: &FleetAuthorize, app: &App) -> String {
    let k = |a| app.keymap.first_key::<DialogKey>(a);
    match (d.sent, d.finished()) {
        (false, _) => format!(
            " {} authorize them · {} cancel ",
            k(DialogKey::Submit),
            k(DialogKey::Cancel)
        ),
        (true, false) => format!(" {} hide (the logins go on) ", k(DialogKey::Cancel)),
        (true, true) => format!(" {} close ", k(DialogKey::Submit)),
    }
}

/// The intro, each target (with its result once sent), the devices set apart.
fn body_lines(d: &FleetAuthorize, t: &Theme) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    if !d.sent {
        lines.push(Line::raw(
            "One HSM SO password, typed once, for every device below: each gets ONE hsm login \
             with it, never retried (three wrong ones zeroize an HSM).",
        ));
        lines.push(Line::raw(""));
    }
    lines.push(Line::styled(
        format!("The password goes to ({}):", d.targets.len()),
        t.title,
    ));
    let pad = d
        .targets
        .iter()
        .map(|t| t.name.chars().count())
        .max()
        .unwrap_or(0)
        .min(NAME_PAD);
    for target in &d.targets {
        let name = format!("  {:<pad$}  ", neutralize_line(&target.name));
        let (status, why) = match &target.state {
            TargetState::Waiting if d.sent => {
                (Status::worded(StatusKind::Running, "sending"), None)
            }
            TargetState::Waiting => {
                lines.push(Line::raw(name.trim_end().to_string()));
                continue;
            }
            TargetState::Running(job) => (
                Status::worded(StatusKind::Running, format!("logging in (job {job})")),
                None,
            ),
            TargetState::Authorized => (Status::worded(StatusKind::Done, "authorized"), None),
            TargetState::Refused(why) => (Status::worded(StatusKind::Failed, "refused"), Some(why)),
        };
        let mut spans = vec![Span::raw(name), status.span(t)];
        if let Some(why) = why {
            spans.push(Span::styled(format!(": {}", neutralize_line(why)), t.error));
        }
        lines.push(Line::from(spans));
    }
    if !d.apart.is_empty() {
        lines.push(Line::styled(
            format!("Sent nothing ({}):", d.apart.len()),
            t.title,
        ));
        for l in &d.apart {
            lines.push(Line::styled(
                format!(
                    "  – {}: {}",
                    neutralize_line(&l.name),
                    neutralize_line(&l.reason)
                ),
                t.muted,
            ));
        }
    }
    lines
}

/// Once sent: how many are authorized, refused, still logging in.
fn summary(d: &FleetAuthorize, app: &App, t: &Theme) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    if d.sent {
        let (ok, refused, left) = d.counts();
        let messages = app.keymap.first_key(GlobalKey::Messages);
        let mut summary = format!("{ok} authorized, {refused} refused");
        if left > 0 {
            summary.push_str(&format!(", {left} logging in"));
        }
        summary.push_str(&format!(
            ". Nothing is retried; every result is also in the message log ({messages})."
        ));
        lines.push(Line::raw(""));
        lines.push(Line::styled(summary, t.focus));
    }
    lines
}

/// `lines` as they fit in `room` rows of `width`: past that, one line says how many more there
/// are and where every result is kept.
fn fit_lines(
    lines: Vec<Line<'static>>,
    width: u16,
    room: u16,
    app: &App,
    t: &Theme,
) -> Vec<Line<'static>> {
    if wrapped_height(&lines, width) <= room {
        return lines;
    }
    let mut kept = Vec::new();
    let mut used = 0u16;
    let total = lines.len();
    for line in lines {
        let h = wrapped_height(std::slice::from_ref(&line), width);
        // One row stays for the line that says what is left out.
        if used.saturating_add(h) > room.saturating_sub(1) {
            break;
        }
        used = used.saturating_add(h);
        kept.push(line);
    }
    let more = total - kept.len();
    let messages = app.keymap.first_key(GlobalKey::Messages);
    kept.push(Line::styled(
        format!("… {more} more line(s): every result is also in the message log ({messages})"),
        t.muted,
    ));
    kept
}
