//! One command's conversation on an open channel: read in short slices (so cancel, deadlines
//! and keep-alive work), answer secret prompts from the answers handed in, refuse stray questions.

use crate::luna::prompt::{Tail, classify_tail, has_result_line, scrub};
use crate::luna::shell::ShellError;
use secrecy::{ExposeSecret, SecretString};
use ssh2::Channel;
use std::io::{ErrorKind, Read, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

/// When the command's output is complete.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Until {
    /// Interactive shell: the next prompt, or a result line followed by a quiet slice (LunaSH
    /// without a terminal prints no prompt).
    Prompt,
    /// `exec`: the end of the channel.
    Eof,
}

pub struct Exchange<'a> {
    pub target: &'a str,
    pub answers: &'a [SecretString],
    pub deadline: Instant,
    pub started: Instant,
    pub cancel: &'a AtomicBool,
    pub until: Until,
}

/// Reads until the reply is complete. Returns the raw text (secrets scrubbed) or the error.
pub fn converse(channel: &mut Channel, ex: &Exchange<'_>) -> Result<String, ShellError> {
    let mut bytes: Vec<u8> = Vec::new();
    let mut buf = [0u8; 32 * 1024];
    let mut next_answer = 0usize;
    let mut classified_upto = 0usize;
    let mut question: Option<String> = None;
    let mut quiet_after_result = false;
    loop {
        if ex.cancel.load(Ordering::SeqCst) {
            return Err(ShellError::Cancelled {
                target: ex.target.to_string(),
            });
        }
        if Instant::now() >= ex.deadline {
            return Err(ShellError::Timeout {
                target: ex.target.to_string(),
                after: ex.deadline.saturating_duration_since(ex.started),
            });
        }
        match channel.read(&mut buf) {
            Ok(0) => {
                if channel.eof() {
                    return match ex.until {
                        Until::Eof => finish(bytes, ex, question),
                        Until::Prompt => Err(ShellError::Dropped {
                            target: ex.target.to_string(),
                        }),
                    };
                }
            }
            Ok(n) => {
                bytes.extend_from_slice(buf.get(..n).unwrap_or(&[]));
                quiet_after_result = false;
            }
            Err(e) if matches!(e.kind(), ErrorKind::TimedOut | ErrorKind::WouldBlock) => {
                if ex.until == Until::Prompt && quiet_after_result {
                    return finish(bytes, ex, question);
                }
                let text = String::from_utf8_lossy(&bytes);
                quiet_after_result = ex.until == Until::Prompt && has_result_line(&text);
                continue;
            }
            Err(_) => {
                return Err(ShellError::Dropped {
                    target: ex.target.to_string(),
                });
            }
        }
        if bytes.len() == classified_upto {
            continue;
        }
        classified_upto = bytes.len();
        let text = String::from_utf8_lossy(&bytes);
        match classify_tail(&text) {
            Tail::ShellPrompt if ex.until == Until::Prompt => return finish(bytes, ex, question),
            Tail::SecretPrompt(prompt) => {
                let Some(secret) = ex.answers.get(next_answer) else {
                    let _ = channel.write_all(b"\n");
                    return Err(ShellError::MissingSecret {
                        target: ex.target.to_string(),
                        prompt,
                    });
                };
                next_answer += 1;
                send_line(channel, secret.expose_secret().as_bytes(), ex)?;
            }
            Tail::Question(q) => {
                question.get_or_insert(q);
                send_line(channel, b"quit", ex)?;
            }
            _ => {}
        }
    }
}

fn send_line(channel: &mut Channel, data: &[u8], ex: &Exchange<'_>) -> Result<(), ShellError> {
    let dropped = |_| ShellError::Dropped {
        target: ex.target.to_string(),
    };
    channel.write_all(data).map_err(dropped)?;
    channel.write_all(b"\n").map_err(dropped)?;
    channel.flush().map_err(dropped)
}

fn finish(
    bytes: Vec<u8>,
    ex: &Exchange<'_>,
    question: Option<String>,
) -> Result<String, ShellError> {
    if let Some(question) = question {
        return Err(ShellError::UnexpectedQuestion {
            target: ex.target.to_string(),
            question,
        });
    }
    Ok(scrub(
        String::from_utf8_lossy(&bytes).into_owned(),
        ex.answers,
    ))
}
