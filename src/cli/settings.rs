//! Engine and SSH settings of the console: `[jobs] pool_width` and `[ssh]` from the embedded
//! defaults, overridden by the user's config.toml; a bad value is an error naming file:line.

use crate::jobs::EngineConfig;
use std::path::Path;
use std::time::Duration;
use toml::de::DeTable;

/// What the binary hands to the job engine and the SSH transport.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    /// `[jobs] pool_width` → `EngineConfig::width`; `[ssh] read_timeout_secs`,
    /// `command_timeout_secs`, `long_timeout_secs`, `stall_secs` → `EngineConfig::timeouts`.
    pub engine: EngineConfig,
    /// `[ssh] connect_timeout_secs`.
    pub connect_timeout: Duration,
}

/// The keys read, by section: (section, key).
const KEYS: [(&str, &str); 6] = [
    ("jobs", "pool_width"),
    ("ssh", "connect_timeout_secs"),
    ("ssh", "read_timeout_secs"),
    ("ssh", "command_timeout_secs"),
    ("ssh", "long_timeout_secs"),
    ("ssh", "stall_secs"),
];

impl Settings {
    /// The embedded defaults, then `path` on top when it exists.
    pub fn load(path: &Path) -> Result<Settings, String> {
        let mut settings = Settings::from_text("<embedded config.toml>", super::DEFAULT_CONFIG)?;
        match std::fs::read_to_string(path) {
            Ok(text) => settings.apply(&path.display().to_string(), &text)?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => {
                return Err(format!(
                    "{}: cannot read the configuration file: {e}",
                    path.display()
                ));
            }
        }
        Ok(settings)
    }

    /// The defaults, then `text` (the content of `file`) on top.
    pub fn from_text(file: &str, text: &str) -> Result<Settings, String> {
        let mut settings = Settings {
            engine: EngineConfig::default(),
            connect_timeout: Duration::from_secs(10),
        };
        if file != "<embedded config.toml>" {
            settings.apply("<embedded config.toml>", super::DEFAULT_CONFIG)?;
        }
        settings.apply(file, text)?;
        Ok(settings)
    }

    fn apply(&mut self, file: &str, text: &str) -> Result<(), String> {
        let line_of = |offset: usize| {
            text.get(..offset.min(text.len()))
                .map(|s| s.matches('\n').count() + 1)
                .unwrap_or(1)
        };
        let root = DeTable::parse(text).map_err(|e| {
            let at = e.span().map(|s| s.start).unwrap_or(0);
            format!(
                "{file}:{}: not valid TOML: {}",
                line_of(at),
                e.message().trim()
            )
        })?;
        let values: toml::Table = toml::from_str(text)
            .map_err(|e| format!("{file}: not valid TOML: {}", e.message().trim()))?;
        for (section, key) in KEYS {
            let Some(value) = values.get(section).and_then(|s| s.get(key)) else {
                continue;
            };
            let at = root
                .get_ref()
                .get(section)
                .and_then(|s| s.get_ref().as_table())
                .and_then(|t| t.get(key))
                .map(|v| v.span().start)
                .unwrap_or(0);
            let number = value
                .as_integer()
                .and_then(|v| u64::try_from(v).ok())
                .filter(|v| *v >= 1)
                .ok_or_else(|| {
                    format!(
                        "{file}:{}: [{section}] {key} must be a whole number of at least 1",
                        line_of(at)
                    )
                })?;
            match key {
                "pool_width" => {
                    self.engine.width = usize::try_from(number).unwrap_or(usize::MAX);
                }
                "connect_timeout_secs" => self.connect_timeout = Duration::from_secs(number),
                "read_timeout_secs" => self.engine.timeouts.read = Duration::from_secs(number),
                "long_timeout_secs" => self.engine.timeouts.long = Duration::from_secs(number),
                "stall_secs" => self.engine.timeouts.stall = Duration::from_secs(number),
                _ => self.engine.timeouts.change = Duration::from_secs(number),
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use super::*;

    #[test]
    fn x_4_defaults_come_from_the_embedded_config() {
        let s = Settings::load(Path::new("/nonexistent/lunadeck/config.toml")).unwrap();
        assert_eq!(s.engine.width, 128);
        assert_eq!(s.engine.timeouts.change, Duration::from_secs(120));
        assert_eq!(s.connect_timeout, Duration::from_secs(10));
    }

    #[test]
    fn x_4_user_values_override_the_defaults() {
        let text = "[jobs]\npool_width = 8\n\n[ssh]\nconnect_timeout_secs = 3\n";
        let s = Settings::from_text("c.toml", text).unwrap();
        assert_eq!(s.engine.width, 8);
        assert_eq!(s.connect_timeout, Duration::from_secs(3));
        assert_eq!(s.engine.timeouts.change, Duration::from_secs(120));
        let keys_only = Settings::from_text("c.toml", "[keys.global]\nquit = [\"x\"]\n").unwrap();
        assert_eq!(keys_only.engine.width, 128);
    }

    #[test]
    fn x_4_bad_values_name_the_file_and_line() {
        let cases = [
            (
                "[jobs]\n\npool_width = 0\n",
                "c.toml:3: [jobs] pool_width must be a whole number of at least 1",
            ),
            (
                "[ssh]\ncommand_timeout_secs = \"ten\"\n",
                "c.toml:2: [ssh] command_timeout_secs must be a whole number of at least 1",
            ),
            ("[jobs]\npool_width = = 3\n", "c.toml:2: not valid TOML"),
        ];
        for (text, want) in cases {
            let err = Settings::from_text("c.toml", text).unwrap_err();
            assert!(err.starts_with(want), "{text:?}: {err}");
        }
    }
}
