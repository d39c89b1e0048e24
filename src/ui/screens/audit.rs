//! The Audit tab: the events the user may see (time, actor, action, device, target,
//! outcome as symbol + word), filterable and sortable; `v` verifies the hash chain.

use super::panel_common::{body_and_hints, hints, theme};
use crate::app::App;
use crate::app::key_action::{Context, KeyAction};
use crate::ui::widgets::DataTable;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::widgets::{Block, Borders, Paragraph};

pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let t = theme(app);
    let (body, hint) = body_and_hints(area);
    let p = &app.panels.audit;
    if !p.loaded {
        let block = Block::default().borders(Borders::ALL).title(" Audit ");
        frame.render_widget(
            Paragraph::new("Loading the audit trail…").block(block),
            body,
        );
    } else {
        let table = DataTable::new(&t)
            .widths(&crate::ui::columns::AUDIT)
            .title("Audit trail")
            .empty_text("No events yet. Every action is recorded here.");
        table.render_ref(body, frame.buffer_mut(), &p.table);
    }
    hints(
        frame,
        hint,
        app,
        Context::Audit,
        &[
            (KeyAction::Verify, "verify chain"),
            (KeyAction::Refresh, "refresh"),
            (KeyAction::Sort, "sort"),
            (KeyAction::SortReverse, "reverse"),
        ],
    );
}
