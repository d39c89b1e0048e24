//! `lunadeck partition ...` (HA-1..3): the devices that may receive a new member, add members,
//! initialize the new ones (secrets typed twice), remove one after its name is typed again.
//!
//! With --secrets-stdin, `partition initialize` reads stdin lines in this order (after the
//! login password): cloning domain ×2, partition SO ×2 (PPSO services), crypto officer ×2,
//! crypto user ×2 (--with-crypto-user).

use super::error::{CliError, CliResult};
use super::output::Table;
use super::run::Ctx;
use super::service_cmd::find;
use super::service_life::twice;
use crate::domain::ids::{HsmSerial, PartitionSerial, ServiceId};
use crate::ops::OpsError;
use crate::ops::ha_init::NewPartitionsForm;
use crate::ops::services_view::PartitionRow;
use clap::Subcommand;
use serde_json::json;

#[derive(Debug, Clone, PartialEq, Eq, Subcommand)]
pub enum PartitionCmd {
    /// The devices that may receive a new partition of SERVICE, and why the others cannot.
    Choices { service: String },
    /// Create a partition of SERVICE on each --device (all or nothing); the new members then
    /// wait for `partition initialize` (HA-1).
    Add {
        service: String,
        #[arg(long = "device", value_name = "DEVICE", required = true)]
        devices: Vec<String>,
    },
    /// Initialize the new partitions of SERVICE like the existing ones (HA-2, password
    /// services); secrets typed twice, order in `lunadeck partition initialize --help`.
    Initialize {
        service: String,
        /// Also initialize the crypto user (the seed's crypto-user table applies).
        #[arg(long)]
        with_crypto_user: bool,
        /// Read the secrets from stdin lines: domain ×2, partition SO ×2 (PPSO), crypto
        /// officer ×2, crypto user ×2 (--with-crypto-user).
        #[arg(long)]
        secrets_stdin: bool,
    },
    /// Delete one partition of SERVICE from its device (HA-3): PARTITION is its serial or
    /// DEVICE/NAME; --confirm must repeat the partition's name.
    Remove {
        service: String,
        partition: String,
        #[arg(long, value_name = "PARTITION NAME")]
        confirm: String,
    },
}

pub fn run(cmd: &PartitionCmd, ctx: &mut Ctx<'_>) -> CliResult<()> {
    match cmd {
        PartitionCmd::Choices { service } => choices(ctx, service),
        PartitionCmd::Add { service, devices } => {
            let id = find(ctx, service)?.id;
            let mut serials: Vec<HsmSerial> = Vec::new();
            for d in devices {
                serials.push(ctx.console().device_by_name(d)?.serial);
            }
            let job = ctx.console().submit_add_partitions(id, &serials)?;
            ctx.wait(job)
        }
        PartitionCmd::Initialize {
            service,
            with_crypto_user,
            secrets_stdin,
        } => initialize(ctx, service, *with_crypto_user, *secrets_stdin),
        PartitionCmd::Remove {
            service,
            partition,
            confirm,
        } => {
            let id = find(ctx, service)?.id;
            let serial = member(ctx, id, partition)?;
            let job = ctx
                .console()
                .submit_remove_partition(id, &serial, confirm)?;
            ctx.wait(job)
        }
    }
}

fn choices(ctx: &mut Ctx<'_>, key: &str) -> CliResult<()> {
    let id = find(ctx, key)?.id;
    let rows = ctx.console().add_partition_choices(id)?;
    let mut table = Table::new(&["DEVICE", "SERIAL", "FREE BYTES", "CAN RECEIVE"]);
    let mut docs = Vec::new();
    for (d, why) in &rows {
        table.row(vec![
            d.name.clone(),
            d.serial.to_string(),
            d.facts.storage.free.to_string(),
            why.clone()
                .map_or_else(|| "yes".into(), |w| format!("no: {w}")),
        ]);
        docs.push(
            json!({"device": d.name, "serial": d.serial, "fits": why.is_none(), "why_not": why}),
        );
    }
    ctx.out
        .list(&table, "no device can receive a partition", json!(docs));
    Ok(())
}

fn initialize(ctx: &mut Ctx<'_>, key: &str, with_cu: bool, s: bool) -> CliResult<()> {
    let row = find(ctx, key)?;
    let service = ctx.console().service_detail(row.id)?.service;
    if service.auth == crate::domain::device::AuthMethod::Ped {
        // The keys are presented at the PED; the challenges activate the new partitions.
        let co = Some(twice(ctx, "crypto officer challenge", s)?);
        let cu = if with_cu {
            Some(twice(ctx, "crypto user challenge", s)?)
        } else {
            None
        };
        let form = crate::ops::ha_init_ped::NewPedPartitionsForm {
            co_challenge: co,
            cu_challenge: cu,
        };
        let (job, table) = ctx.console().submit_init_new_ped_partitions(row.id, form)?;
        eprintln!("crypto user: {}", table.status_line());
        return ctx.wait(job);
    }
    let domain = twice(ctx, "cloning domain", s)?;
    let so = if service.ppso {
        Some(twice(ctx, "partition SO password", s)?)
    } else {
        None
    };
    let co = twice(ctx, "crypto officer password", s)?;
    let cu = if with_cu {
        Some(twice(ctx, "crypto user password", s)?)
    } else {
        None
    };
    let form = NewPartitionsForm { domain, so, co, cu };
    let (job, table) = ctx.console().submit_init_new_partitions(row.id, form)?;
    eprintln!("crypto user: {}", table.status_line());
    ctx.wait(job)
}

/// A member of the service by partition serial or DEVICE/NAME.
fn member(ctx: &mut Ctx<'_>, id: ServiceId, key: &str) -> CliResult<PartitionSerial> {
    let d = ctx.console().service_detail(id)?;
    let all: Vec<&PartitionRow> = d.initialized.iter().chain(&d.uninitialized).collect();
    all.iter()
        .find(|p| p.serial.as_str() == key || format!("{}/{}", p.device, p.partition) == key)
        .map(|p| p.serial.clone())
        .ok_or_else(|| {
            CliError::Ops(OpsError::NotFound(format!(
                "service '{}' has no partition '{key}' (give its serial or DEVICE/NAME)",
                d.service.name
            )))
        })
}
