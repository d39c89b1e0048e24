//! An open service's Keys tab (MNG-5: the crypto-officer session and the objects, with the
//! partition each is in) and Clients tab (MNG-6: registered client hosts and their status).

use super::draw_detail::{default_widths, grid_table, grid_table_sized, text};
use super::key_table::ServiceKey;
use super::state::{DetailState, KeysView};
use crate::app::App;
use crate::app::state::Loaded;
use crate::kit::{Status, StatusKind};
use crate::ops::clients::{ClientRow, ClientStatus};
use crate::ops::keys::KEYS_IDLE_SECONDS;
use crate::ui::screens::panel_common::key;
use crate::ui::theme::Theme;
use crate::ui::widgets::StatusSpan;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Cell, Paragraph, Row, Wrap};

pub(super) fn keys(frame: &mut Frame, area: Rect, d: &DetailState, app: &App, theme: &Theme) {
    let hours = KEYS_IDLE_SECONDS / 3600;
    let login = key(app, ServiceKey::CoLogin);
    let idle = format!("Crypto officer sessions idle for {hours} hours end by themselves.");
    let objects = match &d.keys {
        KeysView::LoggedOut => {
            let lines = vec![
                Line::raw(format!(
                    "The objects are listed after crypto officer authentication: press {login}."
                )),
                Line::raw("For an HA service the members are synchronized first."),
                Line::styled(idle, theme.muted),
            ];
            frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), area);
            return;
        }
        KeysView::Listing => {
            text(frame, area, "Listing the objects (a job)…".into(), theme);
            return;
        }
        KeysView::Failed(m) => {
            let lines = vec![
                Line::styled(format!("✖ {m}"), theme.error),
                Line::raw(format!("Press {login} to log in as crypto officer again.")),
            ];
            frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), area);
            return;
        }
        KeysView::Ready(objects) => objects,
    };
    let session = format!(
        "● crypto officer session open · {} log off · {idle}",
        key(app, ServiceKey::LogOff)
    );
    // Two lines when it does not fit in one: wrapped, never cut.
    let h = if crate::ui::widgets::fit::width(&session) > usize::from(area.width) {
        2
    } else {
        1
    };
    let [top, grid] = Layout::vertical([Constraint::Length(h), Constraint::Min(1)]).areas(area);
    frame.render_widget(
        Paragraph::new(Line::styled(session, theme.status_up)).wrap(Wrap { trim: true }),
        top,
    );
    let places: Vec<String> = objects
        .iter()
        .map(|o| partition_of(d, &o.partition))
        .collect();
    // The partition column is as wide as its longest value (at most half the width).
    let place_w = places
        .iter()
        .map(|p| crate::ui::widgets::fit::width(p))
        .max()
        .unwrap_or(0)
        .max("Partition".len())
        .min(usize::from(area.width / 2));
    let rows = objects
        .iter()
        .zip(places)
        .map(|(o, place)| {
            Row::new(vec![
                place,
                o.label.clone(),
                o.object_type.clone(),
                o.handle.to_string(),
                o.fingerprint.clone().unwrap_or_default(),
                o.algorithm.clone().unwrap_or_default(),
                o.bits.map(|b| b.to_string()).unwrap_or_default(),
            ])
        })
        .collect();
    let header = [
        "Partition",
        "Label",
        "Type",
        "Handle",
        "Fingerprint",
        "Algorithm",
        "Bits",
    ];
    let mut widths = default_widths(&header);
    widths[0] = Constraint::Length(u16::try_from(place_w).unwrap_or(u16::MAX));
    grid_table_sized(
        frame,
        grid,
        &format!("Objects ({})", objects.len()),
        &header,
        widths,
        rows,
        theme,
    );
}

/// MNG-5: which partition an object is in, by its name and device (the serial when the
/// service's detail does not list it).
fn partition_of(d: &DetailState, serial: &crate::domain::ids::PartitionSerial) -> String {
    let Loaded::Ready(detail) = &d.detail else {
        return serial.to_string();
    };
    detail
        .initialized
        .iter()
        .chain(&detail.uninitialized)
        .find(|p| &p.serial == serial)
        .map_or_else(
            || serial.to_string(),
            |p| format!("{} on {}", p.partition, p.device),
        )
}

fn client_status(c: &ClientRow) -> Status {
    match c.status {
        ClientStatus::Ok => Status::worded(StatusKind::Up, "ok"),
        ClientStatus::NeedsReregistration => {
            Status::worded(StatusKind::Warning, "needs re-registration")
        }
    }
}

pub(super) fn clients(frame: &mut Frame, area: Rect, d: &DetailState, app: &App, theme: &Theme) {
    let rows = match &d.clients {
        Loaded::Loading => return text(frame, area, "Reading the clients…".into(), theme),
        Loaded::Failed(e) => return text(frame, area, e.clone(), theme),
        Loaded::Ready(rows) => rows,
    };
    let stale = rows
        .iter()
        .filter(|c| c.status == ClientStatus::NeedsReregistration)
        .count();
    let note_h = if stale > 0 { 4 } else { 1 };
    let [grid, note] =
        Layout::vertical([Constraint::Min(2), Constraint::Length(note_h)]).areas(area);
    let built = rows
        .iter()
        .map(|c| {
            Row::new(vec![
                Cell::from(client_status(c).span(theme)),
                Cell::from(c.name.clone()),
                Cell::from(c.host.clone()),
                Cell::from(c.fingerprint.clone().unwrap_or_default()),
                Cell::from(
                    c.last_registration
                        .map(|t| t.to_string())
                        .unwrap_or_else(|| "never".into()),
                ),
            ])
        })
        .collect();
    grid_table(
        frame,
        grid,
        &format!("Clients ({})", rows.len()),
        &[
            "Status",
            "Client",
            "Host",
            "Fingerprint",
            "Last registration",
        ],
        built,
        theme,
    );
    let mut lines = Vec::new();
    if stale > 0 {
        lines.push(Line::styled(
            format!(
                "▲ {stale} client(s) must register again (MNG-6): the service's partitions \
                 changed after they registered — a partition was added, initialized or removed. \
                 Register each marked client again with the Luna client."
            ),
            theme.warning,
        ));
    }
    lines.push(Line::styled(
        format!(
            "As last read; {} reads them from the devices again.",
            key(app, ServiceKey::Refresh)
        ),
        theme.muted,
    ));
    frame.render_widget(
        Paragraph::new(lines).wrap(ratatui::widgets::Wrap { trim: false }),
        note,
    );
}
