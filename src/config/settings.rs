//! What `config.toml` sets outside the key map: `[ui] theme`, `[jobs] pool_width`, `[ssh]`
//! timeouts and keepalive. Every section and key is known; anything else is refused with file:line.

use super::file::{ConfigError, ConfigText};
use crate::jobs::EngineConfig;
use std::time::Duration;

/// The colour theme (`[ui] theme`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Theme {
    /// 16 colours.
    #[default]
    Default,
    /// No colour (also chosen by `--no-color` or a non-empty `NO_COLOR`).
    Mono,
}

/// What the binary hands to the UI, the job engine and the SSH transport.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    pub theme: Theme,
    /// `[jobs] pool_width` → `EngineConfig::width`; `[ssh] read_timeout_secs`,
    /// `command_timeout_secs`, `long_timeout_secs`, `stall_secs` → `EngineConfig::timeouts`.
    pub engine: EngineConfig,
    /// `[ssh] connect_timeout_secs`.
    pub connect_timeout: Duration,
    /// `[ssh] keepalive_secs`.
    pub keepalive: Duration,
}

/// Every section and its keys. `[keys.*]` belongs to the key map, which checks its own names.
const SCHEMA: [(&str, &[&str]); 4] = [
    ("ui", &["theme"]),
    ("jobs", &["pool_width"]),
    (
        "ssh",
        &[
            "connect_timeout_secs",
            "read_timeout_secs",
            "command_timeout_secs",
            "long_timeout_secs",
            "stall_secs",
            "keepalive_secs",
        ],
    ),
    (
        "client_host",
        &["mode", "host", "port", "user", "key", "lunacm"],
    ),
];

/// The section the key map reads.
const KEYS_SECTION: &str = "keys";

impl Settings {
    /// The embedded defaults, then the user's file on top when there is one.
    pub fn from_sources(user: Option<&ConfigText>) -> Result<Settings, ConfigError> {
        let mut settings = Settings {
            theme: Theme::Default,
            engine: EngineConfig::default(),
            connect_timeout: Duration::from_secs(10),
            keepalive: Duration::from_secs(15),
        };
        settings.apply(&ConfigText::embedded())?;
        if let Some(user) = user {
            settings.apply(user)?;
        }
        Ok(settings)
    }

    /// The defaults, then `text` (the content of `file`) on top.
    pub fn from_text(file: &str, text: &str) -> Result<Settings, ConfigError> {
        Settings::from_sources(Some(&ConfigText {
            file: file.to_string(),
            text: text.to_string(),
        }))
    }

    fn apply(&mut self, src: &ConfigText) -> Result<(), ConfigError> {
        let root = src.parse()?;
        for (name, value) in root.iter() {
            let section: &str = name.get_ref().as_ref();
            if section == KEYS_SECTION {
                continue;
            }
            let Some((_, keys)) = SCHEMA.iter().find(|(s, _)| *s == section) else {
                let known: Vec<_> = SCHEMA.iter().map(|(s, _)| *s).collect();
                return Err(src.error(
                    name.span().start,
                    format!(
                        "unknown section [{section}]; known sections: {}, keys.*",
                        known.join(", ")
                    ),
                ));
            };
            let Some(table) = value.get_ref().as_table() else {
                return Err(src.error(
                    name.span().start,
                    format!("[{section}] must be a table of settings"),
                ));
            };
            for (key, v) in table.iter() {
                let key_name: &str = key.get_ref().as_ref();
                if !keys.contains(&key_name) {
                    return Err(src.error(
                        key.span().start,
                        format!(
                            "unknown setting '{key_name}' in [{section}]; known settings: {}",
                            keys.join(", ")
                        ),
                    ));
                }
                let at = v.span().start;
                match section {
                    "ui" => self.theme = theme(src, at, v.get_ref())?,
                    "jobs" | "ssh" => {
                        self.set_number(key_name, number(src, at, section, key_name, v.get_ref())?)
                    }
                    // `[client_host]` values are checked where the client host is resolved.
                    _ => {}
                }
            }
        }
        Ok(())
    }

    fn set_number(&mut self, key: &str, n: u64) {
        let secs = Duration::from_secs(n);
        match key {
            "pool_width" => self.engine.width = usize::try_from(n).unwrap_or(usize::MAX),
            "connect_timeout_secs" => self.connect_timeout = secs,
            "read_timeout_secs" => self.engine.timeouts.read = secs,
            "command_timeout_secs" => self.engine.timeouts.change = secs,
            "long_timeout_secs" => self.engine.timeouts.long = secs,
            "stall_secs" => self.engine.timeouts.stall = secs,
            _ => self.keepalive = secs,
        }
    }
}

fn theme(src: &ConfigText, at: usize, v: &toml::de::DeValue<'_>) -> Result<Theme, ConfigError> {
    match v.as_str() {
        Some("default") => Ok(Theme::Default),
        Some("mono") => Ok(Theme::Mono),
        _ => Err(src.error(at, "[ui] theme must be \"default\" or \"mono\"")),
    }
}

fn number(
    src: &ConfigText,
    at: usize,
    section: &str,
    key: &str,
    v: &toml::de::DeValue<'_>,
) -> Result<u64, ConfigError> {
    let value = match v {
        toml::de::DeValue::Integer(i) => i64::from_str_radix(i.as_str(), i.radix()).ok(),
        _ => None,
    };
    value
        .and_then(|n| u64::try_from(n).ok())
        .filter(|n| *n >= 1)
        .ok_or_else(|| {
            src.error(
                at,
                format!("[{section}] {key} must be a whole number of at least 1"),
            )
        })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use super::*;

    #[test]
    fn x_4_defaults_come_from_the_embedded_config() {
        let s = Settings::from_sources(None).unwrap();
        assert_eq!(s.theme, Theme::Default);
        assert_eq!(s.engine.width, 128);
        assert_eq!(s.engine.timeouts.read, Duration::from_secs(30));
        assert_eq!(s.engine.timeouts.change, Duration::from_secs(120));
        assert_eq!(s.engine.timeouts.long, Duration::from_secs(600));
        assert_eq!(s.engine.timeouts.stall, Duration::from_secs(10));
        assert_eq!(s.connect_timeout, Duration::from_secs(10));
        assert_eq!(s.keepalive, Duration::from_secs(15));
    }

    #[test]
    fn x_4_user_values_override_the_defaults() {
        let text = "[ui]\ntheme = \"mono\"\n[jobs]\npool_width = 8\n\n[ssh]\n\
                    connect_timeout_secs = 3\nkeepalive_secs = 7\ncommand_timeout_secs = 1\n";
        let s = Settings::from_text("c.toml", text).unwrap();
        assert_eq!(s.theme, Theme::Mono);
        assert_eq!(s.engine.width, 8);
        assert_eq!(s.connect_timeout, Duration::from_secs(3));
        assert_eq!(s.keepalive, Duration::from_secs(7));
        assert_eq!(s.engine.timeouts.change, Duration::from_secs(1));
        assert_eq!(s.engine.timeouts.read, Duration::from_secs(30));
        let keys_only = Settings::from_text("c.toml", "[keys.global]\nquit = [\"x\"]\n").unwrap();
        assert_eq!(keys_only.engine.width, 128);
    }

    #[test]
    fn x_4_bad_values_and_unknown_names_name_the_file_and_line() {
        let cases = [
            (
                "[jobs]\n\npool_width = 0\n",
                "c.toml:3: [jobs] pool_width must be a whole number of at least 1",
            ),
            (
                "[ssh]\ncommand_timeout_secs = \"ten\"\n",
                "c.toml:2: [ssh] command_timeout_secs must be a whole number of at least 1",
            ),
            (
                "[ssh]\nkeepalive_secs = -5\n",
                "c.toml:2: [ssh] keepalive_secs must be a whole number of at least 1",
            ),
            ("[jobs]\npool_width = = 3\n", "c.toml:2: not valid TOML"),
            (
                "[ui]\ntheme = \"dark\"\n",
                "c.toml:2: [ui] theme must be \"default\" or \"mono\"",
            ),
            (
                "[ssh]\n\nconect_timeout_secs = 3\n",
                "c.toml:3: unknown setting 'conect_timeout_secs' in [ssh]; known settings: \
                 connect_timeout_secs,",
            ),
            (
                "# mine\n[job]\npool_width = 3\n",
                "c.toml:2: unknown section [job]; known sections: ui, jobs, ssh, client_host, \
                 keys.*",
            ),
            ("ui = 3\n", "c.toml:1: [ui] must be a table of settings"),
        ];
        for (text, want) in cases {
            let err = Settings::from_text("c.toml", text).unwrap_err().to_string();
            assert!(err.starts_with(want), "{text:?}: {err}");
        }
    }
}
