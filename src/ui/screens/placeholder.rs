//! Pages for screens not built yet: what they will hold and which keys open them (taken from
//! the live key map) — never a fake result.

use crate::app::key_action::GlobalKey;
use crate::app::{App, Focus, Tab};
use crate::ui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

/// One page: title, feature IDs, what it will hold, its command and tab-key action.
pub struct Page {
    pub title: &'static str,
    pub features: &'static str,
    pub holds: &'static str,
    pub command: &'static str,
    pub key: GlobalKey,
}

pub const MIGRATE: Page = Page {
    title: "Migrate Service",
    features: "MIG",
    holds: "Moving a service's partitions to other devices, checked against the migration \
            rules, with per-device progress and undo on failure.",
    command: ":migrate",
    key: GlobalKey::TabServices,
};

/// The page of a navigation item that has no screen yet.
pub fn page(item: crate::app::NavItem) -> Option<Page> {
    match item {
        crate::app::NavItem::MigrateService => Some(MIGRATE),
        _ => None,
    }
}

pub fn draw(frame: &mut Frame, area: Rect, page: Page, app: &App, s: &Theme) {
    let tab_key = app.keymap.label(page.key);
    let how = if app.tab == Tab::CryptoServices {
        format!(
            "Open it with: {} anywhere, or {tab_key} then the navigation frame on the left.",
            page.command
        )
    } else {
        format!("Open it with: {} or {tab_key}.", page.command)
    };
    let lines = vec![
        Line::styled(
            format!("{} — not built yet ({})", page.title, page.features),
            s.title,
        ),
        Line::raw(""),
        Line::raw("This screen will hold:"),
        Line::raw(page.holds),
        Line::raw(""),
        Line::raw(how),
        Line::raw(""),
        Line::styled("Nothing is shown here until the screen exists.", s.muted),
    ];
    let focused = app.tab != Tab::CryptoServices || app.focus == Focus::Content;
    let block = Block::default()
        .borders(Borders::ALL)
        .title(format!(" {} ", page.title))
        .border_style(if focused && app.tab == Tab::CryptoServices {
            s.title
        } else {
            s.base
        });
    frame.render_widget(
        Paragraph::new(lines).block(block).wrap(Wrap { trim: true }),
        area,
    );
}
