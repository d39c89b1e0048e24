//! Printing: aligned tables and one-line summaries for humans, exactly one JSON document on
//! stdout with `--json`, and per-device progress lines on stderr while a job runs (X-5). Human
//! output neutralizes control characters (`domain::text`); JSON is exact (serde escapes them).

use super::error::{CliError, CliResult};
use crate::domain::ids::HsmSerial;
use crate::domain::text::{neutralize_line, neutralize_text};
use crate::jobs::{JobEvent, JobOutcome};
use crate::ops::Finished;
use serde_json::{Value, json};
use std::io::Write;

/// A table of text cells with aligned columns; every cell is neutralized for the terminal.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Table {
    headers: Vec<String>,
    rows: Vec<Vec<String>>,
}

impl Table {
    pub fn new(headers: &[&str]) -> Table {
        Table {
            headers: headers.iter().map(|h| neutralize_line(h)).collect(),
            rows: Vec::new(),
        }
    }

    pub fn row(&mut self, cells: Vec<String>) {
        self.rows
            .push(cells.iter().map(|c| neutralize_line(c)).collect());
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// Columns padded to their widest cell (in characters), two spaces apart, no trailing blanks.
    pub fn render(&self) -> String {
        let mut widths: Vec<usize> = self.headers.iter().map(|h| h.chars().count()).collect();
        for row in &self.rows {
            for (i, cell) in row.iter().enumerate() {
                let w = cell.chars().count();
                match widths.get_mut(i) {
                    Some(max) => *max = (*max).max(w),
                    None => widths.push(w),
                }
            }
        }
        let line = |cells: &[String]| {
            let mut out = String::new();
            for (i, cell) in cells.iter().enumerate() {
                if i > 0 {
                    out.push_str("  ");
                }
                out.push_str(cell);
                let pad = widths.get(i).copied().unwrap_or(0);
                let len = cell.chars().count();
                out.extend(std::iter::repeat_n(' ', pad.saturating_sub(len)));
            }
            out.trim_end().to_string()
        };
        let mut text = line(&self.headers);
        text.push('\n');
        for row in &self.rows {
            text.push_str(&line(row));
            text.push('\n');
        }
        text
    }
}

/// How this invocation prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Output {
    pub json: bool,
}

impl Output {
    /// A list: the table for humans (or `empty` when there are no rows), `value` with --json.
    pub fn list(&self, table: &Table, empty: &str, value: Value) {
        if self.json {
            print_json(&value);
        } else if table.is_empty() {
            println!("{empty}");
        } else {
            print!("{}", table.render());
        }
    }

    /// One record shown as `field: value` lines (values neutralized), or `value` with --json.
    pub fn record(&self, fields: &[(&str, String)], value: Value) {
        if self.json {
            print_json(&value);
            return;
        }
        let width = fields
            .iter()
            .map(|(k, _)| k.chars().count())
            .max()
            .unwrap_or(0);
        for (k, v) in fields {
            println!("{k:<width$}  {}", neutralize_line(v));
        }
    }

    /// A database-only change or a check: a sentence, or `{"ok": true, "message": .., ..value}`.
    pub fn done(&self, message: &str, value: Value) {
        if self.json {
            let mut doc = json!({"ok": true, "message": message});
            if let (Some(map), Value::Object(extra)) = (doc.as_object_mut(), value) {
                map.extend(extra);
            }
            print_json(&doc);
        } else {
            println!("{}", neutralize_text(message));
        }
    }

    /// A finished job: its summary and result. Failed, cancelled, or a completion that reports
    /// an `error` in its result → `CliError::Reported` (exit 1) after the document is printed.
    pub fn finished(&self, f: &Finished) -> CliResult<()> {
        let failure = match &f.outcome {
            JobOutcome::Succeeded { .. } => f
                .result
                .get("error")
                .and_then(Value::as_str)
                .map(|_| f.summary.clone()),
            JobOutcome::Failed {
                message,
                untrusted_host_key,
                ..
            } => Some(if *untrusted_host_key {
                with_pin_hint(message)
            } else {
                message.clone()
            }),
            JobOutcome::Cancelled { .. } => Some(f.summary.clone()),
        };
        if self.json {
            print_json(&json!({
                "ok": failure.is_none(),
                "job": f.job.0,
                "state": f.outcome.state_name(),
                "summary": f.summary,
                "error": failure,
                "result": f.result,
            }));
        } else if failure.is_none() {
            println!("{}", neutralize_text(&f.summary));
        }
        match failure {
            None => Ok(()),
            Some(message) => Err(CliError::Reported(message)),
        }
    }
}

/// Adds how to pin an untrusted host key to the engine's sentence.
fn with_pin_hint(message: &str) -> String {
    format!(
        "{}. Verify this fingerprint with the appliance's administrator, then run \
         again with --host-key <that fingerprint>",
        message.trim_end_matches('.')
    )
}

fn print_json(value: &Value) {
    let text = serde_json::to_string_pretty(value).unwrap_or_else(|_| "null".into());
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{text}");
}

/// A device key's console name, if it has one.
pub type DeviceNames = Box<dyn Fn(&HsmSerial) -> Option<String>>;

/// Progress lines on stderr, one per step start, failure and undo, with device names.
pub struct Progress {
    names: DeviceNames,
    quiet: bool,
}

impl Progress {
    /// `names` gives a device key's console name (the serial is shown when it has none).
    pub fn new(names: DeviceNames, quiet: bool) -> Progress {
        Progress { names, quiet }
    }

    fn name(&self, device: &HsmSerial) -> String {
        (self.names)(device).unwrap_or_else(|| device.to_string())
    }

    /// The line for `event`, if it gets one (neutralized: names and errors come from the
    /// database and the devices).
    pub fn line(&self, event: &JobEvent) -> Option<String> {
        self.raw_line(event).map(|l| neutralize_line(&l))
    }

    fn raw_line(&self, event: &JobEvent) -> Option<String> {
        match event {
            JobEvent::Progress {
                device,
                step,
                done,
                total,
                ..
            } => Some(format!(
                "[{}/{total}] {}: {step}",
                done + 1,
                self.name(device)
            )),
            JobEvent::Waiting { device_name, .. } => Some(format!(
                "{device_name}: waiting for another job on this device"
            )),
            JobEvent::StepFailed {
                device,
                step,
                error,
                retrying,
                ..
            } => Some(format!(
                "{}: {step} failed: {error}{}",
                self.name(device),
                if *retrying { " (retrying)" } else { "" }
            )),
            JobEvent::Undoing { device, step, .. } => {
                Some(format!("{}: undoing: {step}", self.name(device)))
            }
            _ => None,
        }
    }

    pub fn show(&self, event: &JobEvent) {
        if self.quiet {
            return;
        }
        if let Some(line) = self.line(event) {
            eprintln!("{line}");
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use super::*;
    use crate::domain::ids::JobId;

    #[test]
    fn x_5_table_columns_align_on_characters() {
        let mut t = Table::new(&["NAME", "STATUS"]);
        t.row(vec!["lon-hsm-01".into(), "up".into()]);
        t.row(vec!["é".into(), "unreachable".into()]);
        assert_eq!(
            t.render(),
            "NAME        STATUS\nlon-hsm-01  up\né           unreachable\n"
        );
        assert!(!t.is_empty());
        assert!(Table::new(&["A"]).is_empty());
    }

    #[test]
    fn x_4_human_output_neutralizes_json_stays_exact() {
        let mut t = Table::new(&["NAME", "DESCRIPTION"]);
        t.row(vec![
            "a\u{1b}]0;pwned\u{7}".into(),
            "red\u{1b}[31m\u{9b}\u{202e}".into(),
        ]);
        let text = t.render();
        assert!(
            !text
                .chars()
                .any(|c| c != '\n' && crate::domain::text::is_unsafe_char(c))
        );
        assert!(text.contains("a\\u{1b}]0;pwned\\u{7}"), "{text}");
        assert!(text.contains("red\\u{1b}[31m\\u{9b}\\u{202e}"), "{text}");
        let p = Progress::new(Box::new(|_| Some("hsm\u{1b}[2J".to_string())), false);
        let ev = JobEvent::Waiting {
            job: JobId(1),
            device: HsmSerial::new("1"),
            device_name: "x\u{7}".into(),
        };
        assert_eq!(
            p.line(&ev).unwrap(),
            "x\\u{7}: waiting for another job on this device"
        );
        // JSON keeps the text exact; serde escapes C0 controls (DEL, C1 and bidi stay as
        // characters inside the JSON string).
        let doc = serde_json::to_string(&json!({"d": "a\u{1b}]0;t\u{7}"})).unwrap();
        assert_eq!(doc, r#"{"d":"a\u001b]0;t\u0007"}"#);
        let back: Value = serde_json::from_str(&doc).unwrap();
        assert_eq!(back["d"], "a\u{1b}]0;t\u{7}");
    }

    #[test]
    fn x_5_progress_lines_name_the_device() {
        let hsm = HsmSerial::new("1582775");
        let known = hsm.clone();
        let p = Progress::new(
            Box::new(move |d| (*d == known).then(|| "lon-hsm-01".to_string())),
            false,
        );
        let ev = JobEvent::Progress {
            job: JobId(3),
            device: hsm.clone(),
            step: "read the appliance".into(),
            done: 0,
            total: 2,
        };
        assert_eq!(p.line(&ev).unwrap(), "[1/2] lon-hsm-01: read the appliance");
        let failed = JobEvent::StepFailed {
            job: JobId(3),
            device: HsmSerial::new("999"),
            step: "hsm login".into(),
            error: "wrong password".into(),
            device_output: String::new(),
            attempt: 0,
            retrying: false,
        };
        assert_eq!(
            p.line(&failed).unwrap(),
            "999: hsm login failed: wrong password"
        );
    }

    #[test]
    fn x_5_untrusted_host_key_message_says_how_to_pin() {
        let m = with_pin_hint(
            "hsm1: host key SHA256:abc (ssh-ed25519) is not trusted; nothing was sent",
        );
        assert!(m.contains("--host-key"), "{m}");
        let dotted = with_pin_hint("x is not trusted; nothing was sent. Nothing had been changed.");
        assert!(
            dotted.contains("changed. Verify") && !dotted.contains(".."),
            "{dotted}"
        );
    }
}
