//! Crypto Services → Services (MNG-1): the services table (sort, filter, Initialization State
//! and Status as symbol + word + colour), the open service's tabs, and the screen's dialogs.

use crate::app::App;
use crate::app::key_action::{Context, KeyAction};
use crate::app::{Focus, services_state::ServicesScreen};
use crate::ui::theme::Theme;
use crate::ui::widgets::{DataTable, KeyHints};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

/// The theme the screens draw with (monochrome under `NO_COLOR` / `--no-color`).
pub fn theme_of(app: &App) -> Theme {
    if app.options.monochrome {
        Theme::mono()
    } else {
        Theme::default16()
    }
}

/// The first key bound to `action` in `ctx`, as hints print it.
pub fn key(app: &App, ctx: Context, action: KeyAction) -> String {
    app.keymap.first_key(ctx, action)
}

/// A hint line from (key, label) pairs.
pub fn hints(frame: &mut Frame, area: Rect, pairs: &[(String, &str)], theme: &Theme) {
    let refs: Vec<(&str, &str)> = pairs.iter().map(|(k, l)| (k.as_str(), *l)).collect();
    frame.render_widget(KeyHints::new(&refs, theme), area);
}

pub fn draw(frame: &mut Frame, area: Rect, app: &App) {
    let theme = theme_of(app);
    match &app.services.detail {
        Some(d) => super::service_detail::draw(frame, area, d, app, &theme),
        None => list(frame, area, app, &app.services, &theme),
    }
}

/// The Services and Import screens' dialogs, drawn over the whole frame (after the bars).
pub fn draw_dialogs(frame: &mut Frame, app: &App) {
    let theme = theme_of(app);
    super::services_dialogs::draw(frame, frame.area(), app, &theme);
}

fn list(frame: &mut Frame, area: Rect, app: &App, s: &ServicesScreen, theme: &Theme) {
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
            .widths(&crate::ui::columns::SERVICES)
            .empty_text(
                "No services yet. Import the partitions already on your devices with \
                 :import (Import Partitions).",
            )
            .focused(focused)
            .render_ref(table_area, frame.buffer_mut(), &s.table);
    }
    let c = Context::Services;
    // Actions first: at 80 columns the line is cut at its end (sorting and filtering are in `?`).
    let pairs = [
        (key(app, Context::List, KeyAction::Open), "open"),
        (key(app, c, KeyAction::Initialize), "initialize"),
        (key(app, c, KeyAction::Delete), "delete"),
        (key(app, c, KeyAction::Detach), "detach"),
        (key(app, Context::Global, KeyAction::Filter), "filter"),
        (key(app, c, KeyAction::Sort), "sort"),
        (key(app, c, KeyAction::SortReverse), "reverse"),
        (key(app, c, KeyAction::Refresh), "refresh"),
    ];
    hints(frame, hint_area, &pairs, theme);
}
