//! Template capability rules (TPL-2) and which devices can host a service of a template (SVC-1):
//! PPSO, SKS and STC per HSM line and firmware, performance, licences and storage.

use super::device::{Device, DeviceStatus};
use super::error::{DomainError, DomainResult};
use super::partition::PartitionVersion;
use super::template::{Capabilities, HsmLine};
use super::validation::check_partition_size;
use super::version::Version;

/// Storage every partition costs on the HSM besides its own size, in bytes (LUNASH.md).
pub const PARTITION_OVERHEAD_BYTES: u64 = 9648;

/// First firmware with the per-partition SO capability (with the upgrade on 6.x).
pub const PPSO_MIN_FIRMWARE: Version = Version::new(6, 22, 0);
/// First appliance software with Secure Trusted Channel.
pub const STC_MIN_SOFTWARE: Version = Version::new(6, 2, 1);
/// First firmware with Secure Trusted Channel.
pub const STC_MIN_FIRMWARE: Version = Version::new(6, 24, 2);
/// Firmware from which SKS exists and STC no longer does.
pub const LUNA77_FIRMWARE: Version = Version::new(7, 7, 0);

const SKS_NEEDS_LUNA77: &str =
    "Scalable Key Storage needs Luna Network HSM 7 with firmware 7.7.0 or above";
const STC_NOT_ON_LUNA77: &str =
    "Secure Trusted Channel is not available with firmware 7.7.0 and above";

/// Applies the TPL-2 rules to the capabilities chosen in the wizard: per-partition SO is forced
/// on for Luna 7 lines (mandatory on 7.x); SKS only with firmware 7.7.0+; STC never with
/// firmware 7.7.0+; partition size 1000–99999999.
pub fn normalize_capabilities(caps: Capabilities) -> DomainResult<Capabilities> {
    let mut caps = caps;
    if matches!(caps.line, HsmLine::Luna7 | HsmLine::Luna77) {
        caps.ppso = true;
    }
    if caps.sks && caps.line != HsmLine::Luna77 {
        return Err(DomainError::refused(SKS_NEEDS_LUNA77));
    }
    if caps.stc && caps.line == HsmLine::Luna77 {
        return Err(DomainError::refused(STC_NOT_ON_LUNA77));
    }
    check_partition_size(caps.partition_size)?;
    Ok(caps)
}

/// V1 (Scalable Key Storage) partitions iff the template has SKS; V0 otherwise.
pub fn partition_version(caps: Capabilities) -> PartitionVersion {
    if caps.sks {
        PartitionVersion::V1
    } else {
        PartitionVersion::V0
    }
}

/// Whether a firmware version belongs to an HSM line: Luna6 = 6.x, Luna7 = 7.0.0 up to (not
/// including) 7.7.0, Luna77 = 7.7.0 and above.
pub fn firmware_in_line(firmware: Version, line: HsmLine) -> bool {
    match line {
        HsmLine::Luna6 => firmware.major == 6,
        HsmLine::Luna7 => firmware >= Version::new(7, 0, 0) && firmware < LUNA77_FIRMWARE,
        HsmLine::Luna77 => firmware >= LUNA77_FIRMWARE,
    }
}

/// Why `device` cannot host a service of a template with `caps` (SVC-1, HA-1): the first
/// failing rule, naming the device. `already_planned_bytes` is storage already promised on this
/// device by the same plan (other partitions about to be created there).
pub fn device_fit(
    caps: &Capabilities,
    device: &Device,
    already_planned_bytes: u64,
) -> DomainResult<()> {
    let facts = &device.facts;
    let refuse = |reason: String| {
        Err(DomainError::refused(format!(
            "Device {}: {reason}",
            device.name
        )))
    };
    match device.status {
        DeviceStatus::Up => {}
        DeviceStatus::Unauthorized => {
            return refuse(
                "not authorized in this session: authorize it (HSM SO password) first".into(),
            );
        }
        other => return refuse(format!("status is {other}")),
    }
    if facts.zeroized {
        return refuse("the HSM is zeroized".into());
    }
    if facts.auth != caps.auth {
        return refuse(format!(
            "authentication is {}, the template needs {}",
            facts.auth, caps.auth
        ));
    }
    if !firmware_in_line(facts.firmware, caps.line) {
        return refuse(format!(
            "firmware {} is not in the template's line, {}",
            facts.firmware, caps.line
        ));
    }
    if caps.ppso {
        if facts.firmware < PPSO_MIN_FIRMWARE {
            return refuse(format!(
                "per-partition SO needs firmware {PPSO_MIN_FIRMWARE} or above, the HSM has {}",
                facts.firmware
            ));
        }
        if facts.firmware.major == 6 && !facts.ppso_capable {
            return refuse(
                "per-partition SO needs the Per-Partition SO capability upgrade installed".into(),
            );
        }
    }
    if caps.stc {
        if facts.software < STC_MIN_SOFTWARE {
            return refuse(format!(
                "Secure Trusted Channel needs software {STC_MIN_SOFTWARE} or above, the appliance has {}",
                facts.software
            ));
        }
        if facts.firmware < STC_MIN_FIRMWARE {
            return refuse(format!(
                "Secure Trusted Channel needs firmware {STC_MIN_FIRMWARE} or above, the HSM has {}",
                facts.firmware
            ));
        }
        if facts.firmware >= LUNA77_FIRMWARE {
            return refuse(STC_NOT_ON_LUNA77.into());
        }
        if !facts.stc_policy {
            return refuse("Secure Trusted Channel needs the STC HSM policy enabled".into());
        }
    }
    if caps.sks && facts.firmware < LUNA77_FIRMWARE {
        return refuse(format!(
            "Scalable Key Storage needs firmware 7.7.0 or above, the HSM has {}",
            facts.firmware
        ));
    }
    if facts.performance < caps.performance {
        return refuse(format!(
            "performance {} is below the template's {}",
            facts.performance, caps.performance
        ));
    }
    // Unknown licences (5.x prints none) are not refused here: the appliance itself refuses
    // with CKR_LICENSE_CAPACITY_EXCEEDED, which the create step reports.
    if let Some(l) = facts.licences
        && l.free() == 0
    {
        return refuse(format!(
            "no free partition licence ({} of {} used)",
            l.used, l.allowed
        ));
    }
    let needed = caps
        .partition_size
        .saturating_add(PARTITION_OVERHEAD_BYTES)
        .saturating_add(already_planned_bytes);
    if facts.storage.free < needed {
        let planned = if already_planned_bytes > 0 {
            format!(" + {already_planned_bytes} already planned")
        } else {
            String::new()
        };
        return refuse(format!(
            "needs {needed} bytes (partition {} + {PARTITION_OVERHEAD_BYTES} overhead{planned}), {} free",
            caps.partition_size, facts.storage.free
        ));
    }
    Ok(())
}

/// Every device with whether it can host a service of `caps` (the Add Devices step lists the
/// fitting ones and can explain the others).
pub fn fitting_devices<'a>(
    caps: &Capabilities,
    devices: &'a [Device],
) -> Vec<(&'a Device, DomainResult<()>)> {
    devices
        .iter()
        .map(|d| (d, device_fit(caps, d, 0)))
        .collect()
}

pub mod options;

#[cfg(test)]
mod tests;
