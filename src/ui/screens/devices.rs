//! The Devices tab (DEV-1..3): the device table (status as symbol + word + colour, name, host,
//! model, software, firmware, last seen) with sort and filter, and its key hints.

use super::panel_common::{body_and_hints, hints, theme};
use crate::app::App;
use crate::app::key_action::{Context, KeyAction};
use crate::ui::widgets::DataTable;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::widgets::{Block, Borders, Paragraph};

pub fn draw(frame: &mut Frame, area: Rect, app: &App, _s: &crate::ui::theme::Theme) {
    let t = theme(app);
    let (body, hint) = body_and_hints(area);
    let p = &app.panels.devices;
    if !p.loaded {
        let block = Block::default().borders(Borders::ALL).title(" Devices ");
        frame.render_widget(
            Paragraph::new("Loading the device list…").block(block),
            body,
        );
    } else {
        let table = DataTable::new(&t)
            .widths(&crate::ui::columns::DEVICES)
            .title("Devices")
            .empty_text("No devices yet. Press a to add one (name, host, port, SSH login).");
        table.render_ref(body, frame.buffer_mut(), &p.table);
    }
    hints(
        frame,
        hint,
        app,
        Context::Devices,
        &[
            (KeyAction::Add, "add"),
            (KeyAction::Authorize, "authorize"),
            (KeyAction::Refresh, "refresh"),
            (KeyAction::Remove, "remove"),
            (KeyAction::Sort, "sort"),
            (KeyAction::SortReverse, "reverse"),
        ],
    );
}
