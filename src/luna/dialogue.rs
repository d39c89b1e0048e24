//! One command's conversation, whatever the transport: decides from the output what to type
//! (the next secret, `quit`), when the reply is complete, and hides what was typed at secrets.
//!
//! Pure: the transport feeds the bytes it read and types what `next` says. What was typed at
//! a secret question (the echo after it, or the whole `  > ****` answer line) never leaves.

use super::prompt::{Tail, classify_tail, has_result_line, last_two_lines};
use super::shell::ShellError;
use crate::domain::text::neutralize_line;
use secrecy::{ExposeSecret, SecretString};

/// What the transport types next.
pub enum Answer<'s> {
    Secret(&'s SecretString),
    /// The answer to a proceed/quit question: lunadeck always sends `-force`, so a question
    /// that still comes is unexpected and refused.
    Quit,
}

impl Answer<'_> {
    /// The bytes to type (without the line break).
    pub fn bytes(&self) -> &[u8] {
        match self {
            Answer::Secret(s) => s.expose_secret().as_bytes(),
            Answer::Quit => b"quit",
        }
    }
}

/// What to do after the last bytes read.
pub enum Move<'s> {
    /// Read more.
    Read,
    /// Type this, then a line break.
    Type(Answer<'s>),
    /// The shell prompt is back: the reply is complete.
    Done,
    /// Stop the command (close the channel; never type anything more).
    Stop(ShellError),
}

/// Where typed text is echoed, to be cut from the reply.
#[derive(Debug, Clone, Copy)]
struct Typed {
    from: usize,
    /// Two-line layout: the whole `> ` line goes (with its line break); one-line layout: from
    /// the end of the question to the end of the line.
    whole_line: bool,
}

/// Where the last answered question and its answer line start.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Answered {
    question: usize,
    line: usize,
}

pub struct Dialogue<'a> {
    target: &'a str,
    secrets: &'a [SecretString],
    next_secret: usize,
    bytes: Vec<u8>,
    classified: usize,
    /// The question last answered: a question is answered once.
    answered: Option<Answered>,
    typed: Vec<Typed>,
    question: Option<String>,
}

impl<'a> Dialogue<'a> {
    pub fn new(target: &'a str, secrets: &'a [SecretString]) -> Dialogue<'a> {
        Dialogue {
            target,
            secrets,
            next_secret: 0,
            bytes: Vec::new(),
            classified: 0,
            answered: None,
            typed: Vec::new(),
            question: None,
        }
    }

    pub fn push(&mut self, data: &[u8]) {
        self.bytes.extend_from_slice(data);
    }

    /// Puts `data` before the pending line (output that arrived late on another stream but
    /// belongs before the prompt). Offsets of what was typed stay valid: they lie before it.
    pub fn insert_before_pending(&mut self, data: &[u8]) {
        let at = self
            .bytes
            .iter()
            .rposition(|b| *b == b'\n')
            .map_or(0, |i| i + 1);
        let tail = self.bytes.split_off(at);
        self.bytes.extend_from_slice(data);
        self.bytes.extend(tail);
        self.classified = self.bytes.len();
    }

    /// Whether anything at all was read.
    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.bytes).into_owned()
    }

    /// Decides on what was read. `quiet`: the device has printed nothing more for a read
    /// slice. A question on the pending line itself (the one-line layout) is only answered
    /// then: its line may still be going on (`...password:` then `\n  > ` in the next chunk).
    pub fn decide(&mut self, quiet: bool) -> Move<'a> {
        if self.bytes.len() == self.classified && !quiet {
            return Move::Read;
        }
        self.classified = self.bytes.len();
        let text = self.text();
        let (question, asked_at, at, secret) = match classify_tail(&text) {
            Tail::ShellPrompt => return Move::Done,
            Tail::Secret {
                question,
                asked_at,
                at,
            } => (question, asked_at, at, true),
            Tail::Confirm {
                question,
                asked_at,
                at,
            } => (question, asked_at, at, false),
            Tail::Echo | Tail::Nothing | Tail::Unknown { .. } => return Move::Read,
        };
        if let Some(done) = self.answered {
            if done.line == at {
                return Move::Read;
            }
            if done.question == asked_at {
                // Answered on its own line while the `> ` line was still on its way: the
                // answer stands; the whole `> ` line is what gets cut.
                self.answered = Some(Answered {
                    question: asked_at,
                    line: at,
                });
                if let Some(last) = self.typed.last_mut().filter(|_| secret) {
                    *last = Typed {
                        from: at,
                        whole_line: true,
                    };
                }
                return Move::Read;
            }
        }
        let one_line = asked_at == at;
        if one_line && !quiet {
            return Move::Read;
        }
        self.answered = Some(Answered {
            question: asked_at,
            line: at,
        });
        if !secret {
            self.question.get_or_insert(neutralize_line(&question));
            return Move::Type(Answer::Quit);
        }
        // An empty answer is never typed: at `hsm login` it would be one failed SO login.
        let next = self.secrets.get(self.next_secret);
        let Some(secret) = next.filter(|s| !s.expose_secret().is_empty()) else {
            return Move::Stop(ShellError::MissingSecret {
                target: self.target.to_string(),
                prompt: neutralize_line(&question),
            });
        };
        self.next_secret += 1;
        self.typed.push(Typed {
            from: if one_line { self.bytes.len() } else { at },
            whole_line: !one_line,
        });
        Move::Type(Answer::Secret(secret))
    }

    /// After the device has been quiet for the stall period: the error to stop with when a
    /// pending line waits for input lunadeck does not understand (never answered).
    pub fn stalled(&self) -> Option<ShellError> {
        match classify_tail(&self.text()) {
            Tail::Unknown { at, .. } if self.answered.is_some_and(|a| a.line == at) => None,
            Tail::Unknown { .. } => Some(ShellError::Stalled {
                target: self.target.to_string(),
                last_lines: self.heard(),
            }),
            _ => None,
        }
    }

    /// A complete `Command Result :` line was read.
    pub fn has_result_line(&self) -> bool {
        has_result_line(&self.text())
    }

    /// The reply so far with everything typed at secret questions cut out.
    fn shown(&self) -> String {
        let mut cuts: Vec<(usize, usize)> = self
            .typed
            .iter()
            .map(|t| {
                let rest = self.bytes.get(t.from..).unwrap_or(&[]);
                let end = rest
                    .iter()
                    .position(|b| *b == b'\n')
                    .map_or(self.bytes.len(), |i| t.from + i + usize::from(t.whole_line));
                (t.from, end)
            })
            .collect();
        cuts.sort_unstable();
        let mut out = Vec::with_capacity(self.bytes.len());
        let mut at = 0;
        for (from, end) in cuts {
            if from > at {
                out.extend_from_slice(self.bytes.get(at..from).unwrap_or(&[]));
            }
            at = at.max(end);
        }
        out.extend_from_slice(self.bytes.get(at..).unwrap_or(&[]));
        String::from_utf8_lossy(&out).into_owned()
    }

    /// The last two non-empty lines printed (what was typed at secrets cut), neutralized for a
    /// terminal: what a timeout or a stall message quotes.
    pub fn heard(&self) -> String {
        neutralize_line(&last_two_lines(&self.shown()))
    }

    /// The reply, or the refusal of a proceed/quit question that was answered `quit`.
    pub fn finish(self) -> Result<String, ShellError> {
        if let Some(question) = &self.question {
            return Err(ShellError::UnexpectedQuestion {
                target: self.target.to_string(),
                question: question.clone(),
            });
        }
        Ok(self.shown())
    }
}

#[cfg(test)]
#[path = "dialogue_tests.rs"]
mod tests;
