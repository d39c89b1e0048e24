//! The Devices tab (DEV-3 list): status as symbol + word + colour, name, serial, address,
//! model, software and last contact; filtered by `/`. Forms and actions arrive with DEV-1/2.

use crate::app::App;
use crate::app::state::Loaded;
use crate::domain::device::DeviceStatus;
use crate::ui::frame::style::Styles;
use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::Style;
use ratatui::text::Span;
use ratatui::widgets::{Block, Borders, Cell, Paragraph, Row, Table, TableState, Wrap};

pub fn status_cell(status: DeviceStatus, s: &Styles) -> Span<'static> {
    let (symbol, style): (&str, Style) = match status {
        DeviceStatus::Up => ("●", s.good),
        DeviceStatus::Unreachable => ("✗", s.bad),
        DeviceStatus::Unauthorized => ("○", s.warn),
    };
    Span::styled(format!("{symbol} {status}"), style)
}

pub fn draw(frame: &mut Frame, area: Rect, app: &App, s: &Styles) {
    let block = Block::default().borders(Borders::ALL).title(" Devices ");
    let message = match &app.devices.rows {
        Loaded::Loading => Some("Loading the device list…".to_string()),
        Loaded::Failed(e) => Some(e.clone()),
        Loaded::Ready(all) if all.is_empty() => Some(
            "No devices yet. The add-device form (DEV-1) is not built in this console yet."
                .to_string(),
        ),
        Loaded::Ready(_) => None,
    };
    if let Some(m) = message {
        frame.render_widget(
            Paragraph::new(m).block(block).wrap(Wrap { trim: true }),
            area,
        );
        return;
    }
    let rows = app.visible_devices();
    if rows.is_empty() {
        frame.render_widget(
            Paragraph::new("No device matches the filter.").block(block),
            area,
        );
        return;
    }
    let header = Row::new([
        "Status",
        "Name",
        "Serial",
        "Address",
        "Model",
        "Software",
        "Last seen",
    ])
    .style(s.title);
    let body = rows.iter().map(|d| {
        Row::new(vec![
            Cell::from(status_cell(d.status, s)),
            Cell::from(d.name.clone()),
            Cell::from(d.serial.as_str().to_string()),
            Cell::from(d.host.clone()),
            Cell::from(d.model.clone()),
            Cell::from(d.software.clone()),
            Cell::from(
                d.last_seen
                    .map(|t| t.to_string())
                    .unwrap_or_else(|| "never".into()),
            ),
        ])
    });
    let widths = [
        Constraint::Length(15),
        Constraint::Min(8),
        Constraint::Length(10),
        Constraint::Min(10),
        Constraint::Min(8),
        Constraint::Length(8),
        Constraint::Length(20),
    ];
    let table = Table::new(body, widths)
        .header(header)
        .block(block)
        .row_highlight_style(s.selected);
    let mut state = TableState::default().with_selected(Some(app.devices.selected));
    frame.render_stateful_widget(table, area, &mut state);
}
