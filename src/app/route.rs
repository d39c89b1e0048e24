//! Key routing (DESIGN.md "UI conventions"): global hard keys (Ctrl-C) → the open modal (which
//! swallows every key) → the focused text field → the active screen → global bindings.

use super::action::{Action, Motion};
use super::key_action::{Context, KeyAction};
use super::key_chord::KeyChord;
use super::state::App;
use super::tab::{Focus, NavItem, Tab};
use crate::kit::DialogInput;
use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

/// The action a key press means in the current state, if any.
pub fn route(app: &App, key: &KeyEvent) -> Option<Action> {
    if key.kind == KeyEventKind::Release {
        return None;
    }
    let chord = KeyChord::from_event(key);
    if chord == KeyChord::new(KeyCode::Char('c'), KeyModifiers::CONTROL) {
        return Some(Action::Interrupt);
    }
    let map = &app.keymap;
    let bound = |ctx: Context| map.lookup(ctx, chord).map(to_action);
    let text = |ctx: Context| bound(ctx).or_else(|| chord.typed_char().map(Action::Input));
    if app.modal.is_some() {
        return bound(Context::Modal);
    }
    let front = super::screen::front(app);
    if app.panels.dialog.is_some() {
        return dialog(map, Context::Dialog, chord);
    }
    if let Some(f) = front.filter(|f| app.screens.typing(*f)) {
        return dialog(map, app.screens.typing_keys(f), chord);
    }
    if app.command.is_some() {
        return text(Context::Command);
    }
    if app.filter_editing() {
        return text(Context::Filter);
    }
    front
        .map(|f| app.screens.key_context(f))
        .and_then(|ctx| map.lookup(ctx, chord))
        .map(Action::Screen)
        .or_else(|| bound(Context::List))
        .or_else(|| bound(Context::Global))
}

/// A key of an open dialog: what its key table (`[keys.dialog]`, `[keys.login]`) binds it to,
/// else the character it types.
fn dialog(map: &super::keymap::Keymap, table: Context, chord: KeyChord) -> Option<Action> {
    let input = match map.lookup(table, chord) {
        Some(KeyAction::Submit) => DialogInput::Submit,
        Some(KeyAction::Cancel) => DialogInput::Cancel,
        Some(KeyAction::NextField) => DialogInput::NextField,
        Some(KeyAction::PrevField) => DialogInput::PrevField,
        Some(KeyAction::DeleteBack) => DialogInput::DeleteBack,
        Some(KeyAction::ClearField) => DialogInput::ClearField,
        Some(KeyAction::NextChoice) => DialogInput::NextChoice,
        Some(KeyAction::PrevChoice) => DialogInput::PrevChoice,
        _ => DialogInput::Type(chord.typed_char()?),
    };
    Some(Action::Dialog(input))
}

/// What a bound key means; context-dependent meanings (Esc, Enter) are sorted out by `update`.
pub fn to_action(a: KeyAction) -> Action {
    match a {
        KeyAction::Quit => Action::Quit,
        KeyAction::Help => Action::Help,
        KeyAction::CommandLine => Action::OpenCommandLine,
        KeyAction::Filter => Action::OpenFilter,
        KeyAction::NextTab => Action::NextTab,
        KeyAction::PrevTab => Action::PrevTab,
        KeyAction::TabDevices => Action::GoTab(Tab::Devices),
        KeyAction::TabServices => Action::GoNav(NavItem::Services),
        KeyAction::TabAccounts => Action::GoTab(Tab::Accounts),
        KeyAction::TabJobs => Action::GoTab(Tab::Jobs),
        KeyAction::TabAudit => Action::GoTab(Tab::Audit),
        KeyAction::FocusNext => Action::FocusNext,
        KeyAction::FocusPrev => Action::FocusPrev,
        KeyAction::Up => Action::Move(Motion::Up),
        KeyAction::Down => Action::Move(Motion::Down),
        KeyAction::Top => Action::Move(Motion::Top),
        KeyAction::Bottom => Action::Move(Motion::Bottom),
        KeyAction::PageUp => Action::Move(Motion::PageUp),
        KeyAction::PageDown => Action::Move(Motion::PageDown),
        KeyAction::Left => Action::FocusPane(Focus::Nav),
        KeyAction::Right => Action::FocusPane(Focus::Content),
        KeyAction::Open => Action::Open,
        KeyAction::Back | KeyAction::Cancel => Action::Back,
        KeyAction::Confirm => Action::Confirm,
        KeyAction::NextChoice => Action::NextChoice,
        KeyAction::PrevChoice => Action::PrevChoice,
        KeyAction::Submit => Action::Submit,
        KeyAction::Complete => Action::Complete,
        KeyAction::DeleteBack => Action::DeleteBack,
        other => Action::Screen(other),
    }
}
