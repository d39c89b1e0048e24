//! The `--demo` bootstrap: turns a fresh database over the simulated demo fleet into a console
//! with devices, authorizations and services, using the same operations a user would run.

use super::console::Console;
use super::devices::DeviceForm;
use super::error::{OpsError, OpsResult};
use crate::domain::device::SshAuth;
use crate::domain::ids::HsmSerial;
use crate::jobs::JobOutcome;
use crate::sim::model::Auth;
use secrecy::SecretString;

/// The demo's Admin account (documented in the README; exists only in the throwaway database).
pub const DEMO_USER: &str = "demo";
/// The demo Admin's password (simulator-only, like the fleet's own fixture secrets).
pub const DEMO_PASSWORD: &str = "demo-admin-pw";

/// One demo appliance as the bootstrap needs it.
struct DemoAppliance {
    name: String,
    host: String,
    /// The simulator's HSM SO password, for password appliances only (demo only).
    so_password: Option<SecretString>,
}

fn demo_appliances(console: &Console) -> OpsResult<Vec<DemoAppliance>> {
    let fleet = console
        .access
        .sim_fleet()
        .ok_or_else(|| OpsError::Failed("the demo needs the simulated fleet".into()))?;
    let fleet = fleet
        .lock()
        .map_err(|_| OpsError::Failed("the simulated fleet is unavailable".into()))?;
    Ok(fleet
        .appliances
        .iter()
        .map(|a| DemoAppliance {
            name: a.name.clone(),
            host: if a.hostname.is_empty() {
                a.name.clone()
            } else {
                a.hostname.clone()
            },
            so_password: (a.auth == Auth::Password)
                .then(|| SecretString::from(a.so_password.clone())),
        })
        .collect())
}

/// Sets every simulated appliance's latency (returns the previous values, by name).
fn set_latency(console: &Console, values: Option<&[(String, u64)]>) -> Vec<(String, u64)> {
    let Some(fleet) = console.access.sim_fleet() else {
        return Vec::new();
    };
    let Ok(mut fleet) = fleet.lock() else {
        return Vec::new();
    };
    let mut previous = Vec::new();
    for a in &mut fleet.appliances {
        previous.push((a.name.clone(), a.latency_ms));
        a.latency_ms = values
            .and_then(|v| v.iter().find(|(n, _)| *n == a.name).map(|(_, ms)| *ms))
            .unwrap_or(0);
    }
    previous
}

fn check(outcome: &JobOutcome, what: &str) -> OpsResult<()> {
    match outcome {
        JobOutcome::Succeeded { .. } => Ok(()),
        JobOutcome::Failed { message, .. } => Err(OpsError::Failed(format!(
            "demo set-up: {what} failed: {message}"
        ))),
        JobOutcome::Cancelled { .. } => Err(OpsError::Failed(format!(
            "demo set-up: {what} was cancelled"
        ))),
    }
}

/// Runs the bootstrap: add every appliance (host = its hostname), authorize the password
/// appliances with their simulator SO passwords. Simulated latency is off while it runs (it
/// runs on every `--demo` invocation) and restored afterwards.
pub fn bootstrap(console: &mut Console) -> OpsResult<()> {
    let appliances = demo_appliances(console)?;
    let latency = set_latency(console, None);
    let result = run_bootstrap(console, &appliances);
    set_latency(console, Some(&latency));
    result
}

fn run_bootstrap(console: &mut Console, appliances: &[DemoAppliance]) -> OpsResult<()> {
    for a in appliances {
        let job = console.submit_add_device(DeviceForm {
            name: a.name.clone(),
            host: a.host.clone(),
            port: "22".into(),
            user: "admin".into(),
            auth: SshAuth::Password,
            ssh_password: None,
        })?;
        let done = console.wait(job, |_| {})?;
        check(&done.outcome, &format!("adding {}", a.name))?;
    }
    let devices = console.devices()?;
    for a in appliances {
        let (Some(secret), Some(device)) =
            (&a.so_password, devices.iter().find(|d| d.name == a.name))
        else {
            continue;
        };
        let serial: HsmSerial = device.serial.clone();
        let job = console.submit_authorize(&serial, secret.clone())?;
        let done = console.wait(job, |_| {})?;
        check(&done.outcome, &format!("authorizing {}", a.name))?;
    }
    Ok(())
}
