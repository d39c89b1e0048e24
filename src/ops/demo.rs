//! The `--demo` bootstrap: turns a fresh database over the simulated demo fleet into a console
//! with devices, authorizations and services, using the same operations a user would run.

use super::console::Console;
use super::devices::DeviceForm;
use super::error::{OpsError, OpsResult};
use super::import_ops::{DEFAULT_CONSOLE_LICENCES, ImportEdit};
use super::templates::TemplateDraft;
use crate::domain::device::SshAuth;
use crate::domain::device::{AuthMethod, Performance};
use crate::domain::ids::{HsmSerial, OrganizationId};
use crate::domain::organization::Role;
use crate::domain::template::{Capabilities, HsmLine, ServiceType};
use crate::jobs::JobOutcome;
use crate::sim::model::Auth;
use secrecy::SecretString;

/// The demo's Admin account (documented in the README; exists only in the throwaway database).
pub const DEMO_USER: &str = "demo";
/// The demo Admin's password (simulator-only, like the fleet's own fixture secrets).
pub const DEMO_PASSWORD: &str = "demo-admin-pw";
/// The demo's Owner account, of `DEMO_OWNER_ORGANIZATION` (documented in the README; exists
/// only in the throwaway database): after a log out it shows what an Owner may do (PERM).
pub const DEMO_OWNER: &str = "owner";
/// The demo Owner's password (throwaway database only).
pub const DEMO_OWNER_PASSWORD: &str = "demo-owner-pw";
/// The organization of the demo Owner (the first of `DEMO_ORGANIZATIONS`).
pub const DEMO_OWNER_ORGANIZATION: &str = "Payments";

/// The password of demo account `username` (`DEMO_USER` or `DEMO_OWNER`), `None` for any other
/// name: the demo's accounts are known, so the CLI demo signs them in without a prompt.
pub fn demo_password(username: &str) -> Option<&'static str> {
    match username {
        DEMO_USER => Some(DEMO_PASSWORD),
        DEMO_OWNER => Some(DEMO_OWNER_PASSWORD),
        _ => None,
    }
}

/// What a replayed demo types as the SO password: a recording holds none, and a replay checks
/// how many secrets a command was given, never their value.
const REPLAYED_SO_PASSWORD: &str = "replayed-so-password";

/// One demo appliance as the bootstrap needs it.
struct DemoAppliance {
    name: String,
    host: String,
    /// The simulator's HSM SO password, for password appliances only (demo only).
    so_password: Option<SecretString>,
}

fn demo_appliances(console: &Console) -> OpsResult<Vec<DemoAppliance>> {
    // A replayed demo recording: the same set-up, answered by the recording.
    if let Some(recorded) = super::replay_start::demo_appliances(console) {
        return Ok(recorded
            .into_iter()
            .map(|(name, host, password)| DemoAppliance {
                name,
                host,
                so_password: password.then(|| SecretString::from(REPLAYED_SO_PASSWORD)),
            })
            .collect());
    }
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

/// The demo's organizations; services on appliances whose name starts with a prefix of the
/// second list go to "Identity", the rest to "Payments".
pub const DEMO_ORGANIZATIONS: [&str; 2] = ["Payments", "Identity"];
const IDENTITY_PREFIXES: [&str; 2] = ["fra-", "sgp-"];

/// Runs the bootstrap: create the organizations, the demo Owner and two templates, add every
/// appliance (host = its hostname), authorize the password appliances with their simulator SO
/// passwords, run discovery, and import the discovered partitions as services. The rows Finish
/// would refuse and the view-only ones (STC and per-partition SO, IMP-6) are left out of that
/// import, and a second discovery leaves them in the import table for the user to try.
/// Simulated latency is off while it runs (it runs on every `--demo` invocation) and restored
/// afterwards.
pub fn bootstrap(console: &mut Console) -> OpsResult<()> {
    let appliances = demo_appliances(console)?;
    let latency = set_latency(console, None);
    let result = run_bootstrap(console, &appliances);
    set_latency(console, Some(&latency));
    result
}

fn run_bootstrap(console: &mut Console, appliances: &[DemoAppliance]) -> OpsResult<()> {
    let mut orgs = Vec::new();
    for name in DEMO_ORGANIZATIONS {
        orgs.push(console.create_organization(name)?);
    }
    create_owner(console, &orgs)?;
    for (name, service_type) in [
        ("Standard partition", ServiceType::Partition),
        ("HA pair", ServiceType::HaGroup),
    ] {
        console.create_template(&TemplateDraft {
            name: name.into(),
            description: format!("demo template: {service_type}, password, Luna 7.7+"),
            capabilities: Capabilities {
                service_type,
                performance: Performance::Standard,
                auth: AuthMethod::Password,
                line: HsmLine::Luna77,
                partition_size: 100_000,
                ppso: true,
                sks: false,
                stc: false,
            },
        })?;
    }
    add_and_authorize(console, appliances)?;
    discover(console)?;
    if import_all(console, &orgs)? {
        // What was left out is unmanaged still: discovery puts it in a new import table.
        discover(console)?;
    }
    // IMP-7 to try: the demo console's partition licences are exactly what the import used, so
    // importing the partition left in the table is refused until a service is deleted.
    let used: usize = console
        .store
        .list_services(None)?
        .iter()
        .map(|s| s.members.len())
        .sum();
    console.set_partition_licences(u32::try_from(used).unwrap_or(u32::MAX));
    Ok(())
}

/// The demo Owner, created by the Admin as on the Accounts tab (`ManageAccounts`).
fn create_owner(console: &mut Console, orgs: &[OrganizationId]) -> OpsResult<()> {
    let org = DEMO_ORGANIZATIONS
        .iter()
        .position(|n| *n == DEMO_OWNER_ORGANIZATION)
        .and_then(|i| orgs.get(i))
        .ok_or_else(|| {
            OpsError::Failed(format!(
                "demo set-up: organization {DEMO_OWNER_ORGANIZATION} of the demo Owner is missing"
            ))
        })?;
    let password = SecretString::from(DEMO_OWNER_PASSWORD);
    console.create_user(DEMO_OWNER, &password, &password, Role::Owner(*org))?;
    Ok(())
}

fn discover(console: &mut Console) -> OpsResult<()> {
    let job = console.submit_discovery()?;
    let done = console.wait(job, |_| {})?;
    check(&done.outcome, "discovery")
}

/// Names every import row's service (its HA group label, or DEVICE-PARTITION), gives it an
/// organization, leaves out the view-only rows (IMP-6) and the rows Finish refuses, and
/// finishes the import. True when it finished and a row was left out.
fn import_all(console: &mut Console, orgs: &[OrganizationId]) -> OpsResult<bool> {
    let Some(draft) = console.import_draft()? else {
        return Ok(false);
    };
    let (Some(&payments), Some(&identity)) = (orgs.first(), orgs.get(1)) else {
        return Ok(false);
    };
    let mut left_out = false;
    for row in draft.rows.iter().filter(|r| !r.deleted) {
        if row.view_only {
            console.delete_import_row(&row.partition)?;
            left_out = true;
            continue;
        }
        let name = if row.ha_group.is_empty() {
            format!("{}-{}", row.device_name, row.partition_name)
        } else {
            row.ha_group.clone()
        };
        let name: String = name.chars().take(28).collect();
        let org = if IDENTITY_PREFIXES
            .iter()
            .any(|p| row.device_name.starts_with(p))
        {
            identity
        } else {
            payments
        };
        let description = format!("imported by the demo from {}", row.device_name);
        for edit in [
            ImportEdit::ServiceName(name),
            ImportEdit::Organization(Some(org)),
            ImportEdit::Description(description),
        ] {
            if console.edit_import_row(&row.partition, edit).is_err() {
                console.delete_import_row(&row.partition)?;
                left_out = true;
                break;
            }
        }
    }
    for error in console.check_import(DEFAULT_CONSOLE_LICENCES)? {
        if let Some(row) = error.row {
            left_out |= console.delete_import_row(&row.partition).is_ok();
        }
    }
    if !console.check_import(DEFAULT_CONSOLE_LICENCES)?.is_empty() {
        return Ok(false);
    }
    console.finish_import(DEFAULT_CONSOLE_LICENCES)?;
    Ok(left_out)
}

fn add_and_authorize(console: &mut Console, appliances: &[DemoAppliance]) -> OpsResult<()> {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nav_4_the_demo_knows_the_password_of_its_two_accounts_only() {
        assert_eq!(demo_password(DEMO_USER), Some(DEMO_PASSWORD));
        assert_eq!(demo_password(DEMO_OWNER), Some(DEMO_OWNER_PASSWORD));
        assert_eq!(demo_password("alice"), None);
        assert!(DEMO_ORGANIZATIONS.contains(&DEMO_OWNER_ORGANIZATION));
    }
}
