//! The sentence a user reads when a job fails: which device, which step, what the device
//! printed, what was undone or could not be (SIZE-2), and what stays done. Resizes use
//! `domain::resize`'s wording.

use super::event::UndoRecord;
use super::executor::StepError;
use crate::domain::operation::Operation;
use crate::domain::plan::Plan;
use crate::domain::resize::describe_failure;

/// What is known of a failed job when its message is written.
pub struct FailureFacts<'a> {
    pub plan: &'a Plan,
    /// 0-based plan index of the failed step.
    pub failed_at: usize,
    pub error: &'a StepError,
    /// The undo steps that were run.
    pub undo: &'a [UndoRecord],
    /// Plan indexes of the steps that had succeeded before.
    pub succeeded: &'a [usize],
}

/// The sentence: which device, which step, what the device printed, what was undone, what was
/// done and has no undo, and "Nothing had been changed" only when that is known.
pub fn failure_message(f: &FailureFacts<'_>) -> String {
    let FailureFacts {
        plan,
        failed_at,
        error,
        undo,
        succeeded,
    } = *f;
    let output = error.device_output().trim();
    let error = error.to_string();
    if plan.operation == Operation::ResizeService && !output.is_empty() {
        let results: Vec<_> = undo
            .iter()
            .map(|u| (u.device.clone(), u.error.is_none()))
            .collect();
        return describe_failure(plan, failed_at, output, &results);
    }
    let total = plan.steps.len();
    let failed = plan.steps.get(failed_at);
    let mut msg = match failed {
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
    if !output.is_empty() {
        let said = crate::domain::text::device_said(output);
        msg.push_str(&format!(" The device said: {said}"));
    }
    let kept: Vec<String> = succeeded
        .iter()
        .filter_map(|i| plan.steps.get(*i))
        .filter(|s| s.changes_state && s.undo.is_none())
        .map(|s| format!("{} on '{}'", s.action, s.device_name))
        .collect();
    let unknown =
        failed.is_some_and(|s| s.changes_state) && !matches!(f.error, StepError::Device { .. });
    msg.push_str(&undo_sentence(undo, &kept, unknown));
    msg
}

/// " Undone: ...", " Could NOT be undone ...", " Done before, with no undo: ...", and
/// " Nothing had been changed." only when no step changed anything that stays and the failed
/// step was refused by the device (or only read). `unknown`: the failed step changes the device
/// and stopped without the device's answer, so whether it took effect is not known.
pub fn undo_sentence(undo: &[UndoRecord], kept: &[String], unknown: bool) -> String {
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
    if done.is_empty() && stuck.is_empty() && kept.is_empty() && !unknown {
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
    if !kept.is_empty() {
        msg.push_str(&format!(
            " Done before the failure and kept (no undo exists): {}.",
            kept.join("; ")
        ));
    }
    if unknown {
        msg.push_str(" Whether the failed step took effect is not known (the device did not finish answering).");
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
        let refused = StepError::Device {
            output: "Error: 'partition create' failed. (C0000023)\n".into(),
            reason: "not enough storage".into(),
        };
        let msg = failure_message(&FailureFacts {
            plan: &plan,
            failed_at: 2,
            error: &refused,
            undo: &[
                undo("2", "b", None),
                undo("1", "a", Some("hsm-1: the link dropped")),
            ],
            succeeded: &[0, 1],
        });
        assert_eq!(
            msg,
            "service.create failed on device 'hsm-3' at step 3 of 3 (create partition 'c' (1000 bytes, V1)): not enough storage. \
The device said: Error: 'partition create' failed. (C0000023) \
Undone: delete partition 'b' on 'hsm-2'. \
Could NOT be undone, do it by hand: delete partition 'a' on 'hsm-1' (hsm-1: the link dropped)."
        );
        let silent = StepError::Shell(crate::luna::shell::ShellError::Timeout {
            target: "hsm-1".into(),
            after: std::time::Duration::from_secs(5),
            said: String::new(),
        });
        let first = failure_message(&FailureFacts {
            plan: &plan,
            failed_at: 0,
            error: &silent,
            undo: &[],
            succeeded: &[],
        });
        assert!(
            first.ends_with(
                "hsm-1: no answer within 5 s; the device printed nothing. Whether the failed step \
                 took effect is not known (the device did not finish answering)."
            ),
            "{first}"
        );
        let refused_first = failure_message(&FailureFacts {
            plan: &plan,
            failed_at: 0,
            error: &refused,
            undo: &[],
            succeeded: &[],
        });
        assert!(
            refused_first.ends_with("Nothing had been changed."),
            "{refused_first}"
        );
    }

    #[test]
    fn x_1_a_step_done_without_undo_is_never_nothing_changed() {
        let mut init = step("1", "a");
        init.undo = None;
        let plan = Plan {
            operation: Operation::InitializeService,
            steps: vec![init, step("1", "b")],
        };
        let refused = StepError::Device {
            output: String::new(),
            reason: "partition 1 is not visible on the Luna client host".into(),
        };
        let msg = failure_message(&FailureFacts {
            plan: &plan,
            failed_at: 1,
            error: &refused,
            undo: &[],
            succeeded: &[0],
        });
        assert!(!msg.contains("Nothing had been changed"), "{msg}");
        assert!(
            msg.contains("Done before the failure and kept (no undo exists): create partition 'a' (1000 bytes, V1) on 'hsm-1'."),
            "{msg}"
        );
    }
}
