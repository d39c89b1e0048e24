//! The reading steps every operation shares: run a LunaSH command and check its result line,
//! read the appliance, log in as HSM SO (once, never retried), read partitions and clients.

use crate::domain::client::Client;
use crate::domain::device::HsmFacts;
use crate::domain::ids::{HsmSerial, PartitionSerial};
use crate::domain::partition::{Partition, PartitionVersion, Roles};
use crate::domain::plan::PlanStep;
use crate::jobs::{StepContext, StepError, StepOutput};
use crate::luna::command::{Arg, LunaShCommand};
use crate::luna::lunacm_command::LunaCmCommand;
use crate::luna::parse::{
    LunaErrorKind, PartitionRow, parse_client_list, parse_client_show, parse_hsm_show,
    parse_outcome, parse_partition_list, parse_partition_show,
};
use crate::luna::shell::{Ask, Shell};
use secrecy::SecretString;
use serde::{Deserialize, Serialize};

/// Runs `command` and returns its output when the result line says success; otherwise a device
/// error with the device's own words.
pub fn run_checked(
    shell: &mut dyn Shell,
    command: &LunaShCommand,
    answers: &[SecretString],
    ctx: &StepContext<'_>,
) -> Result<String, StepError> {
    run_line(
        shell,
        &command.line(),
        &command.redacted(),
        &ctx.ask(command.class(), answers),
    )
}

/// One command line, its result line checked (LunaSH and LunaCM print the same shape).
fn run_line(
    shell: &mut dyn Shell,
    line: &str,
    shown: &str,
    ask: &Ask<'_>,
) -> Result<String, StepError> {
    let reply = shell.run(line, ask)?;
    let outcome = parse_outcome(&reply.output).map_err(|e| StepError::Device {
        output: reply.output.clone(),
        reason: format!("unexpected answer to '{shown}': {e}"),
    })?;
    if outcome.ok {
        Ok(reply.output)
    } else {
        Err(StepError::Device {
            reason: outcome.summary(),
            output: reply.output,
        })
    }
}

/// Runs a LunaCM command on the client host and checks its `Command Result` line.
pub fn run_cm(
    shell: &mut dyn Shell,
    command: &LunaCmCommand,
    answers: &[SecretString],
    ctx: &StepContext<'_>,
) -> Result<String, StepError> {
    let ask = ctx.ask(command.class(), answers);
    run_line(shell, &command.line(), &command.redacted(), &ask).map_err(|e| match e {
        StepError::Device { output, reason } => StepError::Device {
            reason: format!("'{}': {reason}", command.redacted()),
            output,
        },
        other => other,
    })
}

/// Turns a name the device gave us into a command argument, or a device error naming it.
pub fn arg(
    name: &str,
    make: fn(&str) -> Result<Arg, crate::luna::command::CommandError>,
) -> Result<Arg, StepError> {
    make(name).map_err(|e| StepError::Device {
        output: String::new(),
        reason: e.to_string(),
    })
}

fn parse_failed(output: &str, what: &str, e: impl std::fmt::Display) -> StepError {
    StepError::Device {
        output: output.to_string(),
        reason: format!("could not read {what}: {e}"),
    }
}

/// What `hsm show` told us (DEV-1).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HsmReading {
    pub serial: HsmSerial,
    pub facts: HsmFacts,
    pub so_logged_in: bool,
    pub attempts_left: Option<u32>,
}

pub fn read_hsm(shell: &mut dyn Shell, ctx: &StepContext<'_>) -> Result<HsmReading, StepError> {
    let out = run_checked(shell, &LunaShCommand::HsmShow, &[], ctx)?;
    let show = parse_hsm_show(&out).map_err(|e| parse_failed(&out, "hsm show", e))?;
    Ok(HsmReading {
        serial: show.serial,
        facts: show.facts,
        so_logged_in: show.so_logged_in,
        attempts_left: show.attempts_left,
    })
}

/// Logs in as HSM SO unless this session already is. Exactly one `hsm login` at most: a wrong
/// secret is reported with the attempts left and never tried again (three failures zeroize).
pub fn so_login(
    shell: &mut dyn Shell,
    secret: Option<&SecretString>,
    verify: bool,
    ctx: &StepContext<'_>,
) -> Result<StepOutput, StepError> {
    let reading = read_hsm(shell, ctx)?;
    if reading.facts.zeroized {
        return Err(StepError::Device {
            output: String::new(),
            reason: "the HSM is zeroized; nothing was sent".into(),
        });
    }
    if reading.so_logged_in && !verify {
        return Ok(StepOutput::text("already logged in as HSM SO"));
    }
    if reading.so_logged_in {
        run_checked(shell, &LunaShCommand::HsmLogout, &[], ctx)?;
    }
    let secret = secret.ok_or_else(|| StepError::Device {
        output: String::new(),
        reason:
            "the device is not authorized: no HSM SO secret in this session (authorize it first)"
                .into(),
    })?;
    let login = LunaShCommand::HsmLogin;
    let reply = shell.run(
        &login.line(),
        &ctx.ask(login.class(), std::slice::from_ref(secret)),
    )?;
    let outcome =
        parse_outcome(&reply.output).map_err(|e| parse_failed(&reply.output, "hsm login", e))?;
    if outcome.ok {
        return Ok(StepOutput::text(reply.output));
    }
    let left = outcome
        .attempts_left()
        .map(|n| {
            format!(" {n} attempt(s) left before the HSM is zeroized; lunadeck will not retry.")
        })
        .unwrap_or_default();
    let reason = match outcome.kind() {
        Some(LunaErrorKind::PinIncorrect) => format!("the HSM SO password was refused.{left}"),
        Some(LunaErrorKind::SoLoginThreshold) => {
            "the HSM has been zeroized after too many failed SO logins".to_string()
        }
        _ => outcome.summary(),
    };
    Err(StepError::Device {
        output: reply.output,
        reason,
    })
}

/// `partition list`, then `partition show` for each partition (roles, label, policies).
pub fn read_partitions(
    shell: &mut dyn Shell,
    step: &PlanStep,
    ctx: &StepContext<'_>,
) -> Result<Vec<Partition>, StepError> {
    let out = run_checked(shell, &LunaShCommand::PartitionList, &[], ctx)?;
    let rows = parse_partition_list(&out).map_err(|e| parse_failed(&out, "partition list", e))?;
    let mut partitions = Vec::with_capacity(rows.len());
    for row in rows {
        partitions.push(read_partition(shell, step, &row, ctx)?);
    }
    Ok(partitions)
}

/// A partition `partition show` could not read at discovery: listed from `partition list`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnreadPartition {
    pub serial: PartitionSerial,
    pub name: String,
    /// Why, in the device's words when it printed any.
    pub reason: String,
}

/// What discovery read on one appliance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Discovered {
    pub partitions: Vec<Partition>,
    pub unread: Vec<UnreadPartition>,
}

/// IMP-1: like `read_partitions`, but a partition whose `partition show` fails is still listed
/// from its `partition list` row (serial, name, objects, storage; label and roles unknown) and
/// named in `unread`; the other partitions go on. Only a failing `partition list`, a broken
/// link or a cancel fail the step.
pub fn discover_partitions(
    shell: &mut dyn Shell,
    step: &PlanStep,
    ctx: &StepContext<'_>,
) -> Result<Discovered, StepError> {
    let out = run_checked(shell, &LunaShCommand::PartitionList, &[], ctx)?;
    let rows = parse_partition_list(&out).map_err(|e| parse_failed(&out, "partition list", e))?;
    let mut found = Discovered {
        partitions: Vec::with_capacity(rows.len()),
        unread: Vec::new(),
    };
    for row in rows {
        match read_partition(shell, step, &row, ctx) {
            Ok(p) => found.partitions.push(p),
            Err(e @ (StepError::Shell(_) | StepError::Cancelled)) => return Err(e),
            Err(e @ StepError::Device { .. }) => {
                let said = e.device_output().trim();
                let reason = match said.lines().find(|l| l.trim_start().starts_with("Error:")) {
                    Some(line) => format!("{e} ({})", line.trim()),
                    None => e.to_string(),
                };
                found.unread.push(UnreadPartition {
                    serial: PartitionSerial::new(row.serial.as_str()),
                    name: row.name.clone(),
                    reason: crate::domain::text::neutralize_line(&reason),
                });
                found.partitions.push(Partition {
                    serial: PartitionSerial::new(row.serial.as_str()),
                    device: step.device.clone(),
                    name: row.name.clone(),
                    label: None,
                    version: row.version.unwrap_or(PartitionVersion::V0),
                    size: row.total,
                    used: row.used,
                    objects: row.objects,
                    initialized: false,
                    roles: Roles::NONE,
                    ppso: false,
                    stc: false,
                });
            }
        }
    }
    Ok(found)
}

/// `partition show` of one `partition list` row, completed with the row's storage figures.
/// `partition show` of partition `name` on the step's appliance, read (the serial stays empty
/// when the appliance prints none).
pub fn show_partition(
    shell: &mut dyn Shell,
    step: &PlanStep,
    name: &str,
    ctx: &StepContext<'_>,
) -> Result<Partition, StepError> {
    let cmd = LunaShCommand::PartitionShow {
        partition: arg(name, Arg::partition)?,
    };
    let out = run_checked(shell, &cmd, &[], ctx)?;
    let show = parse_partition_show(&out).map_err(|e| parse_failed(&out, "partition show", e))?;
    Ok(show.into_partition(step.device.clone()))
}

fn read_partition(
    shell: &mut dyn Shell,
    step: &PlanStep,
    row: &PartitionRow,
    ctx: &StepContext<'_>,
) -> Result<Partition, StepError> {
    if ctx.cancel.is_cancelled() {
        return Err(StepError::Cancelled);
    }
    let mut p = show_partition(shell, step, &row.name, ctx)?;
    if p.serial.as_str().is_empty() {
        p.serial = PartitionSerial::new(row.serial.as_str());
    }
    if let Some(v) = row.version {
        p.version = v;
    }
    p.size = row.total;
    p.used = row.used;
    p.objects = row.objects;
    Ok(p)
}

/// `client list`, then `client show` and `client fingerprint` for each client (MNG-6).
pub fn read_clients(
    shell: &mut dyn Shell,
    step: &PlanStep,
    ctx: &StepContext<'_>,
) -> Result<Vec<Client>, StepError> {
    let out = run_checked(shell, &LunaShCommand::ClientList, &[], ctx)?;
    let names = parse_client_list(&out).map_err(|e| parse_failed(&out, "client list", e))?;
    let mut clients = Vec::with_capacity(names.len());
    for name in names {
        let client = arg(&name, Arg::client)?;
        let out = run_checked(
            shell,
            &LunaShCommand::ClientShow {
                client: client.clone(),
            },
            &[],
            ctx,
        )?;
        let show = parse_client_show(&out).map_err(|e| parse_failed(&out, "client show", e))?;
        let fingerprint = run_checked(
            shell,
            &LunaShCommand::ClientFingerprint { client },
            &[],
            ctx,
        )
        .ok()
        .and_then(|o| crate::luna::parse::parse_client_fingerprint(&o).ok());
        clients.push(Client {
            device: step.device.clone(),
            name,
            hostname: show.hostname.or(show.ip).unwrap_or_default(),
            fingerprint,
            partitions: show.partitions,
            last_registration: None,
            needs_reregistration: false,
        });
    }
    Ok(clients)
}

/// A value carried back to the owner in `StepOutput::data`.
pub fn with_data<T: Serialize>(text: impl Into<String>, value: &T) -> StepOutput {
    StepOutput {
        text: text.into(),
        data: serde_json::to_value(value).unwrap_or(serde_json::Value::Null),
    }
}
