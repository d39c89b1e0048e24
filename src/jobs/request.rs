//! `JobRequest`: what the owner hands the engine: the plan, who asks, the executor of the
//! operation, how to run it, and the secrets (dropped when the job ends, never printed).

use super::executor::StepExecutor;
use crate::domain::ids::{JobId, OrganizationId};
use crate::domain::plan::{Plan, PlanStep};
use secrecy::SecretString;
use std::fmt;
use std::sync::Arc;

/// How the steps of a job are scheduled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Parallelism {
    /// All-or-nothing: every device of the plan is locked before the first step, steps run in
    /// plan order, a failure undoes every succeeded step of the job in reverse (SIZE-2).
    #[default]
    Sequential,
    /// Independent devices (discovery, refresh): each device's steps run in order, devices run
    /// in parallel, each locked only while its own steps run. A failure on one device undoes
    /// that device's succeeded steps only; the other devices carry on.
    PerDevice,
}

pub struct JobRequest {
    pub id: JobId,
    /// Login of the console user, for audit events.
    pub actor: String,
    pub organization: Option<OrganizationId>,
    pub plan: Plan,
    pub executor: Arc<dyn StepExecutor>,
    pub parallelism: Parallelism,
    /// Undo the succeeded state-changing steps when the job is cancelled (they are always undone
    /// on failure).
    pub undo_on_cancel: bool,
    /// Prompt answers, in the order the operation's executor expects them.
    pub secrets: Vec<SecretString>,
    /// Read-only steps run after a failure or a cancel (sequential jobs), so the outcome
    /// carries what the devices really hold then; their devices are locked with the plan's.
    pub reread: Vec<PlanStep>,
}

impl JobRequest {
    /// A sequential job with no secrets that undoes on cancel.
    pub fn new(id: JobId, actor: &str, plan: Plan, executor: Arc<dyn StepExecutor>) -> Self {
        JobRequest {
            id,
            actor: actor.to_string(),
            organization: None,
            plan,
            executor,
            parallelism: Parallelism::Sequential,
            undo_on_cancel: true,
            secrets: Vec::new(),
            reread: Vec::new(),
        }
    }
}

impl fmt::Debug for JobRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("JobRequest")
            .field("id", &self.id)
            .field("actor", &self.actor)
            .field("organization", &self.organization)
            .field("plan", &self.plan)
            .field("parallelism", &self.parallelism)
            .field("undo_on_cancel", &self.undo_on_cancel)
            .field("reread", &self.reread)
            .field(
                "secrets",
                &format_args!("[{} redacted]", self.secrets.len()),
            )
            .finish()
    }
}
