//! Shared rig of the engine tests: an engine over the fake fleet, plan builders, and helpers
//! that read events until jobs finish.
#![allow(dead_code)]

use super::fake_fleet::{FakeProvider, Fleet, Interval, TestExecutor};
use lunadeck::domain::ids::{HsmSerial, JobId};
use lunadeck::domain::operation::Operation;
use lunadeck::domain::plan::{Plan, PlanStep, StepAction};
use lunadeck::jobs::{Engine, EngineConfig, JobEvent, JobOutcome, JobRequest, RetryPolicy};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::mpsc;

pub const SECRET: &str = "Sup3rS3cret!";

pub fn resize(dev: &str, name: &str, to: u64, back: u64) -> PlanStep {
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

pub fn read(dev: &str) -> PlanStep {
    let mut s = PlanStep::new(
        &HsmSerial::new(dev),
        &format!("hsm-{dev}"),
        StepAction::RefreshPartitions,
        None,
    );
    s.changes_state = false;
    s
}

pub fn plan(operation: Operation, steps: Vec<PlanStep>) -> Plan {
    Plan { operation, steps }
}

pub struct Rig {
    pub engine: Engine,
    pub rx: mpsc::Receiver<JobEvent>,
    pub fleet: Arc<Fleet>,
    pub exec: Arc<TestExecutor>,
}

pub fn rig(config: EngineConfig, devices: &[(&str, u64)]) -> Rig {
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

pub fn config(width: usize, timeout_ms: u64) -> EngineConfig {
    EngineConfig {
        width,
        timeouts: lunadeck::luna::shell::CommandTimeouts::uniform(Duration::from_millis(
            timeout_ms,
        )),
        watchdog: Duration::from_secs(20),
        retry: RetryPolicy {
            read_only_retries: 2,
            delay: Duration::from_millis(5),
        },
    }
}

impl Rig {
    pub fn request(&self, id: i64, plan: Plan) -> JobRequest {
        JobRequest::new(JobId(id), "alice", plan, self.exec.clone())
    }

    /// Events until `jobs` jobs have finished (a generous guard stops a hung test).
    pub async fn until_finished(&mut self, jobs: usize) -> Vec<JobEvent> {
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

    pub async fn next_matching(&mut self, want: impl Fn(&JobEvent) -> bool) -> Vec<JobEvent> {
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

pub fn outcome_of(events: &[JobEvent], job: i64) -> JobOutcome {
    events
        .iter()
        .find_map(|e| match e {
            JobEvent::Finished { job: j, outcome } if *j == JobId(job) => Some(outcome.clone()),
            _ => None,
        })
        .expect("no Finished event")
}

pub fn step_failures(events: &[JobEvent]) -> Vec<(u32, bool)> {
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
pub fn spans(
    intervals: &[Interval],
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
