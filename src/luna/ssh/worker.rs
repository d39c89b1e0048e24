//! The session thread: one OS thread per device owns the libssh2 session, runs commands sent
//! to it, sends keep-alives while idle, and reconnects on the next command after a drop.

use super::connect::open_session;
use super::conversation::{Exchange, Until, converse};
use super::target::{SshMode, SshTarget};
use crate::luna::prompt::clean_reply;
use crate::luna::shell::{Ask, NeverCancelled, Reply, ShellError};
use secrecy::SecretString;
use ssh2::{Channel, ExtendedData, Session};
use std::io::Write;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

/// Read slice: how often a blocked read wakes to look at cancel and the deadline.
const SLICE_MS: u32 = 100;

pub enum Request {
    Run {
        command: String,
        answers: Vec<SecretString>,
        timeout: Duration,
        stall: Duration,
        reply: Sender<Result<Reply, ShellError>>,
    },
}

struct Link {
    session: Session,
    /// The interactive shell channel, opened on first use.
    shell: Option<Channel>,
}

pub fn run(target: SshTarget, requests: Receiver<Request>, cancel: Arc<AtomicBool>) {
    let mut link: Option<Link> = None;
    loop {
        match requests.recv_timeout(target.keepalive) {
            Ok(Request::Run {
                command,
                answers,
                timeout,
                stall,
                reply,
            }) => {
                let ask = Ask {
                    secrets: &answers,
                    timeout,
                    stall,
                    cancel: &NeverCancelled,
                };
                let result = run_one(&target, &mut link, &command, &ask, &cancel);
                drop(answers);
                let _ = reply.send(result);
            }
            Err(RecvTimeoutError::Timeout) => {
                if let Some(l) = &link
                    && l.session.keepalive_send().is_err()
                {
                    tracing::info!(target = %target.name, "keep-alive failed; link closed");
                    link = None;
                }
            }
            Err(RecvTimeoutError::Disconnected) => break,
        }
    }
    if let Some(l) = link {
        let _ = l.session.disconnect(None, "lunadeck session closed", None);
    }
}

fn run_one(
    target: &SshTarget,
    link: &mut Option<Link>,
    command: &str,
    ask: &Ask<'_>,
    stop: &AtomicBool,
) -> Result<Reply, ShellError> {
    let started = Instant::now();
    let deadline = started + ask.timeout;
    if link.is_none() {
        let session = open_session(target)?;
        session.set_keepalive(
            true,
            u32::try_from(target.keepalive.as_secs()).unwrap_or(30),
        );
        *link = Some(Link {
            session,
            shell: None,
        });
    }
    let Some(l) = link.as_mut() else {
        return Err(ShellError::Dropped {
            target: target.name.clone(),
        });
    };
    let ex = Exchange {
        target: &target.name,
        ask,
        deadline,
        started,
        stop,
        until: match target.mode {
            SshMode::Interactive => Until::Prompt,
            SshMode::Exec => Until::Eof,
        },
    };
    let result = match target.mode {
        SshMode::Interactive => run_interactive(target, l, command, &ex),
        SshMode::Exec => run_exec(target, l, command, &ex),
    };
    match &result {
        Ok(_) => {}
        Err(ShellError::Dropped { .. }) | Err(ShellError::Unreachable { .. }) => *link = None,
        Err(_) => {
            // The device may still be busy with this command: start a fresh shell next time.
            if let Some(mut ch) = l.shell.take() {
                l.session.set_timeout(SLICE_MS);
                let _ = ch.close();
            }
        }
    }
    result.map(|raw| Reply {
        output: clean_reply(&raw, command),
        elapsed: started.elapsed(),
    })
}

fn open_channel(target: &SshTarget, session: &Session) -> Result<Channel, ShellError> {
    session.set_timeout(u32::try_from(target.connect_timeout.as_millis()).unwrap_or(10_000));
    let dropped = |_| ShellError::Dropped {
        target: target.name.clone(),
    };
    let mut ch = session.channel_session().map_err(dropped)?;
    ch.handle_extended_data(ExtendedData::Merge)
        .map_err(dropped)?;
    Ok(ch)
}

fn run_interactive(
    target: &SshTarget,
    link: &mut Link,
    command: &str,
    ex: &Exchange<'_>,
) -> Result<String, ShellError> {
    if link.shell.is_none() {
        let mut ch = open_channel(target, &link.session)?;
        ch.shell().map_err(|_| ShellError::Dropped {
            target: target.name.clone(),
        })?;
        link.session.set_timeout(SLICE_MS);
        // Banner and first prompt.
        let no_secrets = Ask {
            secrets: &[],
            ..*ex.ask
        };
        let greeting = Exchange {
            ask: &no_secrets,
            ..*ex
        };
        converse(&mut ch, &greeting)?;
        link.shell = Some(ch);
    }
    let Some(ch) = link.shell.as_mut() else {
        return Err(ShellError::Dropped {
            target: target.name.clone(),
        });
    };
    link.session.set_timeout(SLICE_MS);
    let dropped = |_| ShellError::Dropped {
        target: target.name.clone(),
    };
    ch.write_all(command.as_bytes()).map_err(dropped)?;
    ch.write_all(b"\n").map_err(dropped)?;
    ch.flush().map_err(dropped)?;
    converse(ch, ex)
}

fn run_exec(
    target: &SshTarget,
    link: &mut Link,
    command: &str,
    ex: &Exchange<'_>,
) -> Result<String, ShellError> {
    let mut ch = open_channel(target, &link.session)?;
    ch.exec(command).map_err(|_| ShellError::Dropped {
        target: target.name.clone(),
    })?;
    link.session.set_timeout(SLICE_MS);
    let out = converse(&mut ch, ex);
    let _ = ch.close();
    out
}
