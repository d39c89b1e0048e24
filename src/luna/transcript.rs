//! Recorded conversations (X-2): the JSONL transcript format, one command per line, with a
//! reader that names file and line, an append-and-flush writer (mode 0600), and redaction (X-4).

use crate::luna::shell::{Reply, ShellError};
use secrecy::SecretString;
use serde::{Deserialize, Serialize};
use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// What replaces a masked option value in a command line.
pub const MASK: &str = "********";

/// One command as it was run: never a secret, only how many were handed in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TranscriptEntry {
    /// The device or host, as `Shell::target` names it.
    pub target: String,
    /// The command line, redacted.
    pub command: String,
    /// The cleaned reply text (empty for an error). What was typed at secret questions was
    /// never in it: `luna::dialogue` cuts it where it was typed.
    pub output: String,
    pub elapsed_ms: u64,
    /// The error when the command failed, typed.
    pub error: Option<ShellError>,
    /// How many secrets were handed in (never their values).
    pub answers: usize,
}

impl TranscriptEntry {
    /// The entry for one run: command redacted (secret option values masked), the reply as the
    /// transport cleaned it. `elapsed` is used for errors (a reply carries its own).
    pub fn record(
        target: &str,
        command: &str,
        answers: &[SecretString],
        result: &Result<Reply, ShellError>,
        elapsed: Duration,
    ) -> TranscriptEntry {
        let (output, error, elapsed) = match result {
            Ok(reply) => (reply.output.clone(), None, reply.elapsed),
            Err(e) => (String::new(), Some(e.clone()), elapsed),
        };
        TranscriptEntry {
            target: target.to_string(),
            command: redact_command(command),
            output,
            elapsed_ms: u64::try_from(elapsed.as_millis()).unwrap_or(u64::MAX),
            error,
            answers: answers.len(),
        }
    }

    pub fn elapsed(&self) -> Duration {
        Duration::from_millis(self.elapsed_ms)
    }
}

/// Why a transcript could not be read or written. Messages name the file (and line).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TranscriptError {
    #[error("transcript {path}: {reason}")]
    Io { path: String, reason: String },
    #[error("transcript {path}, line {line}: {reason}")]
    Line {
        path: String,
        line: usize,
        reason: String,
    },
}

/// A whole transcript file, in recorded order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Transcript {
    pub path: PathBuf,
    pub entries: Vec<TranscriptEntry>,
}

impl Transcript {
    /// Reads a transcript file (blank lines are skipped).
    pub fn read(path: &Path) -> Result<Transcript, TranscriptError> {
        let text = std::fs::read_to_string(path).map_err(|e| TranscriptError::Io {
            path: path.display().to_string(),
            reason: e.to_string(),
        })?;
        let entries = parse_transcript(&text, path)?;
        Ok(Transcript {
            path: path.to_path_buf(),
            entries,
        })
    }

    /// The targets in order of first appearance.
    pub fn targets(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for e in &self.entries {
            if !out.contains(&e.target.as_str()) {
                out.push(&e.target);
            }
        }
        out
    }
}

/// Parses JSONL text; `path` only names the source in errors.
pub fn parse_transcript(text: &str, path: &Path) -> Result<Vec<TranscriptEntry>, TranscriptError> {
    let mut entries = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let entry: TranscriptEntry =
            serde_json::from_str(line).map_err(|e| TranscriptError::Line {
                path: path.display().to_string(),
                line: i + 1,
                reason: e.to_string(),
            })?;
        entries.push(entry);
    }
    Ok(entries)
}

/// Appends entries to a transcript file, one line each, flushed at once. The file is created
/// with mode 0600 (an existing one is narrowed to 0600).
pub struct TranscriptWriter {
    path: PathBuf,
    file: File,
}

impl TranscriptWriter {
    pub fn append_to(path: &Path) -> Result<TranscriptWriter, TranscriptError> {
        let io = |e: std::io::Error| TranscriptError::Io {
            path: path.display().to_string(),
            reason: e.to_string(),
        };
        let mut options = OpenOptions::new();
        options.create(true).append(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
            options.mode(0o600);
            let file = options.open(path).map_err(io)?;
            file.set_permissions(std::fs::Permissions::from_mode(0o600))
                .map_err(io)?;
            Ok(TranscriptWriter {
                path: path.to_path_buf(),
                file,
            })
        }
        #[cfg(not(unix))]
        {
            let file = options.open(path).map_err(io)?;
            Ok(TranscriptWriter {
                path: path.to_path_buf(),
                file,
            })
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Writes one line and flushes it to the file.
    pub fn append(&mut self, entry: &TranscriptEntry) -> Result<(), TranscriptError> {
        let io = |reason: String| TranscriptError::Io {
            path: self.path.display().to_string(),
            reason,
        };
        let mut line = serde_json::to_string(entry).map_err(|e| io(e.to_string()))?;
        line.push('\n');
        self.file
            .write_all(line.as_bytes())
            .and_then(|()| self.file.flush())
            .and_then(|()| self.file.sync_data())
            .map_err(|e| io(e.to_string()))
    }
}

/// Masks the values of secret-bearing options (`-password`, `-domain`, `-challenge`, their
/// abbreviations of three letters or more, `-pw`, `-pwd`), whether written `-opt value`,
/// `-opt "a value"` or `-opt=value`. Everything else is kept as typed.
pub fn redact_command(command: &str) -> String {
    let mut out = String::with_capacity(command.len());
    let mut mask_next = false;
    for (token, gap) in tokens(command) {
        if mask_next && is_secret_option(token) {
            // `-pass -password x`: the value is the last one.
            out.push_str(token);
        } else if mask_next {
            out.push_str(MASK);
            mask_next = false;
        } else if let Some((name, _)) = token.split_once('=').filter(|(n, _)| is_secret_option(n)) {
            out.push_str(name);
            out.push('=');
            out.push_str(MASK);
        } else {
            out.push_str(token);
            mask_next = is_secret_option(token);
        }
        out.push_str(gap);
    }
    out
}

fn is_secret_option(token: &str) -> bool {
    let Some(name) = token.strip_prefix('-') else {
        return false;
    };
    let name = name.trim_start_matches('-').to_ascii_lowercase();
    if ["pw", "pwd", "newpw", "oldpw", "pin"].contains(&name.as_str()) {
        return true;
    }
    name.len() >= 3
        && ["password", "domain", "challenge"]
            .iter()
            .any(|full| full.starts_with(&name))
}

/// Splits a command line into (token, following whitespace) pairs; a quoted stretch belongs to
/// its token. Leading whitespace is returned as an empty token.
fn tokens(line: &str) -> Vec<(&str, &str)> {
    let mut out = Vec::new();
    let mut start = 0usize;
    let mut quote: Option<char> = None;
    let mut token_end: Option<usize> = None;
    for (i, c) in line.char_indices() {
        match (quote, token_end) {
            (Some(q), _) if c == q => quote = None,
            (Some(_), _) => {}
            (None, None) if c.is_whitespace() => token_end = Some(i),
            (None, None) if c == '"' || c == '\'' => quote = Some(c),
            (None, None) => {}
            (None, Some(_)) if c.is_whitespace() => {}
            (None, Some(end)) => {
                out.push((
                    line.get(start..end).unwrap_or(""),
                    line.get(end..i).unwrap_or(""),
                ));
                start = i;
                token_end = None;
                if c == '"' || c == '\'' {
                    quote = Some(c);
                }
            }
        }
    }
    let end = token_end.unwrap_or(line.len());
    out.push((
        line.get(start..end).unwrap_or(""),
        line.get(end..).unwrap_or(""),
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn x_4_redacts_secret_option_values() {
        let cases = [
            ("hsm show", "hsm show"),
            (
                "partition init -label l1 -password S3cret!pw -domain myDom",
                "partition init -label l1 -password ******** -domain ********",
            ),
            (
                "role login -name co -pass \"two words\" -force",
                "role login -name co -pass ******** -force",
            ),
            (
                "x -challenge=abc123 -p par1",
                "x -challenge=******** -p par1",
            ),
            ("x -PW secret", "x -PW ********"),
            ("x --domain d1", "x --domain ********"),
            ("x -cha 'a b'  -f", "x -cha ********  -f"),
            ("x -password", "x -password"),
            ("x -pass -password Hid3", "x -pass -password ********"),
            ("  lead  -dom d", "  lead  -dom ********"),
            (
                "partition create -partition pass1 -par dom",
                "partition create -partition pass1 -par dom",
            ),
            (
                "client show -c \"my client\"",
                "client show -c \"my client\"",
            ),
        ];
        for (input, want) in cases {
            assert_eq!(redact_command(input), want, "{input:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn x_4_redaction_never_leaves_an_option_value(
            prefix in "[a-z -]{0,24}",
            option in "(-password|-pass|-domain|-dom|-challenge|-chal|-pw)",
            value in "[A-Z0-9!#]{8,16}",
            suffix in "[a-z -]{0,24}",
        ) {
            let line = format!("{prefix} {option} {value} {suffix}");
            let out = redact_command(&line);
            proptest::prop_assert!(!out.contains(&value), "{line:?} -> {out:?}");
            proptest::prop_assert_eq!(redact_command(&out), out.clone());
        }

        #[test]
        fn x_4_redaction_never_panics(line in "\\PC{0,60}") {
            let _ = redact_command(&line);
        }
    }

    #[test]
    fn x_4_record_keeps_the_reply_and_the_typed_error_and_counts_answers() {
        let answers = [SecretString::from("S3cret!pw")];
        let ok = Ok(Reply {
            output: "Please enter the password: \nCommand Result : No Error\n".into(),
            elapsed: Duration::from_millis(1200),
        });
        let e = TranscriptEntry::record("hsm1", "role login", &answers, &ok, Duration::ZERO);
        assert_eq!(
            e.output,
            "Please enter the password: \nCommand Result : No Error\n"
        );
        assert_eq!((e.answers, e.elapsed_ms, e.error.clone()), (1, 1200, None));
        let failure = ShellError::Stalled {
            target: "hsm1".into(),
            last_lines: "Select / >".into(),
        };
        let e = TranscriptEntry::record(
            "hsm1",
            "x",
            &answers,
            &Err(failure.clone()),
            Duration::from_millis(7),
        );
        assert_eq!(e.error, Some(failure));
        assert_eq!((e.output.as_str(), e.elapsed_ms), ("", 7));
        let json = serde_json::to_string(&e).unwrap();
        assert!(json.contains(r#""kind":"stalled""#), "{json}");
    }

    #[test]
    fn x_2_reader_names_file_and_line() {
        let good = r#"{"target":"h","command":"c","output":"o\n","elapsed_ms":5,"error":null,"answers":0}"#;
        let path = Path::new("t.jsonl");
        let text = format!("{good}\n\n{good}\n");
        assert_eq!(parse_transcript(&text, path).map(|v| v.len()), Ok(2));
        let cases = [
            (
                format!("{good}\nnot json\n"),
                "transcript t.jsonl, line 2: ",
            ),
            (
                format!("\n\n{}\n", good.replace("\"answers\":0", "\"answers\":-1")),
                "transcript t.jsonl, line 3: ",
            ),
            (
                format!(
                    "{}\n",
                    good.replace("\"answers\":0", "\"answers\":0,\"pw\":1")
                ),
                "transcript t.jsonl, line 1: unknown field `pw`",
            ),
            ("{\"target\":\"h\"}\n".to_string(), "line 1: missing field"),
        ];
        for (text, want) in cases {
            let msg = parse_transcript(&text, path)
                .err()
                .map(|e| e.to_string())
                .unwrap_or_default();
            assert!(msg.contains(want), "{msg:?} should contain {want:?}");
        }
        let missing = Transcript::read(Path::new("/nonexistent/x.jsonl")).err();
        let msg = missing.map(|e| e.to_string()).unwrap_or_default();
        assert!(
            msg.starts_with("transcript /nonexistent/x.jsonl: "),
            "{msg}"
        );
    }
}
