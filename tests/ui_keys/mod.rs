//! Keys for the console's flow and screen tests: a key name to a crossterm event, and pressing a
//! space-separated sequence through the real `route` and `update` (`"text"` is typed letter by letter).

#![allow(dead_code)]

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use lunadeck::app::route::route;
use lunadeck::app::{App, Command, update};

pub fn key_event(name: &str) -> KeyEvent {
    let code = match name {
        "Enter" => KeyCode::Enter,
        "Esc" => KeyCode::Esc,
        "Tab" => KeyCode::Tab,
        "Shift-Tab" => return KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT),
        "Backspace" => KeyCode::Backspace,
        "Space" => KeyCode::Char(' '),
        "Up" => KeyCode::Up,
        "Down" => KeyCode::Down,
        "Left" => KeyCode::Left,
        "Right" => KeyCode::Right,
        one => {
            let c = one.chars().next().unwrap_or(' ');
            let m = if c.is_ascii_uppercase() {
                KeyModifiers::SHIFT
            } else {
                KeyModifiers::NONE
            };
            return KeyEvent::new(KeyCode::Char(c), m);
        }
    };
    KeyEvent::new(code, KeyModifiers::NONE)
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
