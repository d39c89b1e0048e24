//! `ReplayShell`: answers one target's commands from a recorded transcript, with the
//! recorded output, errors and (scaled) timing; anything not recorded is a protocol error.

use crate::luna::shell::{Ask, CancelFlag, Reply, Shell, ShellError};
use crate::luna::transcript::{Transcript, TranscriptEntry, TranscriptError, redact_command};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// How an asked command is matched to a recorded one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReplayOrder {
    /// The next unplayed entry of the target must be this command.
    InOrder,
    /// The first unplayed entry with exactly this command text, wherever it is.
    ByCommand,
    /// In order, except that the command may be found among the next `n` unplayed entries:
    /// two jobs that took turns on the device in the other order than recorded (the console
    /// runs jobs at once; which reaches a device first depends on timing).
    Nearby(usize),
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ReplayOptions {
    pub order: ReplayOrder,
    /// Recorded elapsed times are multiplied by this (0 = instant, 1 = as recorded).
    pub speed: f64,
}

impl ReplayOptions {
    /// Instant replay, in order: what tests and bug reports want.
    pub fn instant() -> ReplayOptions {
        ReplayOptions {
            order: ReplayOrder::InOrder,
            speed: 0.0,
        }
    }

    /// Replay at `speed` times the recorded durations; refuses a negative or non-finite factor.
    pub fn timed(order: ReplayOrder, speed: f64) -> Result<ReplayOptions, String> {
        if !speed.is_finite() || speed < 0.0 {
            return Err(format!(
                "replay speed must be a number of 0 or more (0 = instant), not {speed}"
            ));
        }
        Ok(ReplayOptions { order, speed })
    }
}

pub struct ReplayShell {
    target: String,
    source: PathBuf,
    options: ReplayOptions,
    entries: Vec<TranscriptEntry>,
    played: Vec<bool>,
    cancel: Arc<AtomicBool>,
}

/// Waiting happens in slices this long so that cancel is noticed.
const SLICE: Duration = Duration::from_millis(50);

impl ReplayShell {
    /// The shell of `target` from the entries of `transcript` recorded for it.
    pub fn new(transcript: &Transcript, target: &str, options: ReplayOptions) -> ReplayShell {
        let entries: Vec<TranscriptEntry> = transcript
            .entries
            .iter()
            .filter(|e| e.target == target)
            .cloned()
            .collect();
        ReplayShell {
            target: target.to_string(),
            source: transcript.path.clone(),
            options,
            played: vec![false; entries.len()],
            entries,
            cancel: Arc::new(AtomicBool::new(false)),
        }
    }

    /// Reads the transcript file and keeps `target`'s entries.
    pub fn open(
        path: &Path,
        target: &str,
        options: ReplayOptions,
    ) -> Result<ReplayShell, TranscriptError> {
        Ok(ReplayShell::new(&Transcript::read(path)?, target, options))
    }

    /// Recorded entries of this target that no command has asked for yet, in recorded order.
    pub fn unplayed(&self) -> Vec<&TranscriptEntry> {
        self.entries
            .iter()
            .zip(&self.played)
            .filter(|(_, played)| !**played)
            .map(|(e, _)| e)
            .collect()
    }

    /// A flag that, once set, stops the command being replayed.
    pub fn cancel_handle(&self) -> Arc<AtomicBool> {
        self.cancel.clone()
    }

    fn protocol(&self, reason: String) -> ShellError {
        ShellError::Protocol {
            target: self.target.clone(),
            reason,
        }
    }

    fn find(&self, command: &str) -> Result<usize, ShellError> {
        let file = self.source.display();
        match self.options.order {
            ReplayOrder::InOrder => {
                let next = self.played.iter().position(|p| !p);
                match next.and_then(|i| self.entries.get(i).map(|e| (i, e))) {
                    Some((i, e)) if e.command == command => Ok(i),
                    Some((_, e)) => Err(self.protocol(format!(
                        "'{command}' was not recorded at this point of {file} (next recorded: '{}')",
                        e.command
                    ))),
                    None => Err(self.protocol(format!(
                        "'{command}' was not recorded in {file} (all recorded commands were replayed)"
                    ))),
                }
            }
            ReplayOrder::Nearby(window) => {
                let found = self
                    .entries
                    .iter()
                    .zip(&self.played)
                    .enumerate()
                    .filter(|(_, (_, played))| !**played)
                    .take(window.max(1))
                    .find(|(_, (e, _))| e.command == command)
                    .map(|(i, _)| i);
                let next = self.played.iter().position(|p| !p);
                match (found, next.and_then(|i| self.entries.get(i))) {
                    (Some(i), _) => Ok(i),
                    (None, Some(e)) => Err(self.protocol(format!(
                        "'{command}' was not recorded at this point of {file} (next recorded: '{}')",
                        e.command
                    ))),
                    (None, None) => Err(self.protocol(format!(
                        "'{command}' was not recorded in {file} (all recorded commands were replayed)"
                    ))),
                }
            }
            ReplayOrder::ByCommand => self
                .entries
                .iter()
                .zip(&self.played)
                .position(|(e, played)| !played && e.command == command)
                .ok_or_else(|| {
                    self.protocol(format!(
                        "'{command}' was not recorded in {file} (or was already replayed)"
                    ))
                }),
        }
    }

    /// Waits `wanted` (scaled), bounded by `timeout`; false when the timeout cut it short.
    fn wait(
        &self,
        wanted: Duration,
        timeout: Duration,
        cancel: &dyn CancelFlag,
    ) -> Result<bool, ShellError> {
        let until = wanted.min(timeout);
        let start = Instant::now();
        loop {
            if self.cancel.load(Ordering::SeqCst) || cancel.is_cancelled() {
                return Err(ShellError::Cancelled {
                    target: self.target.clone(),
                });
            }
            let left = until.saturating_sub(start.elapsed());
            if left.is_zero() {
                return Ok(wanted <= timeout);
            }
            std::thread::sleep(left.min(SLICE));
        }
    }
}

impl Shell for ReplayShell {
    fn target(&self) -> &str {
        &self.target
    }

    /// The reply's `elapsed` is the scaled time actually waited.
    fn run(&mut self, command: &str, ask: &Ask<'_>) -> Result<Reply, ShellError> {
        self.cancel.store(false, Ordering::SeqCst);
        let (answers, timeout) = (ask.secrets, ask.timeout);
        // Recorded lines were redacted the same way.
        let command = redact_command(command);
        let index = self.find(&command)?;
        let entry = self.entries.get(index).cloned().ok_or_else(|| {
            self.protocol(format!(
                "entry {index} vanished from {}",
                self.source.display()
            ))
        })?;
        if entry.answers != answers.len() {
            return Err(self.protocol(format!(
                "'{command}' was recorded in {} with {} secret(s), asked with {}",
                self.source.display(),
                entry.answers,
                answers.len()
            )));
        }
        if let Some(p) = self.played.get_mut(index) {
            *p = true;
        }
        let scaled =
            Duration::try_from_secs_f64(entry.elapsed().as_secs_f64() * self.options.speed)
                .unwrap_or(Duration::MAX);
        if !self.wait(scaled, timeout, ask.cancel)? {
            return Err(ShellError::Timeout {
                target: self.target.clone(),
                after: timeout,
                said: String::new(),
            });
        }
        match entry.error {
            Some(error) => Err(error),
            None => Ok(Reply {
                output: entry.output,
                elapsed: scaled,
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::panic)]
    use super::*;

    fn entry(command: &str) -> TranscriptEntry {
        TranscriptEntry {
            target: "hsm1".into(),
            command: command.into(),
            output: format!("{command} done\n"),
            elapsed_ms: 0,
            error: None,
            answers: 0,
        }
    }

    #[test]
    fn x_2_nearby_takes_jobs_that_took_turns_the_other_way_and_refuses_the_rest() {
        let t = Transcript {
            path: PathBuf::from("t.jsonl"),
            entries: [
                "partition list",
                "hsm show",
                "partition init",
                "client list",
            ]
            .map(entry)
            .to_vec(),
        };
        let options = ReplayOptions {
            order: ReplayOrder::Nearby(2),
            speed: 0.0,
        };
        let mut shell = ReplayShell::new(&t, "hsm1", options);
        let ask = Ask::new(Duration::from_secs(1));
        let out = |r: Result<Reply, ShellError>| r.map(|r| r.output);
        assert_eq!(
            out(shell.run("hsm show", &ask)),
            Ok("hsm show done\n".into())
        );
        assert_eq!(
            out(shell.run("partition list", &ask)),
            Ok("partition list done\n".into())
        );
        // 'client list' is the second of what is left: within the window of two.
        let far = out(shell.run("client list", &ask));
        assert_eq!(far, Ok("client list done\n".into()), "within the window");
        match shell.run("hsm show", &ask) {
            Err(ShellError::Protocol { reason, .. }) => assert!(
                reason.ends_with("(next recorded: 'partition init')"),
                "{reason}"
            ),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn x_2_speed_must_be_finite_and_not_negative() {
        for good in [0.0, 0.5, 1.0, 10.0] {
            assert!(
                ReplayOptions::timed(ReplayOrder::InOrder, good).is_ok(),
                "{good}"
            );
        }
        for bad in [-1.0, f64::NAN, f64::INFINITY] {
            let msg = ReplayOptions::timed(ReplayOrder::InOrder, bad)
                .err()
                .unwrap_or_default();
            assert!(
                msg.starts_with("replay speed must be a number of 0 or more"),
                "{msg}"
            );
        }
    }
}
