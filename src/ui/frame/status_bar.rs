//! The status bar (NAV-5): user, role, organization, running jobs with a spinner while anything
//! runs, devices up/down, and the READ-ONLY marker.

use crate::app::App;
use crate::ui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

/// Spinner frames (geometric shapes, present in the usual terminal fonts).
const SPINNER: [char; 4] = ['◐', '◓', '◑', '◒'];

pub fn draw(frame: &mut Frame, area: Rect, app: &App, s: &Theme) {
    let mut spans = Vec::new();
    if let Some(info) = &app.session {
        spans.push(Span::raw(format!(" {} · {}", info.username, info.role)));
        if let Some(org) = &info.organization {
            spans.push(Span::raw(format!(" · {org}")));
        }
    }
    let running = app.running_jobs();
    let jobs = if running > 0 {
        let spin = SPINNER
            .get(app.spinner % SPINNER.len())
            .copied()
            .unwrap_or('◐');
        format!(
            " │ {spin} {running} job{} running",
            if running == 1 { "" } else { "s" }
        )
    } else {
        " │ no job running".to_string()
    };
    spans.push(Span::raw(jobs));
    if let (Some(up), Some(down)) = (app.counts.devices_up, app.counts.devices_down) {
        spans.push(Span::raw(format!(" │ devices {up} up, {down} down")));
    }
    if app.options.replay {
        spans.push(Span::raw(" │ REPLAY"));
    } else if app.options.demo {
        spans.push(Span::raw(" │ DEMO"));
    }
    let line = Line::from(spans).style(s.status_bar);
    frame.render_widget(Paragraph::new(line).style(s.status_bar), area);
    if app.options.read_only {
        let marker = " READ-ONLY ";
        let w = u16::try_from(marker.len()).unwrap_or(0);
        if area.width > w {
            let at = Rect::new(area.x + area.width - w, area.y, w, 1);
            frame.render_widget(Paragraph::new(Span::styled(marker, s.read_only)), at);
        }
    }
}
