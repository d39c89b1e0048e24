//! `lunadeck client list` (MNG-6): reads the clients registered on every member device of a
//! service, then shows each with its status (ok / needs re-registration) and partitions.

use super::error::CliResult;
use super::output::Table;
use super::run::Ctx;
use super::service_cmd::find;
use clap::Subcommand;
use serde_json::json;

#[derive(Debug, Clone, PartialEq, Eq, Subcommand)]
pub enum ClientCmd {
    /// Read and list the clients of SERVICE (--cached: what was last read, nothing is sent).
    List {
        service: String,
        #[arg(long)]
        cached: bool,
    },
}

pub fn run(cmd: &ClientCmd, ctx: &mut Ctx<'_>) -> CliResult<()> {
    let ClientCmd::List { service, cached } = cmd;
    let id = find(ctx, service)?.id;
    if !*cached {
        let job = ctx.console().submit_read_clients(id)?;
        if ctx.out.json {
            return ctx.wait(job);
        }
        ctx.wait(job)?;
    }
    let rows = ctx.console().service_clients(id)?;
    let mut table = Table::new(&["DEVICE", "CLIENT", "HOST", "STATUS", "PARTITIONS"]);
    for r in &rows {
        table.row(vec![
            r.device.clone(),
            r.name.clone(),
            r.host.clone(),
            r.status.to_string(),
            r.partitions.join(", "),
        ]);
    }
    ctx.out.list(&table, "no clients", json!(rows));
    Ok(())
}
