//! Resizing a service's partitions (SIZE-1/2) as an all-or-nothing plan: refused before anything
//! changes when a device is down or short of storage; a failure midway puts every partition back.

use super::device::{Device, DeviceStatus};
use super::error::{DomainError, DomainResult, Field};
use super::ids::HsmSerial;
use super::lifecycle::ServiceState;
use super::operation::Operation;
use super::partition::Partition;
use super::plan::{Plan, PlanStep, StepAction};
use super::service::Service;

/// The plan that resizes every member of `service` to `new_size` bytes, one step per member,
/// each undone by resizing back to the partition's current size.
///
/// `members` are the service's partitions with the device hosting each. `new_size` must already
/// be validated (digits, 1000–99999999): the caller validates with `domain::validation`.
pub fn plan_resize(
    service: &Service,
    members: &[(Partition, Device)],
    new_size: u64,
) -> DomainResult<Plan> {
    if service.state == ServiceState::ViewOnly {
        return Err(DomainError::illegal(format!(
            "service '{}' is view-only (imported with STC and per-partition SO): its partitions cannot be resized",
            service.name
        )));
    }
    if new_size == service.partition_size {
        return Err(DomainError::refused(format!(
            "the partitions of service '{}' are already {new_size} bytes",
            service.name
        )));
    }
    if service.members.is_empty() {
        return Err(DomainError::refused(format!(
            "service '{}' has no partitions to resize",
            service.name
        )));
    }
    let mut selected: Vec<(Partition, Device)> = Vec::new();
    for member in &service.members {
        match members.iter().find(|(p, _)| p.serial == member.partition) {
            None => {
                return Err(DomainError::refused(format!(
                    "partition {} of service '{}' was not found on any device: refresh the devices and try again",
                    member.partition, service.name
                )));
            }
            Some((p, d)) if p.device != d.serial => {
                return Err(DomainError::refused(format!(
                    "partition {} is on device {}, not on device '{}': refresh the devices and try again",
                    p.serial, p.device, d.name
                )));
            }
            Some(pair) => selected.push(pair.clone()),
        }
    }
    let members = selected.as_slice();
    let down: Vec<String> = members
        .iter()
        .filter(|(_, d)| !matches!(d.status, DeviceStatus::Up | DeviceStatus::Unauthorized))
        .map(|(_, d)| format!("device '{}' is {}", d.name, d.status))
        .collect();
    if !down.is_empty() {
        return Err(DomainError::refused(format!(
            "{}: try again when all devices are online",
            down.join(", ")
        )));
    }
    let unauthorized: Vec<&str> = members
        .iter()
        .filter(|(_, d)| d.status == DeviceStatus::Unauthorized)
        .map(|(_, d)| d.name.as_str())
        .collect();
    if !unauthorized.is_empty() {
        return Err(DomainError::refused(format!(
            "device(s) {} not authorized in this session: authorize them (HSM SO) first",
            unauthorized.join(", ")
        )));
    }
    check_storage(members, new_size)?;
    let steps = members
        .iter()
        .map(|(p, d)| {
            PlanStep::new(
                &d.serial,
                &d.name,
                StepAction::ResizePartition {
                    name: p.name.clone(),
                    size: new_size,
                },
                Some(StepAction::ResizePartition {
                    name: p.name.clone(),
                    size: p.size,
                }),
            )
        })
        .collect();
    Ok(Plan {
        operation: Operation::ResizeService,
        steps,
    })
}

/// Growth must fit each device's free storage (summed when a device hosts several members);
/// shrinking must keep what the partition already uses.
fn check_storage(members: &[(Partition, Device)], new_size: u64) -> DomainResult<()> {
    let mut growth: Vec<(&HsmSerial, u64)> = Vec::new();
    for (p, d) in members {
        if new_size < p.used {
            return Err(DomainError::invalid(
                Field::PartitionSize,
                format!(
                    "partition '{}' on device '{}' already uses {} bytes: choose at least that",
                    p.name, d.name, p.used
                ),
            ));
        }
        let grow = new_size.saturating_sub(p.size);
        match growth.iter_mut().find(|(s, _)| **s == d.serial) {
            Some((_, total)) => *total = total.saturating_add(grow),
            None => growth.push((&d.serial, grow)),
        }
    }
    for (serial, grow) in growth {
        let Some((_, d)) = members.iter().find(|(_, d)| &d.serial == serial) else {
            continue;
        };
        if grow > d.facts.storage.free {
            return Err(DomainError::invalid(
                Field::PartitionSize,
                format!(
                    "device '{}' has {} bytes free; growing to {new_size} bytes needs {grow}",
                    d.name, d.facts.storage.free
                ),
            ));
        }
    }
    Ok(())
}

/// The message of a resize that failed at step `failed_at` (0-based): which device and step,
/// what the device printed, and for each undo run (`undo_results`: device, succeeded) which
/// partitions were put back to their old size or could not be.
pub fn describe_failure(
    plan: &Plan,
    failed_at: usize,
    device_output: &str,
    undo_results: &[(HsmSerial, bool)],
) -> String {
    let total = plan.steps.len();
    let mut msg = match plan.steps.get(failed_at) {
        Some(step) => format!(
            "Resize failed on device '{}' at step {} of {total} ({}).",
            step.device_name,
            failed_at + 1,
            step.action
        ),
        None => format!("Resize failed at step {} of {total}.", failed_at + 1),
    };
    let output = device_output.trim();
    if output.is_empty() {
        msg.push_str(" The device printed nothing.");
    } else {
        msg.push_str(&format!(
            " The device said: {}",
            super::text::device_said(output)
        ));
    }
    let undone = |ok: bool| -> Vec<String> {
        undo_results
            .iter()
            .filter(|(_, r)| *r == ok)
            .filter_map(|(serial, _)| {
                plan.steps
                    .iter()
                    .take(failed_at)
                    .find(|s| &s.device == serial)
                    .map(|s| match &s.undo {
                        Some(StepAction::ResizePartition { name, size }) => {
                            format!("'{name}' on '{}' ({size} bytes)", s.device_name)
                        }
                        _ => format!("the partition on '{}'", s.device_name),
                    })
            })
            .collect()
    };
    let (back, stuck) = (undone(true), undone(false));
    if back.is_empty() && stuck.is_empty() {
        msg.push_str(" No partition had been resized: nothing changed.");
    }
    if !back.is_empty() {
        msg.push_str(&format!(" Put back to the old size: {}.", back.join(", ")));
    }
    if !stuck.is_empty() {
        msg.push_str(&format!(
            " Could NOT be put back, resize by hand to the size shown: {}.",
            stuck.join(", ")
        ));
    }
    msg
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::test_fixtures::{device, partition, service};

    fn fleet(status2: DeviceStatus) -> Vec<(Partition, Device)> {
        vec![
            (
                partition("11", "1", 4000, 100),
                device("1", 50_000, DeviceStatus::Up),
            ),
            (partition("22", "2", 4000, 100), device("2", 2_000, status2)),
        ]
    }

    #[test]
    fn size_2_plan_one_step_per_member_with_undo() {
        let plan = plan_resize(
            &service(&["11", "22"], 4000),
            &fleet(DeviceStatus::Up),
            6000,
        )
        .unwrap();
        assert_eq!(plan.operation, Operation::ResizeService);
        let got: Vec<(String, String, String)> = plan
            .steps
            .iter()
            .map(|s| {
                (
                    s.device_name.clone(),
                    s.action.to_string(),
                    s.undo.as_ref().map(|u| u.to_string()).unwrap_or_default(),
                )
            })
            .collect();
        assert_eq!(
            got,
            vec![
                (
                    "hsm-1".to_string(),
                    "resize partition 'par11' to 6000 bytes".to_string(),
                    "resize partition 'par11' to 4000 bytes".to_string()
                ),
                (
                    "hsm-2".to_string(),
                    "resize partition 'par22' to 6000 bytes".to_string(),
                    "resize partition 'par22' to 4000 bytes".to_string()
                ),
            ]
        );
    }

    #[test]
    fn size_2_offline_device_refused_before_anything() {
        let status = DeviceStatus::Unreachable;
        let e = plan_resize(&service(&["11", "22"], 4000), &fleet(status), 5000).unwrap_err();
        assert_eq!(
            e.to_string(),
            format!("device 'hsm-2' is {status}: try again when all devices are online")
        );
        let e = plan_resize(
            &service(&["11", "22"], 4000),
            &fleet(DeviceStatus::Unauthorized),
            5000,
        )
        .unwrap_err();
        assert_eq!(
            e.to_string(),
            "device(s) hsm-2 not authorized in this session: authorize them (HSM SO) first"
        );
    }

    #[test]
    fn size_2_growth_beyond_free_storage_names_device() {
        let e = plan_resize(
            &service(&["11", "22"], 4000),
            &fleet(DeviceStatus::Up),
            7000,
        )
        .unwrap_err();
        assert_eq!(e.field(), Some(Field::PartitionSize));
        assert_eq!(
            e.to_string(),
            "Partition size (bytes): device 'hsm-2' has 2000 bytes free; growing to 7000 bytes needs 3000"
        );
        // exactly the free storage fits
        assert!(
            plan_resize(
                &service(&["11", "22"], 4000),
                &fleet(DeviceStatus::Up),
                6000
            )
            .is_ok()
        );
    }

    #[test]
    fn size_2_same_size_and_shrink_below_used_refused() {
        let e = plan_resize(
            &service(&["11", "22"], 4000),
            &fleet(DeviceStatus::Up),
            4000,
        )
        .unwrap_err();
        assert_eq!(
            e.to_string(),
            "the partitions of service 'payments' are already 4000 bytes"
        );
        let mut f = fleet(DeviceStatus::Up);
        f[0].0.used = 3500;
        let e = plan_resize(&service(&["11", "22"], 4000), &f, 3000).unwrap_err();
        assert!(
            e.to_string()
                .contains("'par11' on device 'hsm-1' already uses 3500 bytes"),
            "{e}"
        );
        assert!(plan_resize(&service(&["11", "22"], 4000), &f, 3500).is_ok());
    }

    #[test]
    fn size_2_missing_member_and_view_only_refused() {
        let e = plan_resize(
            &service(&["11", "33"], 4000),
            &fleet(DeviceStatus::Up),
            5000,
        )
        .unwrap_err();
        assert!(
            e.to_string()
                .contains("partition 33 of service 'payments' was not found"),
            "{e}"
        );
        let mut s = service(&["11", "22"], 4000);
        s.state = ServiceState::ViewOnly;
        let e = plan_resize(&s, &fleet(DeviceStatus::Up), 5000).unwrap_err();
        assert!(e.to_string().contains("view-only"), "{e}");
    }

    #[test]
    fn size_2_failure_message_names_device_output_and_undo() {
        let mut f = fleet(DeviceStatus::Up);
        f.push((
            partition("33", "3", 4000, 0),
            device("3", 50_000, DeviceStatus::Up),
        ));
        let plan = plan_resize(&service(&["11", "22", "33"], 4000), &f, 5000).unwrap();
        let msg = describe_failure(
            &plan,
            2,
            "Error: 'partition resize' failed. (RC_DEVICE_ERROR)\n",
            &[(HsmSerial::new("2"), true), (HsmSerial::new("1"), false)],
        );
        assert_eq!(
            msg,
            "Resize failed on device 'hsm-3' at step 3 of 3 (resize partition 'par33' to 5000 bytes). \
             The device said: Error: 'partition resize' failed. (RC_DEVICE_ERROR) \
             Put back to the old size: 'par22' on 'hsm-2' (4000 bytes). \
             Could NOT be put back, resize by hand to the size shown: 'par11' on 'hsm-1' (4000 bytes)."
        );
    }

    #[test]
    fn size_2_failure_at_first_step_changed_nothing() {
        let plan = plan_resize(
            &service(&["11", "22"], 4000),
            &fleet(DeviceStatus::Up),
            5000,
        )
        .unwrap();
        let msg = describe_failure(&plan, 0, "  ", &[]);
        assert_eq!(
            msg,
            "Resize failed on device 'hsm-1' at step 1 of 2 (resize partition 'par11' to 5000 bytes). \
             The device printed nothing. No partition had been resized: nothing changed."
        );
    }
}
