//! The job engine's scheduling against a scripted fake fleet (X-1, MIG-5): one job per device,
//! pool width, progress order, cancel, other devices usable while a job runs.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "jobs_support/fake_fleet.rs"]
mod fake_fleet;
#[path = "jobs_support/rig.rs"]
mod rig;

use fake_fleet::{Fault, Gate};
use lunadeck::domain::ids::{HsmSerial, JobId};
use lunadeck::domain::operation::Operation;
use lunadeck::jobs::{DeviceEnd, JobEvent, JobOutcome, Parallelism};
use rig::*;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn x_1_one_job_at_a_time_per_device_never_interleaves() {
    let mut r = rig(config(8, 5000), &[("1", 20), ("2", 20), ("3", 20)]);
    let gate = Arc::new(Gate::default());
    r.fleet
        .fault("2", "partition resize", Fault::Gate(gate.clone()));
    let a = r.request(
        1,
        plan(
            Operation::ResizeService,
            vec![resize("1", "p1", 5000, 4000), resize("2", "p1", 5000, 4000)],
        ),
    );
    let b = r.request(
        2,
        plan(
            Operation::ResizeService,
            vec![resize("2", "p2", 6000, 4000), resize("3", "p2", 6000, 4000)],
        ),
    );
    let mut c = r.request(
        3,
        plan(
            Operation::RefreshDevice,
            vec![read("1"), read("2"), read("3"), read("2")],
        ),
    );
    c.parallelism = Parallelism::PerDevice;
    r.engine.submit(a);
    let mut seen = r
        .next_matching(|e| {
            matches!(
                e,
                JobEvent::Progress {
                    job: JobId(1),
                    done: 1,
                    ..
                }
            )
        })
        .await;
    r.engine.submit(b);
    r.engine.submit(c);
    seen.extend(
        r.next_matching(|e| matches!(e, JobEvent::Waiting { job: JobId(2), device, .. } if device.as_str() == "2"))
            .await,
    );
    assert_eq!(r.engine.busy_devices().first(), Some(&HsmSerial::new("1")));
    gate.open();
    seen.extend(r.until_finished(3).await);
    for job in 1..=3 {
        assert!(
            matches!(outcome_of(&seen, job), JobOutcome::Succeeded { .. }),
            "job {job}"
        );
    }
    assert!(
        seen.iter()
            .any(|e| matches!(e, JobEvent::Waiting { job: JobId(3), .. }))
    );
    let spans = spans(&r.exec.intervals.lock().unwrap());
    assert_eq!(spans.len(), 7);
    for a in &spans {
        for b in &spans {
            if a.0 == b.0 && a.1 != b.1 {
                assert!(
                    a.3 <= b.2 || b.3 <= a.2,
                    "jobs {} and {} overlap on {}",
                    a.1,
                    b.1,
                    a.0
                );
            }
        }
    }
    // One session per device, reused across steps and jobs.
    for dev in ["1", "2", "3"] {
        assert_eq!(r.fleet.opens(dev), 1, "device {dev}");
    }
    assert_eq!(r.fleet.size("2", "p1"), 5000);
    assert_eq!(r.fleet.size("3", "p2"), 6000);
    assert!(r.engine.busy_devices().is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn x_1_pool_width_is_respected() {
    for width in [1, 2] {
        let devices: Vec<(String, u64)> = (1..=6).map(|i| (i.to_string(), 60)).collect();
        let refs: Vec<(&str, u64)> = devices.iter().map(|(d, l)| (d.as_str(), *l)).collect();
        let mut r = rig(config(width, 5000), &refs);
        let steps = (1..=6)
            .flat_map(|i| [read(&i.to_string()), read(&i.to_string())])
            .collect();
        let mut req = r.request(1, plan(Operation::RefreshDevice, steps));
        req.parallelism = Parallelism::PerDevice;
        r.engine.submit(req);
        let events = r.until_finished(1).await;
        let JobOutcome::Succeeded { outputs } = outcome_of(&events, 1) else {
            panic!("discovery failed");
        };
        assert_eq!(
            outputs.iter().map(|o| o.index).collect::<Vec<_>>(),
            (0..12).collect::<Vec<_>>()
        );
        let max = r.exec.max_in_flight.load(Ordering::SeqCst);
        assert!(max <= width, "width {width}: {max} steps in flight");
        assert_eq!(max, width, "six idle devices should fill a pool of {width}");
    }
}

#[tokio::test(flavor = "current_thread")]
async fn x_1_progress_events_in_order_with_done_and_total() {
    let mut r = rig(config(4, 5000), &[("1", 5), ("2", 5), ("3", 5)]);
    let steps = vec![
        resize("1", "p1", 5000, 4000),
        read("2"),
        resize("3", "p1", 5000, 4000),
    ];
    let handle = r
        .engine
        .submit(r.request(7, plan(Operation::ResizeService, steps)));
    assert_eq!(handle.id(), JobId(7));
    let events = r.until_finished(1).await;
    assert!(
        matches!(&events[0], JobEvent::Started { job: JobId(7), devices } if devices.len() == 3)
    );
    let progress: Vec<(String, String, usize, usize)> = events
        .iter()
        .filter_map(|e| match e {
            JobEvent::Progress {
                device,
                step,
                done,
                total,
                ..
            } => Some((device.to_string(), step.clone(), *done, *total)),
            _ => None,
        })
        .collect();
    let want = [
        ("1", "resize partition 'p1' to 5000 bytes", 0),
        ("2", "read the partition list", 1),
        ("3", "resize partition 'p1' to 5000 bytes", 2),
    ];
    let want: Vec<(String, String, usize, usize)> = want
        .iter()
        .map(|(d, s, n)| (d.to_string(), s.to_string(), *n, 3))
        .collect();
    assert_eq!(progress, want);
    assert!(matches!(events.last(), Some(JobEvent::Finished { .. })));
    let JobOutcome::Succeeded { outputs } = outcome_of(&events, 7) else {
        panic!("resize failed");
    };
    assert_eq!(outputs.len(), 3);
    assert!(
        outputs[1].output.text.contains("p1 4000"),
        "{:?}",
        outputs[1]
    );
    handle.wait().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn x_1_cancel_between_steps_undoes_what_was_done() {
    for undo_on_cancel in [true, false] {
        let mut r = rig(config(4, 5000), &[("1", 5), ("2", 5), ("3", 5)]);
        let gate = Arc::new(Gate::default());
        r.fleet
            .fault("1", "partition resize", Fault::Gate(gate.clone()));
        let steps = vec![
            resize("1", "p1", 5000, 4000),
            resize("2", "p1", 5000, 4000),
            resize("3", "p1", 5000, 4000),
        ];
        let mut req = r.request(1, plan(Operation::ResizeService, steps));
        req.undo_on_cancel = undo_on_cancel;
        let handle = r.engine.submit(req);
        r.next_matching(|e| matches!(e, JobEvent::Progress { done: 0, .. }))
            .await;
        // The command reached the device (a step cancelled before it starts never starts).
        while r.fleet.commands("1").is_empty() {
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        handle.cancel();
        gate.open();
        let events = r.until_finished(1).await;
        let JobOutcome::Cancelled {
            undone,
            not_undone,
            outputs,
            stopped,
        } = outcome_of(&events, 1)
        else {
            panic!("not cancelled");
        };
        assert_eq!(outputs.len(), 1, "the step in flight finished");
        assert!(stopped.is_empty(), "nothing was stopped mid-command");
        assert!(not_undone.is_empty());
        assert!(
            r.fleet.commands("2").is_empty(),
            "nothing started after the cancel"
        );
        if undo_on_cancel {
            assert_eq!(undone.len(), 1);
            assert_eq!(undone[0].step, "resize partition 'p1' to 4000 bytes");
            assert_eq!(r.fleet.size("1", "p1"), 4000);
        } else {
            assert!(undone.is_empty());
            assert_eq!(r.fleet.size("1", "p1"), 5000);
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn x_1_cancel_while_waiting_for_a_busy_device() {
    let mut r = rig(config(4, 5000), &[("1", 5)]);
    let gate = Arc::new(Gate::default());
    r.fleet
        .fault("1", "partition resize", Fault::Gate(gate.clone()));
    r.engine.submit(r.request(
        1,
        plan(
            Operation::ResizeService,
            vec![resize("1", "p1", 5000, 4000)],
        ),
    ));
    r.next_matching(|e| matches!(e, JobEvent::Progress { job: JobId(1), .. }))
        .await;
    let waiting = r.engine.submit(r.request(
        2,
        plan(
            Operation::ResizeService,
            vec![resize("1", "p2", 5000, 4000)],
        ),
    ));
    r.next_matching(|e| matches!(e, JobEvent::Waiting { job: JobId(2), .. }))
        .await;
    waiting.cancel();
    let events = r
        .next_matching(|e| matches!(e, JobEvent::Finished { .. }))
        .await;
    let last = events.last().unwrap();
    assert!(
        matches!(last, JobEvent::Finished { job: JobId(2), outcome: JobOutcome::Cancelled { undone, .. } } if undone.is_empty()),
        "{last:?}"
    );
    gate.open();
    let events = r.until_finished(1).await;
    assert!(matches!(
        outcome_of(&events, 1),
        JobOutcome::Succeeded { .. }
    ));
    assert_eq!(r.fleet.size("1", "p2"), 4000, "the cancelled job never ran");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mig_5_other_devices_stay_usable_while_a_job_runs() {
    let mut r = rig(config(4, 5000), &[("1", 5), ("2", 5)]);
    let gate = Arc::new(Gate::default());
    r.fleet
        .fault("1", "partition resize", Fault::Gate(gate.clone()));
    let long = r.engine.submit(r.request(
        1,
        plan(
            Operation::MigrateService,
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
    let events = r.until_finished(1).await;
    assert!(matches!(
        outcome_of(&events, 2),
        JobOutcome::Succeeded { .. }
    ));
    assert!(!long.is_finished());
    assert_eq!(r.engine.busy_devices(), vec![HsmSerial::new("1")]);
    gate.open();
    let events = r.until_finished(1).await;
    assert!(matches!(
        outcome_of(&events, 1),
        JobOutcome::Succeeded { .. }
    ));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn x_1_per_device_failure_stays_on_its_device() {
    let mut r = rig(config(8, 5000), &[("1", 5), ("2", 5), ("3", 5)]);
    r.fleet.fault(
        "2",
        "partition resize",
        Fault::Error("Error: no space".into()),
    );
    // "9" is not in the fleet: its session cannot be opened.
    let steps = vec![
        resize("1", "p1", 5000, 4000),
        read("9"),
        resize("2", "p1", 5000, 4000),
        read("3"),
    ];
    let mut req = r.request(1, plan(Operation::RefreshDevice, steps));
    req.parallelism = Parallelism::PerDevice;
    r.engine.submit(req);
    let events = r.until_finished(1).await;
    let JobOutcome::Failed {
        device,
        step_index,
        outputs,
        undone,
        message,
        ..
    } = outcome_of(&events, 1)
    else {
        panic!("not failed");
    };
    // The first failure in plan order is the one reported; the other is in the message.
    assert_eq!((device.as_str(), step_index), ("9", 1));
    assert!(
        message.contains(
            "'hsm-9' at step 2 of 4 (read the partition list): 9: unreachable (no such device)"
        ),
        "{message}"
    );
    assert!(
        message.ends_with("Also failed on device 'hsm-2' at step 3 (resize partition 'p1' to 5000 bytes): the device refused 'partition resize -partition p1 -size 5000'. The device said: Error: no space"),
        "{message}"
    );
    assert!(
        undone.is_empty(),
        "device 2 had nothing to undo, device 1 is not rolled back"
    );
    assert_eq!(
        outputs.iter().map(|o| o.index).collect::<Vec<_>>(),
        vec![0, 3]
    );
    assert_eq!(r.fleet.size("1", "p1"), 5000);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn x_1_cancel_stops_a_hung_command_and_undoes_what_succeeded() {
    let mut r = rig(config(4, 60_000), &[("1", 5), ("2", 5)]);
    r.fleet.fault("2", "partition resize", Fault::Hang);
    let steps = vec![resize("1", "p1", 5000, 4000), resize("2", "p1", 5000, 4000)];
    let handle = r
        .engine
        .submit(r.request(1, plan(Operation::ResizeService, steps)));
    r.next_matching(|e| matches!(e, JobEvent::Progress { done: 1, .. }))
        .await;
    while r.fleet.commands("2").is_empty() {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    let asked = std::time::Instant::now();
    handle.cancel();
    let events = r.until_finished(1).await;
    assert!(
        asked.elapsed() < Duration::from_secs(2),
        "the hung command was not stopped: {:?}",
        asked.elapsed()
    );
    let JobOutcome::Cancelled {
        undone, stopped, ..
    } = outcome_of(&events, 1)
    else {
        panic!("not cancelled");
    };
    assert_eq!(stopped.len(), 1, "{stopped:?}");
    assert_eq!(stopped[0].device_name, "hsm-2");
    assert!(stopped[0].changes_state);
    assert_eq!(undone.len(), 1, "the resize of hsm-1 is put back");
    assert_eq!(r.fleet.size("1", "p1"), 4000);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn x_1_per_device_job_reports_each_device_as_it_ends_and_cancel_lets_go() {
    let mut r = rig(config(4, 60_000), &[("1", 5), ("2", 5), ("3", 5)]);
    r.fleet.fault("2", "partition list", Fault::Hang);
    let mut req = r.request(
        1,
        plan(
            Operation::RefreshDevice,
            vec![read("1"), read("2"), read("3")],
        ),
    );
    req.parallelism = Parallelism::PerDevice;
    let handle = r.engine.submit(req);
    let mut done = Vec::new();
    while done.len() < 2 {
        let events = r
            .next_matching(|e| matches!(e, JobEvent::DeviceFinished { .. }))
            .await;
        for e in events {
            if let JobEvent::DeviceFinished {
                device,
                end,
                outputs,
                ..
            } = e
            {
                assert_eq!(end, DeviceEnd::Done);
                assert_eq!(outputs.len(), 1);
                done.push(device.to_string());
            }
        }
    }
    done.sort();
    assert_eq!(done, ["1", "3"], "the others end while hsm-2 still hangs");
    while r.fleet.commands("2").is_empty() {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    let asked = std::time::Instant::now();
    handle.cancel();
    let events = r.until_finished(1).await;
    assert!(
        asked.elapsed() < Duration::from_secs(2),
        "{:?}",
        asked.elapsed()
    );
    assert!(events.iter().any(|e| matches!(
        e,
        JobEvent::DeviceFinished { device, end: DeviceEnd::Cancelled, .. } if device.as_str() == "2"
    )));
    let JobOutcome::Cancelled {
        stopped, outputs, ..
    } = outcome_of(&events, 1)
    else {
        panic!("not cancelled");
    };
    assert_eq!(stopped.len(), 1);
    assert!(!stopped[0].changes_state, "a read was stopped");
    assert_eq!(outputs.len(), 2, "the results of hsm-1 and hsm-3 are kept");
}
