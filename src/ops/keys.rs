//! The Keys tab (MNG-5): a crypto-officer session per service (secret in memory, log off, ends
//! after 3 idle hours), HA synchronize first, objects listed with LunaCM and cached in the store.

use super::access::client_host_key;
use super::cm_steps::{ManageSteps, read_key_objects};
use super::completion::{Completion, data_of, failure_message, outputs};
use super::console::{Console, Submission};
use super::error::OpsResult;
use super::executor::LunaExecutor;
use crate::domain::DomainError;
use crate::domain::audit_event::Outcome;
use crate::domain::client::KeyObject;
use crate::domain::device::{AuthMethod, PedServer};
use crate::domain::ids::{JobId, PartitionSerial, ServiceId};
use crate::domain::lifecycle::permits;
use crate::domain::operation::Operation;
use crate::domain::partition::RoleState;
use crate::domain::plan::{Plan, PlanStep, StepAction};
use crate::domain::service::{Service, ServiceKind};
use crate::domain::timestamp::Timestamp;
use crate::jobs::{JobOutcome, Parallelism, StepContext, StepError, StepOutput};
use crate::luna::shell::Shell;
use secrecy::{ExposeSecret, SecretString};
use serde_json::json;
use std::collections::HashMap;

/// A Keys session ends by itself after this many idle seconds (3 hours).
pub const KEYS_IDLE_SECONDS: i64 = 3 * 60 * 60;

/// How the crypto officer authenticates for the Keys tab.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub enum KeysLogin {
    Password(#[serde(with = "crate::domain::secret_serde")] SecretString),
    /// PED: the remote PED server, unless the crypto officer is activated (then None).
    Ped(Option<PedServer>),
}

#[derive(Debug, Clone)]
struct CoSession {
    secret: Option<SecretString>,
    last_used: Timestamp,
    /// False until the first listing with these credentials succeeded.
    confirmed: bool,
}

/// Crypto-officer sessions by service, in memory only (never stored, never logged).
#[derive(Debug, Default)]
pub struct CoSessions {
    by_service: HashMap<ServiceId, CoSession>,
}

impl CoSessions {
    /// The session if it is alive at `now` (an idle one is ended here).
    fn live(&mut self, id: ServiceId, now: Timestamp) -> Option<&mut CoSession> {
        let expired = self.by_service.get(&id).is_some_and(|s| {
            now.seconds().saturating_sub(s.last_used.seconds()) >= KEYS_IDLE_SECONDS
        });
        if expired {
            self.by_service.remove(&id);
        }
        self.by_service.get_mut(&id)
    }
}

impl Console {
    /// MNG-5: authenticates the crypto officer of `service_id` and lists its keys (the session
    /// is kept only if the listing works).
    pub fn open_keys_session(
        &mut self,
        service_id: ServiceId,
        login: KeysLogin,
    ) -> OpsResult<JobId> {
        let service = self.service_for(service_id, Operation::ViewKeys)?;
        permits(&service, Operation::ViewKeys)?;
        let secret = match (&login, service.auth) {
            (KeysLogin::Password(s), AuthMethod::Password) => {
                if s.expose_secret().is_empty() {
                    return Err(DomainError::refused(
                        "type the crypto officer password of the service",
                    )
                    .into());
                }
                Some(s.clone())
            }
            (KeysLogin::Ped(ped), AuthMethod::Ped) => {
                if ped.is_none() && !self.co_activated(&service)? {
                    return Err(DomainError::refused(format!(
                        "the crypto officer of service '{}' is not activated: give the remote PED server address",
                        service.name
                    ))
                    .into());
                }
                None
            }
            (_, auth) => {
                return Err(DomainError::refused(format!(
                    "service '{}' uses {auth} authentication",
                    service.name
                ))
                .into());
            }
        };
        let now = self.now();
        self.co_sessions.by_service.insert(
            service.id,
            CoSession {
                secret,
                last_used: now,
                confirmed: false,
            },
        );
        self.submit_list_keys(service_id)
    }

    /// MNG-5: Log Off Session.
    pub fn log_off_keys(&mut self, service_id: ServiceId) -> bool {
        self.co_sessions.by_service.remove(&service_id).is_some()
    }

    /// Whether a Keys session of `service_id` is alive now.
    pub fn keys_session_open(&mut self, service_id: ServiceId) -> bool {
        let now = self.now();
        self.co_sessions.live(service_id, now).is_some()
    }

    /// MNG-5: the cached objects of the service's members (needs a live session).
    pub fn keys(&mut self, service_id: ServiceId) -> OpsResult<Vec<KeyObject>> {
        let service = self.service_for(service_id, Operation::ViewKeys)?;
        self.touch_session(&service)?;
        let mut out = Vec::new();
        for m in service.members.iter().filter(|m| !m.pending_init) {
            out.extend(self.store.list_key_objects(&m.partition)?);
        }
        Ok(out)
    }

    /// MNG-5: synchronizes an HA service, then lists every member's objects with LunaCM.
    pub fn submit_list_keys(&mut self, service_id: ServiceId) -> OpsResult<JobId> {
        let service = self.service_for(service_id, Operation::ViewKeys)?;
        permits(&service, Operation::ViewKeys)?;
        let secret = self.touch_session(&service)?;
        let host = client_host_key();
        let mut steps = Vec::new();
        // MIG-5: a migrating service's HA group is not synchronized (it would change the
        // members while the source is cloned); the keys are listed as they are.
        let migrating = self.migration_lock(service.id)?.is_some();
        if let ServiceKind::HaGroup { label } = &service.kind
            && !migrating
        {
            let sync = PlanStep::read(
                &host,
                "client host",
                StepAction::SynchronizeHaGroup {
                    label: label.clone(),
                },
            );
            steps.push(sync);
        }
        let members: Vec<PartitionSerial> = service
            .members
            .iter()
            .filter(|m| !m.pending_init)
            .map(|m| m.partition.clone())
            .collect();
        for serial in &members {
            steps.push(PlanStep::read(
                &host,
                "client host",
                StepAction::ReadKeyObjects {
                    serial: serial.clone(),
                },
            ));
        }
        let mut executor = LunaExecutor::default();
        let secrets: Vec<SecretString> = secret.into_iter().collect();
        executor.manage = ManageSteps {
            co: (!secrets.is_empty()).then_some(0),
            ..ManageSteps::default()
        };
        self.submit(Submission {
            plan: Plan {
                operation: Operation::ViewKeys,
                steps,
            },
            executor,
            secrets,
            parallelism: Parallelism::Sequential,
            service: Some(service.id),
            organization: Some(service.organization),
            completion: Box::new(KeysListed {
                service: service.id,
                members,
            }),
        })
    }

    /// The live session's secret, after marking it used now; refused when there is none.
    fn touch_session(&mut self, service: &Service) -> OpsResult<Option<SecretString>> {
        let now = self.now();
        match self.co_sessions.live(service.id, now) {
            Some(s) => {
                s.last_used = now;
                Ok(s.secret.clone())
            }
            None => Err(DomainError::refused(format!(
                "no crypto officer session for service '{}' (none opened, logged off, or idle for 3 hours): log in as crypto officer",
                service.name
            ))
            .into()),
        }
    }

    fn co_activated(&self, service: &Service) -> OpsResult<bool> {
        for m in &service.members {
            match self.store.load_partition(&m.partition)? {
                Some(p) if p.roles.co == RoleState::Activated => {}
                _ => return Ok(false),
            }
        }
        Ok(!service.members.is_empty())
    }
}

/// The executor arm of `StepAction::ReadKeyObjects`.
pub fn read_objects_step(
    shell: &mut dyn Shell,
    serial: &PartitionSerial,
    manage: &ManageSteps,
    ctx: &StepContext<'_>,
) -> Result<StepOutput, StepError> {
    let co = manage.co.and_then(|i| ctx.secrets.get(i));
    let objects = read_key_objects(shell, serial, co, ctx)?;
    Ok(super::luna_steps::with_data(
        format!("{} object(s) in {serial}", objects.len()),
        &objects,
    ))
}

struct KeysListed {
    service: ServiceId,
    members: Vec<PartitionSerial>,
}

impl Completion for KeysListed {
    fn apply(
        self: Box<Self>,
        c: &mut Console,
        outcome: &JobOutcome,
    ) -> OpsResult<(String, serde_json::Value)> {
        let org = c.store.load_service(self.service)?.map(|s| s.organization);
        if let Some(why) = failure_message(outcome) {
            if let Some(s) = c.co_sessions.by_service.get(&self.service)
                && !s.confirmed
            {
                c.co_sessions.by_service.remove(&self.service);
            }
            c.audit(
                Operation::ViewKeys,
                org,
                None,
                &format!("service {}", self.service),
                Outcome::Failure {
                    reason: why.clone(),
                },
            )?;
            return Ok((
                format!("keys not listed: {why}"),
                json!({"listed": false, "error": why}),
            ));
        }
        let mut all: Vec<KeyObject> = Vec::new();
        for serial in &self.members {
            let found = outputs(outcome).iter().find_map(|r| {
                data_of::<Vec<KeyObject>>(r).filter(|objs| {
                    r.step.contains(serial.as_str()) && objs.iter().all(|o| &o.partition == serial)
                })
            });
            if let Some(objects) = found {
                c.store.replace_key_objects(serial, &objects)?;
                all.extend(objects);
            }
        }
        if let Some(s) = c.co_sessions.by_service.get_mut(&self.service) {
            s.confirmed = true;
        }
        c.audit(
            Operation::ViewKeys,
            org,
            None,
            &format!("service {}", self.service),
            Outcome::Success,
        )?;
        Ok((
            format!(
                "{} object(s) in {} partition(s)",
                all.len(),
                self.members.len()
            ),
            json!(all),
        ))
    }
}
