//! The witness of the audit head: after each committed append, a line `seq hash
//! keyed_from mac` in a daily file `audit-witness.YYYY-MM-DD` outside the database, so a trail
//! whose end was cut off, or that was rewritten whole, no longer matches its witness lines.
//!
//! Lines are written only once the transaction that appended the event has committed (a line
//! ahead of the database would cry wolf; one behind is harmless), each in one `write`, so several
//! processes can share the files. A line counts only if its MAC was made with the audit key.

use super::Store;
use super::error::StoreError;
use crate::domain::audit_chain::{AuditKey, ChainedEvent};
use crate::domain::timestamp::Timestamp;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Prefix of the witness files: `audit-witness.YYYY-MM-DD`.
pub const FILE_PREFIX: &str = "audit-witness";
/// How many daily files are kept (as many as logs): lines older than that no longer count.
pub const KEEP_FILES: usize = 14;

/// One witness line: the head after an append.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Witnessed {
    pub seq: u64,
    pub hash: String,
    pub keyed_from: u64,
}

impl Witnessed {
    fn line(&self, key: &AuditKey) -> String {
        let mac = key.witness_mac(self.seq, &self.hash, self.keyed_from);
        format!("{} {} {} {mac}\n", self.seq, self.hash, self.keyed_from)
    }

    /// A line with its MAC checked; `None` for anything else (unreadable, or forged).
    fn parse(line: &str, key: &AuditKey) -> Option<Witnessed> {
        let mut fields = line.split(' ');
        let seq: u64 = fields.next()?.parse().ok()?;
        let hash = fields.next()?;
        let keyed_from: u64 = fields.next()?.parse().ok()?;
        let mac = fields.next()?;
        if fields.next().is_some() || seq == 0 {
            return None;
        }
        (key.witness_mac(seq, hash, keyed_from) == mac).then(|| Witnessed {
            seq,
            hash: hash.to_string(),
            keyed_from,
        })
    }
}

/// What the witness says about a trail whose chain is intact.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WitnessCheck {
    /// This store keeps no witness (opened without a witness directory: tools and tests).
    NotKept,
    /// No witness line in `dir`: a new state directory, or its files were removed.
    NotFound { dir: PathBuf },
    /// Every witness line matches the trail; the newest is in `file`.
    Matched { file: PathBuf },
}

/// The outcome of `Store::check_audit`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditCheck {
    /// Events whose chain was checked.
    pub events: u64,
    pub witness: WitnessCheck,
    /// Witness lines ignored: unreadable, or with a MAC the audit key did not make.
    pub ignored_lines: u64,
}

impl AuditCheck {
    /// Sentences to show after "intact": what the witness said, and lines it ignored.
    pub fn notes(&self) -> Vec<String> {
        let mut notes = vec![match &self.witness {
            WitnessCheck::NotKept => "no witness is kept for this database".to_string(),
            WitnessCheck::NotFound { dir } => format!(
                "note: no witness line found in {} (new state directory, or its files were \
                 removed), so a cut-off end cannot be ruled out",
                dir.display()
            ),
            WitnessCheck::Matched { file } => {
                format!("the witness agrees (newest line in {})", file.display())
            }
        }];
        if self.ignored_lines > 0 {
            notes.push(format!(
                "warning: {} witness line(s) ignored: unreadable, or not made with the audit key",
                self.ignored_lines
            ));
        }
        notes
    }
}

/// The trail disagrees with a witness line.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WitnessMismatch {
    #[error(
        "Audit trail cut off: the witness {} recorded event {witnessed}, but the database \
         ends at event {present}; the events after it were removed",
        file.display()
    )]
    Truncated {
        file: PathBuf,
        witnessed: u64,
        present: u64,
    },
    #[error(
        "Audit trail rewritten: event {seq} is not the event the witness {} recorded (the trail \
         was cut there and appended to again, or rewritten)",
        file.display()
    )]
    Rewritten { file: PathBuf, seq: u64 },
    #[error(
        "Audit trail rewritten: keyed events begin at event {recorded} in the database, at \
         event {witnessed} in the witness {}",
        file.display()
    )]
    KeyedFrom {
        file: PathBuf,
        witnessed: u64,
        recorded: u64,
    },
}

/// Today's file name, dated like the log files (UTC).
fn file_name(now_secs: i64) -> String {
    let date = Timestamp(now_secs.div_euclid(86_400) * 86_400).to_string();
    let date = date.split(' ').next().unwrap_or_default().to_string();
    format!("{FILE_PREFIX}.{date}")
}

fn now_secs() -> i64 {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    i64::try_from(secs).unwrap_or(0)
}

fn is_witness_file(name: &str) -> bool {
    name.strip_prefix(FILE_PREFIX)
        .and_then(|rest| rest.strip_prefix('.'))
        .is_some_and(|date| {
            date.len() == 10 && date.bytes().all(|b| b.is_ascii_digit() || b == b'-')
        })
}

/// The witness files in `dir`, oldest first (the names sort by date).
fn witness_files(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)?
        .flatten()
        .filter(|e| is_witness_file(&e.file_name().to_string_lossy()))
        .map(|e| e.path())
        .collect();
    files.sort();
    Ok(files)
}

fn create_dir_private(dir: &Path) -> std::io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(dir)
}

/// Appends one line to today's file (created 0600); a new day's file drops the oldest ones.
fn append_line(dir: &Path, line: &str, now_secs: i64) -> std::io::Result<()> {
    create_dir_private(dir)?;
    let path = dir.join(file_name(now_secs));
    let new_day = !path.exists();
    let mut opts = std::fs::OpenOptions::new();
    opts.append(true).create(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    opts.open(&path)?.write_all(line.as_bytes())?;
    if new_day {
        let files = witness_files(dir)?;
        let excess = files.len().saturating_sub(KEEP_FILES);
        for old in &files[..excess] {
            let _ = std::fs::remove_file(old);
        }
    }
    Ok(())
}

/// Valid witness lines, each with its file.
type Lines = Vec<(PathBuf, Witnessed)>;

/// Every valid line across the files of `dir`, and how many lines were ignored (unreadable,
/// or a MAC the key did not make). Empty when there is no directory or no file.
fn scan(dir: &Path, key: &AuditKey) -> Result<(Lines, u64), StoreError> {
    let unreadable = |path: &Path, e: std::io::Error| StoreError::AuditWitnessUnreadable {
        path: path.to_path_buf(),
        reason: e.to_string(),
    };
    let files = match witness_files(dir) {
        Ok(files) => files,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok((Vec::new(), 0)),
        Err(e) => return Err(unreadable(dir, e)),
    };
    let mut lines = Vec::new();
    let mut ignored = 0u64;
    for file in files {
        let bytes = std::fs::read(&file).map_err(|e| unreadable(&file, e))?;
        for line in String::from_utf8_lossy(&bytes).lines() {
            match Witnessed::parse(line, key) {
                Some(w) => lines.push((file.clone(), w)),
                None if line.trim().is_empty() => {}
                None => ignored += 1,
            }
        }
    }
    Ok((lines, ignored))
}

/// Compares an intact chain (`events` = seq 1..=n) and its keyed-from mark with every valid
/// line, not only the newest: after a cut, new appends reuse the cut event numbers, and the
/// lines written before the cut still name the events that were there. Returns the file of
/// the newest line, `None` when there is no line.
fn compare(
    events: &[ChainedEvent],
    keyed_from: u64,
    lines: &Lines,
) -> Result<Option<PathBuf>, WitnessMismatch> {
    let present = events.last().map_or(0, |e| e.seq);
    let Some((newest_file, newest)) = lines.iter().max_by_key(|(_, w)| w.seq) else {
        return Ok(None);
    };
    if newest.seq > present {
        return Err(WitnessMismatch::Truncated {
            file: newest_file.clone(),
            witnessed: newest.seq,
            present,
        });
    }
    let differs = |w: &Witnessed| {
        usize::try_from(w.seq - 1)
            .ok()
            .and_then(|i| events.get(i))
            .filter(|e| e.seq == w.seq)
            .is_none_or(|e| e.hash != w.hash)
    };
    if let Some((file, w)) = lines
        .iter()
        .filter(|(_, w)| differs(w))
        .min_by_key(|(_, w)| w.seq)
    {
        return Err(WitnessMismatch::Rewritten {
            file: file.clone(),
            seq: w.seq,
        });
    }
    if let Some((file, w)) = lines.iter().find(|(_, w)| w.keyed_from != keyed_from) {
        return Err(WitnessMismatch::KeyedFrom {
            file: file.clone(),
            witnessed: w.keyed_from,
            recorded: keyed_from,
        });
    }
    Ok(Some(newest_file.clone()))
}

impl Store {
    /// This store writes a witness line to `dir` after every committed append, and
    /// `check_audit` compares the trail with them (the directory is created on first use).
    pub fn with_witness(mut self, dir: PathBuf) -> Store {
        self.witness_dir = Some(dir);
        self
    }

    /// Sets or clears the witness directory (see `with_witness`).
    pub fn set_witness_dir(&mut self, dir: Option<PathBuf>) {
        self.witness_dir = dir;
    }

    /// The witness directory, if this store keeps one.
    pub fn witness_dir(&self) -> Option<&Path> {
        self.witness_dir.as_deref()
    }

    /// After an append: written at once when it committed, else kept until its unit commits.
    pub(crate) fn witness_appended(&mut self, w: Witnessed) {
        self.pending_witness = Some(w);
        if self.unit_depth == 0 && !self.batch_open {
            self.flush_witness();
        }
    }

    /// The outermost transaction committed: the newest appended head goes to the witness. A
    /// failure to write it is logged, not returned: the events are already committed, and a
    /// witness that lags behind is harmless.
    pub(crate) fn flush_witness(&mut self) {
        let Some(w) = self.pending_witness.take() else {
            return;
        };
        let Some(dir) = &self.witness_dir else {
            return;
        };
        if let Err(e) = append_line(dir, &w.line(&self.key), now_secs()) {
            tracing::warn!(dir = %dir.display(), error = %e, "cannot write the audit witness");
        }
    }

    /// The transaction rolled back: its events were never committed, so nothing is witnessed.
    pub(crate) fn drop_witness(&mut self) {
        self.pending_witness = None;
    }

    /// What the witness says about an intact chain.
    pub(crate) fn witness_check(
        &self,
        events: &[ChainedEvent],
        keyed_from: u64,
    ) -> Result<(WitnessCheck, u64), StoreError> {
        let Some(dir) = &self.witness_dir else {
            return Ok((WitnessCheck::NotKept, 0));
        };
        let (lines, ignored) = scan(dir, &self.key)?;
        let check = match compare(events, keyed_from, &lines)? {
            Some(file) => WitnessCheck::Matched { file },
            None => WitnessCheck::NotFound { dir: dir.clone() },
        };
        Ok((check, ignored))
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use super::*;
    use crate::domain::audit_chain::KEY_LEN;

    #[test]
    fn x_6_lines_round_trip_and_forged_ones_do_not_count() {
        let key = AuditKey::from_bytes([3; KEY_LEN]);
        let w = Witnessed {
            seq: 7,
            hash: "ab".repeat(32),
            keyed_from: 2,
        };
        let line = w.line(&key);
        assert_eq!(Witnessed::parse(line.trim_end(), &key), Some(w.clone()));
        let other = AuditKey::from_bytes([4; KEY_LEN]);
        assert_eq!(Witnessed::parse(line.trim_end(), &other), None);
        let forged = line.replacen("7 ", "9 ", 1);
        assert_eq!(Witnessed::parse(forged.trim_end(), &key), None);
        assert_eq!(Witnessed::parse("", &key), None);
    }

    #[test]
    fn x_6_files_are_daily_and_the_oldest_are_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let day = 86_400;
        assert_eq!(file_name(1_795_771_380), "audit-witness.2026-11-27");
        for d in 0..(KEEP_FILES as i64 + 3) {
            append_line(dir.path(), "x\n", 1_700_000_000 + d * day).unwrap();
        }
        let files = witness_files(dir.path()).unwrap();
        assert_eq!(files.len(), KEEP_FILES);
        assert!(
            files[KEEP_FILES - 1]
                .ends_with(file_name(1_700_000_000 + (KEEP_FILES as i64 + 2) * day))
        );
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&files[0]).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o600);
        }
    }
}
