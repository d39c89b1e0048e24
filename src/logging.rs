//! Logging to daily rolling files in `state/logs/`; nothing ever goes to stdout/stderr,
//! which belong to the TUI. Level from `LUNADECK_LOG` (an `EnvFilter` string, default `info`).
//!
//! Rule for every layer that logs: never pass a secret (SO/partition/crypto-officer passwords,
//! challenge secrets, SSH passwords or key passphrases) to a `tracing` macro, not even in a
//! `Debug` of a struct. Secrets are `secrecy` types whose `Debug` is redacted, and command
//! lines sent to a device are logged only after redaction. This module itself sees no secrets.

use std::path::Path;
use tracing_appender::non_blocking::WorkerGuard;
use tracing_appender::rolling::{RollingFileAppender, Rotation};
use tracing_subscriber::EnvFilter;

/// Environment variable holding the log filter (`info`, `debug`, `lunadeck=trace`, ...).
pub const LOG_ENV: &str = "LUNADECK_LOG";
/// Prefix of the log file names: `lunadeck.YYYY-MM-DD.log`.
pub const FILE_PREFIX: &str = "lunadeck";
/// How many daily files are kept.
pub const KEEP_FILES: usize = 14;

/// Why logging could not start. `Display` is the sentence shown.
#[derive(Debug, thiserror::Error)]
pub enum LoggingError {
    #[error("{LOG_ENV}='{value}' is not a valid log filter: {reason}")]
    BadFilter { value: String, reason: String },
    #[error("cannot open the log directory {dir}: {reason}")]
    Appender { dir: String, reason: String },
    #[error("a logger is already installed in this process")]
    AlreadyInstalled,
}

/// Keeps the background writer alive; dropping it flushes the pending lines.
#[must_use = "dropping the guard stops logging; keep it until the program ends"]
pub struct LogGuard {
    _worker: WorkerGuard,
}

/// Build the filter from the value of `LUNADECK_LOG` (unset or empty = `info`).
pub fn filter_from(value: Option<&str>) -> Result<EnvFilter, LoggingError> {
    let value = value.map(str::trim).filter(|v| !v.is_empty());
    match value {
        None => Ok(EnvFilter::new("info")),
        Some(v) => EnvFilter::try_new(v).map_err(|e| LoggingError::BadFilter {
            value: v.to_string(),
            reason: e.to_string(),
        }),
    }
}

/// A subscriber writing to daily files in `logs_dir`, and the guard that flushes it.
pub fn file_subscriber(
    logs_dir: &Path,
    filter: EnvFilter,
) -> Result<(impl tracing::Subscriber + Send + Sync + 'static, LogGuard), LoggingError> {
    let appender = RollingFileAppender::builder()
        .rotation(Rotation::DAILY)
        .filename_prefix(FILE_PREFIX)
        .filename_suffix("log")
        .max_log_files(KEEP_FILES)
        .build(logs_dir)
        .map_err(|e| LoggingError::Appender {
            dir: logs_dir.display().to_string(),
            reason: e.to_string(),
        })?;
    let (writer, worker) = tracing_appender::non_blocking(appender);
    let subscriber = tracing_subscriber::fmt()
        .with_writer(writer)
        .with_ansi(false)
        .with_target(true)
        .with_env_filter(filter)
        .finish();
    Ok((subscriber, LogGuard { _worker: worker }))
}

/// Install the process-wide file logger; keep the returned guard until the program ends.
pub fn init(logs_dir: &Path) -> Result<LogGuard, LoggingError> {
    let value = std::env::var(LOG_ENV).ok();
    let filter = filter_from(value.as_deref())?;
    let (subscriber, guard) = file_subscriber(logs_dir, filter)?;
    tracing::subscriber::set_global_default(subscriber)
        .map_err(|_| LoggingError::AlreadyInstalled)?;
    Ok(guard)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use super::*;

    #[test]
    fn x_4_filter_values() {
        for good in [
            None,
            Some(""),
            Some("info"),
            Some("debug"),
            Some("lunadeck=trace"),
        ] {
            assert!(filter_from(good).is_ok(), "{good:?}");
        }
        let err = filter_from(Some("lunadeck=loud")).unwrap_err().to_string();
        assert!(
            err.starts_with("LUNADECK_LOG='lunadeck=loud' is not a valid log filter"),
            "{err}"
        );
    }

    #[test]
    fn x_4_logs_go_to_a_daily_file() {
        let tmp = tempfile::tempdir().unwrap();
        let (subscriber, guard) = file_subscriber(tmp.path(), filter_from(None).unwrap()).unwrap();
        tracing::subscriber::with_default(subscriber, || {
            tracing::info!(device = "hsm1", "started");
            tracing::debug!("hidden at info");
        });
        drop(guard);
        let files: Vec<_> = std::fs::read_dir(tmp.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        assert_eq!(files.len(), 1, "{files:?}");
        let name = &files[0];
        assert!(
            name.starts_with("lunadeck.") && name.ends_with(".log"),
            "{name}"
        );
        let text = std::fs::read_to_string(tmp.path().join(name)).unwrap();
        assert!(
            text.contains("started") && text.contains("device=\"hsm1\""),
            "{text}"
        );
        assert!(!text.contains("hidden at info"), "{text}");
        assert!(
            !text.contains('\u{1b}'),
            "no ANSI colour codes in files: {text}"
        );
    }

    #[test]
    fn x_4_unusable_log_dir_is_a_clear_error() {
        let tmp = tempfile::tempdir().unwrap();
        let file = tmp.path().join("not-a-dir");
        std::fs::write(&file, b"x").unwrap();
        let err = file_subscriber(&file, filter_from(None).unwrap())
            .err()
            .unwrap()
            .to_string();
        assert!(err.starts_with("cannot open the log directory"), "{err}");
    }
}
