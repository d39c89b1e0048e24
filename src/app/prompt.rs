//! The two text lines at the bottom: the `:` command line (jump anywhere, with completion) and
//! the `/` filter (rows shown while typing, kept after Enter, cleared by Esc).

use super::tab::{NavItem, Tab};

/// Where a command takes the user.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Jump {
    Tab(Tab),
    Nav(NavItem),
    Help,
    Messages,
    /// Sign out; the console stays open for the next user.
    Logout,
    Quit,
}

/// The commands that are not a navigation item (those come from `NavItem::command`).
const FRAME_COMMANDS: [(&str, Jump); 8] = [
    ("accounts", Jump::Tab(Tab::Accounts)),
    ("audit", Jump::Tab(Tab::Audit)),
    ("devices", Jump::Tab(Tab::Devices)),
    ("help", Jump::Help),
    ("jobs", Jump::Tab(Tab::Jobs)),
    ("logout", Jump::Logout),
    ("messages", Jump::Messages),
    ("quit", Jump::Quit),
];

/// Every command of the command line, in the order completion lists them (by name).
pub fn commands() -> Vec<(&'static str, Jump)> {
    let mut all: Vec<(&'static str, Jump)> = FRAME_COMMANDS.to_vec();
    all.extend(NavItem::ALL.iter().map(|n| (n.command(), Jump::Nav(*n))));
    all.sort_by_key(|(name, _)| *name);
    all
}

/// Longest text the `:` and `/` lines take.
pub const LINE_MAX_CHARS: usize = 256;

/// The command line being typed.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CommandLine {
    /// What is typed, with its cursor (issue 11.11).
    pub input: crate::kit::TextField,
    /// Candidates shown after an ambiguous completion.
    pub candidates: Vec<&'static str>,
    pub error: Option<String>,
}

/// The command names starting with `prefix`.
pub fn matching(prefix: &str) -> Vec<&'static str> {
    let p = prefix.trim().trim_start_matches(':').to_ascii_lowercase();
    commands()
        .into_iter()
        .map(|(n, _)| n)
        .filter(|n| n.starts_with(&p))
        .collect()
}

fn common_prefix(words: &[&str]) -> String {
    let Some(first) = words.first() else {
        return String::new();
    };
    let mut len = first.len();
    for w in words {
        len = len.min(
            first
                .bytes()
                .zip(w.bytes())
                .take_while(|(a, b)| a == b)
                .count(),
        );
    }
    first.get(..len).unwrap_or_default().to_string()
}

impl CommandLine {
    /// Tab: completes to the only match, or to the longest common prefix and lists the matches.
    pub fn complete(&mut self) {
        let found = matching(self.input.text());
        self.error = None;
        match found.as_slice() {
            [] => {
                self.candidates.clear();
                self.error = Some(format!(
                    "no command starts with '{}'",
                    self.input.text().trim()
                ));
            }
            [one] => {
                self.input = crate::kit::TextField::new(one);
                self.candidates.clear();
            }
            many => {
                self.input = crate::kit::TextField::new(&common_prefix(many));
                self.candidates = many.to_vec();
            }
        }
    }

    /// Enter: the jump for an exact name or a unique prefix, or the sentence explaining why not.
    pub fn resolve(&self) -> Result<Jump, String> {
        let typed = self
            .input
            .text()
            .trim()
            .trim_start_matches(':')
            .to_ascii_lowercase();
        if typed.is_empty() {
            return Err("type a command, e.g. :services (Tab completes)".into());
        }
        if let Some((_, j)) = commands().into_iter().find(|(n, _)| *n == typed) {
            return Ok(j);
        }
        match matching(&typed).as_slice() {
            [] => Err(format!(
                "unknown command ':{typed}'; commands: {}",
                matching("").join(", ")
            )),
            [one] => commands()
                .into_iter()
                .find(|(n, _)| n == one)
                .map(|(_, j)| j)
                .ok_or_else(|| format!("unknown command ':{typed}'")),
            many => Err(format!(":{typed} could be {}", many.join(", "))),
        }
    }
}

/// Typing the filter, or the filter kept after Enter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FilterMode {
    Editing,
    Applied,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Filter {
    /// What is typed, with its cursor (issue 11.11).
    pub text: crate::kit::TextField,
    pub mode: FilterMode,
}

impl Filter {
    /// Whether a row whose cells are `cells` passes (case-insensitive substring of any cell).
    pub fn accepts<'a>(&self, mut cells: impl Iterator<Item = &'a str>) -> bool {
        let needle = self.text.text().to_lowercase();
        needle.is_empty() || cells.any(|c| c.to_lowercase().contains(&needle))
    }
}
