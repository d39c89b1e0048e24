//! The headless command line: `lunadeck <noun> <verb>` over the same `ops::Console` the
//! TUI uses. This layer parses, reads secrets, calls Console methods, waits and prints.

pub mod account_cmd;
pub mod args;
pub mod audit_cmd;
pub mod client_cmd;
pub mod client_host;
pub mod console_start;
pub mod device_cmd;
pub mod discover_cmd;
pub mod error;
pub mod import_cmd;
pub mod job_cmd;
pub mod key_cmd;
pub mod migrate_cmd;
pub mod output;
pub mod partition_cmd;
pub mod run;
pub mod secrets;
pub mod service_cmd;
pub mod service_life;
pub mod session;
pub mod settings;
pub mod template_cmd;

pub use args::Args;
pub use error::{CliError, CliResult};
pub use run::{USAGE_HINT, execute};

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
    fn x_5_usage_hint_is_one_line_naming_the_nouns() {
        assert!(!USAGE_HINT.contains('\n'));
        assert!(USAGE_HINT.contains("<noun> <verb>"), "{USAGE_HINT}");
        assert!(USAGE_HINT.contains("--demo"), "{USAGE_HINT}");
    }
}
