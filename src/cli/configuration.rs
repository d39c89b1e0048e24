//! The whole configuration of one invocation, read once from the user's `config.toml` over the
//! embedded defaults: settings, key map and client host, refused alike by console and CLI.

use super::client_host::{self, ClientHost};
use crate::app::Keymap;
use crate::config::{ConfigError, Settings, Theme, read_user_file};
use std::path::Path;

/// What `config.toml` configures.
#[derive(Debug, Clone)]
pub struct Configuration {
    pub settings: Settings,
    /// Checked by the CLI too, so a bad key map is refused before any command runs.
    pub keymap: Keymap,
    pub client_host: ClientHost,
}

impl Configuration {
    /// Reads `path` (missing means the defaults); the first problem as `FILE:LINE: why`.
    pub fn load(path: &Path) -> Result<Configuration, ConfigError> {
        let user = read_user_file(path)?;
        Ok(Configuration {
            settings: Settings::from_sources(user.as_ref())?,
            keymap: Keymap::from_sources(user.as_ref())?,
            client_host: client_host::from_config(user.as_ref())?,
        })
    }

    /// Colour off: `[ui] theme = "mono"`, or `--no-color` / `NO_COLOR` (`flags_monochrome`).
    pub fn monochrome(&self, flags_monochrome: bool) -> bool {
        flags_monochrome || self.settings.theme == Theme::Mono
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use super::*;

    #[test]
    fn x_4_one_read_gives_settings_keys_and_client_host() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        let none = Configuration::load(&path).unwrap();
        assert_eq!(none.client_host, ClientHost::None);
        assert!(!none.monochrome(false));
        assert!(none.monochrome(true));
        std::fs::write(
            &path,
            "[ui]\ntheme = \"mono\"\n[client_host]\nmode = \"local\"\n[keys.global]\nquit = [\"Q\"]\n",
        )
        .unwrap();
        let mono = Configuration::load(&path).unwrap();
        assert!(mono.monochrome(false));
        assert!(matches!(mono.client_host, ClientHost::Local { .. }));
        std::fs::write(
            &path,
            "[ssh]\nstall_secs = 2\n\n[keys.list]\ndown = [\"Dwn\"]\n",
        )
        .unwrap();
        let err = Configuration::load(&path).unwrap_err().to_string();
        let want = format!("{}:5: unknown key name 'Dwn'", path.display());
        assert!(err.starts_with(&want), "{err}");
    }
}
