//! `lunadeck service ...` (MNG-1..4): the Services list, one service's tabs, and the General-tab
//! edits — Console operations filtered by PERM (an Owner sees only their organization).

use super::error::{CliError, CliResult};
use super::output::Table;
use super::run::Ctx;
use super::service_life::{self, CreateArgs, InitArgs};
use crate::domain::ids::ServiceId;
use crate::ops::OpsError;
use crate::ops::services_view::{PartitionRow, ServiceRow};
use clap::Subcommand;
use serde_json::{Value, json};

#[derive(Debug, Clone, PartialEq, Eq, Subcommand)]
pub enum ServiceCmd {
    /// Services you can see.
    List,
    /// General, capabilities and partitions of one service (name or id).
    Show { service: String },
    /// Rename, describe, move to another organization or relabel the HA group.
    Edit {
        service: String,
        #[arg(long)]
        name: Option<String>,
        #[arg(long)]
        description: Option<String>,
        /// New owning organization (name; Admin only).
        #[arg(long, value_name = "ORG")]
        org: Option<String>,
        /// New HA group label (HA services; Admin only).
        #[arg(long, value_name = "LABEL")]
        ha_label: Option<String>,
    },
    /// Dry run: the exact device commands creating the service would send (SVC-2).
    Plan(CreateArgs),
    /// Create a service from a template on one device, or an HA group across devices (SVC-1).
    Create(CreateArgs),
    /// Initialize every partition of the service (INIT-1..4).
    Initialize(InitArgs),
    /// Activate the crypto officer (and crypto user) roles (INIT-5).
    Activate {
        service: String,
        #[arg(long)]
        with_crypto_user: bool,
        #[arg(long)]
        secrets_stdin: bool,
    },
    /// Initialize the crypto user (INIT-6).
    InitCu {
        service: String,
        #[arg(long)]
        secrets_stdin: bool,
    },
    /// Resize every partition of the service, all or nothing (SIZE-1..2).
    Resize {
        service: String,
        /// New partition size in bytes.
        #[arg(long, value_name = "BYTES")]
        size: String,
    },
    /// Stop managing the service; nothing changes on the devices (DEL-1).
    Detach {
        service: String,
        /// Repeat the service name: the console stops managing it (DEL-1).
        #[arg(long, value_name = "NAME")]
        confirm: String,
    },
    /// Delete the service's partitions on the devices; --confirm repeats its name (DEL-2).
    Delete {
        service: String,
        #[arg(long, value_name = "NAME")]
        confirm: String,
    },
}

fn row_json(r: &ServiceRow) -> Value {
    json!({
        "id": r.id.0,
        "name": r.name,
        "type": r.service_type.to_string(),
        "organization": r.organization,
        "template": r.template,
        "initialization": r.initialization.map(|a| a.to_string()),
        "status": r.status.to_string(),
    })
}

/// A service by exact name (case-insensitive) or by id, among those the user can see.
/// The service named `key` (or with that id) among those the user sees. Names are unique per
/// organization: an Admin who sees two of that name is asked for the id.
pub fn find(ctx: &mut Ctx<'_>, key: &str) -> CliResult<ServiceRow> {
    let rows = ctx.console().services()?;
    if let Some(r) = key
        .parse::<i64>()
        .ok()
        .and_then(|id| rows.iter().find(|r| r.id.0 == id))
    {
        return Ok(r.clone());
    }
    let mut named: Vec<ServiceRow> = rows
        .into_iter()
        .filter(|r| r.name.eq_ignore_ascii_case(key.trim()))
        .collect();
    match named.len() {
        0 => Err(CliError::Ops(OpsError::NotFound(format!(
            "no service named '{key}'"
        )))),
        1 => Ok(named.remove(0)),
        _ => {
            let list: Vec<String> = named
                .iter()
                .map(|r| format!("{} in '{}'", r.id.0, r.organization))
                .collect();
            Err(CliError::refused(format!(
                "{} services are named '{key}' ({}): give its id",
                named.len(),
                list.join(", ")
            )))
        }
    }
}

fn partition_json(p: &PartitionRow) -> Value {
    json!({
        "device": p.device, "partition": p.partition, "label": p.label,
        "serial": p.serial.to_string(), "software": p.software, "firmware": p.firmware,
    })
}

pub fn run(cmd: &ServiceCmd, ctx: &mut Ctx<'_>) -> CliResult<()> {
    match cmd {
        ServiceCmd::List => {
            let rows = ctx.console().services()?;
            let mut table =
                Table::new(&["ID", "NAME", "TYPE", "ORGANIZATION", "TEMPLATE", "STATUS"]);
            for r in &rows {
                table.row(vec![
                    r.id.0.to_string(),
                    r.name.clone(),
                    r.service_type.to_string(),
                    r.organization.clone(),
                    r.template.clone(),
                    format!("{} {}", r.status.symbol(), r.status),
                ]);
            }
            let docs: Vec<Value> = rows.iter().map(row_json).collect();
            ctx.out.list(&table, "no services", json!(docs));
            Ok(())
        }
        ServiceCmd::Show { service } => show(ctx, service),
        ServiceCmd::Plan(a) => service_life::plan(ctx, a),
        ServiceCmd::Create(a) => service_life::create(ctx, a),
        ServiceCmd::Initialize(a) => service_life::initialize(ctx, a),
        ServiceCmd::Activate {
            service,
            with_crypto_user,
            secrets_stdin,
        } => service_life::activate(ctx, service, *with_crypto_user, *secrets_stdin),
        ServiceCmd::InitCu {
            service,
            secrets_stdin,
        } => service_life::init_cu(ctx, service, *secrets_stdin),
        ServiceCmd::Resize { service, size } => {
            let id = find(ctx, service)?.id;
            let job = ctx.console().submit_resize(id, size)?;
            ctx.wait(job)
        }
        ServiceCmd::Detach { service, confirm } => service_life::detach(ctx, service, confirm),
        ServiceCmd::Delete { service, confirm } => service_life::delete(ctx, service, confirm),
        ServiceCmd::Edit {
            service,
            name,
            description,
            org,
            ha_label,
        } => {
            let row = find(ctx, service)?;
            let id = row.id;
            if name.is_none() && description.is_none() && org.is_none() && ha_label.is_none() {
                return Err(CliError::refused(
                    "nothing to edit: give --name, --description, --org or --ha-label",
                ));
            }
            if name.is_some() || description.is_some() {
                let current = ctx.console().service_detail(id)?.service;
                let name = name.clone().unwrap_or(current.name);
                let description = description.clone().unwrap_or(current.description);
                ctx.console()
                    .edit_service_general(id, &name, &description)?;
            }
            if let Some(org) = org {
                let org_id = ctx
                    .console()
                    .organizations()?
                    .into_iter()
                    .find(|o| o.name.eq_ignore_ascii_case(org.trim()))
                    .map(|o| o.id)
                    .ok_or_else(|| CliError::refused(format!("no organization named '{org}'")))?;
                ctx.console().change_service_organization(id, org_id)?;
            }
            if let Some(label) = ha_label {
                ctx.console().edit_ha_label(id, label)?;
            }
            let s = ctx.console().service_detail(id)?.service;
            ctx.out.done(
                &format!("service '{}' saved", s.name),
                json!({"service": s}),
            );
            Ok(())
        }
    }
}

fn show(ctx: &mut Ctx<'_>, key: &str) -> CliResult<()> {
    let id: ServiceId = find(ctx, key)?.id;
    let d = ctx.console().service_detail(id)?;
    let s = &d.service;
    let list = |rows: &[PartitionRow]| {
        rows.iter()
            .map(|p| format!("{}/{} ({})", p.device, p.partition, p.serial))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let fields = [
        ("Name", s.name.clone()),
        ("Description", s.description.clone()),
        ("Type", d.service_type.to_string()),
        ("Organization", d.organization.clone()),
        ("Template", d.template.clone()),
        ("State", format!("{:?}", s.state)),
        ("Authentication", d.auth.to_string()),
        ("Partition size", format!("{} bytes", s.partition_size)),
        ("Partitions", list(&d.initialized)),
        ("Uninitialized", list(&d.uninitialized)),
        (
            "Devices",
            d.devices
                .iter()
                .map(|c| {
                    format!(
                        "{} ({} {}, fw {})",
                        c.device, c.model, c.software, c.firmware
                    )
                })
                .collect::<Vec<_>>()
                .join(", "),
        ),
    ];
    let doc = json!({
        "service": s,
        "organization": d.organization,
        "template": d.template,
        "type": d.service_type.to_string(),
        "initialized": d.initialized.iter().map(partition_json).collect::<Vec<_>>(),
        "uninitialized": d.uninitialized.iter().map(partition_json).collect::<Vec<_>>(),
    });
    ctx.out.record(&fields, doc);
    Ok(())
}
