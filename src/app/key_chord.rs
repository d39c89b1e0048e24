//! `KeyChord`: one key with its modifiers, parsed from the names used in `config.toml`
//! (`q`, `G`, `Enter`, `Shift-Tab`, `Ctrl-d`, `F1`, `Space`) and printed back for the help screen.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::fmt;

/// A key as the key map stores it: Shift is folded into the character for printable keys, and
/// `Shift-Tab` is its own key (`BackTab`), so lookups match what terminals send.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct KeyChord {
    pub code: KeyCode,
    pub mods: KeyModifiers,
}

const NAMED: [(&str, KeyCode); 14] = [
    ("Enter", KeyCode::Enter),
    ("Esc", KeyCode::Esc),
    ("Tab", KeyCode::Tab),
    ("Shift-Tab", KeyCode::BackTab),
    ("Backspace", KeyCode::Backspace),
    ("Delete", KeyCode::Delete),
    ("Up", KeyCode::Up),
    ("Down", KeyCode::Down),
    ("Left", KeyCode::Left),
    ("Right", KeyCode::Right),
    ("Home", KeyCode::Home),
    ("End", KeyCode::End),
    ("PageUp", KeyCode::PageUp),
    ("PageDown", KeyCode::PageDown),
];

impl KeyChord {
    pub fn new(code: KeyCode, mods: KeyModifiers) -> KeyChord {
        let mods = mods & (KeyModifiers::CONTROL | KeyModifiers::ALT | KeyModifiers::SHIFT);
        let mods = match code {
            KeyCode::Char(_) | KeyCode::BackTab => mods - KeyModifiers::SHIFT,
            _ => mods,
        };
        let code = match code {
            KeyCode::Char(c) if mods.contains(KeyModifiers::CONTROL) => {
                KeyCode::Char(c.to_ascii_lowercase())
            }
            other => other,
        };
        KeyChord { code, mods }
    }

    pub fn plain(code: KeyCode) -> KeyChord {
        KeyChord::new(code, KeyModifiers::NONE)
    }

    pub fn from_event(e: &KeyEvent) -> KeyChord {
        KeyChord::new(e.code, e.modifiers)
    }

    /// Parses a key name; `None` when the name is not a key.
    pub fn parse(name: &str) -> Option<KeyChord> {
        let mut mods = KeyModifiers::NONE;
        let mut rest = name;
        loop {
            if let Some(r) = rest.strip_prefix("Ctrl-") {
                mods |= KeyModifiers::CONTROL;
                rest = r;
            } else if let Some(r) = rest.strip_prefix("Alt-") {
                mods |= KeyModifiers::ALT;
                rest = r;
            } else {
                break;
            }
        }
        let code = parse_code(rest)?;
        Some(KeyChord::new(code, mods))
    }

    /// A character typed into a text field: printable, with no Ctrl or Alt.
    pub fn typed_char(&self) -> Option<char> {
        match self.code {
            KeyCode::Char(c) if self.mods.is_empty() && !c.is_control() => Some(c),
            _ => None,
        }
    }
}

fn parse_code(s: &str) -> Option<KeyCode> {
    if let Some((_, code)) = NAMED.iter().find(|(n, _)| *n == s) {
        return Some(*code);
    }
    if s == "Space" {
        return Some(KeyCode::Char(' '));
    }
    if let Some(n) = s.strip_prefix('F').and_then(|d| d.parse::<u8>().ok()) {
        return (1..=12).contains(&n).then_some(KeyCode::F(n));
    }
    let mut chars = s.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) if !c.is_control() && c != ' ' => Some(KeyCode::Char(c)),
        _ => None,
    }
}

impl fmt::Display for KeyChord {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.mods.contains(KeyModifiers::CONTROL) {
            f.write_str("Ctrl-")?;
        }
        if self.mods.contains(KeyModifiers::ALT) {
            f.write_str("Alt-")?;
        }
        if self.mods.contains(KeyModifiers::SHIFT) {
            f.write_str("Shift-")?;
        }
        match self.code {
            KeyCode::Char(' ') => f.write_str("Space"),
            KeyCode::Char(c) => write!(f, "{c}"),
            KeyCode::F(n) => write!(f, "F{n}"),
            code => {
                let name = NAMED
                    .iter()
                    .find(|(_, k)| *k == code)
                    .map(|(n, _)| *n)
                    .unwrap_or("?");
                f.write_str(name)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use super::*;

    #[test]
    fn nav_2_key_names_parse_and_print_back() {
        for name in [
            "q",
            "G",
            ":",
            "/",
            "?",
            "Enter",
            "Esc",
            "Tab",
            "Shift-Tab",
            "Ctrl-d",
            "Alt-x",
            "F1",
            "F12",
            "Space",
            "PageDown",
            "Up",
        ] {
            let k = KeyChord::parse(name).unwrap_or_else(|| panic!("{name}"));
            assert_eq!(k.to_string(), name);
        }
    }

    #[test]
    fn nav_2_bad_key_names_are_refused() {
        for name in [
            "", "Enterr", "F13", "F0", "Ctrl-", "qq", "ctrl-d", "Shift-q",
        ] {
            assert_eq!(KeyChord::parse(name), None, "{name}");
        }
    }

    #[test]
    fn nav_2_events_match_parsed_names() {
        let shift_g = KeyEvent::new(KeyCode::Char('G'), KeyModifiers::SHIFT);
        assert_eq!(
            KeyChord::from_event(&shift_g),
            KeyChord::parse("G").unwrap()
        );
        let back_tab = KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT);
        assert_eq!(
            KeyChord::from_event(&back_tab),
            KeyChord::parse("Shift-Tab").unwrap()
        );
        let ctrl_d = KeyEvent::new(KeyCode::Char('D'), KeyModifiers::CONTROL);
        assert_eq!(
            KeyChord::from_event(&ctrl_d),
            KeyChord::parse("Ctrl-d").unwrap()
        );
        assert_eq!(KeyChord::parse("x").unwrap().typed_char(), Some('x'));
        assert_eq!(KeyChord::parse("Ctrl-x").unwrap().typed_char(), None);
    }
}
