//! One command's conversation on an open channel: read in short slices (so cancel, deadlines
//! and keep-alive work) and type what `luna::dialogue` decides; stop on a stall or a cancel.

use crate::luna::dialogue::{Dialogue, Move};
use crate::luna::shell::{Ask, ShellError};
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
    pub ask: &'a Ask<'a>,
    pub deadline: Instant,
    pub started: Instant,
    /// Set by the session's owner (a cancel, or the shell being dropped).
    pub stop: &'a AtomicBool,
    pub until: Until,
}

impl Exchange<'_> {
    fn cancelled(&self) -> bool {
        self.stop.load(Ordering::SeqCst) || self.ask.cancel.is_cancelled()
    }
}

/// Reads until the reply is complete. Returns the reply text (what was typed at secret
/// questions cut out) or the error; on an error the caller closes the channel.
pub fn converse(channel: &mut Channel, ex: &Exchange<'_>) -> Result<String, ShellError> {
    let mut dialogue = Dialogue::new(ex.target, ex.ask.secrets);
    let mut buf = [0u8; 32 * 1024];
    let mut quiet_after_result = false;
    let mut last_read = Instant::now();
    loop {
        let quiet;
        if ex.cancelled() {
            return Err(ShellError::Cancelled {
                target: ex.target.to_string(),
            });
        }
        if Instant::now() >= ex.deadline {
            return Err(ShellError::Timeout {
                target: ex.target.to_string(),
                after: ex.deadline.saturating_duration_since(ex.started),
                said: dialogue.heard(),
            });
        }
        match channel.read(&mut buf) {
            Ok(0) => {
                if channel.eof() {
                    return match ex.until {
                        Until::Eof => dialogue.finish(),
                        Until::Prompt => Err(ShellError::Dropped {
                            target: ex.target.to_string(),
                        }),
                    };
                }
                quiet = true;
            }
            Ok(n) => {
                dialogue.push(buf.get(..n).unwrap_or(&[]));
                quiet_after_result = false;
                last_read = Instant::now();
                quiet = false;
            }
            Err(e) if matches!(e.kind(), ErrorKind::TimedOut | ErrorKind::WouldBlock) => {
                if ex.until == Until::Prompt && quiet_after_result {
                    return dialogue.finish();
                }
                if last_read.elapsed() >= ex.ask.stall
                    && let Some(stall) = dialogue.stalled()
                {
                    return Err(stall);
                }
                quiet_after_result = ex.until == Until::Prompt && dialogue.has_result_line();
                quiet = true;
            }
            Err(_) => {
                return Err(ShellError::Dropped {
                    target: ex.target.to_string(),
                });
            }
        }
        match dialogue.decide(quiet) {
            Move::Read => {}
            Move::Done if ex.until == Until::Prompt => return dialogue.finish(),
            Move::Done => {}
            Move::Type(answer) => send_line(channel, answer.bytes(), ex)?,
            Move::Stop(e) => return Err(e),
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
