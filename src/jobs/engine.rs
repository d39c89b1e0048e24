//! `Engine`: takes job requests, runs each on its own tokio task (device steps on the blocking
//! pool, at most `width` at once, one job per device at a time) and reports on one channel.

use super::cancel_token::CancelToken;
use super::config::EngineConfig;
use super::device_slots::DeviceSlots;
use super::event::{JobEvent, JobOutcome};
use super::executor::ShellProvider;
use super::job_run::run_sequential;
use super::job_shared::{Clock, JobShared, system_clock};
use super::per_device_run::run_per_device;
use super::request::{JobRequest, Parallelism};
use crate::domain::ids::{HsmSerial, JobId};
use crate::domain::timestamp::Timestamp;
use std::sync::Arc;
use std::sync::atomic::AtomicUsize;
use tokio::runtime::Handle;
use tokio::sync::{Semaphore, mpsc};
use tokio::task::JoinHandle;

/// Cheap to clone; clones share the pool, the device slots (and their sessions) and the channel.
#[derive(Clone)]
pub struct Engine {
    config: EngineConfig,
    provider: Arc<dyn ShellProvider>,
    events: mpsc::Sender<JobEvent>,
    runtime: Handle,
    pool: Arc<Semaphore>,
    slots: Arc<DeviceSlots>,
    clock: Clock,
}

/// The owner's grip on a submitted job.
pub struct JobHandle {
    id: JobId,
    cancel: CancelToken,
    task: JoinHandle<()>,
}

impl JobHandle {
    pub fn id(&self) -> JobId {
        self.id
    }

    /// Stops the job between steps (see `CancelToken`).
    pub fn cancel(&self) {
        self.cancel.cancel();
    }

    pub fn cancel_token(&self) -> CancelToken {
        self.cancel.clone()
    }

    pub fn is_finished(&self) -> bool {
        self.task.is_finished()
    }

    /// Resolves once the job has sent `Finished`.
    pub async fn wait(self) {
        let _ = self.task.await;
    }
}

impl Engine {
    /// Jobs run on `runtime`; events go to `events` (the owner reads them; a full channel
    /// slows the jobs down, a closed one is ignored).
    pub fn new(
        config: EngineConfig,
        provider: Arc<dyn ShellProvider>,
        events: mpsc::Sender<JobEvent>,
        runtime: Handle,
    ) -> Engine {
        let width = config.width.max(1);
        Engine {
            config,
            provider,
            events,
            runtime,
            pool: Arc::new(Semaphore::new(width)),
            slots: Arc::new(DeviceSlots::default()),
            clock: Arc::new(system_clock),
        }
    }

    /// Replaces the clock that stamps audit events (tests, replay).
    pub fn with_clock(mut self, clock: impl Fn() -> Timestamp + Send + Sync + 'static) -> Engine {
        self.clock = Arc::new(clock);
        self
    }

    pub fn config(&self) -> &EngineConfig {
        &self.config
    }

    /// Devices a job holds right now.
    pub fn busy_devices(&self) -> Vec<HsmSerial> {
        self.slots.busy()
    }

    /// Starts the job: `Started` is sent at once, then (maybe) `Waiting`, `Progress`...,
    /// and always exactly one `Finished`. The request (and its secrets) is dropped when the job
    /// ends.
    pub fn submit(&self, request: JobRequest) -> JobHandle {
        let cancel = CancelToken::new();
        let (timeouts, watchdog) = JobShared::settings(&self.config);
        let JobRequest {
            id,
            actor,
            organization,
            plan,
            executor,
            parallelism,
            undo_on_cancel,
            secrets,
            reread,
        } = request;
        let shared = Arc::new(JobShared {
            id,
            actor,
            organization,
            operation: plan.operation,
            executor,
            provider: self.provider.clone(),
            secrets: Arc::new(secrets),
            cancel: cancel.clone(),
            events: self.events.clone(),
            pool: self.pool.clone(),
            timeouts,
            watchdog,
            retry: self.config.retry,
            clock: self.clock.clone(),
            done: AtomicUsize::new(0),
            total: plan.steps.len(),
            reread,
        });
        let slots = self.slots.clone();
        let events = self.events.clone();
        let task = self.runtime.spawn(async move {
            let _ = events
                .send(JobEvent::Started {
                    job: id,
                    devices: plan.devices(),
                })
                .await;
            let first = plan.steps.first().cloned();
            let run = match parallelism {
                Parallelism::Sequential => {
                    tokio::spawn(run_sequential(shared, slots, plan, undo_on_cancel))
                }
                Parallelism::PerDevice => {
                    tokio::spawn(run_per_device(shared, slots, plan, undo_on_cancel))
                }
            };
            let outcome = run.await.unwrap_or_else(|_| crashed(first));
            let _ = events.send(JobEvent::Finished { job: id, outcome }).await;
        });
        JobHandle { id, cancel, task }
    }
}

/// The outcome of a job whose task panicked (a bug): nothing is known to be undone.
fn crashed(first: Option<crate::domain::plan::PlanStep>) -> JobOutcome {
    let (device, device_name, step) = first
        .map(|s| (s.device, s.device_name, s.action.to_string()))
        .unwrap_or_else(|| (HsmSerial::new(""), String::new(), String::new()));
    JobOutcome::Failed {
        device,
        device_name,
        step_index: 0,
        step,
        device_output: String::new(),
        undone: Vec::new(),
        not_undone: Vec::new(),
        message: "the job stopped on an internal error: check the devices, some steps may have run"
            .into(),
        untrusted_host_key: false,
        outputs: Vec::new(),
    }
}
