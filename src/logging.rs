//! Logging to daily rolling files in `state/logs/`; nothing ever goes to stdout/stderr,
//! which belong to the TUI. Level from `LUNADECK_LOG` (an `EnvFilter` string, default `info`).
//!
//! Rule for every layer that logs: never pass a secret (SO/partition/crypto-officer passwords,
//! challenge secrets, SSH passwords or key passphrases) to a `tracing` macro, not even in a
//! `Debug` of a struct. Secrets are `secrecy` types whose `Debug` is redacted, and command
//! lines sent to a device are logged only after redaction. This module itself sees no secrets.

use std::path::{Path, PathBuf};
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

/// Days since the Unix epoch (UTC), the appender's rotation clock.
fn utc_day() -> i64 {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    i64::try_from(secs / 86_400).unwrap_or(0)
}

/// The file the appender writes on `day`: `lunadeck.YYYY-MM-DD.log`.
fn file_name(day: i64) -> String {
    let date = crate::domain::timestamp::Timestamp(day.saturating_mul(86_400)).to_string();
    let date = date.split(' ').next().unwrap_or_default();
    format!("{FILE_PREFIX}.{date}.log")
}

/// Creates `path` if needed and makes it readable by its owner only (mode 0600).
fn make_private(path: &Path) -> std::io::Result<()> {
    let mut opts = std::fs::OpenOptions::new();
    opts.append(true).create(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
        opts.mode(0o600);
        opts.open(path)?;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))
    }
    #[cfg(not(unix))]
    opts.open(path).map(drop)
}

/// The rolling appender behind a writer that keeps its files private: each day's file is
/// created with mode 0600 before its first line, so the appender only ever opens it.
struct PrivateFiles {
    appender: RollingFileAppender,
    dir: PathBuf,
    day: i64,
}

impl PrivateFiles {
    /// Before a line: on a new day, the new file is created private (once per day).
    fn keep_private(&mut self) {
        let day = utc_day();
        if day != self.day {
            self.day = day;
            let _ = make_private(&self.dir.join(file_name(day)));
        }
    }
}

impl std::io::Write for PrivateFiles {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.keep_private();
        self.appender.write(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.appender.flush()
    }
}

/// Log files of earlier runs (perhaps of an older lunadeck) are made private too.
fn make_existing_private(logs_dir: &Path) {
    let Ok(entries) = std::fs::read_dir(logs_dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with(FILE_PREFIX) && name.ends_with(".log") {
            let _ = make_private(&entry.path());
        }
    }
}

/// A subscriber writing to daily files in `logs_dir` (mode 0600: logs name hosts, users and
/// serials), and the guard that flushes it.
pub fn file_subscriber(
    logs_dir: &Path,
    filter: EnvFilter,
) -> Result<(impl tracing::Subscriber + Send + Sync + 'static, LogGuard), LoggingError> {
    let day = utc_day();
    if logs_dir.is_dir() {
        make_existing_private(logs_dir);
        make_private(&logs_dir.join(file_name(day))).map_err(|e| LoggingError::Appender {
            dir: logs_dir.display().to_string(),
            reason: e.to_string(),
        })?;
    }
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
    let (writer, worker) = tracing_appender::non_blocking(PrivateFiles {
        appender,
        dir: logs_dir.to_path_buf(),
        day,
    });
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

    #[cfg(unix)]
    #[test]
    fn x_4_log_files_are_private_today_on_a_new_day_and_from_earlier_runs() {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        let tmp = tempfile::tempdir().unwrap();
        let old = tmp.path().join("lunadeck.2020-01-01.log");
        std::fs::write(&old, b"old\n").unwrap();
        std::fs::set_permissions(&old, std::fs::Permissions::from_mode(0o644)).unwrap();
        let (subscriber, guard) = file_subscriber(tmp.path(), filter_from(None).unwrap()).unwrap();
        tracing::subscriber::with_default(subscriber, || tracing::info!("started"));
        drop(guard);
        let today = tmp.path().join(file_name(utc_day()));
        assert!(std::fs::read_to_string(&today).unwrap().contains("started"));
        assert_eq!(mode(&today), 0o600);
        assert_eq!(mode(&old), 0o600);
        // The first line of a new day creates that day's file private, before the appender
        // opens it (here: today's file is gone and the last line was written yesterday).
        let appender = RollingFileAppender::builder()
            .rotation(Rotation::DAILY)
            .filename_prefix(FILE_PREFIX)
            .filename_suffix("log")
            .build(tmp.path())
            .unwrap();
        std::fs::remove_file(&today).unwrap();
        let mut files = PrivateFiles {
            appender,
            dir: tmp.path().to_path_buf(),
            day: utc_day() - 1,
        };
        std::io::Write::write_all(&mut files, b"line\n").unwrap();
        assert_eq!(mode(&today), 0o600);
        assert_eq!(file_name(20_419), "lunadeck.2025-11-27.log");
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
