//! `Completion`: what an operation does with its job's outcome once the engine is done —
//! persist the results, write the audit event, and say what happened. One type per operation.

use super::console::Console;
use super::error::OpsResult;
use crate::domain::ids::HsmSerial;
use crate::jobs::{DeviceEnd, JobOutcome, StepRecord};
use serde::de::DeserializeOwned;

pub trait Completion: Send {
    /// Per-device jobs: one device's steps ended; keep its results now (a hung device must not
    /// hold back the others'). The final `apply` still sees every record.
    fn device_finished(
        &mut self,
        console: &mut Console,
        device: &HsmSerial,
        outputs: &[StepRecord],
        end: &DeviceEnd,
    ) -> OpsResult<()> {
        let _ = (console, device, outputs, end);
        Ok(())
    }

    /// Applies `outcome` (success, failure or cancel) to the store. Returns the one-sentence
    /// summary and the `--json` result.
    fn apply(
        self: Box<Self>,
        console: &mut Console,
        outcome: &JobOutcome,
    ) -> OpsResult<(String, serde_json::Value)>;
}

/// The steps that succeeded, whatever the outcome (per-device jobs keep the devices that worked).
pub fn outputs(outcome: &JobOutcome) -> &[StepRecord] {
    match outcome {
        JobOutcome::Succeeded { outputs }
        | JobOutcome::Failed { outputs, .. }
        | JobOutcome::Cancelled { outputs, .. } => outputs,
    }
}

/// The data of the first succeeded step whose text-form matches, decoded.
pub fn data_of<T: DeserializeOwned>(record: &StepRecord) -> Option<T> {
    serde_json::from_value(record.output.data.clone()).ok()
}

/// The user-facing sentence for a failed or cancelled job.
pub fn failure_message(outcome: &JobOutcome) -> Option<String> {
    match outcome {
        JobOutcome::Succeeded { .. } => None,
        JobOutcome::Failed { message, .. } => Some(message.clone()),
        JobOutcome::Cancelled {
            undone,
            not_undone,
            stopped,
            ..
        } => {
            let mut msg = "cancelled".to_string();
            if !undone.is_empty() {
                msg.push_str(&format!("; {} step(s) undone", undone.len()));
            }
            if !not_undone.is_empty() {
                msg.push_str(&format!(
                    ", NOT undone (do it by hand): {}",
                    not_undone
                        .iter()
                        .map(|u| format!("{} on {}", u.step, u.device_name))
                        .collect::<Vec<_>>()
                        .join("; ")
                ));
            }
            for s in stopped {
                msg.push_str(&format!(
                    "; {} was stopped mid-command ({})",
                    s.device_name, s.step
                ));
                if s.changes_state {
                    msg.push_str(": whether it took effect is not known, refresh the device");
                }
            }
            Some(msg)
        }
    }
}
