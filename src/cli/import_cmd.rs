//! `lunadeck import ...` (IMP-2..8): the saved import table — show it, edit a row's cells,
//! delete a row, Finish Imports (one service per standalone row and per HA group), cancel.

use super::error::{CliError, CliResult};
use super::output::Table;
use super::run::Ctx;
use crate::domain::ids::PartitionSerial;
use crate::domain::import_row::ImportRow;
use crate::ops::OpsError;
use crate::ops::import_ops::ImportEdit;
use clap::Subcommand;
use serde_json::json;

#[derive(Debug, Clone, PartialEq, Eq, Subcommand)]
pub enum ImportCmd {
    /// The import table, with the warnings and the errors Finish would report.
    Show,
    /// Edit a row (by partition serial, or DEVICE/PARTITION); each given cell is saved.
    Edit {
        partition: String,
        /// HA group label; an empty value makes the partition standalone.
        #[arg(long, value_name = "LABEL")]
        ha_group: Option<String>,
        #[arg(long, value_name = "NAME")]
        service_name: Option<String>,
        #[arg(long)]
        description: Option<String>,
        /// Owning organization (name); `--org ""` clears it.
        #[arg(long, value_name = "ORG")]
        org: Option<String>,
    },
    /// Leave a row out of this import.
    DeleteRow { partition: String },
    /// Finish Imports: create the services, or list every error by row and field.
    Finish,
    /// Delete the import table (--confirm cancel).
    Cancel {
        #[arg(long, value_name = "WORD")]
        confirm: String,
    },
}

fn rows(ctx: &mut Ctx<'_>) -> CliResult<Vec<ImportRow>> {
    let draft = ctx.console().import_draft()?.ok_or_else(|| {
        CliError::Ops(OpsError::NotFound(
            "there is no import table: run `lunadeck discover run` first".into(),
        ))
    })?;
    Ok(draft.rows.into_iter().filter(|r| !r.deleted).collect())
}

fn find_row(ctx: &mut Ctx<'_>, key: &str) -> CliResult<PartitionSerial> {
    let rows = rows(ctx)?;
    let matches: Vec<&ImportRow> = rows
        .iter()
        .filter(|r| {
            r.partition.as_str() == key || format!("{}/{}", r.device_name, r.partition_name) == key
        })
        .collect();
    match matches.as_slice() {
        [one] => Ok(one.partition.clone()),
        _ => Err(CliError::Ops(OpsError::NotFound(format!(
            "no import row for '{key}' (give the partition serial or DEVICE/PARTITION)"
        )))),
    }
}

pub fn run(cmd: &ImportCmd, ctx: &mut Ctx<'_>) -> CliResult<()> {
    match cmd {
        ImportCmd::Show => show(ctx),
        ImportCmd::Edit {
            partition,
            ha_group,
            service_name,
            description,
            org,
        } => {
            let serial = find_row(ctx, partition)?;
            let mut edits = Vec::new();
            if let Some(g) = ha_group {
                edits.push(ImportEdit::HaGroup(g.clone()));
            }
            if let Some(n) = service_name {
                edits.push(ImportEdit::ServiceName(n.clone()));
            }
            if let Some(d) = description {
                edits.push(ImportEdit::Description(d.clone()));
            }
            if let Some(o) = org {
                let id = if o.trim().is_empty() {
                    None
                } else {
                    let found = ctx
                        .console()
                        .organizations()?
                        .into_iter()
                        .find(|x| x.name.eq_ignore_ascii_case(o.trim()));
                    Some(
                        found
                            .ok_or_else(|| {
                                CliError::refused(format!("no organization named '{o}'"))
                            })?
                            .id,
                    )
                };
                edits.push(ImportEdit::Organization(id));
            }
            if edits.is_empty() {
                return Err(CliError::refused(
                    "nothing to edit: give --ha-group, --service-name, --description or --org",
                ));
            }
            let mut row = None;
            for e in edits {
                row = Some(ctx.console().edit_import_row(&serial, e)?);
            }
            ctx.out
                .done(&format!("import row {serial} saved"), json!({"row": row}));
            Ok(())
        }
        ImportCmd::DeleteRow { partition } => {
            let serial = find_row(ctx, partition)?;
            ctx.console().delete_import_row(&serial)?;
            ctx.out.done(
                &format!("import row {serial} left out of this import"),
                json!({"partition": serial.to_string()}),
            );
            Ok(())
        }
        ImportCmd::Finish => {
            let licences = ctx.console().partition_licences();
            let services = ctx.console().finish_import(licences)?;
            let names: Vec<&str> = services.iter().map(|s| s.name.as_str()).collect();
            ctx.out.done(
                &format!("imported {} service(s): {}", names.len(), names.join(", ")),
                json!({"services": services}),
            );
            Ok(())
        }
        ImportCmd::Cancel { confirm } => {
            crate::domain::confirmation::confirm_typed("cancel", confirm, "word")
                .map_err(OpsError::from)?;
            ctx.console().cancel_import()?;
            ctx.out.done("import table cancelled", json!({}));
            Ok(())
        }
    }
}

fn show(ctx: &mut Ctx<'_>) -> CliResult<()> {
    let rows = rows(ctx)?;
    let warnings = ctx.console().import_warnings()?;
    let licences = ctx.console().partition_licences();
    let errors = ctx.console().check_import(licences)?;
    // Names looked up once; an organization the table names but the console no longer has
    // shows its id.
    let names: std::collections::HashMap<_, _> = ctx
        .console()
        .organizations()?
        .into_iter()
        .map(|o| (o.id, o.name))
        .collect();
    let org_name = |id: crate::domain::ids::OrganizationId| {
        names
            .get(&id)
            .cloned()
            .unwrap_or_else(|| format!("organization {id}"))
    };
    let mut table = Table::new(&[
        "SERIAL",
        "DEVICE",
        "PARTITION",
        "HA GROUP",
        "SERVICE",
        "ORG",
        "NOTE",
    ]);
    for r in &rows {
        table.row(vec![
            r.partition.to_string(),
            r.device_name.clone(),
            r.partition_name.clone(),
            r.ha_group.clone(),
            r.service_name.clone(),
            r.organization.map(org_name).unwrap_or_default(),
            if r.view_only {
                "view-only".into()
            } else {
                String::new()
            },
        ]);
    }
    let errors: Vec<String> = errors.iter().map(ToString::to_string).collect();
    if ctx.out.json {
        ctx.out.list(
            &table,
            "",
            json!({"rows": rows, "warnings": warnings, "errors": errors}),
        );
        return Ok(());
    }
    ctx.out
        .list(&table, "the import table is empty", json!(null));
    for w in &warnings {
        println!("warning: {w}");
    }
    for e in &errors {
        println!("to fix before Finish: {e}");
    }
    Ok(())
}
