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

pub const ACCOUNTS: Page = Page {
    title: "Accounts",
    features: "NAV-4, PERM",
    holds: "Organizations and console users: create, edit and disable them; an Owner belongs to \
            exactly one organization. Admins only.",
    command: ":accounts",
    key: GlobalKey::TabAccounts,
};

pub const AUDIT: Page = Page {
    title: "Audit",
    features: "X-6",
    holds: "Every action (who, when, what, on which device, result) from the hash-chained audit \
            log, with a filter, and verify-chain with its result. Owners see their own \
            organization's events only.",
    command: ":audit",
    key: GlobalKey::TabAudit,
};

pub const SERVICES: Page = Page {
    title: "Services",
    features: "MNG-1..6, DEL",
    holds: "The crypto services with Initialization State and Status columns; Enter opens a \
            service's General, Capabilities, Partitions, Keys and Clients tabs; Detach and \
            Delete (the name typed) from the list.",
    command: ":services",
    key: GlobalKey::TabServices,
};

pub const TEMPLATES: Page = Page {
    title: "Service Templates",
    features: "TPL",
    holds: "The service templates (capabilities, partition size, policies) a new service is \
            created from, with create, edit and delete.",
    command: ":templates",
    key: GlobalKey::TabServices,
};

pub const IMPORT: Page = Page {
    title: "Import Partitions",
    features: "IMP",
    holds: "Discovery of partitions the console does not manage yet on the devices, with \
            progress, and their import into services.",
    command: ":import",
    key: GlobalKey::TabServices,
};

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
        crate::app::NavItem::ServiceTemplates => Some(TEMPLATES),
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
