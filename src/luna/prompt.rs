//! Where a LunaSH/LunaCM conversation stands (any transport): what the unfinished end of the
//! output asks for, in both layouts real devices use, and how a finished reply is cleaned.
//!
//! The two layouts of a question (LUNASH.md, "Prompts and questions as real appliances print
//! them"): the question is the text of the pending last line (`Enter password for SO: `), or
//! the last non-empty line before a pending `>` line (indented by spaces, a tab, or nothing).

use super::parse::prompt::{is_confirmation, is_secret_prompt};

/// What the unfinished end of the output is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Tail {
    /// `[host] lunash:>` or `lunacm:>`: the shell waits for the next command.
    ShellPrompt,
    /// A question for a password, domain, challenge or PIN. `asked_at` is the byte offset of
    /// the question's line, `at` that of the line the answer is typed on (the pending line;
    /// the same line in the one-line layout), so a question is answered only once.
    Secret {
        question: String,
        asked_at: usize,
        at: usize,
    },
    /// A proceed/quit question, answered on the line starting at `at`.
    Confirm {
        question: String,
        asked_at: usize,
        at: usize,
    },
    /// A pending line that is the echo of a typed answer (`  > ****`).
    Echo,
    /// A pending line that is none of the above: the device may wait for input lunadeck does
    /// not understand. `last_lines` holds the last two non-empty lines, as printed.
    Unknown { at: usize, last_lines: String },
    /// Nothing is pending (the output ends with a line break, or is empty).
    Nothing,
}

/// Byte offset where the last (unfinished) line starts.
fn pending_start(buffer: &str) -> usize {
    buffer.rfind('\n').map_or(0, |i| i + 1)
}

/// The text after the last newline.
pub fn last_line(buffer: &str) -> &str {
    buffer.get(pending_start(buffer)..).unwrap_or("")
}

/// A pending `>` line (any indent, a tab, or none): the answer to the question above goes here.
pub fn is_answer_line(line: &str) -> bool {
    line.trim_matches([' ', '\t', '\r']) == ">"
}

fn is_echo_line(line: &str) -> bool {
    let t = line.trim_matches([' ', '\t', '\r']);
    t.strip_prefix('>')
        .is_some_and(|rest| rest.trim().chars().all(|c| c == '*'))
}

/// The last non-empty complete line before byte `end`, and the offset where it starts.
fn previous_line(buffer: &str, end: usize) -> Option<(usize, &str)> {
    let head = buffer.get(..end)?;
    let mut line_end = head.len();
    for (i, _) in head.match_indices('\n').rev() {
        let start = i + 1;
        if let Some(line) = head.get(start..line_end)
            && !line.trim().is_empty()
        {
            return Some((start, line.trim_end_matches('\r')));
        }
        line_end = i;
    }
    head.get(..line_end)
        .filter(|l| !l.trim().is_empty())
        .map(|l| (0, l.trim_end_matches('\r')))
}

/// The last two non-empty lines of `buffer` (the pending one included), joined by ` / `.
pub fn last_two_lines(buffer: &str) -> String {
    let mut lines: Vec<&str> = buffer
        .split('\n')
        .map(|l| l.trim_matches([' ', '\t', '\r']))
        .filter(|l| !l.is_empty())
        .rev()
        .take(2)
        .collect();
    lines.reverse();
    lines.join(" / ")
}

/// Classifies the unfinished end of `buffer`.
pub fn classify_tail(buffer: &str) -> Tail {
    let at = pending_start(buffer);
    let line = last_line(buffer).trim_end_matches('\r');
    let trimmed = line.trim_matches([' ', '\t']);
    if trimmed.is_empty() {
        return Tail::Nothing;
    }
    if trimmed.ends_with("lunash:>") || trimmed.ends_with("lunacm:>") {
        return Tail::ShellPrompt;
    }
    if is_answer_line(line) {
        return match previous_line(buffer, at) {
            Some((asked_at, q)) if is_confirmation(q) => Tail::Confirm {
                question: q.trim().to_string(),
                asked_at,
                at,
            },
            Some((asked_at, q)) if is_secret_prompt(q) => Tail::Secret {
                question: q.trim().to_string(),
                asked_at,
                at,
            },
            _ => Tail::Unknown {
                at,
                last_lines: last_two_lines(buffer),
            },
        };
    }
    if is_echo_line(line) {
        return Tail::Echo;
    }
    if is_confirmation(line) {
        return Tail::Confirm {
            question: trimmed.to_string(),
            asked_at: at,
            at,
        };
    }
    if is_secret_prompt(line) {
        return Tail::Secret {
            question: trimmed.to_string(),
            asked_at: at,
            at,
        };
    }
    Tail::Unknown {
        at,
        last_lines: last_two_lines(buffer),
    }
}

/// Whether a complete `Command Result :` line has been read (the end of a command's output
/// when the shell prints no prompt, as LunaSH does without a terminal).
pub fn has_result_line(buffer: &str) -> bool {
    let complete = match buffer.rfind('\n') {
        Some(i) => buffer.get(..i).unwrap_or(""),
        None => return false,
    };
    complete
        .lines()
        .any(|l| l.trim_start().starts_with("Command Result :"))
}

/// Turns raw output into the reply text: CRLF to LF, the echoed command line and the trailing
/// prompt removed.
pub fn clean_reply(raw: &str, command: &str) -> String {
    let text = raw.replace("\r\n", "\n").replace('\r', "");
    let mut lines: Vec<&str> = text.split('\n').collect();
    if let Some(first) = lines.first() {
        let first = first.trim();
        let echoed = first == command.trim()
            || first.ends_with(&format!(":>{}", command.trim()))
            || first.ends_with(&format!(":> {}", command.trim()));
        if echoed {
            lines.remove(0);
        }
    }
    if let Some(last) = lines.last()
        && matches!(classify_tail(last), Tail::ShellPrompt)
    {
        lines.pop();
    }
    let mut out = lines.join("\n");
    if !out.ends_with('\n') && !out.is_empty() {
        out.push('\n');
    }
    out
}

#[cfg(test)]
#[path = "prompt_tests.rs"]
mod tests;
