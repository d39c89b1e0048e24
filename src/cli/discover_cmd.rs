//! `lunadeck discover run` (IMP-1): reads every authorized (or PED) device's partitions in
//! parallel and starts the import table; progress per device on stderr.

use super::error::CliResult;
use super::run::Ctx;
use clap::Subcommand;

#[derive(Debug, Clone, PartialEq, Eq, Subcommand)]
pub enum DiscoverCmd {
    /// Discover unmanaged partitions (authorize password appliances first with --authorize).
    Run,
}

pub fn run(cmd: &DiscoverCmd, ctx: &mut Ctx<'_>) -> CliResult<()> {
    match cmd {
        DiscoverCmd::Run => {
            let job = ctx.console().submit_discovery()?;
            ctx.wait(job)
        }
    }
}
