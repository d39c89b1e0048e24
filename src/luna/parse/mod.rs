//! Parsers for LunaSH and LunaCM output: pure functions from text to typed values, tolerant of
//! unknown lines and spacing, never panicking; failures quote the offending line.

pub mod accumulator;
pub mod client;
pub mod cm_contents;
pub mod hagroup;
pub mod hsm_show;
pub mod noise;
pub mod outcome;
pub mod partition_list;
pub mod partition_show;
pub mod prompt;
pub mod prompt_samples;
pub mod samples;
pub mod show_contents;
pub mod slot_list;

pub use accumulator::LineAccumulator;
pub use client::{ClientShow, parse_client_fingerprint, parse_client_list, parse_client_show};
pub use cm_contents::parse_cm_contents;
pub use hagroup::{HaGroup, HaMember, parse_hagroup_list};
pub use hsm_show::{HsmShow, parse_hsm_show};
pub use noise::strip_session_noise;
pub use outcome::{ErrorCode, LunaErrorKind, LunaOutcome, parse_outcome, success_command};
pub use partition_list::{PartitionRow, parse_partition_list};
pub use partition_show::{PartitionShow, parse_partition_show};
pub use prompt::{is_confirmation, is_secret_prompt};
pub use show_contents::{PartitionContents, parse_show_contents};
pub use slot_list::{Slot, SlotList, parse_slot_list};

use std::fmt;

/// Why an output could not be read. `line_no` is 1-based; 0 means "the whole output" (a required
/// line is missing), and then `line` is empty.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct ParseError {
    pub line_no: usize,
    pub line: String,
    pub reason: String,
}

impl ParseError {
    pub fn at(line_no: usize, line: &str, reason: impl Into<String>) -> Self {
        ParseError {
            line_no,
            line: line.to_string(),
            reason: reason.into(),
        }
    }

    /// A required line is absent from the whole output.
    pub fn missing(what: &str) -> Self {
        ParseError {
            line_no: 0,
            line: String::new(),
            reason: format!("the output has no '{what}' line"),
        }
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line_no == 0 {
            write!(f, "{}", self.reason)
        } else {
            write!(
                f,
                "line {}: {}: \"{}\"",
                self.line_no,
                self.reason,
                self.line.escape_debug()
            )
        }
    }
}

/// Lines numbered from 1, with CRLF endings already handled by `str::lines`.
pub(crate) fn numbered(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines().enumerate().map(|(i, l)| (i + 1, l))
}

/// `key: value` split on the first `:`, both trimmed. None when there is no `:`.
pub(crate) fn split_colon(line: &str) -> Option<(&str, &str)> {
    line.split_once(':').map(|(k, v)| (k.trim(), v.trim()))
}

/// `key -> value` (LunaCM) split on the first `->`, both trimmed.
pub(crate) fn split_arrow(line: &str) -> Option<(&str, &str)> {
    line.split_once("->").map(|(k, v)| (k.trim(), v.trim()))
}

/// Parses an unsigned number (the whole trimmed text), quoting the line on failure.
pub(crate) fn number<T: std::str::FromStr>(
    text: &str,
    line_no: usize,
    line: &str,
    what: &str,
) -> Result<T, ParseError> {
    text.trim()
        .parse()
        .map_err(|_| ParseError::at(line_no, line, format!("{what} is not a number")))
}

/// The leading run of digits of `text` (`3 before HSM zeroization!` → 3).
pub(crate) fn leading_number<T: std::str::FromStr>(text: &str) -> Option<T> {
    let t = text.trim_start();
    let end = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    t.get(..end).and_then(|d| d.parse().ok())
}

/// `yes`/`no`, `enabled`/`disabled`, `true`/`false` (case-insensitive).
pub(crate) fn yes_no(text: &str) -> Option<bool> {
    match text.trim().to_ascii_lowercase().as_str() {
        "yes" | "enabled" | "true" | "on" => Some(true),
        "no" | "disabled" | "false" | "off" => Some(false),
        _ => None,
    }
}

/// Lines every parser skips: the result line and error lines (read by `parse_outcome`).
pub(crate) fn is_trailer(line: &str) -> bool {
    let t = line.trim_start();
    t.starts_with("Command Result") || t.starts_with("Error:")
}

/// `Total=648381, Used=496, Free=647885` → storage.
pub(crate) fn storage_triple(
    text: &str,
    line_no: usize,
    line: &str,
) -> Result<crate::domain::device::Storage, ParseError> {
    let mut storage = crate::domain::device::Storage::default();
    let mut seen = 0;
    for part in text.split(',') {
        let Some((k, v)) = part.split_once('=') else {
            continue;
        };
        let n: u64 = number(v, line_no, line, k.trim())?;
        match k.trim().to_ascii_lowercase().as_str() {
            "total" => storage.total = n,
            "used" => storage.used = n,
            "free" => storage.free = n,
            _ => continue,
        }
        seen += 1;
    }
    if seen < 3 {
        return Err(ParseError::at(
            line_no,
            line,
            "expected Total=, Used= and Free=",
        ));
    }
    Ok(storage)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_error_quotes_the_line() {
        let e = ParseError::at(4, "Serial #:  x\ty", "bad serial");
        assert_eq!(e.to_string(), "line 4: bad serial: \"Serial #:  x\\ty\"");
        let m = ParseError::missing("Serial #");
        assert_eq!(m.to_string(), "the output has no 'Serial #' line");
    }

    #[test]
    fn helpers_split_and_number() {
        assert_eq!(split_colon(" a b :  c:d "), Some(("a b", "c:d")));
        assert_eq!(split_arrow("\tLabel ->   x y"), Some(("Label", "x y")));
        assert_eq!(leading_number::<u32>(" 3 before"), Some(3));
        assert_eq!(leading_number::<u32>("HSM IS"), None);
        assert_eq!(yes_no("Enabled"), Some(true));
        assert_eq!(yes_no("maybe"), None);
        let s = storage_triple("Total=1, Used=0, Free=1", 1, "l").unwrap();
        assert_eq!((s.total, s.used, s.free), (1, 0, 1));
        let e = storage_triple("Total=1, Used=x, Free=1", 7, "l").unwrap_err();
        assert_eq!(e.line_no, 7);
        assert!(e.reason.contains("Used"), "{e}");
        assert!(storage_triple("Total=1", 2, "l").is_err());
    }
}
