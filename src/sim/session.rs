//! `SimShell`: an in-process `Shell` session to one simulated appliance or to the client host,
//! over a shared in-memory fleet, honouring the target's latency and faults.
//!
//! Drop faults: `DropPoint::Before` returns `Dropped` with no side effect; `DropPoint::After` runs
//! the command to its end (its side effects happen) and then returns `Dropped`.

use super::faults::DropPoint;
use super::lunacm::{LunacmSession, run_lunacm};
use super::lunash::{LunashSession, run_lunash};
use super::model::Fleet;
use super::term::{Abort, BufferTerm};
use crate::luna::shell::{Reply, Shell, ShellError};
use secrecy::{ExposeSecret, SecretString};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The fleet shared by every in-process session (simulator state, not UI state).
pub type SharedFleet = Arc<Mutex<Fleet>>;

pub fn shared(fleet: Fleet) -> SharedFleet {
    Arc::new(Mutex::new(fleet))
}

enum Kind {
    Appliance(LunashSession),
    ClientHost(LunacmSession),
}

/// One session to one simulated target.
pub struct SimShell {
    fleet: SharedFleet,
    target: String,
    kind: Kind,
}

impl SimShell {
    /// A LunaSH session to the appliance named `name`.
    pub fn appliance(fleet: SharedFleet, name: &str) -> SimShell {
        SimShell {
            fleet,
            target: name.to_string(),
            kind: Kind::Appliance(LunashSession::new(name)),
        }
    }

    /// A LunaCM session on the fleet's client host.
    pub fn client_host(fleet: SharedFleet) -> SimShell {
        let target = fleet
            .lock()
            .map(|f| f.client_host.name.clone())
            .unwrap_or_else(|_| "luna-client".to_string());
        SimShell {
            fleet,
            target,
            kind: Kind::ClientHost(LunacmSession::default()),
        }
    }

    pub fn fleet(&self) -> &SharedFleet {
        &self.fleet
    }

    fn poisoned(&self) -> ShellError {
        ShellError::Protocol {
            target: self.target.clone(),
            reason: "simulator state is unavailable".into(),
        }
    }
}

impl Shell for SimShell {
    fn target(&self) -> &str {
        &self.target
    }

    fn run(
        &mut self,
        command: &str,
        answers: &[SecretString],
        timeout: Duration,
    ) -> Result<Reply, ShellError> {
        let start = Instant::now();
        let target = self.target.clone();
        let (faults, latency) = {
            let fleet = self.fleet.lock().map_err(|_| self.poisoned())?;
            let faults = fleet
                .faults(&target)
                .cloned()
                .ok_or_else(|| ShellError::Unreachable {
                    target: target.clone(),
                    reason: "no such host".into(),
                })?;
            (faults, Duration::from_millis(fleet.latency_ms(&target)))
        };
        if faults.unreachable {
            return Err(ShellError::Unreachable {
                target,
                reason: "connection refused".into(),
            });
        }
        if faults.ssh_auth_failure {
            return Err(ShellError::AuthFailed {
                target,
                user: "admin".into(),
            });
        }
        if faults.hang || latency > timeout {
            std::thread::sleep(timeout);
            return Err(ShellError::Timeout {
                target,
                after: timeout,
            });
        }
        std::thread::sleep(latency);
        if faults.drop == Some(DropPoint::Before) {
            return Err(ShellError::Dropped { target });
        }
        let mut term = BufferTerm {
            secrets: answers
                .iter()
                .map(|s| s.expose_secret().to_string())
                .collect(),
            ..BufferTerm::default()
        };
        let outcome = {
            let mut fleet = self.fleet.lock().map_err(|_| self.poisoned())?;
            match &mut self.kind {
                Kind::Appliance(session) => run_lunash(&mut fleet, session, command, &mut term),
                Kind::ClientHost(session) => run_lunacm(&mut fleet, session, command, &mut term),
            }
        };
        term.secrets.clear();
        if faults.drop == Some(DropPoint::After) {
            return Err(ShellError::Dropped { target });
        }
        match outcome {
            Ok(()) => Ok(Reply {
                output: term.output,
                elapsed: start.elapsed(),
            }),
            Err(Abort::MissingSecret(prompt)) => Err(ShellError::MissingSecret { target, prompt }),
            Err(Abort::Question(question)) => {
                Err(ShellError::UnexpectedQuestion { target, question })
            }
        }
    }
}
