//! An open service (MNG-2..6): the attribute tab bar and the General, Capabilities,
//! Partitions (initialized and uninitialized grids) tabs; Keys and Clients are in draw_keys.rs.

use super::key_table::ServiceKey;
use super::state::{AttrTab, DetailState};
use crate::app::App;
use crate::app::key_action::{GlobalKey, ListKey};
use crate::app::state::Loaded;
use crate::domain::service::ServiceKind;
use crate::ops::services_view::{PartitionRow, ServiceDetail};
use crate::ui::screens::panel_common::{key, pair_hints as hints};
use crate::ui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell, Paragraph, Row, Table, Wrap};

pub fn draw(frame: &mut Frame, area: Rect, d: &DetailState, app: &App, theme: &Theme) {
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.focus)
        .title(Line::styled(format!(" Service: {} ", d.name), theme.title));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let [bar, body, hint] = Layout::vertical([
        Constraint::Length(2),
        Constraint::Min(1),
        Constraint::Length(1),
    ])
    .areas(inner);
    frame.render_widget(Paragraph::new(tab_bar(d.tab, bar.width, app, theme)), bar);
    match &d.detail {
        Loaded::Loading => text(frame, body, "Reading the service…".into(), theme),
        Loaded::Failed(e) => text(frame, body, e.clone(), theme),
        Loaded::Ready(detail) => match d.tab {
            AttrTab::General => general(frame, body, detail, theme),
            AttrTab::Capabilities => capabilities(frame, body, detail, theme),
            AttrTab::Partitions => partitions(frame, body, detail, d.partition, theme),
            AttrTab::Keys => super::draw_keys::keys(frame, body, d, app, theme),
            AttrTab::Clients => super::draw_keys::clients(frame, body, d, app, theme),
        },
    }
    let mut pairs = vec![(
        format!(
            "{}/{}",
            key(app, GlobalKey::FocusNext),
            key(app, GlobalKey::FocusPrev)
        ),
        "tabs",
    )];
    match d.tab {
        AttrTab::General => pairs.push((key(app, ServiceKey::Edit), "edit")),
        AttrTab::Capabilities => {
            pairs.push((key(app, ServiceKey::Edit), "edit partition size"));
            pairs.push((key(app, ServiceKey::Refresh), "refresh"));
        }
        AttrTab::Keys => {
            pairs.push((key(app, ServiceKey::CoLogin), "CO login"));
            pairs.push((key(app, ServiceKey::LogOff), "log off"));
        }
        AttrTab::Clients => pairs.push((key(app, ServiceKey::Refresh), "read from devices")),
        AttrTab::Partitions => {
            pairs.push((key(app, ServiceKey::AddPartitions), "add partitions"));
            pairs.push((key(app, ServiceKey::InitializeNew), "initialize new"));
            pairs.push((key(app, ServiceKey::ActivateRoles), "activate roles"));
            pairs.push((key(app, ServiceKey::InitializeCu), "init crypto user"));
            pairs.push((key(app, ServiceKey::RemovePartition), "remove partition"));
            pairs.push((key(app, ServiceKey::Refresh), "refresh"));
        }
    }
    pairs.push((key(app, ListKey::Back), "back to the list"));
    hints(frame, hint, &pairs, theme);
}

/// The five tab labels with their keys, padded, as wide as fits: without the padding, then
/// without the keys (Tab/Shift-Tab, in the hints, still walk them), never cut.
fn tab_bar(active: AttrTab, width: u16, app: &App, theme: &Theme) -> Vec<Line<'static>> {
    let keys = [
        ServiceKey::General,
        ServiceKey::Capabilities,
        ServiceKey::Partitions,
        ServiceKey::Keys,
        ServiceKey::Clients,
    ];
    let label = |t: &AttrTab, k: ServiceKey, with_key: bool, pad: &str| {
        if with_key {
            format!("{pad}{} {}{pad}", key(app, k), t.title())
        } else {
            format!("{pad}{}{pad}", t.title())
        }
    };
    let fits = |with_key: bool, pad: &str| {
        let total: usize = AttrTab::ALL
            .iter()
            .zip(keys)
            .map(|(t, k)| crate::ui::widgets::fit::width(&label(t, k, with_key, pad)) + 1)
            .sum();
        total <= usize::from(width)
    };
    let (with_key, pad) = [(true, " "), (true, ""), (false, " "), (false, "")]
        .into_iter()
        .find(|(k, p)| fits(*k, p))
        .unwrap_or((false, ""));
    let mut spans = Vec::new();
    for (t, k) in AttrTab::ALL.iter().zip(keys) {
        let label = label(t, k, with_key, pad);
        let style = if *t == active {
            theme.tab_active
        } else {
            theme.tab_inactive
        };
        spans.push(Span::styled(label, style));
        spans.push(Span::raw(" "));
    }
    vec![Line::from(spans), Line::raw("")]
}

pub(super) fn text(frame: &mut Frame, area: Rect, t: String, theme: &Theme) {
    frame.render_widget(
        Paragraph::new(t)
            .style(theme.muted)
            .wrap(Wrap { trim: true }),
        area,
    );
}

/// Label and value lines; the label column is as wide as the longest label plus two spaces, so
/// a label never runs into its value ("Secure Trusted Channel  no").
fn pairs(rows: Vec<(&str, String)>, theme: &Theme) -> Vec<Line<'static>> {
    let w = rows
        .iter()
        .map(|(k, _)| k.chars().count())
        .max()
        .unwrap_or(0)
        + 2;
    rows.into_iter()
        .map(|(k, v)| {
            Line::from(vec![
                Span::styled(format!("{k:<w$}"), theme.header),
                Span::raw(crate::domain::text::neutralize_line(&v)),
            ])
        })
        .collect()
}

fn general(frame: &mut Frame, area: Rect, d: &ServiceDetail, theme: &Theme) {
    let s = &d.service;
    let mut rows = vec![
        ("Name", s.name.clone()),
        (
            "Description",
            if s.description.is_empty() {
                "(none)".into()
            } else {
                s.description.clone()
            },
        ),
        ("Organization", d.organization.clone()),
        ("Created by", s.created_by.clone()),
        ("Created at", s.created_at.to_string()),
        ("Template", d.template.clone()),
        ("State", s.state.to_string()),
    ];
    if let ServiceKind::HaGroup { label } = &s.kind {
        rows.push(("HA group label", label.clone()));
    }
    frame.render_widget(
        Paragraph::new(pairs(rows, theme)).wrap(Wrap { trim: false }),
        area,
    );
}

fn capabilities(frame: &mut Frame, area: Rect, d: &ServiceDetail, theme: &Theme) {
    let s = &d.service;
    let yes = |b: bool| if b { "yes" } else { "no" }.to_string();
    let lines = pairs(
        vec![
            ("Type", d.service_type.to_string()),
            ("Partition size", format!("{} bytes", s.partition_size)),
            ("Authentication", d.auth.to_string()),
            ("Per-partition SO", yes(s.ppso)),
            (
                "Scalable Key Storage",
                match d.sks {
                    Some(true) => "yes (V1 partitions)".to_string(),
                    Some(false) => "no (V0 partitions)".to_string(),
                    None => "mixed or not read (V0 and V1 partitions)".to_string(),
                },
            ),
            ("Secure Trusted Channel", yes(s.stc)),
        ],
        theme,
    );
    let h = u16::try_from(lines.len() + 1).unwrap_or(u16::MAX);
    let [top, grid] = Layout::vertical([Constraint::Length(h), Constraint::Min(1)]).areas(area);
    frame.render_widget(Paragraph::new(lines), top);
    let rows = d.devices.iter().map(|c| {
        Row::new(vec![
            c.device.clone(),
            c.model.clone(),
            c.software.clone(),
            c.firmware.clone(),
            c.performance.clone(),
            c.fm.clone(),
        ])
    });
    grid_table(
        frame,
        grid,
        "Device capabilities",
        &[
            "Device",
            "Model",
            "Software",
            "Firmware",
            "Performance",
            "FM",
        ],
        rows.collect(),
        theme,
    );
}

/// Equal columns, except a status column, which keeps its whole word ("▲ needs
/// re-registration") at 80 columns.
pub(super) fn default_widths(header: &[&str]) -> Vec<Constraint> {
    header
        .iter()
        .map(|h| match *h {
            "Status" => Constraint::Length(24),
            _ => Constraint::Fill(1),
        })
        .collect()
}

pub(super) fn grid_table(
    frame: &mut Frame,
    area: Rect,
    title: &str,
    header: &[&str],
    rows: Vec<Row<'static>>,
    theme: &Theme,
) {
    grid_table_sized(
        frame,
        area,
        title,
        header,
        default_widths(header),
        rows,
        theme,
    );
}

pub(super) fn grid_table_sized(
    frame: &mut Frame,
    area: Rect,
    title: &str,
    header: &[&str],
    widths: Vec<Constraint>,
    rows: Vec<Row<'static>>,
    theme: &Theme,
) {
    let empty = rows.is_empty();
    let block = Block::default()
        .borders(Borders::TOP)
        .border_style(theme.border)
        .title(Line::styled(format!(" {title} "), theme.title));
    let header_row = Row::new(header.iter().map(|h| Cell::from(h.to_string()))).style(theme.header);
    let rows = if empty {
        vec![Row::new(vec![Cell::from(Span::styled(
            "(none)",
            theme.muted,
        ))])]
    } else {
        rows
    };
    frame.render_widget(
        Table::new(rows, widths)
            .header(header_row)
            .block(block)
            .column_spacing(1),
        area,
    );
}

/// The grid's rows; the one at `highlight` (if in this grid) marked and styled selected.
fn partition_rows(
    rows: &[PartitionRow],
    highlight: Option<usize>,
    theme: &Theme,
) -> Vec<Row<'static>> {
    use crate::domain::text::neutralize_line as clean;
    rows.iter()
        .enumerate()
        .map(|(i, p)| {
            let on = highlight == Some(i);
            let mark = if on { "▶ " } else { "  " };
            let row = Row::new(vec![
                format!("{mark}{}", clean(&p.device)),
                clean(&p.partition),
                clean(&p.label),
                p.serial.to_string(),
                p.software.clone(),
                p.firmware.clone(),
            ]);
            if on { row.style(theme.selected) } else { row }
        })
        .collect()
}

fn partitions(frame: &mut Frame, area: Rect, d: &ServiceDetail, at: usize, theme: &Theme) {
    let first = d.initialized.len();
    let in_second = at.checked_sub(first);
    let header = [
        "Device",
        "Partition",
        "Label",
        "Serial",
        "Software",
        "Firmware",
    ];
    let n = |v: &[PartitionRow]| u16::try_from(v.len().max(1) + 2).unwrap_or(u16::MAX);
    let [top, note, bottom] = Layout::vertical([
        Constraint::Length(n(&d.initialized)),
        Constraint::Length(if d.uninitialized.is_empty() { 0 } else { 1 }),
        Constraint::Min(3),
    ])
    .areas(area);
    grid_table(
        frame,
        top,
        "Initialized partitions",
        &header,
        partition_rows(&d.initialized, (at < first).then_some(at), theme),
        theme,
    );
    if !d.uninitialized.is_empty() {
        frame.render_widget(
            Paragraph::new(Line::styled(
                "▲ Below: new partitions that need Initialize New Partitions.",
                theme.warning,
            )),
            note,
        );
    }
    grid_table(
        frame,
        bottom,
        "Uninitialized partitions",
        &header,
        partition_rows(&d.uninitialized, in_second, theme),
        theme,
    );
}
