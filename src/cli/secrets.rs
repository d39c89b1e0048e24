//! Where the CLI gets secrets: a masked prompt on the terminal (crossterm raw mode, `*` per
//! character, prompt on stderr) or stdin lines with an explicit `--<what>-stdin` flag. Never argv.
//!
//! Stdin is one stream for the whole invocation: with `LUNADECK_PASSWORD_STDIN=1` the login
//! password is the first line, then each `--<what>-stdin` secret takes the next line(s) in the
//! order the command documents. Buffers holding a secret are zeroized.

use super::error::{CliError, CliResult};
use secrecy::{ExposeSecret, SecretString};
use std::io::{BufRead, IsTerminal, Write};
use zeroize::Zeroize;

/// Reads secrets for one invocation.
pub struct SecretReader {
    input: Option<Box<dyn BufRead>>,
    /// Lines read from stdin so far (for messages: "stdin line 2").
    lines: usize,
    terminal: bool,
}

impl Default for SecretReader {
    fn default() -> Self {
        SecretReader::new()
    }
}

impl SecretReader {
    /// The process's stdin; the masked prompt is offered only when stdin is a terminal.
    pub fn new() -> SecretReader {
        SecretReader {
            input: None,
            lines: 0,
            terminal: std::io::stdin().is_terminal(),
        }
    }

    /// A reader over given input lines (tests); `terminal` says whether prompting is possible.
    pub fn with_input(input: Box<dyn BufRead>, terminal: bool) -> SecretReader {
        SecretReader {
            input: Some(input),
            lines: 0,
            terminal,
        }
    }

    /// One secret: the next stdin line when `from_stdin`, else the masked prompt.
    pub fn read(&mut self, what: &str, from_stdin: bool, flag: &str) -> CliResult<SecretString> {
        if from_stdin {
            return self.stdin_line(what);
        }
        if !self.terminal {
            return Err(CliError::refused(format!(
                "the {what} is needed but there is no terminal to type it: run interactively, \
                 or pass {flag} and give it as a line on stdin (secrets are never accepted as \
                 arguments)"
            )));
        }
        prompt(what)
    }

    /// A secret the seed says is typed twice: two stdin lines, or two prompts; they must match.
    pub fn read_twice(
        &mut self,
        what: &str,
        from_stdin: bool,
        flag: &str,
    ) -> CliResult<SecretString> {
        let first = self.read(what, from_stdin, flag)?;
        let again = self.read(&format!("{what} again"), from_stdin, flag)?;
        if first.expose_secret() != again.expose_secret() {
            return Err(CliError::refused(format!(
                "the two {what} entries differ; nothing was done"
            )));
        }
        Ok(first)
    }

    /// The next stdin line (without its line ending) as a secret.
    pub fn stdin_line(&mut self, what: &str) -> CliResult<SecretString> {
        let input = self
            .input
            .get_or_insert_with(|| Box::new(std::io::BufReader::new(std::io::stdin())));
        let mut line = String::new();
        let read = input.read_line(&mut line);
        self.lines += 1;
        let n = self.lines;
        let result = match read {
            Ok(0) => Err(CliError::refused(format!(
                "expected the {what} on stdin line {n}, but stdin ended"
            ))),
            Err(e) => Err(CliError::refused(format!(
                "cannot read the {what} from stdin line {n}: {e}"
            ))),
            Ok(_) => {
                let value = line.trim_end_matches(['\n', '\r']);
                if value.is_empty() {
                    Err(CliError::refused(format!(
                        "the {what} on stdin line {n} is empty"
                    )))
                } else {
                    Ok(SecretString::from(value.to_string()))
                }
            }
        };
        line.zeroize();
        result
    }
}

/// Leaves raw mode however the prompt ends.
struct RawMode;

impl RawMode {
    fn enter() -> CliResult<RawMode> {
        crossterm::terminal::enable_raw_mode()
            .map_err(|e| CliError::failed(format!("cannot prepare the terminal: {e}")))?;
        Ok(RawMode)
    }
}

impl Drop for RawMode {
    fn drop(&mut self) {
        let _ = crossterm::terminal::disable_raw_mode();
    }
}

/// The masked prompt: text and one `*` per character on stderr; Esc or Ctrl-C cancels.
fn prompt(what: &str) -> CliResult<SecretString> {
    use crossterm::event::{Event, KeyCode, KeyEventKind, KeyModifiers, read};
    let mut err = std::io::stderr();
    let _ = write!(err, "{}: ", capitalized(what));
    let _ = err.flush();
    let mut buf = String::new();
    let outcome = {
        let _raw = RawMode::enter()?;
        loop {
            let event = match read() {
                Ok(e) => e,
                Err(e) => break Err(CliError::failed(format!("cannot read the terminal: {e}"))),
            };
            let Event::Key(key) = event else { continue };
            if key.kind == KeyEventKind::Release {
                continue;
            }
            let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
            match key.code {
                KeyCode::Enter => break Ok(()),
                KeyCode::Esc => break Err(CliError::refused("cancelled; nothing was done")),
                KeyCode::Char('c' | 'd') if ctrl => {
                    break Err(CliError::refused("cancelled; nothing was done"));
                }
                KeyCode::Backspace if buf.pop().is_some() => {
                    let _ = write!(err, "\u{8} \u{8}");
                }
                KeyCode::Char(c) if !ctrl => {
                    buf.push(c);
                    let _ = write!(err, "*");
                }
                _ => {}
            }
            let _ = err.flush();
        }
    };
    let _ = writeln!(err, "\r");
    let result = outcome.and_then(|()| {
        if buf.is_empty() {
            Err(CliError::refused(format!(
                "no {what} was typed; nothing was done"
            )))
        } else {
            Ok(SecretString::from(buf.clone()))
        }
    });
    buf.zeroize();
    result
}

fn capitalized(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use super::*;
    use std::io::Cursor;

    fn reader(text: &str, terminal: bool) -> SecretReader {
        SecretReader::with_input(Box::new(Cursor::new(text.to_string())), terminal)
    }

    #[test]
    fn x_5_stdin_lines_in_order() {
        let mut r = reader("first\r\nsecond\n", false);
        let a = r.read("SO password", true, "--so-password-stdin").unwrap();
        let b = r
            .read("SSH password", true, "--ssh-password-stdin")
            .unwrap();
        assert_eq!((a.expose_secret(), b.expose_secret()), ("first", "second"));
        let err = r.read("PIN", true, "--pin-stdin").unwrap_err().to_string();
        assert_eq!(err, "expected the PIN on stdin line 3, but stdin ended");
    }

    #[test]
    fn x_5_empty_stdin_line_is_refused() {
        let mut r = reader("\nx\n", false);
        let err = r.read("SO password", true, "--so-password-stdin");
        assert_eq!(
            err.unwrap_err().to_string(),
            "the SO password on stdin line 1 is empty"
        );
    }

    #[test]
    fn x_5_no_terminal_and_no_flag_is_refused_with_the_flag_named() {
        let mut r = reader("ignored\n", false);
        let err = r
            .read("SO password", false, "--so-password-stdin")
            .unwrap_err();
        assert_eq!(err.exit_code(), 2);
        let msg = err.to_string();
        assert!(msg.contains("no terminal"), "{msg}");
        assert!(msg.contains("--so-password-stdin"), "{msg}");
        assert!(msg.contains("never accepted as arguments"), "{msg}");
    }

    #[test]
    fn x_5_typed_twice_must_match() {
        let mut ok = reader("pw-1\npw-1\n", false);
        let s = ok.read_twice("new password", true, "--x").unwrap();
        assert_eq!(s.expose_secret(), "pw-1");
        let mut bad = reader("pw-1\npw-2\n", false);
        let err = bad.read_twice("new password", true, "--x").unwrap_err();
        assert_eq!(
            err.to_string(),
            "the two new password entries differ; nothing was done"
        );
        let mut short = reader("pw-1\n", false);
        let err = short.read_twice("new password", true, "--x").unwrap_err();
        assert!(err.to_string().contains("new password again"), "{err}");
    }

    #[test]
    fn capitalized_first_letter() {
        assert_eq!(capitalized("SO password"), "SO password");
        assert_eq!(capitalized("password for alice"), "Password for alice");
        assert_eq!(capitalized(""), "");
    }
}
