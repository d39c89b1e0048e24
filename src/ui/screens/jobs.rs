//! The Jobs tab: every job the user may see with its state (symbol + word + colour) and the
//! engine's last progress for running ones. Per-device bars and cancel arrive with the screen.

use crate::app::App;
use crate::app::state::Loaded;
use crate::domain::job::{Job, JobState};
use crate::ui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::Style;
use ratatui::text::Span;
use ratatui::widgets::{Block, Borders, Cell, Paragraph, Row, Table, TableState, Wrap};

pub fn state_cell(state: &JobState, s: &Theme) -> Span<'static> {
    let (symbol, style): (&str, Style) = match state {
        JobState::Queued => ("…", s.muted),
        JobState::Running => ("▶", s.status_running),
        JobState::Succeeded => ("✓", s.status_up),
        JobState::Failed { .. } => ("✗", s.status_down),
        JobState::Cancelled => ("⊘", s.warning),
    };
    Span::styled(format!("{symbol} {state}"), style)
}

fn progress_text(app: &App, job: &Job) -> String {
    match (&job.state, app.progress.get(&job.id)) {
        (_, Some(p)) if p.total > 0 => format!("{}/{} {}", p.done, p.total, p.step),
        (_, Some(p)) => p.step.clone(),
        (JobState::Failed { message }, None) => message.clone(),
        _ => String::new(),
    }
}

pub fn draw(frame: &mut Frame, area: Rect, app: &App, s: &Theme) {
    let block = Block::default().borders(Borders::ALL).title(" Jobs ");
    let message = match &app.jobs.rows {
        Loaded::Loading => Some("Loading the job list…".to_string()),
        Loaded::Failed(e) => Some(e.clone()),
        Loaded::Ready(all) if all.is_empty() => {
            Some("No jobs yet. Jobs appear here when an operation starts on a device.".to_string())
        }
        Loaded::Ready(_) => None,
    };
    if let Some(m) = message {
        frame.render_widget(
            Paragraph::new(m).block(block).wrap(Wrap { trim: true }),
            area,
        );
        return;
    }
    let rows = app.visible_jobs();
    if rows.is_empty() {
        frame.render_widget(
            Paragraph::new("No job matches the filter.").block(block),
            area,
        );
        return;
    }
    let header = Row::new([
        "#",
        "State",
        "Operation",
        "Devices",
        "Started by",
        "Progress",
    ])
    .style(s.title);
    let body = rows.iter().map(|j| {
        Row::new(vec![
            Cell::from(j.id.to_string()),
            Cell::from(state_cell(&j.state, s)),
            Cell::from(j.operation.clone()),
            Cell::from(j.devices.len().to_string()),
            Cell::from(j.started_by.clone()),
            Cell::from(progress_text(app, j)),
        ])
    });
    let widths = [
        Constraint::Length(5),
        Constraint::Length(12),
        Constraint::Min(14),
        Constraint::Length(7),
        Constraint::Length(12),
        Constraint::Min(10),
    ];
    let table = Table::new(body, widths)
        .header(header)
        .block(block)
        .row_highlight_style(s.selected);
    let mut state = TableState::default().with_selected(Some(app.jobs.selected));
    frame.render_stateful_widget(table, area, &mut state);
}
