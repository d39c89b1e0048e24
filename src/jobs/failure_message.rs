//! The sentence a user reads when a job fails: which device, which step, what the device
//! printed, and what was undone or could not be (SIZE-2). Resizes use `domain::resize`'s wording.

use super::event::UndoRecord;
use crate::domain::operation::Operation;
use crate::domain::plan::Plan;
use crate::domain::resize::describe_failure;

/// `failed_at` is the 0-based plan index of the failed step, `error` the failure as a sentence,
/// `device_output` what the device printed (may be empty), `undo` the undo steps that were run.
pub fn failure_message(
    plan: &Plan,
    failed_at: usize,
    error: &str,
    device_output: &str,
    undo: &[UndoRecord],
) -> String {
    let output = device_output.trim();
    if plan.operation == Operation::ResizeService && !output.is_empty() {
        let results: Vec<_> = undo
            .iter()
            .map(|u| (u.device.clone(), u.error.is_none()))
            .collect();
        return describe_failure(plan, failed_at, output, &results);
    }
    let total = plan.steps.len();
    let mut msg = match plan.steps.get(failed_at) {
        Some(step) => format!(
            "{} failed on device '{}' at step {} of {total} ({}): {}.",
            plan.operation.name(),
            step.device_name,
            failed_at.saturating_add(1),
            step.action,
            error.trim_end_matches('.')
        ),
        None => format!(
            "{} failed at step {} of {total}: {}.",
            plan.operation.name(),
            failed_at.saturating_add(1),
            error.trim_end_matches('.')
        ),
    };
    if output.is_empty() {
        msg.push_str(" The device printed nothing.");
    } else {
        msg.push_str(&format!(" The device said: {output}"));
    }
    msg.push_str(&undo_sentence(undo));
    msg
}

/// " Undone: ... Could NOT be undone ..." or " Nothing had been changed."
pub fn undo_sentence(undo: &[UndoRecord]) -> String {
    let list = |ok: bool| -> Vec<String> {
        undo.iter()
            .filter(|u| u.error.is_none() == ok)
            .map(|u| match &u.error {
                None => format!("{} on '{}'", u.step, u.device_name),
                Some(e) => format!("{} on '{}' ({e})", u.step, u.device_name),
            })
            .collect()
    };
    let (done, stuck) = (list(true), list(false));
    let mut msg = String::new();
    if done.is_empty() && stuck.is_empty() {
        msg.push_str(" Nothing had been changed.");
    }
    if !done.is_empty() {
        msg.push_str(&format!(" Undone: {}.", done.join("; ")));
    }
    if !stuck.is_empty() {
        msg.push_str(&format!(
            " Could NOT be undone, do it by hand: {}.",
            stuck.join("; ")
        ));
    }
    msg
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ids::HsmSerial;
    use crate::domain::plan::{PlanStep, StepAction};

    fn step(dev: &str, name: &str) -> PlanStep {
        PlanStep::new(
            &HsmSerial::new(dev),
            &format!("hsm-{dev}"),
            StepAction::CreatePartition {
                name: name.into(),
                size: 1000,
                version: crate::domain::partition::PartitionVersion::V1,
            },
            Some(StepAction::DeletePartition { name: name.into() }),
        )
    }

    fn undo(dev: &str, name: &str, error: Option<&str>) -> UndoRecord {
        UndoRecord {
            device: HsmSerial::new(dev),
            device_name: format!("hsm-{dev}"),
            step: format!("delete partition '{name}'"),
            error: error.map(String::from),
        }
    }

    #[test]
    fn size_2_generic_message_names_device_step_output_and_undo() {
        let plan = Plan {
            operation: Operation::CreateService,
            steps: vec![step("1", "a"), step("2", "b"), step("3", "c")],
        };
        let msg = failure_message(
            &plan,
            2,
            "not enough storage",
            "Error: 'partition create' failed. (C0000023)\n",
            &[
                undo("2", "b", None),
                undo("1", "a", Some("hsm-1: the link dropped")),
            ],
        );
        assert_eq!(
            msg,
            "service.create failed on device 'hsm-3' at step 3 of 3 (create partition 'c' (1000 bytes, V1)): not enough storage. \
The device said: Error: 'partition create' failed. (C0000023) \
Undone: delete partition 'b' on 'hsm-2'. \
Could NOT be undone, do it by hand: delete partition 'a' on 'hsm-1' (hsm-1: the link dropped)."
        );
        let first = failure_message(&plan, 0, "hsm-1: no answer within 5 s", "", &[]);
        assert!(
            first.ends_with("The device printed nothing. Nothing had been changed."),
            "{first}"
        );
    }
}
