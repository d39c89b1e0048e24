//! `SimShell`: an in-process `Shell` session to one simulated appliance or to the client host,
//! over a shared in-memory fleet, honouring the target's latency and faults.
//!
//! Drop faults: `DropPoint::Before` returns `Dropped` with no side effect; `DropPoint::After` runs
//! the command to its end (its side effects happen) and then returns `Dropped`.

use super::faults::DropPoint;
use super::lunacm::{LunacmSession, run_lunacm};
use super::lunash::{LunashSession, run_lunash};
use super::model::Fleet;
use super::term::{Abort, Term};
use crate::luna::dialogue::{Answer, Dialogue, Move};
use crate::luna::shell::{Ask, CancelFlag, Reply, Shell, ShellError};
use secrecy::ExposeSecret;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How often a simulated wait (latency, a hang) looks at the cancel flag.
const CANCEL_POLL: Duration = Duration::from_millis(20);

/// Sleeps `wait`, or until `cancel` is set. True when it was cancelled.
fn sleep_unless_cancelled(wait: Duration, cancel: &dyn CancelFlag) -> bool {
    let until = Instant::now() + wait;
    loop {
        if cancel.is_cancelled() {
            return true;
        }
        let left = until.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return false;
        }
        std::thread::sleep(left.min(CANCEL_POLL));
    }
}

/// The simulated terminal as lunadeck's side sees it: every question the simulator prints is
/// read by `luna::dialogue`, the same as over SSH, and answered only when it understood it.
struct DialogueTerm<'a> {
    dialogue: Dialogue<'a>,
    /// Why the dialogue refused to answer (a missing secret, a question not understood).
    refused: Option<ShellError>,
}

impl DialogueTerm<'_> {
    fn decide(&mut self) -> Option<Answer<'_>> {
        // The simulator asks only once its question is written whole: the device is quiet.
        match self.dialogue.decide(true) {
            Move::Type(answer) => Some(answer),
            Move::Stop(e) => {
                self.refused = Some(e);
                None
            }
            Move::Read | Move::Done => {
                self.refused = self.dialogue.stalled();
                None
            }
        }
    }
}

impl Term for DialogueTerm<'_> {
    fn write(&mut self, text: &str) {
        self.dialogue.push(text.as_bytes());
    }
    fn secret(&mut self) -> Option<String> {
        match self.decide()? {
            Answer::Secret(s) => Some(s.expose_secret().to_string()),
            // The dialogue read a proceed question where the simulator asks a secret: the
            // answer typed is `quit`, as a real device would receive it.
            Answer::Quit => Some("quit".into()),
        }
    }
    fn answer(&mut self) -> Option<String> {
        match self.decide()? {
            Answer::Quit => Some("quit".into()),
            // A secret typed at a question the dialogue read as a secret question.
            Answer::Secret(s) => Some(s.expose_secret().to_string()),
        }
    }
}

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

    fn run(&mut self, command: &str, ask: &Ask<'_>) -> Result<Reply, ShellError> {
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
        if faults.hang || latency > ask.timeout {
            if sleep_unless_cancelled(ask.timeout, ask.cancel) {
                return Err(ShellError::Cancelled { target });
            }
            return Err(ShellError::Timeout {
                target,
                after: ask.timeout,
                said: String::new(),
            });
        }
        if sleep_unless_cancelled(latency, ask.cancel) {
            return Err(ShellError::Cancelled { target });
        }
        if faults.drop == Some(DropPoint::Before) {
            return Err(ShellError::Dropped { target });
        }
        let mut term = DialogueTerm {
            dialogue: Dialogue::new(&target, ask.secrets),
            refused: None,
        };
        let outcome = {
            let mut fleet = self.fleet.lock().map_err(|_| self.poisoned())?;
            match &mut self.kind {
                Kind::Appliance(session) => run_lunash(&mut fleet, session, command, &mut term),
                Kind::ClientHost(session) => run_lunacm(&mut fleet, session, command, &mut term),
            }
        };
        if faults.drop == Some(DropPoint::After) {
            return Err(ShellError::Dropped { target });
        }
        if let Some(refused) = term.refused {
            return Err(refused);
        }
        match outcome {
            Ok(()) => Ok(Reply {
                output: term.dialogue.finish()?,
                elapsed: start.elapsed(),
            }),
            Err(Abort::MissingSecret(prompt)) => Err(ShellError::MissingSecret { target, prompt }),
            Err(Abort::Question(question)) => {
                Err(ShellError::UnexpectedQuestion { target, question })
            }
        }
    }
}
