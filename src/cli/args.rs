//! Command-line arguments of the `lunadeck` binary (clap derive). No subcommands yet: the
//! headless nouns come with the operations they drive, never as stubs that do nothing.

use clap::Parser;
use std::path::PathBuf;

/// Keyboard-only console for Thales Luna Network HSM service management.
#[derive(Debug, Clone, PartialEq, Eq, Parser)]
#[command(name = "lunadeck", version, about, long_about = None)]
pub struct Args {
    /// Keep every lunadeck file under DIR (data = DIR, state = DIR/state, config = DIR/config);
    /// overrides LUNADECK_HOME.
    #[arg(long, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,

    /// Nothing that changes a device or the database can run.
    #[arg(long)]
    pub read_only: bool,

    /// Machine-readable JSON output (for the headless commands).
    #[arg(long)]
    pub json: bool,

    /// Monochrome theme (also selected when NO_COLOR is set).
    #[arg(long)]
    pub no_color: bool,
}

impl Args {
    /// Colour is off with `--no-color` or a non-empty `NO_COLOR` (https://no-color.org).
    pub fn monochrome(&self, no_color_env: Option<&str>) -> bool {
        self.no_color || no_color_env.is_some_and(|v| !v.is_empty())
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn args_definition_is_consistent() {
        Args::command().debug_assert();
    }

    #[test]
    fn x_7_flags_parse() {
        let a = Args::try_parse_from([
            "lunadeck",
            "--data-dir",
            "/tmp/x",
            "--read-only",
            "--json",
            "--no-color",
        ])
        .unwrap();
        assert_eq!(a.data_dir, Some(PathBuf::from("/tmp/x")));
        assert!(a.read_only && a.json && a.no_color);
        let none = Args::try_parse_from(["lunadeck"]).unwrap();
        assert!(!none.read_only && !none.json && !none.no_color && none.data_dir.is_none());
    }

    #[test]
    fn unknown_flags_and_subcommands_are_refused() {
        for argv in [
            vec!["lunadeck", "--demo"],
            vec!["lunadeck", "device"],
            vec!["lunadeck", "--data-dir"],
        ] {
            let err = Args::try_parse_from(&argv).unwrap_err();
            assert_ne!(err.kind(), clap::error::ErrorKind::DisplayHelp, "{argv:?}");
            assert!(err.to_string().starts_with("error:"), "{argv:?}: {err}");
        }
    }

    #[test]
    fn no_color_env() {
        let a = Args::try_parse_from(["lunadeck"]).unwrap();
        let cases = [(None, false), (Some(""), false), (Some("1"), true)];
        for (env, want) in cases {
            assert_eq!(a.monochrome(env), want, "{env:?}");
        }
        let b = Args::try_parse_from(["lunadeck", "--no-color"]).unwrap();
        assert!(b.monochrome(None));
    }
}
