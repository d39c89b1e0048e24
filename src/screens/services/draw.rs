//! Draws the Services screen (MNG-1): the services table (sort, filter, Initialization State
//! and Status as symbol + word + colour), or the open service's tabs.

use super::Services;
use super::key_table::ServicesKey;
use crate::app::App;
use crate::app::Focus;
use crate::app::key_action::{GlobalKey, ListKey};
use crate::ui::screens::panel_common::{key, pair_hints as hints, theme};
use crate::ui::theme::Theme;
use crate::ui::widgets::DataTable;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

pub(super) fn draw(s: &Services, app: &App, frame: &mut Frame, area: Rect) {
    let theme = theme(app);
    match &s.detail {
        Some(d) => super::draw_detail::draw(frame, area, d, app, &theme),
        None => list(frame, area, app, s, &theme),
    }
}

fn list(frame: &mut Frame, area: Rect, app: &App, s: &Services, theme: &Theme) {
    let [table_area, hint_area] =
        Layout::vertical([Constraint::Min(3), Constraint::Length(1)]).areas(area);
    let focused = app.focus == Focus::Content;
    let message = match &s.loaded {
        None => Some("Reading the services…".to_string()),
        Some(Err(e)) => Some(e.clone()),
        Some(Ok(())) => None,
    };
    if let Some(m) = message {
        let block = Block::default().borders(Borders::ALL).title(" Services ");
        frame.render_widget(
            Paragraph::new(m).block(block).wrap(Wrap { trim: true }),
            table_area,
        );
    } else {
        // `draw` only reads the app: the widget draws the table state in place (no copy).
        DataTable::new(theme)
            .title("Services")
            .priorities(&crate::ui::columns::SERVICES)
            .empty_text(
                "No services yet: a creates one; the partitions already on your devices \
                 are imported with :import (Import Partitions).",
            )
            .focused(focused)
            .render_ref(table_area, frame.buffer_mut(), &s.table);
    }
    // Actions first: at 80 columns the line is cut at its end (sorting and filtering are in `?`).
    let pairs = [
        (key(app, ServicesKey::Create), "create"),
        (key(app, ListKey::Open), "open"),
        (key(app, ServicesKey::Initialize), "initialize"),
        (key(app, ServicesKey::Delete), "delete"),
        (key(app, ServicesKey::Detach), "detach"),
        (key(app, GlobalKey::Filter), "filter"),
        (key(app, ServicesKey::Sort), "sort"),
        (key(app, ServicesKey::SortReverse), "reverse"),
        (key(app, ServicesKey::Refresh), "refresh"),
    ];
    hints(frame, hint_area, &pairs, theme);
}
