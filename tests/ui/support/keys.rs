//! Keys for the console's flow and screen tests: a key name to a crossterm event, and pressing a
//! space-separated sequence through the real `route` and `update` (`"text"` is typed letter by letter).

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use lunadeck::app::route::route;
use lunadeck::app::{App, Command, update};

/// The event of one key name as the README spells it (`Enter`, `Shift-Tab`, `Ctrl-c`, `F2`, `G`...);
/// an unknown name fails the test.
pub fn key_event(name: &str) -> KeyEvent {
    let plain = |code| KeyEvent::new(code, KeyModifiers::NONE);
    match name {
        "Enter" => plain(KeyCode::Enter),
        "Esc" => plain(KeyCode::Esc),
        "Tab" => plain(KeyCode::Tab),
        "Shift-Tab" => KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT),
        "Backspace" => plain(KeyCode::Backspace),
        "Delete" => plain(KeyCode::Delete),
        "Space" => plain(KeyCode::Char(' ')),
        "Up" => plain(KeyCode::Up),
        "Down" => plain(KeyCode::Down),
        "Left" => plain(KeyCode::Left),
        "Right" => plain(KeyCode::Right),
        "Home" => plain(KeyCode::Home),
        "End" => plain(KeyCode::End),
        "PageUp" => plain(KeyCode::PageUp),
        "PageDown" => plain(KeyCode::PageDown),
        alt if alt.starts_with("Alt-") && alt.chars().count() == 5 => {
            let c = alt.chars().last().unwrap();
            KeyEvent::new(KeyCode::Char(c), KeyModifiers::ALT)
        }
        ctrl if ctrl.starts_with("Ctrl-") && ctrl.chars().count() == 6 => {
            let c = ctrl.chars().last().unwrap();
            KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)
        }
        f if f.len() > 1 && f.starts_with('F') && f[1..].parse::<u8>().is_ok() => {
            plain(KeyCode::F(f[1..].parse().unwrap()))
        }
        one => {
            let mut chars = one.chars();
            let (Some(c), None) = (chars.next(), chars.next()) else {
                panic!("unknown test key name {one:?} (type text as \"quoted\" words)");
            };
            let m = if c.is_ascii_uppercase() {
                KeyModifiers::SHIFT
            } else {
                KeyModifiers::NONE
            };
            KeyEvent::new(KeyCode::Char(c), m)
        }
    }
}

/// Presses space-separated keys; `"text"` words are typed letter by letter. Returns every
/// command `update` produced.
pub fn press(app: &mut App, keys: &str) -> Vec<Command> {
    let mut out = Vec::new();
    for word in keys.split(' ').filter(|w| !w.is_empty()) {
        let names: Vec<String> = match word.strip_prefix('"').and_then(|w| w.strip_suffix('"')) {
            Some(text) => text.chars().map(String::from).collect(),
            None => vec![word.to_string()],
        };
        for name in names {
            if let Some(action) = route(app, &key_event(&name)) {
                out.extend(update(app, action));
            }
        }
    }
    out
}
