//! `LocalProcessShell`: LunaCM run as a local process on the client host, driven over pipes
//! (stdout and stderr merged), respawned on the next command after a timeout or a crash.

use crate::luna::dialogue::{Dialogue, Move};
use crate::luna::prompt::clean_reply;
use crate::luna::shell::{Ask, Reply, Shell, ShellError};
use crate::luna::transcript::redact_command;
use std::io::{ErrorKind, Read, Write};
use std::path::PathBuf;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender, TryRecvError};
use std::time::{Duration, Instant};
use zeroize::Zeroize;

/// How often a wait wakes to look at cancel and the deadline.
const SLICE: Duration = Duration::from_millis(50);
/// After the prompt, how long output still in flight on the other stream is waited for.
const SETTLE: Duration = Duration::from_millis(20);
/// How long `exit` is given before the process is killed when the shell is dropped.
const EXIT_GRACE: Duration = Duration::from_millis(500);

/// Which program to run and how it is named in messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocalProcessConfig {
    /// The target name used in messages, e.g. `lunacm@localhost`.
    pub name: String,
    /// e.g. `/usr/safenet/lunaclient/bin/lunacm`.
    pub program: PathBuf,
    /// Fixed arguments; never a secret.
    pub args: Vec<String>,
    /// How long the program may take to show its first `lunacm:>` prompt.
    pub start_timeout: Duration,
}

impl LocalProcessConfig {
    pub fn new(name: &str, program: impl Into<PathBuf>) -> LocalProcessConfig {
        LocalProcessConfig {
            name: name.to_string(),
            program: program.into(),
            args: Vec::new(),
            start_timeout: Duration::from_secs(30),
        }
    }
}

enum Chunk {
    Data(Vec<u8>),
    Closed,
}

/// One running program with its stdin and the merged output of its two output streams.
struct Process {
    child: Child,
    stdin: ChildStdin,
    output: Receiver<Chunk>,
    open_streams: u8,
}

impl Drop for Process {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub struct LocalProcessShell {
    config: LocalProcessConfig,
    process: Option<Process>,
    cancel: Arc<AtomicBool>,
    sessions: u64,
}

impl LocalProcessShell {
    /// Nothing is started until the first command.
    pub fn new(config: LocalProcessConfig) -> LocalProcessShell {
        LocalProcessShell {
            config,
            process: None,
            cancel: Arc::new(AtomicBool::new(false)),
            sessions: 0,
        }
    }

    /// A flag that, once set, stops the command in flight (the process is then restarted, so
    /// the slot and login state are lost).
    pub fn cancel_handle(&self) -> Arc<AtomicBool> {
        self.cancel.clone()
    }

    /// How many times the program was started. A change between two commands means the
    /// LunaCM state (selected slot, role logins) was lost and must be set again.
    pub fn sessions_started(&self) -> u64 {
        self.sessions
    }

    fn error_unreachable(&self, reason: String) -> ShellError {
        ShellError::Unreachable {
            target: self.config.name.clone(),
            reason,
        }
    }

    fn spawn(&mut self) -> Result<Process, ShellError> {
        let program = self.config.program.display().to_string();
        let mut child = Command::new(&self.config.program)
            .args(&self.config.args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| self.error_unreachable(format!("cannot start {program}: {e}")))?;
        let (tx, rx) = mpsc::channel();
        let streams = (child.stdin.take(), child.stdout.take(), child.stderr.take());
        let (Some(stdin), Some(stdout), Some(stderr)) = streams else {
            return Err(self.error_unreachable(format!("{program}: no pipes to the process")));
        };
        let mut process = Process {
            child,
            stdin,
            output: rx,
            open_streams: 2,
        };
        pump(stdout, tx.clone(), "lunacm-stdout").map_err(|e| self.error_unreachable(e))?;
        pump(stderr, tx, "lunacm-stderr").map_err(|e| self.error_unreachable(e))?;
        let started = Instant::now();
        let ask = Ask::new(self.config.start_timeout);
        let ex = Exchange {
            target: &self.config.name,
            ask: &ask,
            started,
            deadline: deadline(started, self.config.start_timeout),
            stop: &self.cancel,
        };
        let mut banner = Vec::new();
        match converse(&mut process, &ex, &mut banner) {
            Ok(_) => {
                self.sessions += 1;
                Ok(process)
            }
            Err(ShellError::Dropped { .. }) => Err(self.error_unreachable(format!(
                "{program} exited before its lunacm:> prompt{}",
                last_words(&banner)
            ))),
            Err(ShellError::Timeout { after, .. }) => Err(self.error_unreachable(format!(
                "{program} showed no lunacm:> prompt within {} s",
                after.as_secs()
            ))),
            Err(e) => Err(e),
        }
    }
}

impl Shell for LocalProcessShell {
    fn target(&self) -> &str {
        &self.config.name
    }

    fn run(&mut self, command: &str, ask: &Ask<'_>) -> Result<Reply, ShellError> {
        self.cancel.store(false, Ordering::SeqCst);
        if command.contains(['\n', '\r']) {
            return Err(ShellError::Protocol {
                target: self.config.name.clone(),
                reason: "a command must be a single line".to_string(),
            });
        }
        let mut process = match self.process.take() {
            Some(mut p) => {
                if drain(&mut p) {
                    p
                } else {
                    drop(p);
                    self.spawn()?
                }
            }
            None => self.spawn()?,
        };
        tracing::debug!(target = %self.config.name, command = %redact_command(command), "lunacm command");
        let started = Instant::now();
        let ex = Exchange {
            target: &self.config.name,
            ask,
            started,
            deadline: deadline(started, ask.timeout),
            stop: &self.cancel,
        };
        let sent = send_line(&mut process, command.as_bytes(), &ex);
        let mut raw = Vec::new();
        let result = sent.and_then(|()| converse(&mut process, &ex, &mut raw));
        raw.zeroize();
        match result {
            Ok(raw) => {
                self.process = Some(process);
                Ok(Reply {
                    output: clean_reply(&raw, command),
                    elapsed: started.elapsed(),
                })
            }
            // The question was answered `quit` and the prompt came back: still in step.
            Err(e @ ShellError::UnexpectedQuestion { .. }) => {
                self.process = Some(process);
                Err(e)
            }
            // Anything else leaves the program in an unknown state: dropped here (killed),
            // started afresh on the next command.
            Err(e) => Err(e),
        }
    }
}

impl Drop for LocalProcessShell {
    fn drop(&mut self) {
        if let Some(mut p) = self.process.take() {
            let _ = p.stdin.write_all(b"exit\n").and_then(|()| p.stdin.flush());
            let until = Instant::now() + EXIT_GRACE;
            while Instant::now() < until && matches!(p.child.try_wait(), Ok(None)) {
                std::thread::sleep(Duration::from_millis(10));
            }
        }
    }
}

/// Reads `stream` on its own thread into `tx`, then sends `Closed`.
fn pump<R: Read + Send + 'static>(
    mut stream: R,
    tx: Sender<Chunk>,
    name: &str,
) -> Result<(), String> {
    let spawned = std::thread::Builder::new()
        .name(name.to_string())
        .spawn(move || {
            let mut buf = [0u8; 8192];
            loop {
                match stream.read(&mut buf) {
                    Ok(0) => break,
                    Ok(n) => {
                        let data = buf.get(..n).unwrap_or(&[]).to_vec();
                        if tx.send(Chunk::Data(data)).is_err() {
                            return;
                        }
                    }
                    Err(e) if e.kind() == ErrorKind::Interrupted => {}
                    Err(_) => break,
                }
            }
            let _ = tx.send(Chunk::Closed);
        });
    spawned
        .map(|_| ())
        .map_err(|e| format!("cannot start the {name} reader thread: {e}"))
}

/// `start + wait`, without overflowing on an absurd wait (about a century at most).
fn deadline(start: Instant, wait: Duration) -> Instant {
    let century = Duration::from_secs(100 * 365 * 24 * 3600);
    start.checked_add(wait.min(century)).unwrap_or(start)
}

/// Discards output left over from an earlier command. False when the process has gone.
fn drain(p: &mut Process) -> bool {
    loop {
        match p.output.try_recv() {
            Ok(Chunk::Data(_)) => {}
            Ok(Chunk::Closed) => p.open_streams = p.open_streams.saturating_sub(1),
            Err(TryRecvError::Empty) => return p.open_streams > 0,
            Err(TryRecvError::Disconnected) => return false,
        }
    }
}

/// The last output line of a process that has exited, for the error message.
fn last_words(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    match text.lines().rev().map(str::trim).find(|l| !l.is_empty()) {
        Some(line) => format!(" (last output: {line})"),
        None => String::new(),
    }
}

struct Exchange<'a> {
    target: &'a str,
    ask: &'a Ask<'a>,
    started: Instant,
    deadline: Instant,
    stop: &'a AtomicBool,
}

fn send_line(p: &mut Process, data: &[u8], ex: &Exchange<'_>) -> Result<(), ShellError> {
    let dropped = |_| ShellError::Dropped {
        target: ex.target.to_string(),
    };
    p.stdin.write_all(data).map_err(dropped)?;
    p.stdin.write_all(b"\n").map_err(dropped)?;
    p.stdin.flush().map_err(dropped)
}

/// Reads until the `lunacm:>` prompt, typing what `luna::dialogue` decides. Returns the reply
/// (what was typed at secret questions cut out); `heard` gets the last lines printed, for
/// the error of a program that exits or never shows its prompt.
fn converse(p: &mut Process, ex: &Exchange<'_>, heard: &mut Vec<u8>) -> Result<String, ShellError> {
    let target = || ex.target.to_string();
    let mut dialogue = Dialogue::new(ex.target, ex.ask.secrets);
    let mut last_read = Instant::now();
    loop {
        if ex.stop.load(Ordering::SeqCst) || ex.ask.cancel.is_cancelled() {
            return Err(ShellError::Cancelled { target: target() });
        }
        let left = ex.deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(ShellError::Timeout {
                target: target(),
                after: ex.deadline.saturating_duration_since(ex.started),
                said: dialogue.heard(),
            });
        }
        let quiet = match p.output.recv_timeout(left.min(SLICE)) {
            Ok(Chunk::Data(d)) => {
                dialogue.push(&d);
                *heard = dialogue.heard().into_bytes();
                last_read = Instant::now();
                false
            }
            Ok(Chunk::Closed) => {
                p.open_streams = p.open_streams.saturating_sub(1);
                if p.open_streams == 0 {
                    return Err(ShellError::Dropped { target: target() });
                }
                continue;
            }
            Err(RecvTimeoutError::Timeout) => {
                if last_read.elapsed() >= ex.ask.stall
                    && let Some(stall) = dialogue.stalled()
                {
                    return Err(stall);
                }
                true
            }
            Err(RecvTimeoutError::Disconnected) => {
                return Err(ShellError::Dropped { target: target() });
            }
        };
        match dialogue.decide(quiet) {
            Move::Read => {}
            Move::Done => {
                settle(p, &mut dialogue);
                return dialogue.finish();
            }
            Move::Type(answer) => send_line(p, answer.bytes(), ex)?,
            Move::Stop(e) => return Err(e),
        }
    }
}

/// Output still in flight on the other stream (stderr written just before the prompt) is put
/// before the prompt line, so that it belongs to this command and not the next.
fn settle(p: &mut Process, dialogue: &mut Dialogue<'_>) {
    let mut late: Vec<u8> = Vec::new();
    while let Ok(chunk) = p.output.recv_timeout(SETTLE) {
        match chunk {
            Chunk::Data(d) => late.extend(d),
            Chunk::Closed => p.open_streams = p.open_streams.saturating_sub(1),
        }
    }
    if late.is_empty() {
        return;
    }
    if !late.ends_with(b"\n") {
        late.push(b'\n');
    }
    dialogue.insert_before_pending(&late);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn x_2_deadline_survives_an_absurd_timeout() {
        let now = Instant::now();
        assert!(deadline(now, Duration::MAX) > now);
        assert_eq!(
            deadline(now, Duration::from_secs(5)),
            now + Duration::from_secs(5)
        );
    }
}
