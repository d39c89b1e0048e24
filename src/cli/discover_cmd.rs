//! `lunadeck discover [run]` (IMP-1): reads every authorized (or PED) device's partitions in
//! parallel and starts the import table; progress per device on stderr. No verb means `run`.

use super::error::CliResult;
use super::run::Ctx;
use clap::Subcommand;

#[derive(Debug, Clone, PartialEq, Eq, Subcommand)]
pub enum DiscoverCmd {
    /// Discover unmanaged partitions (authorize password appliances first with --authorize).
    Run,
}

/// Runs `cmd`; `None` (`lunadeck discover` without a verb) is `run`.
pub fn run(cmd: Option<&DiscoverCmd>, ctx: &mut Ctx<'_>) -> CliResult<()> {
    match cmd.unwrap_or(&DiscoverCmd::Run) {
        DiscoverCmd::Run => {
            let job = ctx.console().submit_discovery()?;
            ctx.wait(job)
        }
    }
}
