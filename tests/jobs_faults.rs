//! The job engine under faults (X-1, SIZE-2): hangs and timeouts, retries, SO login never
//! retried, undo in reverse with its message, audit events that never carry a secret.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "jobs_support/fake_fleet.rs"]
mod fake_fleet;
#[path = "jobs_support/rig.rs"]
mod rig;

use fake_fleet::{Fault, TestExecutor};
use lunadeck::domain::audit_event::Outcome;
use lunadeck::domain::ids::{HsmSerial, JobId};
use lunadeck::domain::operation::Operation;
use lunadeck::domain::plan::{PlanStep, StepAction};
use lunadeck::jobs::{JobEvent, JobOutcome};
use rig::*;
use secrecy::SecretString;
use std::sync::Arc;
use std::time::Duration;

#[tokio::test(flavor = "current_thread")]
async fn x_1_hanging_device_times_out_while_another_job_completes() {
    // One executor thread: if a shell call ran on it, the hang would hold job 2 too.
    let mut r = rig(config(4, 2000), &[("1", 5), ("2", 5)]);
    r.fleet.fault("1", "partition resize", Fault::Hang);
    r.engine.submit(r.request(
        1,
        plan(
            Operation::ResizeService,
            vec![resize("1", "p1", 5000, 4000)],
        ),
    ));
    r.engine.submit(r.request(
        2,
        plan(
            Operation::ResizeService,
            vec![resize("2", "p1", 5000, 4000)],
        ),
    ));
    let events = r.until_finished(2).await;
    let order: Vec<JobId> = events
        .iter()
        .filter_map(|e| match e {
            JobEvent::Finished { job, .. } => Some(*job),
            _ => None,
        })
        .collect();
    assert_eq!(order, vec![JobId(2), JobId(1)]);
    let JobOutcome::Failed {
        device_name,
        message,
        ..
    } = outcome_of(&events, 1)
    else {
        panic!("the hanging device did not fail");
    };
    assert_eq!(device_name, "hsm-1");
    assert!(message.contains("no answer within 2 s"), "{message}");
    // A timeout is not a refusal: whether the resize took effect is not known, and said so.
    assert!(!message.contains("Nothing had been changed"), "{message}");
    assert!(
        message.contains("Whether the failed step took effect is not known"),
        "{message}"
    );
    assert_eq!(
        r.fleet.commands("1").len(),
        1,
        "a timed-out resize is not retried"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn x_1_stuck_session_is_abandoned_by_the_watchdog_and_reopened() {
    let mut cfg = config(4, 200);
    cfg.watchdog = Duration::from_millis(300);
    let mut r = rig(cfg, &[("1", 5), ("2", 5)]);
    r.fleet.fault(
        "1",
        "partition resize",
        Fault::Stuck(Duration::from_secs(2)),
    );
    r.engine.submit(r.request(
        1,
        plan(
            Operation::ResizeService,
            vec![resize("1", "p1", 5000, 4000)],
        ),
    ));
    let events = r.until_finished(1).await;
    let JobOutcome::Failed { message, .. } = outcome_of(&events, 1) else {
        panic!("the stuck device did not fail");
    };
    assert!(
        message.contains("hsm-1: no answer within the watchdog's 0.3 s"),
        "{message}"
    );
    r.engine.submit(r.request(
        2,
        plan(
            Operation::ResizeService,
            vec![resize("1", "p2", 5000, 4000)],
        ),
    ));
    let events = r.until_finished(1).await;
    assert!(matches!(
        outcome_of(&events, 2),
        JobOutcome::Succeeded { .. }
    ));
    assert_eq!(
        r.fleet.opens("1"),
        2,
        "a fresh session replaces the stuck one"
    );
}

#[tokio::test(flavor = "current_thread")]
async fn x_1_read_only_step_retried_on_transport_failures() {
    let mut r = rig(config(4, 5000), &[("1", 5)]);
    r.fleet.fault("1", "partition list", Fault::Dropped);
    r.fleet.fault("1", "partition list", Fault::Timeout);
    r.engine
        .submit(r.request(1, plan(Operation::RefreshDevice, vec![read("1")])));
    let events = r.until_finished(1).await;
    assert!(matches!(
        outcome_of(&events, 1),
        JobOutcome::Succeeded { .. }
    ));
    assert_eq!(step_failures(&events), vec![(0, true), (1, true)]);
    assert_eq!(r.fleet.commands("1").len(), 3);
    assert_eq!(r.fleet.opens("1"), 3, "a failed link is reopened");
    assert!(
        !events.iter().any(|e| matches!(e, JobEvent::Audit(_))),
        "reads are not audited"
    );

    // Out of retries: fails after 1 + 2 tries.
    for _ in 0..3 {
        r.fleet.fault("1", "partition list", Fault::Dropped);
    }
    r.engine
        .submit(r.request(2, plan(Operation::RefreshDevice, vec![read("1")])));
    let events = r.until_finished(1).await;
    assert!(matches!(outcome_of(&events, 2), JobOutcome::Failed { .. }));
    assert_eq!(
        step_failures(&events),
        vec![(0, true), (1, true), (2, false)]
    );
}

#[tokio::test(flavor = "current_thread")]
async fn size_2_state_changing_step_never_retried() {
    let mut cfg = config(4, 5000);
    cfg.retry.read_only_retries = 50;
    let mut r = rig(cfg, &[("1", 5)]);
    r.fleet.fault("1", "partition resize", Fault::Dropped);
    r.engine.submit(r.request(
        1,
        plan(
            Operation::ResizeService,
            vec![resize("1", "p1", 5000, 4000)],
        ),
    ));
    let events = r.until_finished(1).await;
    let JobOutcome::Failed {
        message, undone, ..
    } = outcome_of(&events, 1)
    else {
        panic!("not failed");
    };
    assert!(undone.is_empty());
    assert!(message.contains("the link dropped"), "{message}");
    assert_eq!(step_failures(&events), vec![(0, false)]);
    assert_eq!(
        r.fleet.commands("1"),
        vec!["partition resize -partition p1 -size 5000"]
    );
}

#[tokio::test(flavor = "current_thread")]
async fn dev_1_an_untrusted_host_key_is_a_typed_failure_with_nothing_sent() {
    let mut r = rig(config(4, 5000), &[("1", 5)]);
    r.fleet
        .fault("1", fake_fleet::CONNECT, Fault::UntrustedHostKey);
    r.engine
        .submit(r.request(1, plan(Operation::RefreshDevice, vec![read("1")])));
    let events = r.until_finished(1).await;
    let JobOutcome::Failed {
        untrusted_host_key, ..
    } = outcome_of(&events, 1)
    else {
        panic!("not failed");
    };
    assert!(untrusted_host_key, "the CLI's pin hint depends on it");
    assert!(r.fleet.commands("1").is_empty(), "nothing was sent");
}

#[tokio::test(flavor = "current_thread")]
async fn x_1_so_login_never_retried_whatever_the_policy() {
    for (declared, fault) in [
        (true, Fault::Dropped),
        (false, Fault::Dropped),
        (false, Fault::Timeout),
    ] {
        let mut cfg = config(4, 5000);
        cfg.retry.read_only_retries = 100;
        let mut r = rig(cfg, &[("1", 5)]);
        r.exec = Arc::new(TestExecutor {
            declare_so_login: declared,
            ..TestExecutor::default()
        });
        r.fleet.fault("1", "hsm login", fault);
        // Marked read-only on purpose: the only thing stopping a retry is the SO login.
        let mut step = PlanStep::new(
            &HsmSerial::new("1"),
            "hsm-1",
            StepAction::InitPartitionOnAppliance {
                name: "p1".into(),
                label: "L".into(),
            },
            None,
        );
        step.changes_state = false;
        let mut req = r.request(1, plan(Operation::InitializeService, vec![step]));
        req.secrets = vec![SecretString::from(SECRET)];
        r.engine.submit(req);
        let events = r.until_finished(1).await;
        assert!(matches!(outcome_of(&events, 1), JobOutcome::Failed { .. }));
        assert_eq!(
            step_failures(&events),
            vec![(0, false)],
            "declared {declared}"
        );
        assert_eq!(
            r.fleet.commands("1"),
            vec!["hsm login"],
            "declared {declared}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn size_2_failure_midway_undoes_in_reverse_and_says_so() {
    let out = "Error: 'partition resize' failed. (C0000023) not enough storage";
    let mut r = rig(config(4, 5000), &[("1", 5), ("2", 5), ("3", 5)]);
    r.fleet
        .fault("3", "partition resize", Fault::Error(out.into()));
    let steps = vec![
        resize("1", "p1", 5000, 4000),
        resize("2", "p1", 5000, 4000),
        resize("3", "p1", 5000, 4000),
    ];
    r.engine
        .submit(r.request(1, plan(Operation::ResizeService, steps.clone())));
    let events = r.until_finished(1).await;
    let undoing: Vec<String> = events
        .iter()
        .filter_map(|e| match e {
            JobEvent::Undoing { device, .. } => Some(device.to_string()),
            _ => None,
        })
        .collect();
    assert_eq!(undoing, vec!["2", "1"]);
    let JobOutcome::Failed {
        device,
        step_index,
        step,
        device_output,
        undone,
        not_undone,
        message,
        ..
    } = outcome_of(&events, 1)
    else {
        panic!("not failed");
    };
    assert_eq!((device.as_str(), step_index), ("3", 2));
    assert_eq!(step, "resize partition 'p1' to 5000 bytes");
    assert_eq!(device_output, out);
    assert_eq!(
        undone
            .iter()
            .map(|u| u.device_name.as_str())
            .collect::<Vec<_>>(),
        ["hsm-2", "hsm-1"]
    );
    assert!(not_undone.is_empty());
    assert_eq!(
        message,
        format!(
            "Resize failed on device 'hsm-3' at step 3 of 3 (resize partition 'p1' to 5000 bytes). \
The device said: {out} Put back to the old size: 'p1' on 'hsm-2' (4000 bytes), 'p1' on 'hsm-1' (4000 bytes)."
        )
    );
    for dev in ["1", "2", "3"] {
        assert_eq!(r.fleet.size(dev, "p1"), 4000, "device {dev}");
    }

    // An undo that fails is reported, and the others still run.
    r.fleet
        .fault("3", "partition resize", Fault::Error(out.into()));
    r.fleet.fault(
        "1",
        "partition resize -partition p1 -size 4000",
        Fault::Dropped,
    );
    r.engine
        .submit(r.request(2, plan(Operation::ResizeService, steps)));
    let events = r.until_finished(1).await;
    let JobOutcome::Failed {
        undone,
        not_undone,
        message,
        ..
    } = outcome_of(&events, 2)
    else {
        panic!("not failed");
    };
    assert_eq!(undone.len(), 1);
    assert_eq!(not_undone.len(), 1);
    assert_eq!(not_undone[0].device_name, "hsm-1");
    assert!(message.contains("Could NOT be put back"), "{message}");
    assert!(
        message.contains("'p1' on 'hsm-1' (4000 bytes)"),
        "{message}"
    );
    assert_eq!(r.fleet.size("1", "p1"), 5000);
    assert_eq!(r.fleet.size("2", "p1"), 4000);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn x_1_audit_events_for_state_changes_and_never_a_secret() {
    let mut r = rig(config(4, 5000), &[("1", 5), ("2", 5), ("3", 5)]);
    let echo = "Error: bad password rejected".to_string();
    r.fleet.fault("3", "partition resize", Fault::Error(echo));
    let init = PlanStep::new(
        &HsmSerial::new("1"),
        "hsm-1",
        StepAction::InitPartitionOnAppliance {
            name: "p1".into(),
            label: "L".into(),
        },
        None,
    );
    let steps = vec![
        read("1"),
        init,
        resize("2", "p1", 5000, 4000),
        resize("3", "p1", 5000, 4000),
    ];
    let mut req = r.request(1, plan(Operation::InitializeService, steps));
    req.secrets = vec![SecretString::from(SECRET)];
    assert!(!format!("{req:?}").contains(SECRET));
    r.engine.submit(req);
    let events = r.until_finished(1).await;
    for e in &events {
        assert!(!format!("{e:?}").contains(SECRET), "secret leaked in {e:?}");
    }
    let audits: Vec<(String, String, bool)> = events
        .iter()
        .filter_map(|e| match e {
            JobEvent::Audit(a) => {
                assert_eq!(a.actor, "alice");
                assert_eq!(a.action, "service.initialize");
                Some((
                    a.device.as_ref().unwrap().to_string(),
                    a.target.clone(),
                    a.outcome == Outcome::Success,
                ))
            }
            _ => None,
        })
        .collect();
    let want = [
        (
            "1",
            "initialize partition 'p1' with label 'L' and its crypto officer",
            true,
        ),
        ("2", "resize partition 'p1' to 5000 bytes", true),
        ("3", "resize partition 'p1' to 5000 bytes", false),
        ("2", "undo: resize partition 'p1' to 4000 bytes", true),
    ];
    let want: Vec<(String, String, bool)> = want
        .iter()
        .map(|(d, t, ok)| (d.to_string(), t.to_string(), *ok))
        .collect();
    assert_eq!(audits, want);
    let JobOutcome::Failed { device_output, .. } = outcome_of(&events, 1) else {
        panic!("not failed");
    };
    assert_eq!(device_output, "Error: bad password rejected");
}
