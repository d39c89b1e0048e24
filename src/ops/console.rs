//! `Console`: the owner of a lunadeck session without a screen (the CLI, and later the TUI's
//! backend thread): the store, the engine and its events, the signed-in user, in-memory secrets.

use super::access::FleetAccess;
use super::completion::Completion;
use super::error::{OpsError, OpsResult};
use super::executor::LunaExecutor;
use crate::domain::audit_event::{AuditEvent, Outcome};
use crate::domain::ids::{HsmSerial, JobId, OrganizationId, ServiceId};
use crate::domain::job::{Job, JobState};
use crate::domain::operation::Operation;
use crate::domain::permission::{Session, authorize};
use crate::domain::plan::{Plan, PlanStep};
use crate::domain::timestamp::Timestamp;
use crate::jobs::{Engine, EngineConfig, JobEvent, JobHandle, JobOutcome, JobRequest, Parallelism};
use crate::store::Store;
use secrecy::SecretString;
use std::collections::HashMap;
use std::sync::Arc;
use tokio::sync::mpsc;

pub type Clock = Arc<dyn Fn() -> Timestamp + Send + Sync>;

pub fn system_clock() -> Clock {
    Arc::new(|| {
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0);
        Timestamp(i64::try_from(secs).unwrap_or(i64::MAX))
    })
}

/// A finished job as the caller reports it.
#[derive(Debug, Clone)]
pub struct Finished {
    pub job: JobId,
    pub outcome: JobOutcome,
    /// One sentence for humans.
    pub summary: String,
    /// What the CLI prints with `--json`.
    pub result: serde_json::Value,
}

/// What to submit: the plan and how to run it.
pub struct Submission {
    pub plan: Plan,
    pub executor: LunaExecutor,
    pub secrets: Vec<SecretString>,
    pub parallelism: Parallelism,
    pub service: Option<ServiceId>,
    pub organization: Option<OrganizationId>,
    pub completion: Box<dyn Completion>,
}

pub struct Console {
    pub store: Store,
    pub access: Arc<FleetAccess>,
    engine: Engine,
    pub(super) events: mpsc::Receiver<JobEvent>,
    session: Session,
    /// HSM SO secrets of authorized devices: memory only, for this session (DEV-2).
    so_secrets: HashMap<HsmSerial, SecretString>,
    pending: HashMap<JobId, Box<dyn Completion>>,
    /// Jobs that finished while the caller waited for another one (collected by `wait`).
    finished: HashMap<JobId, Finished>,
    /// Handles of the jobs still running, to cancel them.
    pub(super) running: HashMap<JobId, JobHandle>,
    /// The leases of the jobs other consoles on the database must see running (migrations,
    /// MIG-5), held until each job's end is committed.
    pub(super) leases: HashMap<JobId, crate::store::JobLease>,
    /// The HSM SO login jobs still running, by device: a second login is never sent meanwhile.
    pub(super) authorizing: HashMap<JobId, HsmSerial>,
    /// The console's own partition licences, which Finish Imports counts (IMP-7).
    partition_licences: u32,
    clock: Clock,
    /// Crypto-officer sessions of the Keys tab (MNG-5): memory only.
    pub(crate) co_sessions: super::keys::CoSessions,
    /// Refused attempts not yet in the audit trail (issue 11.13, `ops::refusals`).
    pub(super) refused: std::cell::RefCell<Vec<AuditEvent>>,
}

impl Console {
    pub fn new(
        store: Store,
        access: Arc<FleetAccess>,
        session: Session,
        runtime: tokio::runtime::Handle,
        config: EngineConfig,
        clock: Clock,
    ) -> Console {
        let (tx, events) = mpsc::channel(4096);
        let engine_clock = clock.clone();
        let engine =
            Engine::new(config, access.clone(), tx, runtime).with_clock(move || engine_clock());
        Console {
            store,
            access,
            engine,
            events,
            session,
            so_secrets: HashMap::new(),
            pending: HashMap::new(),
            finished: HashMap::new(),
            running: HashMap::new(),
            leases: HashMap::new(),
            authorizing: HashMap::new(),
            partition_licences: super::import_ops::DEFAULT_CONSOLE_LICENCES,
            clock,
            co_sessions: super::keys::CoSessions::default(),
            refused: Default::default(),
        }
    }

    pub fn session(&self) -> &Session {
        &self.session
    }

    /// The signed-in user leaves (NAV-4, issue 11.12): their crypto-officer sessions end, and
    /// the sign-out is audited. Jobs keep running; the HSM SO secrets stay (see `sign_in`).
    /// Returns how many jobs still run.
    pub fn sign_out(&mut self) -> OpsResult<usize> {
        self.co_sessions = Default::default();
        let running = self.running.len();
        let target = match running {
            0 => "signed out".to_string(),
            n => format!("signed out; {n} job(s) keep running"),
        };
        let event = AuditEvent {
            at: self.now(),
            actor: self.session.user.username.clone(),
            organization: match self.session.user.role {
                crate::domain::organization::Role::Owner(id) => Some(id),
                crate::domain::organization::Role::Admin => None,
            },
            action: super::accounts::LOGOUT_ACTION.to_string(),
            device: None,
            target,
            outcome: crate::domain::audit_event::Outcome::Success,
        };
        self.store.append_audit(event)?;
        Ok(running)
    }

    /// Signs another user in on this console (log-out then log-in). The HSM SO secrets of the
    /// devices an Admin authorized stay: they belong to the console, so Owners can initialize
    /// and delete their services (PERM) without ever seeing them.
    pub fn sign_in(&mut self, session: Session) {
        self.session = session;
    }

    pub fn now(&self) -> Timestamp {
        (self.clock)()
    }

    /// The one permission check every operation goes through (PERM, X-7).
    /// A refusal of a changing operation is noted for the audit trail (`record_refusals`).
    pub fn authorize(&self, op: Operation, owner: Option<OrganizationId>) -> OpsResult<()> {
        authorize(&self.session, op, owner).map_err(|e| {
            self.note_refusal(op, owner, &e);
            e.into()
        })
    }

    /// The check for looking at what `op` works on, or a dry run of it: the same PERM rule, and
    /// allowed in read-only mode, since nothing changes.
    pub fn authorize_read(&self, op: Operation, owner: Option<OrganizationId>) -> OpsResult<()> {
        Ok(crate::domain::permission::authorize_read(
            &self.session,
            op,
            owner,
        )?)
    }

    pub fn so_secret(&self, device: &HsmSerial) -> Option<&SecretString> {
        self.so_secrets.get(device)
    }

    pub fn is_authorized(&self, device: &HsmSerial) -> bool {
        self.so_secrets.contains_key(device)
    }

    /// The console's partition licences (IMP-7): how many partitions it may manage in all.
    pub fn partition_licences(&self) -> u32 {
        self.partition_licences
    }

    /// Sets the console's partition licences (the demo uses up all of its own).
    pub fn set_partition_licences(&mut self, licences: u32) {
        self.partition_licences = licences;
    }

    /// An HSM SO login job for `device` is queued or running.
    pub fn is_authorizing(&self, device: &HsmSerial) -> bool {
        self.authorizing.values().any(|d| d == device)
    }

    pub(crate) fn keep_so_secret(&mut self, device: &HsmSerial, secret: SecretString) {
        self.so_secrets.insert(device.clone(), secret);
    }

    pub(crate) fn drop_so_secret(&mut self, device: &HsmSerial) {
        self.so_secrets.remove(device);
    }

    /// Runs `f` as one unit of work: every database change it makes and the audit events it
    /// appends are committed together, or none is (a crash leaves the old state or the new).
    pub fn atomically<T>(&mut self, f: impl FnOnce(&mut Console) -> OpsResult<T>) -> OpsResult<T> {
        self.store.begin_unit()?;
        let out = f(self);
        let ended = self.store.end_unit(out.is_ok());
        let out = out?;
        ended?;
        Ok(out)
    }

    /// Appends one audit event for an action done without the engine (database-only changes).
    pub fn audit(
        &mut self,
        op: Operation,
        organization: Option<OrganizationId>,
        device: Option<HsmSerial>,
        target: &str,
        outcome: Outcome,
    ) -> OpsResult<()> {
        let event = AuditEvent {
            at: self.now(),
            actor: self.session.user.username.clone(),
            organization,
            action: op.name().to_string(),
            device,
            target: target.to_string(),
            outcome,
        };
        self.store.append_audit(event)?;
        Ok(())
    }

    /// Records the job and hands it to the engine.
    pub fn submit(&mut self, s: Submission) -> OpsResult<JobId> {
        self.submit_rereading(s, Vec::new())
    }

    /// Like `submit`; after a failure or a cancel the job also runs the read-only `reread`
    /// steps, so the completion learns what the devices really hold.
    pub fn submit_rereading(&mut self, s: Submission, reread: Vec<PlanStep>) -> OpsResult<JobId> {
        let job = Job {
            id: JobId(0),
            operation: s.plan.operation.name().to_string(),
            service: s.service,
            devices: s.plan.devices(),
            started_by: self.session.user.username.clone(),
            started_at: self.now(),
            finished_at: None,
            state: JobState::Running,
            acknowledged: false,
            subject: None,
        };
        let id = self.store.save_job(&job)?;
        let mut request = JobRequest::new(
            id,
            &self.session.user.username,
            s.plan,
            Arc::new(s.executor),
        );
        request.organization = s.organization;
        request.parallelism = s.parallelism;
        request.secrets = s.secrets;
        request.reread = reread;
        self.pending.insert(id, s.completion);
        let handle = self.engine.submit(request);
        self.running.insert(id, handle);
        Ok(id)
    }

    /// Tells the engine to stop job `id` if it runs here; whether it did (`jobs_view` decides
    /// who may).
    /// Whether job `id` runs in this console now.
    pub(super) fn is_job_running(&self, id: JobId) -> bool {
        self.running.contains_key(&id)
    }

    pub(super) fn cancel_running(&self, id: JobId) -> bool {
        self.running.get(&id).inspect(|h| h.cancel()).is_some()
    }

    /// Persists what an engine event carries (audit events, job state, the completion's
    /// results). Returns the finished job when `event` ends one.
    pub fn handle_event(&mut self, event: JobEvent) -> OpsResult<Option<Finished>> {
        match event {
            JobEvent::Audit(e) => {
                self.store.append_audit(e)?;
                Ok(None)
            }
            JobEvent::DeviceFinished {
                job,
                device,
                outputs,
                end,
                ..
            } => {
                if let Some(mut completion) = self.pending.remove(&job) {
                    let kept =
                        self.atomically(|c| completion.device_finished(c, &device, &outputs, &end));
                    self.pending.insert(job, completion);
                    kept?;
                }
                Ok(None)
            }
            JobEvent::Finished { job, outcome } => {
                self.running.remove(&job);
                self.authorizing.remove(&job);
                let completion = self.pending.remove(&job);
                // What the job changed, its audit events and the job's end: one transaction.
                let (summary, result) = self.atomically(|c| {
                    let applied = match completion {
                        Some(done) => done.apply(c, &outcome)?,
                        None => (outcome.state_name().to_string(), serde_json::Value::Null),
                    };
                    if let Some(mut row) = c.store.load_job(job)? {
                        row.finished_at = Some(c.now());
                        row.state = outcome.job_state();
                        c.store.save_job(&row)?;
                    }
                    Ok(applied)
                })?;
                // Committed: other consoles may now see it ended.
                self.leases.remove(&job);
                Ok(Some(Finished {
                    job,
                    outcome,
                    summary,
                    result,
                }))
            }
            _ => Ok(None),
        }
    }

    /// Waits for the next engine event without persisting it: the TUI's backend thread selects
    /// over this and its requests, then hands the event to `handle_event`.
    pub async fn next_event(&mut self) -> Option<JobEvent> {
        self.events.recv().await
    }

    /// Blocks until `job` finishes, persisting every event on the way; `progress` sees each
    /// event first (the CLI prints progress lines to stderr).
    pub fn wait(&mut self, job: JobId, progress: impl FnMut(&JobEvent)) -> OpsResult<Finished> {
        self.wait_any(&[job], progress)
    }

    /// Blocks until one of `jobs` finishes (when several already have, the first of them in
    /// `jobs`' order), persisting every event on the way.
    pub fn wait_any(
        &mut self,
        jobs: &[JobId],
        mut progress: impl FnMut(&JobEvent),
    ) -> OpsResult<Finished> {
        if let Some(job) = jobs.iter().find(|j| self.finished.contains_key(j))
            && let Some(done) = self.finished.remove(job)
        {
            return Ok(done);
        }
        loop {
            let Some(event) = self.events.blocking_recv() else {
                return Err(OpsError::Failed("the job engine stopped".into()));
            };
            // Every event waiting now, persisted in one store batch; an event that fails
            // does not stop the others (its error is returned once they are saved).
            let batch = self.with_ready_events(event);
            let failed = self.in_store_batch(|c| {
                let mut failed = None;
                for event in batch {
                    progress(&event);
                    match c.handle_event(event) {
                        Ok(Some(done)) => {
                            c.finished.insert(done.job, done);
                        }
                        Ok(None) => {}
                        Err(e) => {
                            failed.get_or_insert(e);
                        }
                    }
                }
                failed
            })?;
            if let Some(e) = failed {
                return Err(e);
            }
            if let Some(job) = jobs.iter().find(|j| self.finished.contains_key(j))
                && let Some(done) = self.finished.remove(job)
            {
                return Ok(done);
            }
        }
    }

    /// Submit and wait; a failed or cancelled job becomes `OpsError::Failed` with its message.
    pub fn run(&mut self, s: Submission, progress: impl FnMut(&JobEvent)) -> OpsResult<Finished> {
        let id = self.submit(s)?;
        let done = self.wait(id, progress)?;
        match &done.outcome {
            JobOutcome::Succeeded { .. } => Ok(done),
            JobOutcome::Failed { .. } | JobOutcome::Cancelled { .. } => {
                Err(OpsError::Failed(done.summary))
            }
        }
    }
}
