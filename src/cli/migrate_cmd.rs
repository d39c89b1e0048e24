//! `lunadeck migrate ...` (MIG-1..5): which services can be migrated, and a migration to one or
//! more target devices with its per-target outcome and the repair offered for failed targets.
//!
//! With --secrets-stdin, `migrate run` reads stdin lines in this order (after the login
//! password): a password service: the source's crypto officer password, the source's cloning
//! domain ×2, the new partitions' SO password ×2, their crypto officer password ×2; a PED
//! service: the source's crypto officer challenge ×2.

use super::error::{CliError, CliResult};
use super::output::Table;
use super::run::Ctx;
use super::service_cmd::find;
use super::service_life::{once, twice};
use crate::domain::device::AuthMethod;
use crate::domain::ids::HsmSerial;
use crate::domain::migration::MigrationClass;
use crate::domain::validation::validate_ped_server;
use crate::ops::error::OpsError;
use crate::ops::migrate::{MigrateForm, MigrateRoles};
use clap::Subcommand;
use serde_json::json;

// Parsed once per process: the size of the `run` variant costs nothing worth a box.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, Eq, Subcommand)]
pub enum MigrateCmd {
    /// Services that can be migrated (initialized, first partition able to clone); with
    /// SERVICE, whether that one can (exit 2 when it cannot).
    Check { service: Option<String> },
    /// Migrate SERVICE: create, initialize and clone to a new service on each --target.
    Run {
        service: String,
        /// Name of the new service.
        #[arg(long)]
        name: String,
        #[arg(long, default_value = "")]
        description: String,
        /// Owning organization of the new service.
        #[arg(long, value_name = "ORG")]
        org: String,
        /// Size of the new partitions in bytes.
        #[arg(long, value_name = "BYTES")]
        size: String,
        /// Label and name of the new partitions.
        #[arg(long)]
        label: String,
        #[arg(long = "target", value_name = "DEVICE", required = true)]
        targets: Vec<String>,
        /// The new service's HSM model ("7.x PED", "7.x Password", ...): every target must be
        /// of it. Without it, any target the support matrix allows.
        #[arg(long, value_name = "MODEL")]
        model: Option<String>,
        /// PED service: the remote PED server the targets' PED operations go to.
        #[arg(long, value_name = "HOST")]
        ped_host: Option<String>,
        /// PED service: its port.
        #[arg(long, value_name = "PORT", default_value = "1503")]
        ped_port: String,
        /// Non-PPSO PED source: its crypto officer challenge is no longer the one its PED
        /// generated (MIG-3; the console cannot read it).
        #[arg(long)]
        challenge_changed: bool,
        /// Read the secrets from stdin lines: password service: source CO password, domain
        /// ×2, partition SO ×2, crypto officer ×2; PED service: CO challenge ×2.
        #[arg(long)]
        secrets_stdin: bool,
    },
}

pub fn run(cmd: &MigrateCmd, ctx: &mut Ctx<'_>) -> CliResult<()> {
    match cmd {
        MigrateCmd::Check { service } => check(ctx, service.as_deref()),
        MigrateCmd::Run {
            service,
            name,
            description,
            org,
            size,
            label,
            targets,
            model,
            ped_host,
            ped_port,
            challenge_changed,
            secrets_stdin,
        } => {
            let model = match model.as_deref() {
                None => None,
                Some(text) => Some(MigrationClass::from_label(text).ok_or_else(|| {
                    let all: Vec<String> =
                        MigrationClass::ALL.iter().map(|c| c.to_string()).collect();
                    CliError::refused(format!(
                        "--model '{}': not an HSM model; one of: {}",
                        crate::domain::text::neutralize_line(text),
                        all.join(", ")
                    ))
                })?),
            };
            let source = find(ctx, service)?.id;
            let organization = ctx
                .console()
                .organizations()?
                .into_iter()
                .find(|o| o.name.eq_ignore_ascii_case(org.trim()))
                .map(|o| o.id)
                .ok_or_else(|| CliError::refused(format!("no organization named '{org}'")))?;
            let mut serials: Vec<HsmSerial> = Vec::new();
            for t in targets {
                serials.push(ctx.console().device_by_name(t)?.serial);
            }
            let s = *secrets_stdin;
            let auth = ctx.console().service_detail(source)?.service.auth;
            let roles = if auth == AuthMethod::Ped {
                let host = ped_host.as_deref().ok_or_else(|| {
                    CliError::refused("a PED service needs --ped-host (the remote PED server)")
                })?;
                let ped = validate_ped_server(host, ped_port).map_err(OpsError::from)?;
                let co_challenge = twice(ctx, "crypto officer challenge of the source", s)?;
                MigrateRoles::Ped {
                    ped,
                    co_challenge,
                    challenge_changed: *challenge_changed,
                }
            } else {
                let source_co = once(ctx, "source crypto officer password", s)?;
                let domain = twice(ctx, "cloning domain of the source", s)?;
                let so = twice(ctx, "partition SO password", s)?;
                let co = twice(ctx, "crypto officer password", s)?;
                MigrateRoles::Password {
                    domain,
                    so,
                    co,
                    source_co,
                }
            };
            let form = MigrateForm {
                name: name.clone(),
                description: description.clone(),
                organization,
                size: size.clone(),
                targets: serials,
                label: label.clone(),
                roles,
                model,
            };
            let (job, warnings) = ctx.console().submit_migrate(source, form)?;
            for w in &warnings {
                eprintln!("warning: {}", crate::domain::text::neutralize_line(w));
            }
            ctx.wait(job)
        }
    }
}

fn check(ctx: &mut Ctx<'_>, service: Option<&str>) -> CliResult<()> {
    let sources = ctx.console().migration_sources()?;
    if let Some(key) = service {
        let row = find(ctx, key)?;
        return if sources.iter().any(|s| s.id == row.id) {
            ctx.out.done(
                &format!("service '{}' can be migrated", row.name),
                json!({"service": row.name, "migratable": true}),
            );
            Ok(())
        } else {
            Err(CliError::refused(format!(
                "service '{}' cannot be migrated: it must be initialized and its first \
                 partition able to clone (see `lunadeck service show {}`)",
                row.name, row.name
            )))
        };
    }
    let mut table = Table::new(&["ID", "NAME", "STATE", "SIZE"]);
    for s in &sources {
        table.row(vec![
            s.id.0.to_string(),
            s.name.clone(),
            format!("{:?}", s.state),
            s.partition_size.to_string(),
        ]);
    }
    let docs: Vec<_> = sources
        .iter()
        .map(|s| json!({"id": s.id.0, "name": s.name, "state": format!("{:?}", s.state)}))
        .collect();
    ctx.out
        .list(&table, "no service can be migrated", json!(docs));
    Ok(())
}
