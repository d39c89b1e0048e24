//! Draws the Audit screen: the trail (time, actor, action, device, target, outcome as symbol
//! and word) or "Loading", and its key hints from the live key map.

use super::Audit;
use super::key_table::AuditKey;
use crate::app::App;
use crate::app::key_action::ListKey;
use crate::ui::screens::panel_common::{body_and_hints, key, pair_hints, theme};
use crate::ui::widgets::DataTable;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::widgets::{Block, Borders, Paragraph};

pub(super) fn draw(audit: &Audit, app: &App, frame: &mut Frame, area: Rect) {
    let t = theme(app);
    let (body, hint) = body_and_hints(area);
    if !audit.loaded {
        let block = Block::default().borders(Borders::ALL).title(" Audit ");
        frame.render_widget(
            Paragraph::new("Loading the audit trail…").block(block),
            body,
        );
    } else {
        let table = DataTable::new(&t)
            .priorities(&crate::ui::columns::AUDIT)
            .title("Audit trail")
            .empty_text("No events yet. Every action is recorded here.");
        table.render_ref(body, frame.buffer_mut(), &audit.table);
    }
    let pairs = [
        (key(app, ListKey::Open), "details"),
        (key(app, AuditKey::Verify), "verify chain"),
        (key(app, AuditKey::Refresh), "refresh"),
        (key(app, AuditKey::Sort), "sort"),
        (key(app, AuditKey::SortReverse), "reverse"),
    ];
    pair_hints(frame, hint, &pairs, &t);
}
