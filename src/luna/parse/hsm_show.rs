//! `hsm show` → the appliance's facts, HSM serial, partitions, SO login state and attempts left
//! (DEV-1). Lines are `label: value`; unknown lines are ignored, required ones must be present.
//! The licence lines are optional as a pair: 5.x prints neither (licences unknown).

use super::{ParseError, is_trailer, leading_number, number, numbered, split_colon, yes_no};
use crate::domain::device::{AuthMethod, FmState, HsmFacts, Licences, Performance, Storage};
use crate::domain::ids::{HsmSerial, PartitionSerial};
use crate::domain::version::Version;

/// What `hsm show` says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HsmShow {
    pub serial: HsmSerial,
    pub facts: HsmFacts,
    /// `Partition: <serial>, Name: <name>` lines, in order.
    pub partitions: Vec<(PartitionSerial, String)>,
    /// `HSM Admin login status: Logged In`.
    pub so_logged_in: bool,
    /// None when zeroized or not printed.
    pub attempts_left: Option<u32>,
}

#[derive(Default)]
struct Seen {
    software: Option<Version>,
    firmware: Option<Version>,
    label: Option<String>,
    serial: Option<String>,
    model: Option<String>,
    auth: Option<AuthMethod>,
    allowed: Option<u32>,
    created: Option<u32>,
    total: Option<u64>,
    used: Option<u64>,
    free: Option<u64>,
    fm: Option<FmState>,
    performance: Option<Performance>,
    ppso: Option<bool>,
    stc: Option<bool>,
}

pub fn parse_hsm_show(text: &str) -> Result<HsmShow, ParseError> {
    let mut s = Seen::default();
    let mut partitions = Vec::new();
    let mut so_logged_in = false;
    let mut attempts_left = None;
    let mut zeroized = false;
    for (n, line) in numbered(text) {
        if is_trailer(line) {
            continue;
        }
        let Some((key, value)) = split_colon(line) else {
            continue;
        };
        let version = |v: &str| {
            Version::parse(v).map_err(|_| ParseError::at(n, line, "not a version number"))
        };
        match key {
            "Software Version" => s.software = Some(version(value)?),
            "Firmware" | "Firmware Version" => s.firmware = Some(version(value)?),
            "HSM Label" => s.label = Some(value.to_string()),
            "Serial #" | "Serial Number" => {
                if value.is_empty() || !value.chars().all(|c| c.is_ascii_alphanumeric()) {
                    return Err(ParseError::at(
                        n,
                        line,
                        "the HSM serial is not a serial number",
                    ));
                }
                s.serial = Some(value.to_string());
            }
            "HSM Model" | "Hardware Model" => s.model = Some(value.to_string()),
            "Authentication Method" => s.auth = Some(auth(value, n, line)?),
            "HSM Admin login status" => {
                so_logged_in = value.eq_ignore_ascii_case("Logged In");
            }
            "HSM Admin login attempts left" => {
                if value.to_ascii_uppercase().contains("ZEROIZED") {
                    zeroized = true;
                } else {
                    attempts_left =
                        Some(leading_number(value).ok_or_else(|| {
                            ParseError::at(n, line, "attempts left is not a number")
                        })?);
                }
            }
            "Partition" => partitions.push(partition_line(value, n, line)?),
            "Number of partitions allowed" => s.allowed = Some(number(value, n, line, key)?),
            "Number of partitions created" => s.created = Some(number(value, n, line, key)?),
            "Maximum HSM Storage Space (Bytes)" => s.total = Some(number(value, n, line, key)?),
            "Space In Use (Bytes)" => s.used = Some(number(value, n, line, key)?),
            "Free Space Left (Bytes)" => s.free = Some(number(value, n, line, key)?),
            "FM HW Status" => s.fm = Some(fm(value, n, line)?),
            "Performance Level" => s.performance = Some(performance(value, n, line)?),
            "Per-Partition SO Capability" => s.ppso = Some(flag(value, n, line)?),
            "Secure Trusted Channel Policy" => s.stc = Some(flag(value, n, line)?),
            _ => {}
        }
    }
    if text.contains("HSM IS ZEROIZED") {
        zeroized = true;
    }
    let firmware = s.firmware.ok_or_else(|| ParseError::missing("Firmware"))?;
    let facts = HsmFacts {
        software: s
            .software
            .ok_or_else(|| ParseError::missing("Software Version"))?,
        firmware,
        model: s.model.ok_or_else(|| ParseError::missing("HSM Model"))?,
        hsm_label: s.label.ok_or_else(|| ParseError::missing("HSM Label"))?,
        auth: s
            .auth
            .ok_or_else(|| ParseError::missing("Authentication Method"))?,
        licences: licences(s.allowed, s.created)?,
        storage: Storage {
            total: s
                .total
                .ok_or_else(|| ParseError::missing("Maximum HSM Storage Space (Bytes)"))?,
            used: s.used.unwrap_or(0),
            free: s.free.unwrap_or(0),
        },
        // Not in the known 7.2.0 capture: defaults follow the firmware line.
        fm: s.fm.unwrap_or(FmState::NoFm),
        ppso_capable: s.ppso.unwrap_or(firmware.major >= 7),
        stc_policy: s.stc.unwrap_or(false),
        performance: s.performance.unwrap_or(Performance::Standard),
        zeroized,
    };
    let serial = HsmSerial::new(s.serial.ok_or_else(|| ParseError::missing("Serial #"))?);
    Ok(HsmShow {
        serial,
        facts,
        partitions,
        so_logged_in,
        attempts_left: if zeroized { None } else { attempts_left },
    })
}

/// Software 5.x prints neither licence line: the counts are unknown, not an error. One line
/// without the other is a malformed output.
fn licences(allowed: Option<u32>, created: Option<u32>) -> Result<Option<Licences>, ParseError> {
    match (allowed, created) {
        (Some(allowed), Some(used)) => Ok(Some(Licences { allowed, used })),
        (None, None) => Ok(None),
        (None, Some(_)) => Err(ParseError::missing("Number of partitions allowed")),
        (Some(_), None) => Err(ParseError::missing("Number of partitions created")),
    }
}

fn auth(value: &str, n: usize, line: &str) -> Result<AuthMethod, ParseError> {
    let v = value.to_ascii_lowercase();
    if v.contains("ped") || v.contains("trusted path") {
        Ok(AuthMethod::Ped)
    } else if v.contains("password") {
        Ok(AuthMethod::Password)
    } else {
        Err(ParseError::at(n, line, "unknown authentication method"))
    }
}

/// `534071009, Name: partition1`.
fn partition_line(
    value: &str,
    n: usize,
    line: &str,
) -> Result<(PartitionSerial, String), ParseError> {
    let (serial, rest) = value
        .split_once(',')
        .ok_or_else(|| ParseError::at(n, line, "expected '<serial>, Name: <name>'"))?;
    let serial = serial.trim();
    if serial.is_empty() || !serial.chars().all(|c| c.is_ascii_digit()) {
        return Err(ParseError::at(
            n,
            line,
            "the partition serial is not a number",
        ));
    }
    let name = rest
        .trim_start()
        .strip_prefix("Name:")
        .ok_or_else(|| ParseError::at(n, line, "expected 'Name:' after the serial"))?;
    Ok((PartitionSerial::new(serial), name.trim().to_string()))
}

fn fm(value: &str, n: usize, line: &str) -> Result<FmState, ParseError> {
    match value.to_ascii_lowercase().as_str() {
        "non-fm" => Ok(FmState::NoFm),
        "fm ready" => Ok(FmState::FmReady),
        "fm disabled" => Ok(FmState::FmDisabled),
        "fm enabled" => Ok(FmState::FmEnabled),
        _ => Err(ParseError::at(n, line, "unknown FM HW Status")),
    }
}

fn performance(value: &str, n: usize, line: &str) -> Result<Performance, ParseError> {
    match value.to_ascii_lowercase().as_str() {
        "standard" => Ok(Performance::Standard),
        "enterprise" => Ok(Performance::Enterprise),
        "maximum" => Ok(Performance::Maximum),
        _ => Err(ParseError::at(n, line, "unknown performance level")),
    }
}

fn flag(value: &str, n: usize, line: &str) -> Result<bool, ParseError> {
    yes_no(value).ok_or_else(|| ParseError::at(n, line, "expected Enabled or Disabled"))
}

#[cfg(test)]
#[path = "hsm_show_tests.rs"]
mod tests;
