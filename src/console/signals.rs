//! SIGTERM, SIGHUP and SIGINT end the console the way `q` does (issue 11.14): the run loop
//! returns, the terminal is restored, and the log says which jobs were running and what of them.

use crate::app::state::App;
use std::process::ExitCode;
use tokio::signal::unix::{Signal, SignalKind, signal};

/// A signal that stops the console.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StopSignal {
    /// SIGTERM: `kill`, a service manager.
    Terminate,
    /// SIGHUP: the jump host's SSH connection dropped.
    HangUp,
    /// SIGINT sent from outside (Ctrl-C inside the console is a key: it asks first).
    Interrupt,
}

impl StopSignal {
    pub fn name(self) -> &'static str {
        match self {
            StopSignal::Terminate => "SIGTERM",
            StopSignal::HangUp => "SIGHUP",
            StopSignal::Interrupt => "SIGINT",
        }
    }

    /// The shell's convention: 128 + the signal number.
    pub fn exit_code(self) -> ExitCode {
        ExitCode::from(match self {
            StopSignal::Terminate => 143,
            StopSignal::HangUp => 129,
            StopSignal::Interrupt => 130,
        })
    }
}

/// The three stop signals, installed before the terminal is taken.
pub struct Signals {
    term: Signal,
    hup: Signal,
    int: Signal,
}

impl Signals {
    /// Installs the handlers; must run inside the tokio runtime.
    pub fn install() -> std::io::Result<Signals> {
        Ok(Signals {
            term: signal(SignalKind::terminate())?,
            hup: signal(SignalKind::hangup())?,
            int: signal(SignalKind::interrupt())?,
        })
    }

    /// Waits for the first stop signal.
    pub async fn next(&mut self) -> StopSignal {
        tokio::select! {
            _ = self.term.recv() => StopSignal::Terminate,
            _ = self.hup.recv() => StopSignal::HangUp,
            _ = self.int.recv() => StopSignal::Interrupt,
        }
    }
}

/// The log line for a stop by `signal`: the jobs that were running and what becomes of them.
pub fn stop_report(signal: StopSignal, app: &App) -> String {
    let jobs = &app.screens.jobs;
    if jobs.running.is_empty() {
        return format!("{}: the console stops; no job was running", signal.name());
    }
    let named: Vec<String> = jobs
        .running
        .iter()
        .map(|id| {
            let op = jobs
                .table
                .rows()
                .iter()
                .find(|j| j.id == *id)
                .map(|j| j.operation.as_str())
                .unwrap_or("operation not listed yet");
            format!("job {id} ({op})")
        })
        .collect();
    format!(
        "{}: the console stops while {} ran: {}. They are recorded as abandoned (failed) in the \
         job history and the audit trail: a device step in flight may or may not have completed; \
         `lunadeck job list` shows what was recorded, and the services' state must be checked \
         on the devices",
        signal.name(),
        named.len(),
        named.join(", ")
    )
}
