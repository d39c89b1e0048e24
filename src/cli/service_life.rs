//! `lunadeck service create|plan|initialize|activate|init-cu|detach|delete` (SVC-1..2,
//! INIT-1..6, DEL-1..2): read the secrets in the documented stdin order, call the Console, wait.
//!
//! With --secrets-stdin, secrets are stdin lines in this order (after the login password):
//! initialize (password), and create on 5.x/6.x (which initializes at creation): domain ×2,
//! partition SO ×2 (PPSO only), crypto officer (the partition password on 5.x/6.x) ×2, crypto
//! user ×2 (--with-crypto-user); initialize (PED, PPSO): CO challenge ×2, CU challenge ×2
//! (--with-crypto-user); activate: CO challenge, CU challenge (--with-crypto-user);
//! init-cu: CO password, CU password ×2.

use super::error::{CliError, CliResult};
use super::run::Ctx;
use super::service_cmd::find;
use crate::domain::device::AuthMethod;
use crate::domain::ids::{HsmSerial, ServiceId};
use crate::domain::initialization::{ConfirmedSecret, InitCredentials, InitRoute, init_route};
use crate::domain::validation::validate_ped_server;
use crate::ops::OpsError;
use crate::ops::create_service::CreateServiceRequest;
use crate::ops::init_steps::Started;
use clap::Args as ClapArgs;
use secrecy::{ExposeSecret, SecretString};
use serde_json::json;

/// What `service create` and `service plan` take. On 5.x/6.x appliances the partition is
/// initialized as it is created: the initialization options and secrets are read then.
#[derive(Debug, Clone, PartialEq, Eq, ClapArgs)]
pub struct CreateArgs {
    pub name: String,
    #[arg(long)]
    pub template: String,
    /// Devices in order (the first hosts the primary partition); repeat for HA.
    #[arg(long = "device", value_name = "DEVICE", required = true)]
    pub devices: Vec<String>,
    #[arg(long, value_name = "ORG")]
    pub org: String,
    #[arg(long, default_value = "")]
    pub description: String,
    #[command(flatten)]
    pub init: CredArgs,
}

/// The initialization options (INIT-2, INIT-3).
#[derive(Debug, Clone, PartialEq, Eq, ClapArgs)]
pub struct CredArgs {
    /// Partition label (defaults to the service name).
    #[arg(long)]
    pub label: Option<String>,
    /// Remote PED server host (PED services).
    #[arg(long)]
    pub ped_host: Option<String>,
    #[arg(long, default_value = "1503")]
    pub ped_port: String,
    /// Also set the crypto user (PPSO services).
    #[arg(long)]
    pub with_crypto_user: bool,
    /// Read the secrets from stdin lines (order in `lunadeck help service`).
    #[arg(long)]
    pub secrets_stdin: bool,
}

/// What `service initialize` takes besides the secrets.
#[derive(Debug, Clone, PartialEq, Eq, ClapArgs)]
pub struct InitArgs {
    pub service: String,
    #[command(flatten)]
    pub init: CredArgs,
}

/// The request; `with_secrets`: read the initialization secrets a 5.x/6.x create needs (not
/// for a dry run, which sends nothing).
fn request(
    ctx: &mut Ctx<'_>,
    a: &CreateArgs,
    with_secrets: bool,
) -> CliResult<CreateServiceRequest> {
    let by_id = a.template.parse::<i64>().ok();
    let template = ctx
        .console()
        .templates()?
        .into_iter()
        .find(|t| t.name.eq_ignore_ascii_case(a.template.trim()) || Some(t.id.0) == by_id)
        .ok_or_else(|| CliError::refused(format!("no template named '{}'", a.template)))?;
    let mut devices: Vec<HsmSerial> = Vec::new();
    // 5.x/6.x create and initialize in one step (INIT-2): the credentials are needed now.
    let mut legacy = false;
    for d in &a.devices {
        let d = ctx.console().device_by_name(d)?;
        legacy |= init_route(d.facts.software, d.facts.firmware) == InitRoute::LegacyCreate;
        devices.push(d.serial);
    }
    let org = ctx
        .console()
        .organizations()?
        .into_iter()
        .find(|o| o.name.eq_ignore_ascii_case(a.org.trim()))
        .ok_or_else(|| CliError::refused(format!("no organization named '{}'", a.org)))?;
    let init = if legacy && with_secrets {
        let caps = &template.capabilities;
        let label = a.init.label.clone().unwrap_or_else(|| a.name.clone());
        Some(credentials(ctx, caps.auth, caps.ppso, label, &a.init)?)
    } else {
        None
    };
    Ok(CreateServiceRequest {
        name: a.name.clone(),
        description: a.description.clone(),
        template: template.id,
        devices,
        organization: org.id,
        init,
    })
}

pub fn plan(ctx: &mut Ctx<'_>, a: &CreateArgs) -> CliResult<()> {
    let req = request(ctx, a, false)?;
    let plan = ctx.console().plan_create_service(&req)?;
    let lines = ctx.console().dry_run_lines(&plan);
    if ctx.out.json {
        let docs: Vec<_> = lines
            .iter()
            .map(|(d, l)| json!({"device": d, "commands": l}))
            .collect();
        ctx.out
            .done("dry run: nothing was sent", json!({"plan": docs}));
    } else {
        let safe = crate::domain::text::neutralize_line;
        println!("dry run of creating '{}' (nothing is sent):", safe(&a.name));
        for (device, commands) in &lines {
            println!("{}:", safe(device));
            for c in commands {
                println!("  {}", safe(c));
            }
        }
    }
    Ok(())
}

pub fn create(ctx: &mut Ctx<'_>, a: &CreateArgs) -> CliResult<()> {
    let req = request(ctx, a, true)?;
    let started = ctx.console().submit_create_service(req)?;
    finish(ctx, started)
}

/// Waits; a challenge the PED generated is shown once, on stderr only.
fn finish(ctx: &mut Ctx<'_>, started: Started) -> CliResult<()> {
    if let Some(challenge) = &started.generated_challenge {
        eprintln!(
            "Crypto officer challenge (shown once, write it down): {}",
            challenge.expose_secret()
        );
    }
    ctx.wait(started.job)
}

/// A secret the seed has typed twice (two prompts or two stdin lines); the domain checks the pair.
pub(super) fn twice(ctx: &mut Ctx<'_>, what: &str, stdin: bool) -> CliResult<ConfirmedSecret> {
    let value = ctx.secrets.read(what, stdin, "--secrets-stdin")?;
    let confirm = ctx
        .secrets
        .read(&format!("{what} again"), stdin, "--secrets-stdin")?;
    Ok(ConfirmedSecret::new(value, confirm))
}

/// A secret typed once (prompt or the next stdin line).
pub(super) fn once(ctx: &mut Ctx<'_>, what: &str, stdin: bool) -> CliResult<SecretString> {
    ctx.secrets.read(what, stdin, "--secrets-stdin")
}

pub fn initialize(ctx: &mut Ctx<'_>, a: &InitArgs) -> CliResult<()> {
    let row = find(ctx, &a.service)?;
    let service = ctx.console().service_detail(row.id)?.service;
    let label = a.init.label.clone().unwrap_or_else(|| service.name.clone());
    let creds = credentials(ctx, service.auth, service.ppso, label, &a.init)?;
    let started = ctx.console().submit_initialize(row.id, creds)?;
    finish(ctx, started)
}

/// Reads the initialization secrets in the documented order (prompts, or stdin lines).
fn credentials(
    ctx: &mut Ctx<'_>,
    auth: AuthMethod,
    ppso: bool,
    label: String,
    a: &CredArgs,
) -> CliResult<InitCredentials> {
    let s = a.secrets_stdin;
    Ok(match auth {
        AuthMethod::Password => {
            let domain = twice(ctx, "cloning domain", s)?;
            let so = if ppso {
                Some(twice(ctx, "partition SO password", s)?)
            } else {
                None
            };
            let co = twice(ctx, "crypto officer password", s)?;
            let cu = if a.with_crypto_user {
                Some(twice(ctx, "crypto user password", s)?)
            } else {
                None
            };
            InitCredentials::Password {
                label,
                domain,
                so,
                co,
                cu,
            }
        }
        AuthMethod::Ped => {
            let host = a.ped_host.as_deref().ok_or_else(|| {
                CliError::refused("a PED service needs --ped-host (the remote PED server)")
            })?;
            let ped = validate_ped_server(host, &a.ped_port).map_err(OpsError::from)?;
            let (co_challenge, cu_challenge) = if ppso {
                let co = Some(twice(ctx, "crypto officer challenge", s)?);
                let cu = if a.with_crypto_user {
                    Some(twice(ctx, "crypto user challenge", s)?)
                } else {
                    None
                };
                (co, cu)
            } else {
                (None, None)
            };
            InitCredentials::Ped {
                label,
                ped,
                activate_co: co_challenge.is_some(),
                activate_cu: cu_challenge.is_some(),
                co_challenge,
                cu_challenge,
            }
        }
    })
}

pub fn activate(ctx: &mut Ctx<'_>, key: &str, with_cu: bool, s: bool) -> CliResult<()> {
    let id = find(ctx, key)?.id;
    let co = once(ctx, "crypto officer challenge", s)?;
    let cu = if with_cu {
        Some(once(ctx, "crypto user challenge", s)?)
    } else {
        None
    };
    let started = ctx.console().submit_activate_roles(id, co, cu)?;
    finish(ctx, started)
}

pub fn init_cu(ctx: &mut Ctx<'_>, key: &str, s: bool) -> CliResult<()> {
    let id = find(ctx, key)?.id;
    let co = once(ctx, "crypto officer password", s)?;
    let cu = twice(ctx, "crypto user password", s)?;
    let started = ctx.console().submit_initialize_crypto_user(id, co, cu)?;
    finish(ctx, started)
}

pub fn detach(ctx: &mut Ctx<'_>, key: &str, confirm: &str) -> CliResult<()> {
    let row = find(ctx, key)?;
    crate::domain::confirmation::confirm_typed(&row.name, confirm, "service name")
        .map_err(crate::ops::OpsError::from)?;
    ctx.console().detach_service(row.id)?;
    let msg = format!(
        "service '{}' detached: the console no longer manages it (nothing changed on the devices)",
        row.name
    );
    ctx.out.done(&msg, json!({"service": row.name}));
    Ok(())
}

pub fn delete(ctx: &mut Ctx<'_>, key: &str, confirm: &str) -> CliResult<()> {
    let id: ServiceId = find(ctx, key)?.id;
    let job = ctx.console().submit_delete_service(id, confirm)?;
    ctx.wait(job)
}
