//! Key routing (DESIGN.md "UI conventions"): global hard keys (Ctrl-C) → the open modal (which
//! swallows every key) → the focused text field → the active screen → global bindings.

use super::action::{Action, Motion};
use super::key_action::{CommandKey, DialogKey, FilterKey, GlobalKey, ListKey, ModalKey};
use super::key_chord::KeyChord;
use super::keymap::Keymap;
use super::state::App;
use super::tab::{Focus, NavItem, Tab};
use crate::kit::{DialogInput, TextEdit};
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
    let typed = || chord.typed_char().map(Action::Input);
    if app.modal.is_some() {
        return map.lookup::<ModalKey>(chord).map(modal);
    }
    let front = super::screen::front(app);
    if app.panels.dialog.is_some() {
        return dialog_input(map, chord).map(Action::Dialog);
    }
    if let Some(f) = front.filter(|f| app.screens.typing(*f)) {
        return app.screens.typing_input(f, map, chord).map(Action::Dialog);
    }
    if app.command.is_some() {
        return map.lookup::<CommandKey>(chord).map(command).or_else(typed);
    }
    if app.filter_editing() {
        return map.lookup::<FilterKey>(chord).map(filter).or_else(typed);
    }
    front
        .map(|f| app.screens.key_context(f))
        .and_then(|ctx| map.bound(ctx, chord))
        .map(Action::Screen)
        .or_else(|| map.lookup::<ListKey>(chord).map(list))
        .or_else(|| map.lookup::<GlobalKey>(chord).map(global))
}

/// A pasted text (bracketed paste): typed into the text field that has the focus, character
/// by character (line breaks and other control characters left out); outside a text field it
/// means nothing — pasted letters are never read as commands.
pub fn paste(app: &App, text: &str) -> Option<Action> {
    let chars: Vec<char> = text.chars().filter(|c| !c.is_control()).collect();
    if chars.is_empty() || app.modal.is_some() {
        return None;
    }
    let front = super::screen::front(app);
    let dialog = app.panels.dialog.is_some() || front.is_some_and(|f| app.screens.typing(f));
    let line = app.command.is_some() || app.filter_editing();
    (dialog || line).then_some(Action::Paste { chars, dialog })
}

/// A key of an open dialog or inline editor: what `[keys.dialog]` binds it to, else the
/// character it types.
pub fn dialog_input(map: &Keymap, chord: KeyChord) -> Option<DialogInput> {
    match map.lookup::<DialogKey>(chord) {
        Some(k) => Some(k.input()),
        None => chord.typed_char().map(DialogInput::Type),
    }
}

fn global(k: GlobalKey) -> Action {
    match k {
        GlobalKey::Quit => Action::Quit,
        GlobalKey::Help => Action::Help,
        GlobalKey::Messages => Action::Messages,
        GlobalKey::CommandLine => Action::OpenCommandLine,
        GlobalKey::Filter => Action::OpenFilter,
        GlobalKey::NextTab => Action::NextTab,
        GlobalKey::PrevTab => Action::PrevTab,
        GlobalKey::TabDevices => Action::GoTab(Tab::Devices),
        GlobalKey::TabServices => Action::GoNav(NavItem::Services),
        GlobalKey::TabAccounts => Action::GoTab(Tab::Accounts),
        GlobalKey::TabJobs => Action::GoTab(Tab::Jobs),
        GlobalKey::TabAudit => Action::GoTab(Tab::Audit),
        GlobalKey::FocusNext => Action::FocusNext,
        GlobalKey::FocusPrev => Action::FocusPrev,
    }
}

fn list(k: ListKey) -> Action {
    match k {
        ListKey::Up => Action::Move(Motion::Up),
        ListKey::Down => Action::Move(Motion::Down),
        ListKey::Top => Action::Move(Motion::Top),
        ListKey::Bottom => Action::Move(Motion::Bottom),
        ListKey::PageUp => Action::Move(Motion::PageUp),
        ListKey::PageDown => Action::Move(Motion::PageDown),
        ListKey::Left => Action::FocusPane(Focus::Nav),
        ListKey::Right => Action::FocusPane(Focus::Content),
        ListKey::Open => Action::Open,
        ListKey::Back => Action::Back,
    }
}

fn modal(k: ModalKey) -> Action {
    match k {
        ModalKey::Confirm => Action::Confirm,
        ModalKey::Cancel => Action::Back,
        ModalKey::NextChoice => Action::NextChoice,
        ModalKey::PrevChoice => Action::PrevChoice,
        ModalKey::Up => Action::Move(Motion::Up),
        ModalKey::Down => Action::Move(Motion::Down),
    }
}

fn command(k: CommandKey) -> Action {
    match k {
        CommandKey::Submit => Action::Submit,
        CommandKey::Cancel => Action::Back,
        CommandKey::Complete => Action::Complete,
        CommandKey::DeleteBack => Action::DeleteBack,
        CommandKey::CursorLeft => Action::Edit(TextEdit::Left),
        CommandKey::CursorRight => Action::Edit(TextEdit::Right),
        CommandKey::Home => Action::Edit(TextEdit::Home),
        CommandKey::End => Action::Edit(TextEdit::End),
        CommandKey::DeleteForward => Action::Edit(TextEdit::DeleteForward),
        CommandKey::DeleteWord => Action::Edit(TextEdit::DeleteWord),
    }
}

fn filter(k: FilterKey) -> Action {
    match k {
        FilterKey::Submit => Action::Submit,
        FilterKey::Cancel => Action::Back,
        FilterKey::DeleteBack => Action::DeleteBack,
        FilterKey::CursorLeft => Action::Edit(TextEdit::Left),
        FilterKey::CursorRight => Action::Edit(TextEdit::Right),
        FilterKey::Home => Action::Edit(TextEdit::Home),
        FilterKey::End => Action::Edit(TextEdit::End),
        FilterKey::DeleteForward => Action::Edit(TextEdit::DeleteForward),
        FilterKey::DeleteWord => Action::Edit(TextEdit::DeleteWord),
    }
}
