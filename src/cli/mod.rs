//! The headless command line: `lunadeck <noun> <verb>` over the same `ops::Console` the
//! TUI uses. This layer parses, reads secrets, calls Console methods, waits and prints.

pub mod account_cmd;
pub mod args;
pub mod audit_cmd;
pub mod client_cmd;
pub mod client_host;
pub mod completions_cmd;
pub mod configuration;
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
pub mod recording_session;
pub mod run;
pub mod secrets;
pub mod service_cmd;
pub mod service_life;
pub mod session;
pub mod template_cmd;

pub use args::Args;
pub use error::{CliError, CliResult};
pub use run::{USAGE_HINT, execute};

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use super::*;

    #[test]
    fn x_5_usage_hint_is_one_line_naming_the_nouns() {
        assert!(!USAGE_HINT.contains('\n'));
        assert!(USAGE_HINT.contains("<noun> <verb>"), "{USAGE_HINT}");
        assert!(USAGE_HINT.contains("--demo"), "{USAGE_HINT}");
    }
}
