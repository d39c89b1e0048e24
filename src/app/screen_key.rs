//! Keys that belong to one screen (Services, an open service, Import Partitions) and the
//! routing contexts those screens and their dialogs add between the text line and the list.

use super::action::Action;
use super::key_action::{Context, KeyAction};
use super::state::App;
use super::tab::{Focus, NavItem, Tab};

/// A screen-specific intent, carried by `Action::Screen`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScreenKey {
    Sort,
    SortReverse,
    Refresh,
    Detach,
    Delete,
    Initialize,
    /// An attribute tab of an open service, 0-based (General = 0 … Clients = 4).
    AttrTab(u8),
    Edit,
    CoLogin,
    LogOff,
    GetStarted,
    ColumnLeft,
    ColumnRight,
    EditCell,
    DeleteRow,
    FinishImports,
    CancelImport,
}

impl ScreenKey {
    /// The screen key a bound action means, if it is one.
    pub fn from_key(a: KeyAction) -> Option<ScreenKey> {
        Some(match a {
            KeyAction::Sort => ScreenKey::Sort,
            KeyAction::SortReverse => ScreenKey::SortReverse,
            KeyAction::Refresh => ScreenKey::Refresh,
            KeyAction::Detach => ScreenKey::Detach,
            KeyAction::Delete => ScreenKey::Delete,
            KeyAction::Initialize => ScreenKey::Initialize,
            KeyAction::AttrGeneral => ScreenKey::AttrTab(0),
            KeyAction::AttrCapabilities => ScreenKey::AttrTab(1),
            KeyAction::AttrPartitions => ScreenKey::AttrTab(2),
            KeyAction::AttrKeys => ScreenKey::AttrTab(3),
            KeyAction::AttrClients => ScreenKey::AttrTab(4),
            KeyAction::Edit => ScreenKey::Edit,
            KeyAction::CoLogin => ScreenKey::CoLogin,
            KeyAction::LogOff => ScreenKey::LogOff,
            KeyAction::GetStarted => ScreenKey::GetStarted,
            KeyAction::ColumnLeft => ScreenKey::ColumnLeft,
            KeyAction::ColumnRight => ScreenKey::ColumnRight,
            KeyAction::EditCell => ScreenKey::EditCell,
            KeyAction::DeleteRow => ScreenKey::DeleteRow,
            KeyAction::FinishImports => ScreenKey::FinishImports,
            KeyAction::CancelImport => ScreenKey::CancelImport,
            _ => return None,
        })
    }
}

/// Whether the content pane of `item` is in front and has the keys.
pub fn on_screen(app: &App, item: NavItem) -> bool {
    app.tab == Tab::CryptoServices && app.nav == item && app.focus == Focus::Content
}

/// The context of an open screen dialog: it takes every key, typed characters as text.
pub fn dialog_context(app: &App) -> Option<Context> {
    let open = (on_screen(app, NavItem::Services) && app.services.dialog_open())
        || (on_screen(app, NavItem::ImportPartitions) && app.import.dialog_open());
    open.then_some(Context::Dialog)
}

/// The screen's own key table, consulted before the list and global ones.
pub fn screen_context(app: &App) -> Option<Context> {
    if on_screen(app, NavItem::Services) {
        return Some(if app.services.detail.is_some() {
            Context::ServiceDetail
        } else {
            Context::Services
        });
    }
    if on_screen(app, NavItem::ImportPartitions) {
        return Some(if app.import.has_table() {
            Context::ImportTable
        } else {
            Context::ImportStart
        });
    }
    None
}

/// `Action::Screen` for a screen key, the usual action otherwise.
pub fn screen_action(a: KeyAction) -> Option<Action> {
    ScreenKey::from_key(a).map(Action::Screen)
}
