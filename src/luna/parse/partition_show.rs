//! `partition show` → name, serial, label, storage, objects, and (assumed lines) version,
//! initialization, PPSO/STC policies and role states. Unknown lines are ignored.

use super::{
    ParseError, is_trailer, leading_number, number, numbered, split_colon, storage_triple, yes_no,
};
use crate::domain::device::Storage;
use crate::domain::ids::{HsmSerial, PartitionSerial};
use crate::domain::partition::{Partition, PartitionVersion, RoleState, Roles};

/// What `partition show` says; fields not printed by a firmware are None.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartitionShow {
    pub name: String,
    pub serial: PartitionSerial,
    /// None when `Partition Label:` is empty (not initialized) or absent.
    pub label: Option<String>,
    pub owner_locked_out: Option<bool>,
    pub owner_attempts_left: Option<u32>,
    pub storage: Option<Storage>,
    pub objects: Option<u32>,
    pub version: Option<PartitionVersion>,
    pub initialized: Option<bool>,
    pub ppso: Option<bool>,
    pub stc: Option<bool>,
    pub so: Option<RoleState>,
    pub co: Option<RoleState>,
    pub cu: Option<RoleState>,
}

impl PartitionShow {
    /// The domain partition on `device`; what was not printed takes the classic default
    /// (V0, not initialized unless a label is set, roles not initialized, no PPSO, no STC).
    pub fn into_partition(self, device: HsmSerial) -> Partition {
        let storage = self.storage.unwrap_or_default();
        let initialized = self.initialized.unwrap_or(self.label.is_some());
        Partition {
            serial: self.serial,
            device,
            name: self.name,
            label: self.label,
            version: self.version.unwrap_or(PartitionVersion::V0),
            size: storage.total,
            used: storage.used,
            objects: self.objects.unwrap_or(0),
            initialized,
            roles: Roles {
                so: self.so.unwrap_or(RoleState::NotInitialized),
                co: self.co.unwrap_or(RoleState::NotInitialized),
                cu: self.cu.unwrap_or(RoleState::NotInitialized),
            },
            ppso: self.ppso.unwrap_or(false),
            stc: self.stc.unwrap_or(false),
        }
    }
}

pub fn parse_partition_show(text: &str) -> Result<PartitionShow, ParseError> {
    let mut name = None;
    let mut serial = None;
    let mut show = PartitionShow {
        name: String::new(),
        serial: PartitionSerial::new(""),
        label: None,
        owner_locked_out: None,
        owner_attempts_left: None,
        storage: None,
        objects: None,
        version: None,
        initialized: None,
        ppso: None,
        stc: None,
        so: None,
        co: None,
        cu: None,
    };
    for (n, line) in numbered(text) {
        if is_trailer(line) {
            continue;
        }
        let Some((key, value)) = split_colon(line) else {
            continue;
        };
        let flag = || yes_no(value).ok_or_else(|| ParseError::at(n, line, "expected yes or no"));
        match key {
            "Partition Name" => name = Some(value.to_string()),
            "Partition SN" => serial = Some(serial_value(value, n, line)?),
            "Partition Label" => show.label = (!value.is_empty()).then(|| value.to_string()),
            "Partition Owner Locked Out" => show.owner_locked_out = Some(flag()?),
            "Partition Owner Login Attempts Left" => {
                show.owner_attempts_left = Some(
                    leading_number(value)
                        .ok_or_else(|| ParseError::at(n, line, "attempts left is not a number"))?,
                );
            }
            "Partition Storage Information (Bytes)" | "Storage (Bytes)" => {
                show.storage = Some(storage_triple(value, n, line)?);
            }
            "Partition Object Count" => show.objects = Some(number(value, n, line, key)?),
            "Partition Version" => show.version = Some(version_value(value, n, line)?),
            "Partition Initialized" => show.initialized = Some(flag()?),
            "Per-Partition SO" => show.ppso = Some(flag()?),
            "Secure Trusted Channel" => show.stc = Some(flag()?),
            "Partition SO" => show.so = Some(role(value, n, line)?),
            "Crypto Officer" => show.co = Some(role(value, n, line)?),
            "Crypto User" => show.cu = Some(role(value, n, line)?),
            _ => {}
        }
    }
    show.name = name.ok_or_else(|| ParseError::missing("Partition Name"))?;
    show.serial = serial.ok_or_else(|| ParseError::missing("Partition SN"))?;
    Ok(show)
}

pub(crate) fn serial_value(
    value: &str,
    n: usize,
    line: &str,
) -> Result<PartitionSerial, ParseError> {
    if value.is_empty() || !value.chars().all(|c| c.is_ascii_digit()) {
        return Err(ParseError::at(
            n,
            line,
            "the partition serial is not a number",
        ));
    }
    Ok(PartitionSerial::new(value))
}

pub(crate) fn version_value(
    value: &str,
    n: usize,
    line: &str,
) -> Result<PartitionVersion, ParseError> {
    match value {
        "0" => Ok(PartitionVersion::V0),
        "1" => Ok(PartitionVersion::V1),
        _ => Err(ParseError::at(
            n,
            line,
            "the partition version is neither 0 nor 1",
        )),
    }
}

fn role(value: &str, n: usize, line: &str) -> Result<RoleState, ParseError> {
    match value.to_ascii_lowercase().as_str() {
        "not initialized" => Ok(RoleState::NotInitialized),
        "initialized" => Ok(RoleState::Initialized),
        "activated" => Ok(RoleState::Activated),
        _ => Err(ParseError::at(n, line, "unknown role state")),
    }
}

#[cfg(test)]
mod tests {
    use super::super::samples::*;
    use super::*;

    #[test]
    fn partition_show_6x_capture() {
        let s = parse_partition_show(SH_PARTITION_SHOW_6).unwrap();
        assert_eq!(s.name, "partition6");
        assert_eq!(s.serial, PartitionSerial::new("534071053"));
        assert_eq!(s.label.as_deref(), Some("partition6"));
        assert_eq!(s.owner_locked_out, Some(false));
        assert_eq!(s.owner_attempts_left, Some(10));
        assert_eq!(
            s.storage,
            Some(Storage {
                total: 207559,
                used: 0,
                free: 207559
            })
        );
        assert_eq!(s.objects, Some(0));
        assert_eq!((s.version, s.initialized, s.co), (None, None, None));
        let p = s.into_partition(HsmSerial::new("572413"));
        assert!(p.initialized, "a label means initialized");
        assert_eq!(
            (p.size, p.used, p.version),
            (207559, 0, PartitionVersion::V0)
        );
    }

    #[test]
    fn partition_show_with_assumed_lines() {
        let text = format!(
            "{SH_PARTITION_SHOW_6}{SH_PARTITION_SHOW_ADDED}\nCommand Result : 0 (Success)\n"
        );
        let s = parse_partition_show(&text).unwrap();
        assert_eq!(s.version, Some(PartitionVersion::V0));
        assert_eq!(s.initialized, Some(true));
        assert_eq!(s.ppso, Some(true));
        assert_eq!(s.stc, Some(false));
        assert_eq!(s.so, Some(RoleState::Initialized));
        assert_eq!(s.co, Some(RoleState::Activated));
        assert_eq!(s.cu, Some(RoleState::NotInitialized));
        let p = s.into_partition(HsmSerial::new("1"));
        assert!(p.ppso && p.initialized && !p.stc);
        assert_eq!(p.roles.co, RoleState::Activated);
    }

    #[test]
    fn empty_label_means_not_initialized() {
        let text = SH_PARTITION_SHOW_6.replace(
            "Partition Label:                           partition6",
            "Partition Label:",
        );
        let s = parse_partition_show(&text).unwrap();
        assert_eq!(s.label, None);
        assert!(!s.into_partition(HsmSerial::new("1")).initialized);
    }

    #[test]
    fn malformed_partition_show_quotes_the_line() {
        let full = format!("{SH_PARTITION_SHOW_6}{SH_PARTITION_SHOW_ADDED}");
        for (from, to, reason) in [
            (
                "534071053",
                "5340x1053",
                "the partition serial is not a number",
            ),
            (
                "Locked Out:                no",
                "Locked Out:                perhaps",
                "expected yes or no",
            ),
            ("Used=0", "Used=zero", "Used is not a number"),
            (
                "Free=207559",
                "Spare=207559",
                "expected Total=, Used= and Free=",
            ),
            (
                "Version:                         0",
                "Version:                         2",
                "the partition version is neither 0 nor 1",
            ),
            ("activated", "sleeping", "unknown role state"),
            ("10 before", "ten before", "attempts left is not a number"),
        ] {
            let text = full.replace(from, to);
            let e = parse_partition_show(&text).unwrap_err();
            assert_eq!(e.reason, reason, "{to}");
            assert!(e.line.contains(to), "{e}");
            assert_eq!(text.lines().nth(e.line_no - 1), Some(e.line.as_str()));
        }
        let e = parse_partition_show(&full.replace("Partition SN:", "Partition S/N:")).unwrap_err();
        assert_eq!(e.to_string(), "the output has no 'Partition SN' line");
    }
}
