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
