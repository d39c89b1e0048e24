//! Which screen has the keys (Services, an open service, Import Partitions) and the routing
//! contexts those screens and their dialogs add between the text line and the list.

use super::key_action::Context;
use super::state::App;
use super::tab::{Focus, NavItem, Tab};

/// Whether the content pane of `item` is in front and has the keys.
pub fn on_screen(app: &App, item: NavItem) -> bool {
    app.tab == Tab::CryptoServices && app.nav == item && app.focus == Focus::Content
}

/// Whether a dialog of the screen in front is open: it takes every key (`[keys.dialog]`).
pub fn dialog_open(app: &App) -> bool {
    on_screen(app, NavItem::Services) && app.services.dialog_open()
}

/// The screen's own key table, consulted before the list and global ones.
pub fn screen_context(app: &App) -> Option<Context> {
    if app.tab == Tab::CryptoServices && app.focus == Focus::Content {
        if let Some(registered) = app.nav.context() {
            return Some(registered);
        }
    }
    if on_screen(app, NavItem::Services) {
        return Some(if app.services.detail.is_some() {
            Context::ServiceDetail
        } else {
            Context::Services
        });
    }
    None
}
