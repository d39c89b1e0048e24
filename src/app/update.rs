//! `update`: the one place UI state changes. Pure: no IO, no clock; side effects are returned
//! as `Command`s for the run loop. The order mirrors key routing: modal, login, text line, screen.

use super::action::{Action, Command, Motion};
use super::message::BackendRequest;
use super::modal::{Modal, QuitChoice};
use super::prompt::{CommandLine, Filter, FilterMode, Jump, LINE_MAX_CHARS};
use super::state::App;
use super::tab::{Focus, NavItem, Tab};
use crate::kit::TextEdit;

pub fn update(app: &mut App, action: Action) -> Vec<Command> {
    if let Action::Paste { mut chars, dialog } = action {
        // A paste is the characters typed one after the other into the same field; they may
        // be a secret for a masked field, so they are wiped afterwards.
        let commands = chars
            .iter()
            .flat_map(|c| {
                let typed = if dialog {
                    Action::Dialog(crate::kit::DialogInput::Type(*c))
                } else {
                    Action::Input(*c)
                };
                update(app, typed)
            })
            .collect();
        zeroize::Zeroize::zeroize(&mut chars);
        return commands;
    }
    if is_key(&action) {
        // The notice line holds until the next key.
        app.notice = None;
    }
    let shown = super::message_log::Shown::of(app);
    let commands = dispatch(app, action);
    super::update_panels::sync(app);
    shown.log_new(app);
    commands
}

/// Whether `action` is the user's (a key), not the backend's or the clock's.
fn is_key(action: &Action) -> bool {
    !matches!(
        action,
        Action::Backend(_) | Action::Tick | Action::Resize | Action::Interrupt
    )
}

fn dispatch(app: &mut App, action: Action) -> Vec<Command> {
    match action {
        Action::Backend(event) => return super::update_backend::backend(app, *event),
        Action::Tick => {
            app.spinner = app.spinner.wrapping_add(1);
            return crate::screens::Screens::tick(app);
        }
        Action::Resize => return Vec::new(),
        Action::Interrupt => return interrupt(app),
        _ => {}
    }
    if app.modal.is_some() {
        return modal(app, action);
    }
    if app.panels.dialog.is_some() {
        return super::update_panel_dialog::dialog(app, action);
    }
    if app.session.is_none() {
        // The sign-in screen takes every key until a session exists.
        return super::screen::input(app, &action).unwrap_or_default();
    }
    if app.command.is_some() {
        return command_line(app, action);
    }
    if app.filter_editing() {
        return filter(app, action);
    }
    if let Some(commands) = super::screen::input(app, &action) {
        return commands;
    }
    screen(app, action)
}

pub(super) fn request(r: BackendRequest) -> Command {
    Command::Backend(r)
}

/// `q` and Ctrl-C: quit at once when nothing runs, otherwise ask (default: stay).
fn ask_quit(app: &mut App) -> Vec<Command> {
    let running = app.running_jobs();
    if running == 0 {
        return vec![Command::Quit];
    }
    app.modal = Some(Modal::ConfirmQuit {
        running,
        choice: QuitChoice::Stay,
    });
    Vec::new()
}

fn interrupt(app: &mut App) -> Vec<Command> {
    match app.modal {
        Some(Modal::ConfirmQuit { .. }) => Vec::new(),
        Some(Modal::Fatal { .. }) => vec![Command::Quit],
        _ => ask_quit(app),
    }
}

fn modal(app: &mut App, action: Action) -> Vec<Command> {
    let Some(current) = app.modal.take() else {
        return Vec::new();
    };
    let (next, commands) = match (current, action) {
        (Modal::Fatal { .. }, Action::Confirm | Action::Back) => (None, vec![Command::Quit]),
        (_, Action::Back) => (None, Vec::new()),
        (Modal::Help { scroll }, Action::Move(m)) => (
            Some(Modal::Help {
                scroll: scrolled(scroll, m),
            }),
            Vec::new(),
        ),
        (Modal::Messages { scroll }, Action::Move(m)) => (
            Some(Modal::Messages {
                scroll: scrolled(scroll, m),
            }),
            Vec::new(),
        ),
        (Modal::ConfirmQuit { running, choice }, Action::NextChoice | Action::PrevChoice) => {
            let choice = match choice {
                QuitChoice::Stay => QuitChoice::Quit,
                QuitChoice::Quit => QuitChoice::Stay,
            };
            (Some(Modal::ConfirmQuit { running, choice }), Vec::new())
        }
        (Modal::ConfirmQuit { choice, .. }, Action::Confirm) => match choice {
            QuitChoice::Quit => (None, vec![Command::Quit]),
            QuitChoice::Stay => (None, Vec::new()),
        },
        (Modal::Help { .. } | Modal::Messages { .. } | Modal::Notice { .. }, Action::Confirm) => {
            (None, Vec::new())
        }
        (other, _) => (Some(other), Vec::new()),
    };
    app.modal = next;
    commands
}

/// A long modal's first line after `m` (up and down by one; the drawing clamps the end).
fn scrolled(scroll: u16, m: Motion) -> u16 {
    match m {
        Motion::Up => scroll.saturating_sub(1),
        Motion::Down => scroll.saturating_add(1),
        _ => scroll,
    }
}

fn command_line(app: &mut App, action: Action) -> Vec<Command> {
    let Some(line) = app.command.as_mut() else {
        return Vec::new();
    };
    match action {
        Action::Input(c) => {
            line.input.edit(TextEdit::Insert(c), LINE_MAX_CHARS);
            line.error = None;
            line.candidates.clear();
        }
        Action::DeleteBack => {
            line.input.edit(TextEdit::DeleteBack, LINE_MAX_CHARS);
            line.error = None;
        }
        Action::Edit(e) => {
            line.input.edit(e, LINE_MAX_CHARS);
            line.error = None;
        }
        Action::Complete => line.complete(),
        Action::Back => app.command = None,
        Action::Submit => match line.resolve() {
            Ok(jump) => {
                app.command = None;
                return go(app, jump);
            }
            Err(message) => {
                // Said and closed: the next `:` starts empty (issue 11.7).
                app.command = None;
                app.notice = Some(message);
            }
        },
        _ => {}
    }
    Vec::new()
}

fn go(app: &mut App, jump: Jump) -> Vec<Command> {
    match jump {
        Jump::Tab(t) => switch_tab(app, t),
        Jump::Nav(n) => open_nav(app, n),
        Jump::Help => {
            app.modal = Some(Modal::Help { scroll: 0 });
            Vec::new()
        }
        Jump::Messages => {
            app.modal = Some(Modal::Messages { scroll: 0 });
            Vec::new()
        }
        // The screen is cleared when the backend says it is done (a refusal changes nothing).
        Jump::Logout => vec![request(BackendRequest::SignOut)],
        Jump::Quit => ask_quit(app),
    }
}

fn filter(app: &mut App, action: Action) -> Vec<Command> {
    let Some(f) = app.filter.as_mut() else {
        return Vec::new();
    };
    match action {
        Action::Input(c) => {
            f.text.edit(TextEdit::Insert(c), LINE_MAX_CHARS);
        }
        Action::DeleteBack => {
            f.text.edit(TextEdit::DeleteBack, LINE_MAX_CHARS);
        }
        Action::Edit(e) => {
            f.text.edit(e, LINE_MAX_CHARS);
        }
        Action::Submit if f.text.is_empty() => app.filter = None,
        Action::Submit => f.mode = FilterMode::Applied,
        Action::Back => app.filter = None,
        _ => return Vec::new(),
    }
    Vec::new()
}

/// The frame's lists a tab shows (the screen in front asks for the rest in `Screen::shown`).
fn refresh_for(tab: Tab) -> Vec<Command> {
    match tab {
        Tab::Jobs => vec![request(BackendRequest::ListJobs)],
        _ => Vec::new(),
    }
}

fn switch_tab(app: &mut App, tab: Tab) -> Vec<Command> {
    if app.tab != tab {
        app.filter = None;
    }
    app.tab = tab;
    if tab == Tab::CryptoServices {
        app.focus = Focus::Nav;
    }
    let mut commands = refresh_for(tab);
    if let Some(front) = super::screen::front(app) {
        commands.extend(crate::screens::Screens::shown(app, front));
    }
    commands.extend(on_nav(app));
    commands
}

pub(crate) fn open_nav(app: &mut App, item: NavItem) -> Vec<Command> {
    if app.tab != Tab::CryptoServices {
        app.filter = None;
    }
    app.tab = Tab::CryptoServices;
    app.nav = item;
    app.focus = Focus::Content;
    on_nav(app)
}

/// The Crypto Services item in view: what its screen fetches.
fn on_nav(app: &mut App) -> Vec<Command> {
    if app.tab != Tab::CryptoServices {
        return Vec::new();
    }
    crate::screens::Screens::at(super::tab::Place::Nav(app.nav))
        .map(|ctx| crate::screens::Screens::shown(app, ctx))
        .unwrap_or_default()
}

fn screen(app: &mut App, action: Action) -> Vec<Command> {
    let in_nav = app.tab == Tab::CryptoServices && app.focus == Focus::Nav;
    match action {
        Action::Quit => return ask_quit(app),
        Action::Help => app.modal = Some(Modal::Help { scroll: 0 }),
        Action::Messages => app.modal = Some(Modal::Messages { scroll: 0 }),
        Action::OpenCommandLine => app.command = Some(CommandLine::default()),
        Action::OpenFilter if app.has_list() => {
            let text = app.filter.take().map(|f| f.text).unwrap_or_default();
            app.filter = Some(Filter {
                text,
                mode: FilterMode::Editing,
            });
        }
        Action::OpenFilter => {
            app.notice = Some("Nothing to filter on this screen.".into());
        }
        Action::NextTab => return switch_tab(app, app.tab.next()),
        Action::PrevTab => return switch_tab(app, app.tab.prev()),
        Action::GoTab(t) => return switch_tab(app, t),
        Action::GoNav(n) => return open_nav(app, n),
        Action::FocusNext | Action::FocusPrev if app.tab == Tab::CryptoServices => {
            app.focus = match app.focus {
                Focus::Nav => Focus::Content,
                Focus::Content => Focus::Nav,
            };
        }
        Action::FocusPane(f) if app.tab == Tab::CryptoServices => app.focus = f,
        Action::Move(m) if in_nav => {
            app.nav = match m {
                Motion::Up | Motion::PageUp => app.nav.step(false),
                Motion::Down | Motion::PageDown => app.nav.step(true),
                Motion::Top => NavItem::Services,
                Motion::Bottom => NavItem::MigrateService,
            };
            return on_nav(app);
        }
        Action::Open if in_nav => app.focus = Focus::Content,
        Action::Back => back(app),
        _ => {}
    }
    Vec::new()
}

/// Esc on a screen: clear the filter, else leave the screen for the navigation frame. Never
/// changes data.
fn back(app: &mut App) {
    if app.filter.is_some() {
        app.filter = None;
    } else if app.tab == Tab::CryptoServices && app.focus == Focus::Content {
        app.focus = Focus::Nav;
    }
}

#[cfg(test)]
#[path = "update_tests.rs"]
mod tests;
