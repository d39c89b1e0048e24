//! `RecordingShell`: wraps any `Shell` and appends every command it runs, success or error, to a
//! transcript: command lines redacted, replies as the dialogue cut them (never a secret, X-4).

use crate::luna::shell::{Ask, Reply, Shell, ShellError};
use crate::luna::transcript::{TranscriptEntry, TranscriptError, TranscriptWriter};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Instant;

/// Called with every entry once it is written (a recording notes what it learns from replies).
pub type EntryObserver = Box<dyn FnMut(&TranscriptEntry) + Send>;

/// Called with the first failure to write the transcript (the recording says so at the end).
pub type FailureHook = Box<dyn FnMut(&TranscriptError) + Send>;

pub struct RecordingShell<S: Shell> {
    inner: S,
    /// Shared by every session of one device, so that their lines interleave whole.
    writer: Arc<Mutex<TranscriptWriter>>,
    observer: Option<EntryObserver>,
    on_failure: Option<FailureHook>,
    failure: Option<TranscriptError>,
}

impl<S: Shell> RecordingShell<S> {
    pub fn new(inner: S, writer: TranscriptWriter) -> RecordingShell<S> {
        RecordingShell::shared(inner, Arc::new(Mutex::new(writer)))
    }

    /// Records into a writer other sessions of the same device write to as well.
    pub fn shared(inner: S, writer: Arc<Mutex<TranscriptWriter>>) -> RecordingShell<S> {
        RecordingShell {
            inner,
            writer,
            observer: None,
            on_failure: None,
            failure: None,
        }
    }

    /// Calls `hook` with the first failure to write the transcript.
    pub fn with_failure_hook(mut self, hook: FailureHook) -> RecordingShell<S> {
        self.on_failure = Some(hook);
        self
    }

    /// Calls `observer` with every entry recorded.
    pub fn with_observer(mut self, observer: EntryObserver) -> RecordingShell<S> {
        self.observer = Some(observer);
        self
    }

    /// Records into `path` (appended to if it exists; mode 0600).
    pub fn to_file(inner: S, path: &Path) -> Result<RecordingShell<S>, TranscriptError> {
        Ok(RecordingShell::new(
            inner,
            TranscriptWriter::append_to(path)?,
        ))
    }

    pub fn inner(&self) -> &S {
        &self.inner
    }

    pub fn into_inner(self) -> S {
        self.inner
    }

    /// The first failure to write the transcript, if any. A failed write never changes the
    /// command's result: the device has done the work, and a caller must not retry it.
    pub fn recording_failure(&self) -> Option<&TranscriptError> {
        self.failure.as_ref()
    }
}

impl<S: Shell> Shell for RecordingShell<S> {
    fn target(&self) -> &str {
        self.inner.target()
    }

    fn run(&mut self, command: &str, ask: &Ask<'_>) -> Result<Reply, ShellError> {
        let started = Instant::now();
        let result = self.inner.run(command, ask);
        let entry = TranscriptEntry::record(
            self.inner.target(),
            command,
            ask.secrets,
            &result,
            started.elapsed(),
        );
        let written = match self.writer.lock() {
            Ok(mut writer) => writer.append(&entry),
            Err(_) => Err(TranscriptError::Io {
                path: String::from("(transcript)"),
                reason: "another session failed while writing it".into(),
            }),
        };
        if let Err(e) = written {
            tracing::warn!(error = %e, "transcript entry not written");
            if self.failure.is_none()
                && let Some(hook) = self.on_failure.as_mut()
            {
                hook(&e);
            }
            self.failure.get_or_insert(e);
        }
        if let Some(observe) = self.observer.as_mut() {
            observe(&entry);
        }
        result
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::luna::transcript::Transcript;
    use secrecy::SecretString;
    use std::time::Duration;

    /// Answers every command with its line, or fails `fail` with a missing secret.
    struct Echo;

    impl Shell for Echo {
        fn target(&self) -> &str {
            "hsm1"
        }
        fn run(&mut self, command: &str, ask: &Ask<'_>) -> Result<Reply, ShellError> {
            if command == "fail" {
                return Err(ShellError::MissingSecret {
                    target: "hsm1".into(),
                    prompt: "Enter password:".into(),
                });
            }
            Ok(Reply {
                output: format!("{command}: {} answer(s)\n", ask.secrets.len()),
                elapsed: Duration::from_millis(3),
            })
        }
    }

    #[test]
    fn x_2_records_successes_and_errors_in_order() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("t.jsonl");
        let mut shell = RecordingShell::to_file(Echo, &path).expect("open");
        let a = [SecretString::from("Pa55word!x")];
        let ask = Ask::new(Duration::from_secs(1)).with_secrets(&a);
        let reply = shell.run("role login -name co", &ask);
        assert_eq!(
            reply.map(|r| r.output),
            Ok("role login -name co: 1 answer(s)\n".to_string()),
            "the caller's reply is the inner shell's, unchanged"
        );
        let err = shell.run("fail", &Ask::new(Duration::from_secs(1)));
        assert!(matches!(err, Err(ShellError::MissingSecret { .. })));
        assert!(shell.recording_failure().is_none());
        let t = Transcript::read(&path).expect("read back");
        let got: Vec<(&str, &str, Option<&ShellError>, usize)> = t
            .entries
            .iter()
            .map(|e| {
                (
                    e.command.as_str(),
                    e.output.as_str(),
                    e.error.as_ref(),
                    e.answers,
                )
            })
            .collect();
        let missing = ShellError::MissingSecret {
            target: "hsm1".into(),
            prompt: "Enter password:".into(),
        };
        assert_eq!(
            got,
            vec![
                (
                    "role login -name co",
                    "role login -name co: 1 answer(s)\n",
                    None,
                    1
                ),
                ("fail", "", Some(&missing), 0),
            ]
        );
        let text = std::fs::read_to_string(&path).expect("file");
        assert!(!text.contains("Pa55word"), "{text}");
    }
}
