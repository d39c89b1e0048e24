//! Preparing a replay's throwaway database (X-2, issue 15): the devices the recorded run
//! started with are saved as recorded, the ones it added are added again over the recording.

use super::console::Console;
use super::devices::{DeviceForm, access_of};
use super::error::{OpsError, OpsResult};
use super::recording_manifest::DeviceRole;
use crate::domain::device::SshAuth;
use crate::jobs::JobOutcome;

/// Brings the database to where the recorded run started: a `--demo` recording runs the demo's
/// set-up again (its conversations come first in the recording); otherwise devices the run
/// found in its database are saved as they were, and devices it added are added by the real
/// operation, which replays their first conversation.
pub fn prepare(console: &mut Console) -> OpsResult<()> {
    let fleet = console
        .access
        .replay_fleet()
        .ok_or_else(|| OpsError::Failed("a replay needs a recording (--replay DIR)".into()))?;
    let manifest = fleet.manifest().clone();
    if manifest.demo {
        return super::demo::bootstrap(console);
    }
    for d in manifest
        .devices
        .iter()
        .filter(|d| d.role == DeviceRole::Appliance)
    {
        if let Some(existing) = &d.existing {
            console.store.save_device(existing)?;
            console
                .access
                .register(&existing.serial, access_of(existing));
            continue;
        }
        if !d.added_in_recording {
            continue;
        }
        // The recording never holds a password; the replay needs none.
        let job = console.submit_add_device(DeviceForm {
            name: d.name.clone(),
            host: d.host.clone(),
            port: d.port.to_string(),
            user: d.ssh_user.clone(),
            auth: SshAuth::Password,
            ssh_password: None,
        })?;
        let done = console.wait(job, |_| {})?;
        if let JobOutcome::Failed { message, .. } = &done.outcome {
            return Err(OpsError::Failed(format!(
                "replay set-up: adding {} as recorded failed: {message}",
                d.name
            )));
        }
    }
    Ok(())
}

/// The appliances of a replayed `--demo` recording, as the demo set-up needs them: name, host,
/// and whether they log in by password (the replay checks how many secrets, never their value).
pub fn demo_appliances(console: &Console) -> Option<Vec<(String, String, bool)>> {
    let fleet = console.access.replay_fleet()?;
    Some(
        fleet
            .manifest()
            .devices
            .iter()
            .filter(|d| d.role == DeviceRole::Appliance && d.added_in_recording)
            .map(|d| {
                (
                    d.name.clone(),
                    d.host.clone(),
                    d.hsm_auth.as_deref() != Some("ped"),
                )
            })
            .collect(),
    )
}
