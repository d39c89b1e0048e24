//! Reading a LunaSH/LunaCM conversation (any transport): what the tail of the output asks for (shell prompt,
//! secret prompt, proceed/quit question) and how a finished reply is cleaned. Pure functions.

use super::parse::prompt::{is_confirmation, is_secret_prompt};
use secrecy::{ExposeSecret, SecretString};

/// What the last, unfinished line of output is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Tail {
    /// `[host] lunash:>` or `lunacm:>`: the shell waits for the next command.
    ShellPrompt,
    /// A prompt for a password, domain, challenge or PIN.
    SecretPrompt(String),
    /// `Type 'proceed' to continue, or 'quit' to quit now ->`.
    Question(String),
    Nothing,
}

/// The text after the last newline.
pub fn last_line(buffer: &str) -> &str {
    match buffer.rfind('\n') {
        Some(i) => buffer.get(i + 1..).unwrap_or(""),
        None => buffer,
    }
}

/// Classifies the unfinished last line of `buffer`.
pub fn classify_tail(buffer: &str) -> Tail {
    let line = last_line(buffer).trim_end_matches(['\r', ' ', '\t']);
    if line.is_empty() {
        return Tail::Nothing;
    }
    if line.ends_with("lunash:>") || line.ends_with("lunacm:>") {
        return Tail::ShellPrompt;
    }
    if is_confirmation(line) {
        return Tail::Question(line.to_string());
    }
    if is_secret_prompt(line) {
        return Tail::SecretPrompt(line.to_string());
    }
    Tail::Nothing
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
    if let Some(last) = lines.last() {
        if matches!(classify_tail(last), Tail::ShellPrompt) {
            lines.pop();
        }
    }
    let mut out = lines.join("\n");
    if !out.ends_with('\n') && !out.is_empty() {
        out.push('\n');
    }
    out
}

/// Replaces any secret a misbehaving peer echoed back in clear text, so it cannot reach a
/// reply, a log or a transcript.
pub fn scrub(mut text: String, answers: &[SecretString]) -> String {
    for secret in answers {
        let s = secret.expose_secret();
        if !s.is_empty() && text.contains(s) {
            text = text.replace(s, "********");
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn x_1_recognises_tails() {
        let cases = [
            ("banner\n[hsm1.example.com] lunash:>", Tail::ShellPrompt),
            ("lunacm:>", Tail::ShellPrompt),
            (
                "x\nPlease enter the HSM Administrators' password:",
                Tail::SecretPrompt("Please enter the HSM Administrators' password:".into()),
            ),
            (
                "Please re-enter domain to confirm: ",
                Tail::SecretPrompt("Please re-enter domain to confirm:".into()),
            ),
            (
                "Type 'proceed' to continue, or 'quit' to quit now -> ",
                Tail::Question("Type 'proceed' to continue, or 'quit' to quit now ->".into()),
            ),
            ("Partition Name:   p1\n", Tail::Nothing),
            ("Partition Label:", Tail::Nothing),
            ("", Tail::Nothing),
        ];
        for (input, want) in cases {
            assert_eq!(classify_tail(input), want, "{input:?}");
        }
    }

    #[test]
    fn x_1_result_line_must_be_complete() {
        assert!(!has_result_line("Command Result : 0 (Succ"));
        assert!(has_result_line("ok\n\nCommand Result : 0 (Success)\n"));
        assert!(has_result_line("Command Result : No Error\r\n"));
        assert!(!has_result_line("nothing here\n"));
    }

    #[test]
    fn x_1_clean_reply_strips_echo_prompt_and_cr() {
        let raw = "partition list\r\nThere are no partitions.\r\n\r\nCommand Result : 0 (Success)\r\n[hsm1] lunash:>";
        assert_eq!(
            clean_reply(raw, "partition list"),
            "There are no partitions.\n\nCommand Result : 0 (Success)\n"
        );
        let raw = "[hsm1] lunash:>hsm show\nx\n";
        assert_eq!(clean_reply(raw, "hsm show"), "x\n");
        assert_eq!(clean_reply("a\nb", "c"), "a\nb\n");
    }

    #[test]
    fn x_4_scrub_removes_echoed_secrets() {
        let answers = [SecretString::from("S3cret!pw"), SecretString::from("")];
        let out = scrub("> S3cret!pw\nok S3cret!pw\n".into(), &answers);
        assert_eq!(out, "> ********\nok ********\n");
        assert!(!out.contains("S3cret"));
    }
}
