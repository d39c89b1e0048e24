//! `lunadeck account ...` (NAV-4): `init` creates the first Admin of a new database (password
//! typed twice, at the prompt or as two stdin lines); the other verbs run Console operations.

use super::error::{CliError, CliResult};
use super::run::Ctx;
use clap::Subcommand;

#[derive(Debug, Clone, PartialEq, Eq, Subcommand)]
pub enum AccountCmd {
    /// Create the first Admin (named by --user) in a database that has no account yet.
    /// The password is typed twice, or read as two stdin lines with --password-stdin (or
    /// LUNADECK_PASSWORD_STDIN=1).
    Init {
        #[arg(long)]
        password_stdin: bool,
    },
}

pub fn run(cmd: &AccountCmd, _ctx: &mut Ctx<'_>) -> CliResult<()> {
    match cmd {
        // Handled before login by `run::dispatch` (there is nobody to log in as yet).
        AccountCmd::Init { .. } => Err(CliError::refused(
            "account init runs before login; nothing was done",
        )),
    }
}
