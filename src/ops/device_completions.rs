//! What the device jobs do with their outcome (DEV-1..3): keep the device read at add, each
//! device's refresh as it ends, and an authorized SO secret in memory only.

use super::access::DeviceAccess;
use super::completion::{Completion, data_of, failure_message, outputs};
use super::console::Console;
use super::error::OpsResult;
use super::luna_steps::HsmReading;
use crate::domain::audit_event::Outcome;
use crate::domain::device::{Device, DeviceStatus};
use crate::domain::ids::HsmSerial;
use crate::domain::operation::Operation;
use crate::jobs::{DeviceEnd, JobOutcome, StepRecord};
use secrecy::SecretString;
use serde_json::json;

pub(crate) struct DeviceAdded {
    pub(crate) key: HsmSerial,
    pub(crate) access: DeviceAccess,
}

impl Completion for DeviceAdded {
    fn apply(
        self: Box<Self>,
        c: &mut Console,
        outcome: &JobOutcome,
    ) -> OpsResult<(String, serde_json::Value)> {
        let reading = outputs(outcome).iter().find_map(data_of::<HsmReading>);
        let Some(reading) = reading else {
            c.access.forget(&self.key);
            let why = failure_message(outcome).unwrap_or_else(|| "no answer".into());
            c.audit(
                Operation::AddDevice,
                None,
                None,
                &self.access.name,
                Outcome::Failure {
                    reason: why.clone(),
                },
            )?;
            return Ok((
                format!("{} was not added: {why}", self.access.name),
                json!({"added": false, "error": why}),
            ));
        };
        if let Some(other) = c.store.load_device(&reading.serial)? {
            c.access.forget(&self.key);
            let why = format!(
                "HSM serial {} is already added as '{}'",
                reading.serial, other.name
            );
            c.audit(
                Operation::AddDevice,
                None,
                Some(reading.serial.clone()),
                &self.access.name,
                Outcome::Failure {
                    reason: why.clone(),
                },
            )?;
            return Ok((why.clone(), json!({"added": false, "error": why})));
        }
        let device = Device {
            serial: reading.serial.clone(),
            name: self.access.name.clone(),
            host: self.access.host.clone(),
            port: self.access.port,
            ssh_user: self.access.user.clone(),
            ssh_auth: self.access.auth.clone(),
            facts: reading.facts,
            ped_server: None,
            status: DeviceStatus::Up,
            last_seen: Some(c.now()),
        };
        c.store.save_device(&device)?;
        c.access.rekey(&self.key, &device.serial);
        c.audit(
            Operation::AddDevice,
            None,
            Some(device.serial.clone()),
            &device.name,
            Outcome::Success,
        )?;
        Ok((
            format!(
                "added {} (HSM serial {}, software {}, firmware {})",
                device.name, device.serial, device.facts.software, device.facts.firmware
            ),
            serde_json::to_value(&device).unwrap_or_default(),
        ))
    }
}

pub(crate) struct DevicesRefreshed {
    pub(crate) devices: Vec<HsmSerial>,
    /// Devices already kept as their steps ended, with their report line.
    pub(crate) reported: Vec<(HsmSerial, serde_json::Value)>,
}

/// Keeps what one device's refresh read; `cancelled`: its steps were stopped by a cancel (the
/// device keeps its status: a cancel says nothing about the device).
fn keep_refresh(
    c: &mut Console,
    serial: &HsmSerial,
    records: &[StepRecord],
    cancelled: bool,
) -> OpsResult<Option<serde_json::Value>> {
    let Some(mut device) = c.store.load_device(serial)? else {
        return Ok(None);
    };
    let reading = records
        .iter()
        .filter(|r| &r.device == serial)
        .find_map(data_of::<HsmReading>);
    match reading {
        Some(r) if r.serial == *serial => {
            device.facts = r.facts;
            device.status = DeviceStatus::Up;
            device.last_seen = Some(c.now());
        }
        Some(r) => {
            device.status = DeviceStatus::Unreachable;
            c.store.save_device(&device)?;
            return Ok(Some(
                json!({"device": device.name, "error": format!("answered with HSM serial {} instead of {serial}", r.serial)}),
            ));
        }
        None if cancelled => {
            return Ok(Some(
                json!({"device": device.name, "status": device.status.to_string(), "cancelled": true}),
            ));
        }
        None => device.status = DeviceStatus::Unreachable,
    }
    c.store.save_device(&device)?;
    Ok(Some(
        json!({"device": device.name, "status": device.status.to_string()}),
    ))
}

impl Completion for DevicesRefreshed {
    fn device_finished(
        &mut self,
        c: &mut Console,
        device: &HsmSerial,
        outputs: &[StepRecord],
        end: &DeviceEnd,
    ) -> OpsResult<()> {
        let cancelled = matches!(end, DeviceEnd::Cancelled);
        if let Some(line) = keep_refresh(c, device, outputs, cancelled)? {
            self.reported.push((device.clone(), line));
        }
        Ok(())
    }

    fn apply(
        self: Box<Self>,
        c: &mut Console,
        outcome: &JobOutcome,
    ) -> OpsResult<(String, serde_json::Value)> {
        let cancelled = matches!(outcome, JobOutcome::Cancelled { .. });
        let mut report = Vec::new();
        for serial in &self.devices {
            let kept = self.reported.iter().find(|(s, _)| s == serial);
            let line = match kept {
                Some((_, line)) => Some(line.clone()),
                None => keep_refresh(c, serial, outputs(outcome), cancelled)?,
            };
            report.extend(line);
        }
        let up = report.iter().filter(|r| r["status"] == "up").count();
        let mut summary = format!("{up} of {} device(s) up", self.devices.len());
        if let Some(why) = failure_message(outcome).filter(|_| cancelled) {
            summary.push_str(&format!(" ({why})"));
        }
        Ok((summary, json!(report)))
    }
}

pub(crate) struct Authorized {
    pub(crate) serial: HsmSerial,
    pub(crate) secret: SecretString,
}

impl Completion for Authorized {
    fn apply(
        self: Box<Self>,
        c: &mut Console,
        outcome: &JobOutcome,
    ) -> OpsResult<(String, serde_json::Value)> {
        match failure_message(outcome) {
            None => {
                c.keep_so_secret(&self.serial, self.secret);
                c.audit(
                    Operation::AuthorizeDevice,
                    None,
                    Some(self.serial.clone()),
                    self.serial.as_str(),
                    Outcome::Success,
                )?;
                Ok((
                    format!(
                        "{} authorized for this session",
                        c.device_label(&self.serial)
                    ),
                    json!({"authorized": true}),
                ))
            }
            Some(why) => {
                c.drop_so_secret(&self.serial);
                c.audit(
                    Operation::AuthorizeDevice,
                    None,
                    Some(self.serial.clone()),
                    self.serial.as_str(),
                    Outcome::Failure {
                        reason: why.clone(),
                    },
                )?;
                Ok((
                    format!("{} not authorized: {why}", c.device_label(&self.serial)),
                    json!({"authorized": false, "error": why}),
                ))
            }
        }
    }
}
