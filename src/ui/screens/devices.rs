//! The Devices tab (DEV-3 list): status as symbol + word + colour, name, serial, address,
//! model, software and last contact; filtered by `/`. Forms and actions arrive with DEV-1/2.

use crate::app::App;
use crate::app::state::Loaded;
use crate::domain::device::DeviceStatus;
use crate::ui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::Style;
use ratatui::text::Span;
use ratatui::widgets::{Block, Borders, Cell, Paragraph, Row, Table, TableState, Wrap};

pub fn status_cell(status: DeviceStatus, s: &Theme) -> Span<'static> {
    let (symbol, style): (&str, Style) = match status {
        DeviceStatus::Up => ("●", s.status_up),
        DeviceStatus::Unreachable => ("✗", s.status_down),
        DeviceStatus::Unauthorized => ("○", s.status_degraded),
    };
    Span::styled(format!("{symbol} {status}"), style)
}

pub fn draw(frame: &mut Frame, area: Rect, app: &App, s: &Theme) {
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
    // Narrow terminals (80 columns) drop Address and Model so the status word stays whole.
    let wide = area.width >= 100;
    let mut titles = vec!["Status", "Name", "Serial"];
    let mut widths = vec![
        Constraint::Length(14),
        Constraint::Fill(1),
        Constraint::Length(10),
    ];
    if wide {
        titles.extend(["Address", "Model"]);
        widths.extend([Constraint::Fill(1), Constraint::Length(10)]);
    }
    titles.extend(["Software", "Last seen"]);
    widths.extend([Constraint::Length(8), Constraint::Length(20)]);
    let header = Row::new(titles).style(s.title);
    let body = rows.iter().map(|d| {
        let mut cells = vec![
            Cell::from(status_cell(d.status, s)),
            Cell::from(d.name.clone()),
            Cell::from(d.serial.as_str().to_string()),
        ];
        if wide {
            cells.push(Cell::from(d.host.clone()));
            cells.push(Cell::from(d.model.clone()));
        }
        cells.push(Cell::from(d.software.clone()));
        cells.push(Cell::from(
            d.last_seen
                .map(|t| t.to_string())
                .unwrap_or_else(|| "never".into()),
        ));
        Row::new(cells)
    });
    let table = Table::new(body, widths)
        .header(header)
        .block(block)
        .row_highlight_style(s.selected);
    let mut state = TableState::default().with_selected(Some(app.devices.selected));
    frame.render_stateful_widget(table, area, &mut state);
}
