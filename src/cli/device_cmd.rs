//! `lunadeck device ...` (DEV-1..3): add, list, show, refresh, authorize, ped-server, edit, remove —
//! each a Console operation; this file only parses, reads secrets, waits and prints.

use super::error::{CliError, CliResult};
use super::output::Table;
use super::run::Ctx;
use crate::domain::confirmation::confirm_typed;
use crate::domain::device::{DEFAULT_PED_PORT, Device, SshAuth};
use crate::domain::validation::{validate_ped_server, validate_ssh_user};
use crate::luna::ssh::check_private_key_file;
use crate::ops::OpsError;
use crate::ops::device_edit::DeviceEdit;
use crate::ops::devices::DeviceForm;
use clap::Subcommand;
use serde_json::json;
use std::path::Path;

#[derive(Debug, Clone, PartialEq, Eq, Subcommand)]
pub enum DeviceCmd {
    /// Add an appliance: trust its host key (pinned with --host-key), then read `hsm show`.
    /// Logs in with --ssh-key FILE, or by password (prompt, or --ssh-password-stdin).
    Add {
        /// Console name of the device.
        name: String,
        /// Host name or address of the appliance.
        #[arg(long)]
        host: String,
        #[arg(long, default_value = "22")]
        port: String,
        /// SSH user on the appliance.
        #[arg(long, default_value = "admin")]
        ssh_user: String,
        /// Private key file for the SSH login (instead of a password).
        #[arg(long, value_name = "FILE")]
        ssh_key: Option<String>,
        /// Read the SSH password from the next stdin line.
        #[arg(long, conflicts_with = "ssh_key")]
        ssh_password_stdin: bool,
    },
    /// List devices with their status.
    List,
    /// Everything known about one device.
    Show { device: String },
    /// Re-read devices (all when none is named), in parallel.
    Refresh { devices: Vec<String> },
    /// Check the HSM SO password with one `hsm login` and keep it in memory for this run only.
    /// (--so-password-stdin reads it from the next stdin line.)
    Authorize { device: String },
    /// Record the remote PED server of a PED appliance.
    PedServer {
        device: String,
        #[arg(long)]
        host: String,
        #[arg(long, default_value_t = DEFAULT_PED_PORT.to_string())]
        port: String,
    },
    /// Change a device's console name, address or SSH login (nothing changes on the appliance;
    /// the next contact checks its host key and that the same HSM serial answers).
    Edit {
        device: String,
        #[arg(long)]
        name: Option<String>,
        #[arg(long)]
        host: Option<String>,
        #[arg(long)]
        port: Option<String>,
        #[arg(long)]
        ssh_user: Option<String>,
        /// Log in with this private key file from now on.
        #[arg(long, value_name = "FILE")]
        ssh_key: Option<String>,
        /// Log in by password from now on (asked when the device is next used).
        #[arg(long, conflicts_with = "ssh_key")]
        ssh_password_login: bool,
    },
    /// Forget a device (nothing changes on the appliance); --confirm must repeat its name.
    Remove {
        device: String,
        #[arg(long, value_name = "NAME")]
        confirm: String,
    },
}

pub fn run(cmd: &DeviceCmd, ctx: &mut Ctx<'_>) -> CliResult<()> {
    match cmd {
        DeviceCmd::Add {
            name,
            host,
            port,
            ssh_user,
            ssh_key,
            ssh_password_stdin,
        } => {
            // What can be checked is checked before the SSH password is asked for.
            validate_ssh_user(ssh_user).map_err(OpsError::from)?;
            let auth = match ssh_key {
                Some(path) => key_login(path)?,
                None => SshAuth::Password,
            };
            let ssh_password = if ssh_key.is_none() && !ctx.console().access.is_sim() {
                Some(ctx.secrets.read(
                    &format!("SSH password for {ssh_user}@{host}"),
                    *ssh_password_stdin,
                    "--ssh-password-stdin",
                )?)
            } else {
                None
            };
            let job = ctx.console().submit_add_device(DeviceForm {
                name: name.clone(),
                host: host.clone(),
                port: port.clone(),
                user: ssh_user.clone(),
                auth,
                ssh_password,
            })?;
            ctx.wait(job)
        }
        DeviceCmd::List => list(ctx),
        DeviceCmd::Show { device } => show(ctx, device),
        DeviceCmd::Refresh { devices } => {
            let mut serials = Vec::new();
            for name in devices {
                serials.push(ctx.console().device_by_name(name)?.serial);
            }
            let job = ctx.console().submit_refresh(&serials)?;
            ctx.wait(job)
        }
        DeviceCmd::Authorize { device } => {
            let d = ctx.console().device_by_name(device)?;
            let secret = ctx.so_password(&d.name)?;
            let job = ctx.console().submit_authorize(&d.serial, secret)?;
            ctx.wait(job)
        }
        DeviceCmd::PedServer { device, host, port } => {
            let d = ctx.console().device_by_name(device)?;
            let ped = validate_ped_server(host, port).map_err(OpsError::from)?;
            ctx.console().set_ped_server(&d.serial, ped)?;
            let msg = format!("{}: remote PED server recorded", d.name);
            ctx.out.done(&msg, json!({"device": d.name}));
            Ok(())
        }
        DeviceCmd::Edit {
            device,
            name,
            host,
            port,
            ssh_user,
            ssh_key,
            ssh_password_login,
        } => {
            let d = ctx.console().device_by_name(device)?;
            let auth = match (ssh_key, ssh_password_login) {
                (Some(path), _) => Some(key_login(path)?),
                (None, true) => Some(SshAuth::Password),
                (None, false) => None,
            };
            let edit = DeviceEdit {
                name: name.clone(),
                host: host.clone(),
                port: port.clone(),
                user: ssh_user.clone(),
                auth,
                ped_server: None,
            };
            let saved = ctx.console().edit_device(&d.serial, edit)?;
            let msg = format!("{} saved", saved.name);
            ctx.out.done(&msg, device_json(&saved, "edited"));
            Ok(())
        }
        DeviceCmd::Remove { device, confirm } => {
            let d = ctx.console().device_by_name(device)?;
            confirm_typed(&d.name, confirm, "device name").map_err(OpsError::from)?;
            ctx.console().remove_device(&d.serial)?;
            let msg = format!(
                "{} removed from the console (nothing changed on it)",
                d.name
            );
            ctx.out.done(&msg, json!({"device": d.name}));
            Ok(())
        }
    }
}

/// `--ssh-key FILE`: a readable private key file (DEV-1), refused naming the flag and the path.
fn key_login(path: &str) -> CliResult<SshAuth> {
    check_private_key_file(Path::new(path))
        .map_err(|e| CliError::refused(format!("--ssh-key {e}")))?;
    Ok(SshAuth::Key {
        path: path.to_string(),
    })
}

fn list(ctx: &mut Ctx<'_>) -> CliResult<()> {
    let console = ctx.console();
    let devices = console.devices()?;
    let mut table = Table::new(&[
        "NAME", "HOST", "SERIAL", "SOFTWARE", "AUTH", "STATUS", "LICENCES", "FREE",
    ]);
    let mut rows = Vec::new();
    for d in &devices {
        let status = console.device_status(d);
        table.row(vec![
            d.name.clone(),
            d.host.clone(),
            d.serial.to_string(),
            d.facts.software.to_string(),
            d.facts.auth.to_string(),
            status.to_string(),
            licences_cell(d),
            d.facts.storage.free.to_string(),
        ]);
        rows.push(device_json(d, &status.to_string()));
    }
    ctx.out.list(&table, "no devices", json!(rows));
    Ok(())
}

/// Licence counts `hsm show` did not print (software 5.x).
const UNKNOWN: &str = "—";

/// `used/allowed`, or `—` when unknown.
fn licences_cell(d: &Device) -> String {
    d.facts
        .licences
        .map(|l| l.to_string())
        .unwrap_or_else(|| UNKNOWN.into())
}

/// The stored device plus its status; unknown licences are `"licences": null` in `facts`.
fn device_json(d: &Device, status: &str) -> serde_json::Value {
    let mut v = serde_json::to_value(d).unwrap_or_default();
    if let Some(map) = v.as_object_mut() {
        map.insert("status".into(), json!(status));
    }
    v
}

fn show(ctx: &mut Ctx<'_>, name: &str) -> CliResult<()> {
    let console = ctx.console();
    let d = console.device_by_name(name)?;
    let status = console.device_status(&d).to_string();
    let f = &d.facts;
    let ped = d
        .ped_server
        .as_ref()
        .map(|p| format!("{}:{}", p.host, p.port))
        .unwrap_or_else(|| "-".into());
    let fields = [
        ("Name", d.name.clone()),
        ("Host", format!("{}:{}", d.host, d.port)),
        ("SSH user", d.ssh_user.clone()),
        ("HSM serial", d.serial.to_string()),
        ("HSM label", f.hsm_label.clone()),
        ("Model", f.model.clone()),
        ("Software", f.software.to_string()),
        ("Firmware", f.firmware.to_string()),
        ("Authentication", f.auth.to_string()),
        (
            "Licences",
            f.licences
                .map(|l| format!("{} of {} used", l.used, l.allowed))
                .unwrap_or_else(|| format!("{UNKNOWN} (hsm show prints no licence counts)")),
        ),
        (
            "Storage",
            format!("{} of {} bytes free", f.storage.free, f.storage.total),
        ),
        ("PED server", ped),
        ("Status", status.clone()),
        (
            "Last seen",
            d.last_seen
                .map(|t| t.to_string())
                .unwrap_or_else(|| "-".into()),
        ),
    ];
    ctx.out.record(&fields, device_json(&d, &status));
    Ok(())
}
