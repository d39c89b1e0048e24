//! `lunadeck job ...`: the jobs this console ran, as recorded. An Admin sees every job,
//! an Owner only the jobs they started.

use super::error::CliResult;
use super::output::Table;
use super::run::Ctx;
use crate::domain::ids::JobId;
use crate::domain::job::Job;
use clap::Subcommand;
use serde_json::json;

#[derive(Debug, Clone, PartialEq, Eq, Subcommand)]
pub enum JobCmd {
    /// Jobs, newest first.
    List,
    /// One job by number.
    Show { job: i64 },
}

fn devices(job: &Job) -> String {
    job.devices
        .iter()
        .map(|d| d.to_string())
        .collect::<Vec<_>>()
        .join(",")
}

pub fn run(cmd: &JobCmd, ctx: &mut Ctx<'_>) -> CliResult<()> {
    match cmd {
        JobCmd::List => {
            let jobs = ctx.console().visible_jobs()?;
            let mut table = Table::new(&["JOB", "OPERATION", "STATE", "BY", "STARTED", "DEVICES"]);
            for j in &jobs {
                table.row(vec![
                    j.id.0.to_string(),
                    j.operation.clone(),
                    j.state.to_string(),
                    j.started_by.clone(),
                    j.started_at.to_string(),
                    devices(j),
                ]);
            }
            ctx.out.list(&table, "no jobs", json!(jobs));
            Ok(())
        }
        JobCmd::Show { job } => {
            let j = ctx.console().visible_job(JobId(*job))?;
            let fields = [
                ("Job", j.id.0.to_string()),
                ("Operation", j.operation.clone()),
                ("Subject", j.subject.clone().unwrap_or_else(|| "-".into())),
                ("State", j.state.to_string()),
                ("Started by", j.started_by.clone()),
                ("Started", j.started_at.to_string()),
                (
                    "Finished",
                    j.finished_at
                        .map(|t| t.to_string())
                        .unwrap_or_else(|| "-".into()),
                ),
                ("Devices", devices(&j)),
            ];
            ctx.out.record(&fields, json!(j));
            Ok(())
        }
    }
}
