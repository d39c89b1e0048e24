//! The end of every command: LunaSH `Command Result : 0 (Success)` / `65535 (...)` with its
//! `Error:  ...` lines, LunaCM `Command Result : No Error` / `0xa0 (NAME)`, and a typed classifier.

use super::{ParseError, numbered};

/// A device error code: `C000040A : RC_OBJECT_NOT_IN_LIST` (LunaSH) or `0xa0 (CKR_PIN_INCORRECT)`
/// (LunaCM; `hex` is kept without the `0x`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorCode {
    pub hex: String,
    pub name: String,
}

/// What the device said about the command as a whole.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LunaOutcome {
    /// The result line says success (`0 (Success)` or `No Error`).
    pub ok: bool,
    /// The first coded error (`Error:  ... (<HEX> : <NAME>)` or LunaCM's result code).
    pub code: Option<ErrorCode>,
    /// The text of every `Error:` line in order, without `Error:` and without the code.
    pub messages: Vec<String>,
}

/// The errors the console reacts to differently.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LunaErrorKind {
    /// `RC_OBJECT_NOT_IN_LIST`: no such partition or client.
    ObjectNotInList,
    /// `LUNA_RET_UM_PIN_INCORRECT` / `CKR_PIN_INCORRECT`: wrong password. Never retry an SO login.
    PinIncorrect,
    /// `LUNA_RET_SO_LOGIN_FAILURE_THRESHOLD`: the HSM has been zeroized after failed SO logins.
    SoLoginThreshold,
    /// `LUNA_RET_ATTRIBUTE_VALUE_INVALID` or `RC_OBJECT_ALREADY_EXISTS`: the label or name is taken.
    DuplicateLabel,
    /// `CKR_LICENSE_CAPACITY_EXCEEDED`: all licensed partitions are in use.
    LicenceExceeded,
    /// `LUNA_RET_SM_NOT_ENOUGH_MEMORY`: not enough free storage on the HSM.
    NotEnoughMemory,
    /// `LUNA_RET_USER_NOT_AUTHORIZED`: not logged in as HSM SO (or the HSM is zeroized).
    NotAuthorized,
    /// `Unable to communicate with HSM`: the HSM card is not answering.
    HsmNotAnswering,
    /// Any other failure; read `code` and `messages`.
    Other,
}

impl LunaOutcome {
    /// None when the command succeeded.
    pub fn kind(&self) -> Option<LunaErrorKind> {
        if self.ok {
            return None;
        }
        let by_name = self.code.as_ref().and_then(|c| kind_of_name(&c.name));
        if let Some(kind) = by_name {
            return Some(kind);
        }
        if self
            .messages
            .iter()
            .any(|m| m.contains("Unable to communicate with HSM"))
        {
            return Some(LunaErrorKind::HsmNotAnswering);
        }
        Some(LunaErrorKind::Other)
    }

    /// `Login failed. <n> attempts left before HSM zeroization.` → n.
    pub fn attempts_left(&self) -> Option<u32> {
        self.messages.iter().find_map(|m| {
            let before = m
                .split("attempts left")
                .next()
                .filter(|_| m.contains("attempts left"))?;
            before.split_whitespace().last()?.parse().ok()
        })
    }

    /// One sentence for the user: the messages joined, or the code, or a generic failure.
    pub fn summary(&self) -> String {
        if self.ok {
            return "success".to_string();
        }
        let mut text = self.messages.join(" ");
        if let Some(code) = &self.code {
            if !text.is_empty() {
                text.push(' ');
            }
            text.push_str(&format!("({} : {})", code.hex, code.name));
        }
        if text.is_empty() {
            text = "the command failed".to_string();
        }
        text
    }
}

fn kind_of_name(name: &str) -> Option<LunaErrorKind> {
    Some(match name {
        "RC_OBJECT_NOT_IN_LIST" => LunaErrorKind::ObjectNotInList,
        "LUNA_RET_UM_PIN_INCORRECT" | "CKR_PIN_INCORRECT" => LunaErrorKind::PinIncorrect,
        "LUNA_RET_SO_LOGIN_FAILURE_THRESHOLD" => LunaErrorKind::SoLoginThreshold,
        "LUNA_RET_ATTRIBUTE_VALUE_INVALID" | "RC_OBJECT_ALREADY_EXISTS" => {
            LunaErrorKind::DuplicateLabel
        }
        "CKR_LICENSE_CAPACITY_EXCEEDED" => LunaErrorKind::LicenceExceeded,
        "LUNA_RET_SM_NOT_ENOUGH_MEMORY" => LunaErrorKind::NotEnoughMemory,
        "LUNA_RET_USER_NOT_AUTHORIZED" => LunaErrorKind::NotAuthorized,
        _ => return None,
    })
}

/// Reads the result line (the last `Command Result` line) and every `Error:` line.
pub fn parse_outcome(text: &str) -> Result<LunaOutcome, ParseError> {
    let mut result: Option<(usize, &str)> = None;
    let mut code = None;
    let mut messages = Vec::new();
    for (n, line) in numbered(text) {
        let t = line.trim();
        if t.starts_with("Command Result") {
            result = Some((n, line));
        } else if let Some(rest) = t.strip_prefix("Error:") {
            let (message, found) = split_code(rest.trim());
            if code.is_none() {
                code = found;
            }
            if !message.is_empty() {
                messages.push(message.to_string());
            }
        }
    }
    let (n, line) = result.ok_or_else(|| ParseError::missing("Command Result"))?;
    let value = line
        .split_once(':')
        .map(|(_, v)| v.trim())
        .ok_or_else(|| ParseError::at(n, line, "the result line has no ':'"))?;
    let ok = if value.eq_ignore_ascii_case("No Error") {
        true
    } else if let Some(hex) = value
        .strip_prefix("0x")
        .or_else(|| value.strip_prefix("0X"))
    {
        let (hex, name) = match hex.split_once('(') {
            Some((h, rest)) => (h.trim(), rest.trim_end().trim_end_matches(')').trim()),
            None => (hex.trim(), ""),
        };
        if hex.is_empty() || !hex.chars().all(|c| c.is_ascii_hexdigit()) {
            return Err(ParseError::at(
                n,
                line,
                "the result code is not hexadecimal",
            ));
        }
        let ok = hex.trim_start_matches('0').is_empty();
        if !ok && code.is_none() {
            code = Some(ErrorCode {
                hex: hex.to_string(),
                name: name.to_string(),
            });
        }
        ok
    } else {
        let digits: String = value.chars().take_while(char::is_ascii_digit).collect();
        let number: u32 = digits.parse().map_err(|_| {
            ParseError::at(n, line, "the result is neither a number nor 'No Error'")
        })?;
        number == 0
    };
    Ok(LunaOutcome { ok, code, messages })
}

/// `'client show' failed. (C000040A : RC_OBJECT_NOT_IN_LIST)` → message and code.
fn split_code(text: &str) -> (&str, Option<ErrorCode>) {
    let parsed = text
        .strip_suffix(')')
        .and_then(|t| t.rsplit_once('('))
        .and_then(|(msg, inner)| {
            let (hex, name) = inner.split_once(':')?;
            let (hex, name) = (hex.trim(), name.trim());
            let hex_ok = !hex.is_empty() && hex.chars().all(|c| c.is_ascii_hexdigit());
            let name_ok = !name.is_empty()
                && name
                    .chars()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_');
            (hex_ok && name_ok).then(|| {
                (
                    msg.trim(),
                    ErrorCode {
                        hex: hex.to_string(),
                        name: name.to_string(),
                    },
                )
            })
        });
    match parsed {
        Some((msg, code)) => (msg, Some(code)),
        None => (text, None),
    }
}

/// `'client assignPartition' successful.` → the canonical command name.
pub fn success_command(text: &str) -> Option<String> {
    text.lines().find_map(|l| {
        let t = l.trim().strip_suffix("' successful.")?;
        Some(t.strip_prefix('\'')?.to_string())
    })
}

#[cfg(test)]
#[path = "outcome_tests.rs"]
mod tests;
