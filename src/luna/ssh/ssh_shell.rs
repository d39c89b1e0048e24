//! `SshShell`: the `Shell` of a real appliance or client host over SSH. Each instance owns one
//! session thread; `run` hands it a command and waits for the reply with the command's timeout.

use super::target::SshTarget;
use super::worker::{self, Request};
use crate::luna::shell::{Ask, Reply, Shell, ShellError};
use secrecy::{ExposeSecret, SecretString};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// Extra time allowed for the session thread to report a timeout it detected itself.
const REPLY_MARGIN: Duration = Duration::from_secs(2);
/// How often a waiting `run` looks at the caller's cancel flag.
const CANCEL_POLL: Duration = Duration::from_millis(50);

pub struct SshShell {
    name: String,
    requests: Option<mpsc::Sender<Request>>,
    cancel: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl SshShell {
    /// Starts the session thread. Nothing connects until the first command.
    pub fn start(target: SshTarget) -> Result<SshShell, ShellError> {
        let name = target.name.clone();
        let (tx, rx) = mpsc::channel();
        let cancel = Arc::new(AtomicBool::new(false));
        let thread_cancel = cancel.clone();
        let thread = std::thread::Builder::new()
            .name(format!("ssh-{name}"))
            .spawn(move || worker::run(target, rx, thread_cancel))
            .map_err(|e| ShellError::Protocol {
                target: name.clone(),
                reason: format!("cannot start the session thread: {e}"),
            })?;
        Ok(SshShell {
            name,
            requests: Some(tx),
            cancel,
            thread: Some(thread),
        })
    }

    /// A flag that, once set, stops the command in flight at the next read slice.
    pub fn cancel_handle(&self) -> Arc<AtomicBool> {
        self.cancel.clone()
    }
}

impl Shell for SshShell {
    fn target(&self) -> &str {
        &self.name
    }

    fn run(&mut self, command: &str, ask: &Ask<'_>) -> Result<Reply, ShellError> {
        self.cancel.store(false, Ordering::SeqCst);
        let (reply_tx, reply_rx) = mpsc::channel();
        let answers = ask
            .secrets
            .iter()
            .map(|s| SecretString::from(s.expose_secret().to_owned()))
            .collect();
        let request = Request::Run {
            command: command.to_string(),
            answers,
            timeout: ask.timeout,
            stall: ask.stall,
            reply: reply_tx,
        };
        let sent = self.requests.as_ref().map(|tx| tx.send(request).is_ok());
        if sent != Some(true) {
            return Err(ShellError::Dropped {
                target: self.name.clone(),
            });
        }
        tracing::debug!(target = %self.name, command = %crate::luna::transcript::redact_command(command), "ssh command");
        let give_up = Instant::now() + ask.timeout + REPLY_MARGIN;
        loop {
            if ask.cancel.is_cancelled() {
                // The session thread sees this at its next read slice and closes the channel.
                self.cancel.store(true, Ordering::SeqCst);
            }
            match reply_rx.recv_timeout(CANCEL_POLL) {
                Ok(result) => return result,
                Err(mpsc::RecvTimeoutError::Timeout) if Instant::now() < give_up => {}
                Err(_) => {
                    return Err(ShellError::Protocol {
                        target: self.name.clone(),
                        reason: format!(
                            "the SSH session did not report within {} s",
                            (ask.timeout + REPLY_MARGIN).as_secs()
                        ),
                    });
                }
            }
        }
    }
}

impl Drop for SshShell {
    fn drop(&mut self) {
        self.cancel.store(true, Ordering::SeqCst);
        self.requests.take();
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}
