//! Draws the Jobs screen: running and unacknowledged jobs in a table, and under it the selected
//! job's devices with progress bars, done/total, state, elapsed time and the current step.

use super::Jobs;
use super::key_table::JobsKey;
use crate::app::App;
use crate::app::key_action::ListKey;
use crate::ui::screens::panel_common::{body_and_hints, key, pair_hints, theme};
use crate::ui::widgets::{DataTable, DeviceProgress, ProgressRows};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::widgets::{Block, Borders, Paragraph};

fn progress_rows(p: &Jobs, app: &App) -> Option<(String, Vec<DeviceProgress>)> {
    let job = p.table.selected_row()?;
    let rows = device_progress(p, job, app);
    Some((format!(" Job {} · {} ", job.id, job.operation), rows))
}

/// One progress row per device of `job`, devices by their console name (also drawn by a
/// screen that follows its own job, as the Initialize dialog).
pub fn device_progress(p: &Jobs, job: &crate::domain::job::Job, app: &App) -> Vec<DeviceProgress> {
    let names = app.screens.devices.table.rows();
    p.lines_of(job)
        .iter()
        .map(|l| {
            let (done, total) = p.device_counts(job, l);
            DeviceProgress {
                device: names
                    .iter()
                    .find(|d| d.serial == l.device)
                    .map(|d| d.name.clone())
                    .unwrap_or_else(|| l.device.to_string()),
                done,
                total,
                step: l.step.clone(),
                elapsed: p.elapsed(job, l),
                status: l.status.clone(),
            }
        })
        .collect()
}

pub(super) fn draw(p: &Jobs, app: &App, frame: &mut Frame, area: Rect) {
    let t = theme(app);
    let (body, hint) = body_and_hints(area);
    if !p.loaded {
        let block = Block::default().borders(Borders::ALL).title(" Jobs ");
        frame.render_widget(Paragraph::new("Loading the job list…").block(block), body);
    } else {
        let detail = progress_rows(p, app);
        let lines = detail.as_ref().map_or(0, |(_, r)| r.len());
        let detail_h = u16::try_from(lines.min(8)).unwrap_or(8).saturating_add(2);
        let [top, bottom] =
            Layout::vertical([Constraint::Min(4), Constraint::Length(detail_h)]).areas(body);
        let table = DataTable::new(&t)
            .priorities(&crate::ui::columns::JOBS)
            .title("Jobs")
            .empty_text(
                "No jobs to show. Jobs appear here when an operation starts; finished ones stay \
             until acknowledged.",
            );
        table.render_ref(top, frame.buffer_mut(), &p.table);
        let (title, rows) = detail.unwrap_or_else(|| (" Devices ".into(), Vec::new()));
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(t.border)
            .title(title);
        let inner = block.inner(bottom);
        frame.render_widget(block, bottom);
        frame.render_widget(ProgressRows::new(&rows, &t), inner);
    }
    let pairs = [
        (key(app, ListKey::Open), "details"),
        (key(app, JobsKey::CancelJob), "cancel job"),
        (key(app, JobsKey::Acknowledge), "acknowledge"),
        (key(app, JobsKey::Sort), "sort"),
        (key(app, JobsKey::SortReverse), "reverse"),
    ];
    pair_hints(frame, hint, &pairs, &t);
}
