//! `lunadeck key ...` (MNG-5): list a service's objects in a crypto-officer session (HA members
//! synchronized first), and log off. A CLI session lives only as long as the lunadeck process.
//!
//! With --secrets-stdin, `key list` reads the crypto officer password (password services) from
//! the next stdin line after the login password.

use super::error::CliResult;
use super::output::Table;
use super::run::Ctx;
use super::service_cmd::find;
use super::service_life::once;
use crate::domain::device::AuthMethod;
use crate::domain::validation::validate_ped_server;
use crate::ops::OpsError;
use crate::ops::keys::KeysLogin;
use clap::Subcommand;
use serde_json::json;

#[derive(Debug, Clone, PartialEq, Eq, Subcommand)]
pub enum KeyCmd {
    /// Log in as the service's crypto officer and list the objects of every partition. The
    /// session ends when this command exits (nothing is kept between runs).
    List {
        service: String,
        /// Read the crypto officer password from the next stdin line.
        #[arg(long)]
        secrets_stdin: bool,
        /// Remote PED server (PED services whose crypto officer is not activated).
        #[arg(long)]
        ped_host: Option<String>,
        #[arg(long, default_value = "1503")]
        ped_port: String,
    },
    /// Log off the crypto officer session of SERVICE. A CLI process ends its sessions when it
    /// exits, so there is never one left to log off: this says so.
    Logoff { service: String },
}

pub fn run(cmd: &KeyCmd, ctx: &mut Ctx<'_>) -> CliResult<()> {
    match cmd {
        KeyCmd::List {
            service,
            secrets_stdin,
            ped_host,
            ped_port,
        } => {
            let row = find(ctx, service)?;
            let auth = ctx.console().service_detail(row.id)?.service.auth;
            let login = match auth {
                AuthMethod::Password => {
                    KeysLogin::Password(once(ctx, "crypto officer password", *secrets_stdin)?)
                }
                AuthMethod::Ped => KeysLogin::Ped(match ped_host {
                    Some(h) => Some(validate_ped_server(h, ped_port).map_err(OpsError::from)?),
                    None => None,
                }),
            };
            let job = ctx.console().open_keys_session(row.id, login)?;
            ctx.wait(job)?;
            if !ctx.out.json {
                let keys = ctx.console().keys(row.id)?;
                let mut table = Table::new(&["PARTITION", "HANDLE", "LABEL", "TYPE", "ALGORITHM"]);
                for k in &keys {
                    table.row(vec![
                        k.partition.to_string(),
                        k.handle.to_string(),
                        k.label.clone(),
                        k.object_type.clone(),
                        k.algorithm.clone().unwrap_or_default(),
                    ]);
                }
                if !table.is_empty() {
                    print!("{}", table.render());
                }
            }
            ctx.console().log_off_keys(row.id);
            Ok(())
        }
        KeyCmd::Logoff { service } => {
            let row = find(ctx, service)?;
            let was_open = ctx.console().log_off_keys(row.id);
            let message = if was_open {
                format!("crypto officer session of '{}' logged off", row.name)
            } else {
                format!(
                    "no crypto officer session of '{}' is open: a lunadeck command ends its \
                     sessions when it exits (`key list` logs off as it finishes)",
                    row.name
                )
            };
            ctx.out.done(
                &message,
                json!({"service": row.name, "logged_off": was_open, "session_open": false}),
            );
            Ok(())
        }
    }
}
