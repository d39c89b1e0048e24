//! Crypto Services → Import Partitions (IMP-1..8): the splash with Get Started and discovery
//! progress per device, then the saved import table edited in place, its warnings and errors.

use super::key_table::{ImportStartKey, ImportTableKey};
use super::state::{DeviceRun, Discovery, DiscoveryDevice, IMPORT_COLUMNS, Import};
use crate::app::App;
use crate::app::Focus;
use crate::app::key_action::DialogKey;
use crate::app::state::Loaded;
use crate::kit::{Status, StatusKind};
use crate::ui::screens::panel_common::{key, pair_hints as hints, theme as theme_of};
use crate::ui::theme::Theme;
use crate::ui::widgets::DialogKeys;
use crate::ui::widgets::StatusStyle;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell, Paragraph, Row, Table, Wrap};

pub(super) fn draw(s: &Import, app: &App, frame: &mut Frame, area: Rect) {
    let theme = theme_of(app);
    let focused = app.focus == Focus::Content;
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(if focused { theme.focus } else { theme.border })
        .title(Line::styled(" Import Partitions ", theme.title));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    match &s.table {
        Loaded::Ready(Some(_)) => table_view(frame, inner, app, s, &theme),
        Loaded::Failed(e) => {
            frame.render_widget(Paragraph::new(e.as_str()).wrap(Wrap { trim: true }), inner)
        }
        Loaded::Loading => frame.render_widget(
            Paragraph::new("Reading the saved import table…").style(theme.muted),
            inner,
        ),
        Loaded::Ready(None) => splash(frame, inner, app, s.discovery.as_ref(), &theme),
    }
}

fn splash(frame: &mut Frame, area: Rect, app: &App, d: Option<&Discovery>, theme: &Theme) {
    let start = key(app, ImportStartKey::GetStarted);
    let mut lines = vec![
        Line::styled("Bring existing partitions under management", theme.title),
        Line::raw(""),
        Line::raw(
            "Discovery queries every authorized device in parallel for partitions the console \
             does not manage yet, and suggests HA groups from shared labels. You then name the \
             services, pick their organizations and finish the import. Nothing is changed on \
             the devices.",
        ),
        Line::raw(""),
    ];
    match d {
        None => lines.push(Line::from(vec![
            Span::raw("Press "),
            Span::styled(start, theme.key_hint),
            Span::raw(" to Get Started."),
        ])),
        Some(d) => {
            let head = match (d.finished, d.job) {
                (true, _) => "Discovery finished: no partition left to import on the devices read."
                    .to_string(),
                (false, Some(job)) => format!("Discovery running (job {job})…"),
                (false, None) => "Starting discovery…".to_string(),
            };
            lines.push(Line::styled(head, theme.focus));
            lines.extend(
                d.devices
                    .iter()
                    .map(|x| progress_line(x, &device_name(app, x), area.width, theme)),
            );
            if d.finished {
                lines.push(Line::raw(""));
                lines.push(Line::raw(format!("Press {start} to run discovery again.")));
            }
        }
    }
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), area);
}

/// The console name of a discovered device (its serial when the device list does not know it).
fn device_name(app: &App, x: &DiscoveryDevice) -> String {
    app.screens
        .devices
        .table
        .rows()
        .iter()
        .find(|d| d.serial == x.serial)
        .map_or_else(|| x.serial.to_string(), |d| d.name.clone())
}

fn progress_line(x: &DiscoveryDevice, name: &str, width: u16, theme: &Theme) -> Line<'static> {
    let bar_w = if width >= 100 { 24 } else { 10 };
    let filled = (bar_w * x.done.min(x.total))
        .checked_div(x.total)
        .unwrap_or(0);
    let (status, step) = match &x.run {
        DeviceRun::Running => (Status::new(StatusKind::Running), x.step.clone()),
        DeviceRun::Done => (Status::new(StatusKind::Done), String::new()),
        DeviceRun::Failed(e) => (Status::new(StatusKind::Failed), e.clone()),
    };
    let name: String = name.chars().take(14).collect();
    Line::from(vec![
        Span::raw(format!("  {name:<14} ")),
        Span::styled("#".repeat(filled), theme.progress_filled),
        Span::styled(".".repeat(bar_w - filled), theme.progress_empty),
        Span::raw(format!(" {}/{} ", x.done, x.total)),
        Span::styled(format!("{:<11}", status.text()), status.kind.style(theme)),
        Span::raw(step),
    ])
}

/// Which columns fit: all when wide; otherwise the key ones plus the highlighted one.
fn shown_columns(width: u16, selected: usize) -> Vec<usize> {
    if width >= 90 {
        return (0..IMPORT_COLUMNS.len()).collect();
    }
    let mut cols = vec![0, 3, 4, 6];
    if !cols.contains(&selected) {
        cols.push(selected);
        cols.sort_unstable();
    }
    cols
}

fn table_view(frame: &mut Frame, area: Rect, app: &App, s: &Import, theme: &Theme) {
    let Loaded::Ready(Some(draft)) = &s.table else {
        return;
    };
    let notes = notes(
        s,
        theme,
        &crate::ui::screens::panel_common::dialog_keys(app),
    );
    // As high as the notes are once wrapped, at most a third of the screen.
    let notes_h =
        crate::ui::widgets::modal::wrapped_height(&notes, area.width).min(area.height / 3);
    // What does not fit is not dropped silently: the last line says how many more, and where
    // they all are.
    let notes = fit_notes(notes, usize::from(notes_h), area.width, app, theme);
    let [info, table, notes_area, hint] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(3),
        Constraint::Length(notes_h),
        Constraint::Length(1),
    ])
    .areas(area);
    let rows = s.rows();
    frame.render_widget(
        Paragraph::new(Line::styled(
            format!(
                "{} partition(s) · created {} · last edited {} · saved on every edit",
                rows.len(),
                draft.created_at,
                draft.edited_at
            ),
            theme.muted,
        )),
        info,
    );
    let cols = shown_columns(area.width, s.column);
    let height = usize::from(table.height.saturating_sub(1)).max(1);
    let offset = s.row.saturating_sub(height - 1);
    let body: Vec<Row<'static>> = rows
        .iter()
        .enumerate()
        .skip(offset)
        .take(height)
        .map(|(i, r)| {
            Row::new(cols.iter().map(|&c| {
                let here = i == s.row && c == s.column;
                let mut t = s.cell_text(r, c);
                if here && let Some(e) = &s.editing {
                    t = e.text.with_cursor('▏');
                }
                let style = match (here, i == s.row) {
                    (true, _) => theme.selected,
                    (false, true) => theme.focus,
                    _ if c == 3 && crate::domain::import::is_default_group(&t) => theme.warning,
                    _ => theme.base,
                };
                Cell::from(Span::styled(t, style))
            }))
        })
        .collect();
    let header = Row::new(cols.iter().map(|&c| {
        let t = IMPORT_COLUMNS.get(c).copied().unwrap_or("");
        Cell::from(if c == s.column {
            format!("[{t}]")
        } else {
            t.to_string()
        })
    }))
    .style(theme.header);
    let widths: Vec<Constraint> = cols
        .iter()
        .map(|&c| match c {
            0 | 1 | 4 | 5 => Constraint::Fill(2),
            _ => Constraint::Fill(1),
        })
        .collect();
    frame.render_widget(
        Table::new(body, widths).header(header).column_spacing(1),
        table,
    );
    frame.render_widget(Paragraph::new(notes).wrap(Wrap { trim: true }), notes_area);
    let editing = s.editing.is_some();
    let pairs = if editing {
        vec![
            (key(app, DialogKey::Submit), "save"),
            (key(app, DialogKey::Cancel), "cancel edit"),
        ]
    } else {
        vec![
            (key(app, ImportTableKey::EditCell), "edit cell"),
            (
                format!(
                    "{}/{}",
                    key(app, ImportTableKey::ColumnLeft),
                    key(app, ImportTableKey::ColumnRight)
                ),
                "column",
            ),
            (key(app, ImportTableKey::DeleteRow), "delete row"),
            (key(app, ImportTableKey::FinishImports), "Finish Imports"),
            (key(app, ImportTableKey::CancelImport), "Cancel"),
        ]
    };
    hints(frame, hint, &pairs, theme);
}

/// The editor's error, the HA_n warnings (IMP-4) and Finish Imports' row errors (IMP-5).
fn notes(s: &Import, theme: &Theme, keys: &DialogKeys) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    if let Some(e) = &s.editing {
        let col = IMPORT_COLUMNS.get(e.column).copied().unwrap_or("");
        match (&e.error, e.sent) {
            (Some(err), _) => lines.push(Line::styled(format!("✖ {col}: {err}"), theme.error)),
            (None, true) => lines.push(Line::styled("Saving…", theme.focus)),
            (None, false) => lines.push(Line::styled(
                format!(
                    "Editing {col}: type, then {} saves ({} cancels).",
                    keys.submit, keys.cancel
                ),
                theme.muted,
            )),
        }
    }
    lines.extend(
        s.warnings
            .iter()
            .map(|w| Line::styled(format!("▲ warning: {w}"), theme.warning)),
    );
    if !s.errors.is_empty() {
        lines.push(Line::styled("✖ Finish Imports refused:", theme.error));
        lines.extend(
            s.errors
                .iter()
                .map(|e| Line::styled(format!("  • {e}"), theme.error)),
        );
    }
    lines
}

/// `lines` cut to `room` rows of `width` (wrapped lines count as many rows as they take), the
/// last row saying how many more lines there are and which key shows them all (the message log
/// holds every problem in full).
fn fit_notes(
    lines: Vec<Line<'static>>,
    room: usize,
    width: u16,
    app: &App,
    theme: &Theme,
) -> Vec<Line<'static>> {
    use crate::ui::widgets::modal::wrapped_height;
    let rows = |l: &Line<'static>| usize::from(wrapped_height(std::slice::from_ref(l), width));
    if lines.iter().map(rows).sum::<usize>() <= room || room == 0 {
        return lines;
    }
    let total = lines.len();
    let mut kept = Vec::new();
    let mut used = 0;
    for l in lines {
        let h = rows(&l);
        if used + h + 1 > room {
            break;
        }
        used += h;
        kept.push(l);
    }
    let key = app
        .keymap
        .first_key(crate::app::key_action::GlobalKey::Messages);
    kept.push(Line::styled(
        format!(
            "  … {} more line(s): {key} shows them all (message log)",
            total - kept.len()
        ),
        theme.muted,
    ));
    kept
}
