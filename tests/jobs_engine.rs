//! The job engine against a scripted fake fleet (X-1, SIZE-2, MIG-5): device exclusivity, pool
//! width, progress, cancel, timeouts, retries, SO login, undo and audit events without secrets.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "jobs_support/fake_fleet.rs"]
mod fake_fleet;

use fake_fleet::{FakeProvider, Fault, Fleet, Gate, TestExecutor};
use lunadeck::domain::audit_event::Outcome;
use lunadeck::domain::ids::{HsmSerial, JobId};
use lunadeck::domain::operation::Operation;
use lunadeck::domain::plan::{Plan, PlanStep, StepAction};
use lunadeck::jobs::{
    Engine, EngineConfig, JobEvent, JobOutcome, JobRequest, Parallelism, RetryPolicy,
};
use secrecy::SecretString;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;
use tokio::sync::mpsc;

const SECRET: &str = "Sup3rS3cret!";

fn resize(dev: &str, name: &str, to: u64, back: u64) -> PlanStep {
    PlanStep::new(
        &HsmSerial::new(dev),
        &format!("hsm-{dev}"),
        StepAction::ResizePartition {
            name: name.into(),
            size: to,
        },
        Some(StepAction::ResizePartition {
            name: name.into(),
            size: back,
        }),
    )
}

fn read(dev: &str) -> PlanStep {
    let mut s = PlanStep::new(
        &HsmSerial::new(dev),
        &format!("hsm-{dev}"),
        StepAction::RefreshPartitions,
        None,
    );
    s.changes_state = false;
    s
}

fn plan(operation: Operation, steps: Vec<PlanStep>) -> Plan {
    Plan { operation, steps }
}

struct Rig {
    engine: Engine,
    rx: mpsc::Receiver<JobEvent>,
    fleet: Arc<Fleet>,
    exec: Arc<TestExecutor>,
}

fn rig(config: EngineConfig, devices: &[(&str, u64)]) -> Rig {
    let fleet = Arc::new(Fleet::default());
    for (serial, latency) in devices {
        fleet.add(
            serial,
            *latency,
            &[("p1", 4000), ("p2", 4000), ("p3", 4000)],
        );
    }
    let (tx, rx) = mpsc::channel(1024);
    let provider = Arc::new(FakeProvider(fleet.clone()));
    let engine = Engine::new(config, provider, tx, tokio::runtime::Handle::current())
        .with_clock(|| lunadeck::domain::timestamp::Timestamp(1_795_771_380));
    Rig {
        engine,
        rx,
        fleet,
        exec: Arc::new(TestExecutor::default()),
    }
}

fn config(width: usize, timeout_ms: u64) -> EngineConfig {
    EngineConfig {
        width,
        step_timeout: Duration::from_millis(timeout_ms),
        watchdog: Duration::from_secs(20),
        retry: RetryPolicy {
            read_only_retries: 2,
            delay: Duration::from_millis(5),
        },
    }
}

impl Rig {
    fn request(&self, id: i64, plan: Plan) -> JobRequest {
        JobRequest::new(JobId(id), "alice", plan, self.exec.clone())
    }

    /// Events until `jobs` jobs have finished (a generous guard stops a hung test).
    async fn until_finished(&mut self, jobs: usize) -> Vec<JobEvent> {
        let mut out = Vec::new();
        let mut finished = 0;
        while finished < jobs {
            let ev = tokio::time::timeout(Duration::from_secs(30), self.rx.recv())
                .await
                .expect("engine stalled")
                .expect("channel closed");
            finished += usize::from(matches!(ev, JobEvent::Finished { .. }));
            out.push(ev);
        }
        out
    }

    async fn next_matching(&mut self, want: impl Fn(&JobEvent) -> bool) -> Vec<JobEvent> {
        let mut seen = Vec::new();
        loop {
            let ev = tokio::time::timeout(Duration::from_secs(30), self.rx.recv())
                .await
                .expect("engine stalled")
                .expect("channel closed");
            let hit = want(&ev);
            seen.push(ev);
            if hit {
                return seen;
            }
        }
    }
}

fn outcome_of(events: &[JobEvent], job: i64) -> JobOutcome {
    events
        .iter()
        .find_map(|e| match e {
            JobEvent::Finished { job: j, outcome } if *j == JobId(job) => Some(outcome.clone()),
            _ => None,
        })
        .expect("no Finished event")
}

fn step_failures(events: &[JobEvent]) -> Vec<(u32, bool)> {
    events
        .iter()
        .filter_map(|e| match e {
            JobEvent::StepFailed {
                attempt, retrying, ..
            } => Some((*attempt, *retrying)),
            _ => None,
        })
        .collect()
}

/// Per (device, job): the span from the first step's start to the last step's end.
fn spans(
    intervals: &[fake_fleet::Interval],
) -> Vec<(HsmSerial, JobId, std::time::Instant, std::time::Instant)> {
    let mut out: Vec<(HsmSerial, JobId, std::time::Instant, std::time::Instant)> = Vec::new();
    for (dev, job, start, end) in intervals {
        match out.iter_mut().find(|(d, j, _, _)| d == dev && j == job) {
            Some(span) => {
                span.2 = span.2.min(*start);
                span.3 = span.3.max(*end);
            }
            None => out.push((dev.clone(), *job, *start, *end)),
        }
    }
    out
}

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
        handle.cancel();
        gate.open();
        let events = r.until_finished(1).await;
        let JobOutcome::Cancelled {
            undone,
            not_undone,
            outputs,
        } = outcome_of(&events, 1)
        else {
            panic!("not cancelled");
        };
        assert_eq!(outputs.len(), 1, "the step in flight finished");
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
    assert!(message.contains("Nothing had been changed"), "{message}");
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
    assert!(message.contains("hsm-1: no answer"), "{message}");
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
            StepAction::InitializePartition {
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
    let echo = format!("Error: bad password {SECRET} rejected");
    r.fleet.fault("3", "partition resize", Fault::Error(echo));
    let init = PlanStep::new(
        &HsmSerial::new("1"),
        "hsm-1",
        StepAction::InitializePartition {
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
        ("1", "initialize partition 'p1' with label 'L'", true),
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
    assert_eq!(device_output, "Error: bad password [redacted] rejected");
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
