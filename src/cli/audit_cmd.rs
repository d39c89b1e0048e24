//! `lunadeck audit ...`: list (newest first), verify the hash chain, export every event
//! as JSON — through the Console, so an Owner sees only their organization's events.

use super::error::CliResult;
use super::output::Table;
use super::run::Ctx;
use crate::domain::audit_chain::ChainedEvent;
use crate::domain::audit_event::Outcome;
use crate::store::{AuditFilter, WitnessCheck};
use clap::Subcommand;
use serde_json::{Value, json};

#[derive(Debug, Clone, PartialEq, Eq, Subcommand)]
pub enum AuditCmd {
    /// Events, newest first.
    List {
        /// At most N events.
        #[arg(long, value_name = "N", default_value_t = 50)]
        limit: u32,
        /// Only events by this user.
        #[arg(long, value_name = "NAME")]
        actor: Option<String>,
        /// Only this action (e.g. device.add).
        #[arg(long)]
        action: Option<String>,
    },
    /// Check the keyed hash chain from the first event to the recorded head, then the newest
    /// witness line outside the database (a cut-off end or a rewritten trail).
    Verify,
    /// Every visible event in stored order, with its hashes, as one JSON array on stdout.
    Export,
}

pub fn event_json(e: &ChainedEvent) -> Value {
    let (outcome, reason) = match &e.event.outcome {
        Outcome::Success => ("success", None),
        Outcome::Failure { reason } => ("failure", Some(reason.clone())),
    };
    json!({
        "seq": e.seq,
        "at": e.event.at.to_string(),
        "actor": e.event.actor,
        "organization": e.event.organization.map(|o| o.0),
        "action": e.event.action,
        "device": e.event.device.as_ref().map(|d| d.to_string()),
        "target": e.event.target,
        "outcome": outcome,
        "reason": reason,
        "prev_hash": e.prev_hash,
        "hash": e.hash,
    })
}

pub fn run(cmd: &AuditCmd, ctx: &mut Ctx<'_>) -> CliResult<()> {
    match cmd {
        AuditCmd::List {
            limit,
            actor,
            action,
        } => {
            let filter = AuditFilter {
                organization: None,
                actor: actor.clone(),
                action: action.clone(),
                limit: Some(*limit),
            };
            let events = ctx.console().audit_events(&filter)?;
            let mut table = Table::new(&["SEQ", "AT", "ACTOR", "ACTION", "TARGET", "OUTCOME"]);
            for e in &events {
                let outcome = match &e.event.outcome {
                    Outcome::Success => "success".to_string(),
                    Outcome::Failure { reason } => format!("failure: {reason}"),
                };
                table.row(vec![
                    e.seq.to_string(),
                    e.event.at.to_string(),
                    e.event.actor.clone(),
                    e.event.action.clone(),
                    e.event.target.clone(),
                    outcome,
                ]);
            }
            let docs: Vec<Value> = events.iter().map(event_json).collect();
            ctx.out.list(&table, "no audit events", json!(docs));
            Ok(())
        }
        AuditCmd::Verify => {
            let check = ctx.console().verify_audit()?;
            let msg = format!(
                "audit trail intact: {} event(s) verified, chain and head match; {}",
                check.events,
                check.notes().join("; ")
            );
            let (witness, file) = match &check.witness {
                WitnessCheck::NotKept => ("not kept", None),
                WitnessCheck::NotFound { dir } => ("not found", Some(dir.display().to_string())),
                WitnessCheck::Matched { file } => ("matched", Some(file.display().to_string())),
            };
            ctx.out.done(
                &msg,
                json!({
                    "verified": check.events,
                    "witness": witness,
                    "witness_path": file,
                    "ignored_witness_lines": check.ignored_lines,
                }),
            );
            Ok(())
        }
        AuditCmd::Export => {
            let mut events = ctx.console().audit_events(&AuditFilter::default())?;
            events.reverse();
            let docs: Vec<Value> = events.iter().map(event_json).collect();
            println!(
                "{}",
                serde_json::to_string_pretty(&docs).unwrap_or_default()
            );
            Ok(())
        }
    }
}
