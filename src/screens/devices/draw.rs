//! Draws the Devices screen: the device table (marks, status as symbol + word + colour, name,
//! host, model, software, firmware, licences, last seen) or "Loading", and its key hints.

use super::Devices;
use super::key_table::DevicesKey;
use crate::app::App;
use crate::app::key_action::ListKey;
use crate::ui::screens::panel_common::{body_and_hints, key, pair_hints, theme};
use crate::ui::widgets::DataTable;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::widgets::{Block, Borders, Paragraph};

pub(super) fn draw(p: &Devices, app: &App, frame: &mut Frame, area: Rect) {
    let t = theme(app);
    let (body, hint) = body_and_hints(area);
    if let Some(reason) = super::list_refusal(app) {
        let block = Block::default().borders(Borders::ALL).title(" Devices ");
        let text = format!(
            "The device list is for Admins: {reason}. Appliances (hosts, SSH logins, licences) \
             are fleet administration. Your organization's services are under Crypto Services."
        );
        frame.render_widget(
            Paragraph::new(text)
                .block(block)
                .wrap(ratatui::widgets::Wrap { trim: true }),
            body,
        );
        return;
    }
    if !p.loaded {
        let block = Block::default().borders(Borders::ALL).title(" Devices ");
        frame.render_widget(
            Paragraph::new("Loading the device list…").block(block),
            body,
        );
    } else {
        let table = DataTable::new(&t)
            .priorities(&crate::ui::columns::DEVICES)
            .title("Devices")
            .empty_text("No devices yet. Press a to add one (name, host, port, SSH login).");
        table.render_ref(body, frame.buffer_mut(), &p.table);
        if let Some(detail) = &p.detail {
            super::draw_detail::draw(detail, app, frame, body);
        }
    }
    pair_hints(frame, hint, &hint_pairs(p, app), &t);
}

/// The key hints, most important first: with devices marked, the keys that act on them.
fn hint_pairs(p: &Devices, app: &App) -> Vec<(String, &'static str)> {
    let on_selected = p
        .table
        .selected_key()
        .is_some_and(|k| p.table.is_marked(&k));
    let mark = (
        key(app, DevicesKey::Mark),
        if on_selected { "unmark" } else { "mark" },
    );
    let all = (
        key(app, DevicesKey::MarkAll),
        if p.table.all_shown_marked() {
            "unmark all"
        } else {
            "mark all"
        },
    );
    let rest = [
        (key(app, DevicesKey::Remove), "remove"),
        (key(app, DevicesKey::Sort), "sort"),
        (key(app, DevicesKey::SortReverse), "reverse"),
    ];
    let mut pairs = if p.table.marked_len() > 0 {
        vec![
            (key(app, DevicesKey::Authorize), "authorize marked"),
            (key(app, DevicesKey::Refresh), "refresh marked"),
            (key(app, DevicesKey::Discover), "discover marked"),
            mark,
            all,
            (key(app, ListKey::Open), "details"),
            (key(app, DevicesKey::Add), "add"),
            (key(app, DevicesKey::Edit), "edit"),
        ]
    } else {
        vec![
            (key(app, ListKey::Open), "details"),
            (key(app, DevicesKey::Add), "add"),
            (key(app, DevicesKey::Authorize), "authorize"),
            (key(app, DevicesKey::Edit), "edit"),
            (key(app, DevicesKey::Refresh), "refresh"),
            (key(app, DevicesKey::Discover), "discover"),
            mark,
            all,
        ]
    };
    pairs.extend(rest);
    pairs
}
