//! Draws the Migrate Service screen: the migrations (running ones with their targets' states),
//! the selected one's outcome below, and the key hints (the start key says why when refused).

use super::{Migrate, MigrateKey};
use crate::app::App;
use crate::app::key_action::ListKey;
use crate::domain::text::neutralize_line;
use crate::ui::screens::panel_common::{body_and_hints, key, pair_hints, theme};
use crate::ui::widgets::DataTable;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

/// #, Source service, Source partition, New service, Targets, State, Elapsed, Started by.
const PRIORITIES: [u8; 8] = [1, 0, 2, 0, 1, 0, 1, 3];

pub(super) fn draw(m: &Migrate, app: &App, frame: &mut Frame, area: Rect) {
    let t = theme(app);
    let (body, hint) = body_and_hints(area);
    let block = || {
        Block::default()
            .borders(Borders::ALL)
            .title(" Migrate Service ")
    };
    if let Some(why) = &m.refused {
        let text = Paragraph::new(neutralize_line(why)).style(t.warning);
        frame.render_widget(text.block(block()).wrap(Wrap { trim: true }), body);
    } else if !m.loaded {
        frame.render_widget(
            Paragraph::new("Loading the migrations…").block(block()),
            body,
        );
    } else {
        let [list, detail] =
            Layout::vertical([Constraint::Min(5), Constraint::Length(6)]).areas(body);
        let empty = format!(
            "No migration yet: {} migrates a service to other devices (the console stays \
             usable while it runs).",
            key(app, MigrateKey::Start)
        );
        DataTable::new(&t)
            .priorities(&PRIORITIES)
            .title("Migrations")
            .empty_text(&empty)
            .render_ref(list, frame.buffer_mut(), &m.table);
        let mut lines = Vec::new();
        if let Some(why) = &m.not_offered {
            lines.push(Line::styled(
                format!(
                    "{} is not offered: {}",
                    key(app, MigrateKey::Start),
                    neutralize_line(why)
                ),
                t.warning,
            ));
        }
        if let Some(row) = m.table.selected_row() {
            let r = &row.record;
            lines.push(Line::styled(
                format!(
                    "Migration {}: '{}' (partition '{}') → '{}'",
                    r.id,
                    neutralize_line(&r.source_name),
                    neutralize_line(&r.source_partition),
                    neutralize_line(&r.new_name)
                ),
                t.header,
            ));
            lines.push(Line::raw(format!(
                "Targets: {} · elapsed {} · started by {}",
                neutralize_line(&super::targets_text(r)),
                super::elapsed_text(r.elapsed_seconds(row.now)),
                neutralize_line(&r.started_by)
            )));
            match &r.outcome {
                Some(o) => lines.push(Line::raw(neutralize_line(o))),
                None => lines.push(Line::styled(
                    "Running: only its source and new service are locked; every other screen works.",
                    t.muted,
                )),
            }
        }
        let p = Paragraph::new(lines).wrap(Wrap { trim: false });
        frame.render_widget(p, detail);
    }
    let pairs = [
        (key(app, MigrateKey::Start), "migrate"),
        (key(app, MigrateKey::Repair), "repair"),
        (key(app, ListKey::Open), "details"),
        (key(app, MigrateKey::Refresh), "refresh"),
        (key(app, MigrateKey::Sort), "sort"),
        (key(app, MigrateKey::SortReverse), "reverse"),
    ];
    pair_hints(frame, hint, &pairs, &t);
}
