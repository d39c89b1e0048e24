//! The command line: argument parsing and what the binary does with them. Headless
//! subcommands will live here and share `jobs/` and `store/` with the TUI.

pub mod args;

pub use args::Args;

/// Exit status when there is nothing runnable yet (no console, no subcommand).
pub const EXIT_NOT_BUILT: u8 = 2;

/// The message printed to stderr while the console does not exist yet.
pub const NOT_BUILT_MESSAGE: &str = "lunadeck: the interactive console is not built yet. \
This build only resolves its directories and starts its log; there is no screen and no \
subcommand to run, so nothing was done. Run `lunadeck --help` for the options.";

/// The default configuration embedded in the binary (`assets/config.toml`).
pub const DEFAULT_CONFIG: &str = include_str!("../../assets/config.toml");

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use super::*;

    #[test]
    fn default_config_parses_with_sane_values() {
        let table: toml::Table = toml::from_str(DEFAULT_CONFIG).unwrap();
        let int = |section: &str, key: &str| {
            table[section][key]
                .as_integer()
                .unwrap_or_else(|| panic!("{section}.{key}"))
        };
        assert_eq!(table["ui"]["theme"].as_str(), Some("default"));
        assert!(int("jobs", "pool_width") >= 1);
        for key in [
            "connect_timeout_secs",
            "command_timeout_secs",
            "keepalive_secs",
        ] {
            assert!(int("ssh", key) > 0, "ssh.{key}");
        }
    }

    #[test]
    fn not_built_message_is_one_honest_paragraph() {
        assert!(!NOT_BUILT_MESSAGE.contains('\n'));
        assert!(NOT_BUILT_MESSAGE.contains("not built yet"));
        assert_eq!(EXIT_NOT_BUILT, 2);
    }
}
