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
    if device.status != DeviceStatus::Up {
        return refuse(format!("status is {}", device.status));
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
    if facts.licences.free() == 0 {
        return refuse(format!(
            "no free partition licence ({} of {} used)",
            facts.licences.used, facts.licences.allowed
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::device::{
        AuthMethod, FmState, HsmFacts, Licences, Performance, SshAuth, Storage,
    };
    use crate::domain::ids::HsmSerial;
    use crate::domain::template::ServiceType;

    fn caps(line: HsmLine) -> Capabilities {
        Capabilities {
            service_type: ServiceType::Partition,
            performance: Performance::Standard,
            auth: AuthMethod::Password,
            line,
            partition_size: 100_000,
            ppso: false,
            sks: false,
            stc: false,
        }
    }

    fn device(firmware: Version, software: Version) -> Device {
        Device {
            serial: HsmSerial::new("572413"),
            name: "hsm-a".into(),
            host: "10.0.0.5".into(),
            port: 22,
            ssh_user: "admin".into(),
            ssh_auth: SshAuth::Password,
            facts: HsmFacts {
                software,
                firmware,
                model: "Luna K7".into(),
                hsm_label: "myLunaHSM".into(),
                auth: AuthMethod::Password,
                licences: Licences {
                    allowed: 10,
                    used: 1,
                },
                storage: Storage {
                    total: 33_554_432,
                    used: 0,
                    free: 33_554_432,
                },
                fm: FmState::NoFm,
                ppso_capable: true,
                stc_policy: true,
                performance: Performance::Enterprise,
                zeroized: false,
            },
            ped_server: None,
            status: DeviceStatus::Up,
            last_seen: None,
        }
    }

    fn v(a: u16, b: u16, c: u16) -> Version {
        Version::new(a, b, c)
    }

    #[test]
    fn tpl_2_ppso_forced_on_for_luna7_lines() {
        for line in [HsmLine::Luna7, HsmLine::Luna77] {
            let got = normalize_capabilities(caps(line)).unwrap();
            assert!(got.ppso, "{line}");
        }
        assert!(!normalize_capabilities(caps(HsmLine::Luna6)).unwrap().ppso);
        let mut with = caps(HsmLine::Luna6);
        with.ppso = true;
        assert!(normalize_capabilities(with).unwrap().ppso);
    }

    #[test]
    fn tpl_2_sks_needs_luna77_and_stc_never_with_it() {
        let mut sks77 = caps(HsmLine::Luna77);
        sks77.sks = true;
        assert_eq!(
            partition_version(normalize_capabilities(sks77).unwrap()),
            PartitionVersion::V1
        );
        assert_eq!(
            partition_version(caps(HsmLine::Luna77)),
            PartitionVersion::V0
        );
        let mut stc6 = caps(HsmLine::Luna6);
        stc6.stc = true;
        assert!(normalize_capabilities(stc6).is_ok());
        let mut stc7 = caps(HsmLine::Luna7);
        stc7.stc = true;
        assert!(normalize_capabilities(stc7).is_ok());

        let bad: Vec<(Capabilities, &str)> = vec![
            (
                {
                    let mut c = caps(HsmLine::Luna6);
                    c.sks = true;
                    c
                },
                SKS_NEEDS_LUNA77,
            ),
            (
                {
                    let mut c = caps(HsmLine::Luna7);
                    c.sks = true;
                    c
                },
                SKS_NEEDS_LUNA77,
            ),
            (
                {
                    let mut c = caps(HsmLine::Luna77);
                    c.stc = true;
                    c
                },
                STC_NOT_ON_LUNA77,
            ),
            (
                {
                    let mut c = caps(HsmLine::Luna7);
                    c.partition_size = 999;
                    c
                },
                "Partition size (bytes): 999 is below the minimum of 1000",
            ),
            (
                {
                    let mut c = caps(HsmLine::Luna6);
                    c.partition_size = 100_000_000;
                    c
                },
                "Partition size (bytes): 100000000 is above the maximum of 99999999",
            ),
        ];
        for (c, want) in bad {
            assert_eq!(normalize_capabilities(c).unwrap_err().to_string(), want);
        }
        assert_eq!(
            SKS_NEEDS_LUNA77,
            "Scalable Key Storage needs Luna Network HSM 7 with firmware 7.7.0 or above"
        );
        assert_eq!(
            STC_NOT_ON_LUNA77,
            "Secure Trusted Channel is not available with firmware 7.7.0 and above"
        );
    }

    #[test]
    fn tpl_2_firmware_lines() {
        let table = [
            (v(6, 24, 2), HsmLine::Luna6, true),
            (v(6, 0, 0), HsmLine::Luna6, true),
            (v(7, 0, 3), HsmLine::Luna6, false),
            (v(7, 0, 0), HsmLine::Luna7, true),
            (v(7, 4, 2), HsmLine::Luna7, true),
            (v(7, 7, 0), HsmLine::Luna7, false),
            (v(6, 24, 2), HsmLine::Luna7, false),
            (v(7, 7, 0), HsmLine::Luna77, true),
            (v(7, 8, 5), HsmLine::Luna77, true),
            (v(7, 6, 9), HsmLine::Luna77, false),
        ];
        for (fw, line, want) in table {
            assert_eq!(firmware_in_line(fw, line), want, "{fw} {line:?}");
        }
    }

    #[test]
    fn svc_1_devices_that_fit() {
        assert_eq!(
            device_fit(&caps(HsmLine::Luna7), &device(v(7, 0, 3), v(7, 2, 0)), 0),
            Ok(())
        );
        let mut ppso6 = caps(HsmLine::Luna6);
        ppso6.ppso = true;
        assert_eq!(
            device_fit(&ppso6, &device(v(6, 22, 0), v(6, 2, 0)), 0),
            Ok(())
        );
        let mut stc6 = caps(HsmLine::Luna6);
        stc6.stc = true;
        assert_eq!(
            device_fit(&stc6, &device(v(6, 24, 2), v(6, 2, 1)), 0),
            Ok(())
        );
        let mut sks = caps(HsmLine::Luna77);
        sks.sks = true;
        assert_eq!(device_fit(&sks, &device(v(7, 7, 1), v(7, 8, 5)), 0), Ok(()));
        // Exactly enough storage: size + overhead + planned.
        let mut tight = device(v(7, 0, 3), v(7, 2, 0));
        tight.facts.storage.free = 100_000 + 9648 + 5000;
        assert_eq!(device_fit(&caps(HsmLine::Luna7), &tight, 5000), Ok(()));
    }

    #[test]
    fn svc_1_devices_that_do_not_fit_name_the_device_and_rule() {
        let l7 = || device(v(7, 0, 3), v(7, 2, 0));
        let l6 = || device(v(6, 24, 2), v(6, 2, 1));
        let with = |line: HsmLine, f: fn(&mut Capabilities)| {
            let mut c = caps(line);
            f(&mut c);
            c
        };
        let cases: Vec<(Capabilities, Device, u64, &str)> = vec![
            (
                caps(HsmLine::Luna7),
                {
                    let mut d = l7();
                    d.status = DeviceStatus::Unreachable;
                    d
                },
                0,
                "Device hsm-a: status is unreachable",
            ),
            (
                caps(HsmLine::Luna7),
                {
                    let mut d = l7();
                    d.facts.zeroized = true;
                    d
                },
                0,
                "Device hsm-a: the HSM is zeroized",
            ),
            (
                with(HsmLine::Luna7, |c| c.auth = AuthMethod::Ped),
                l7(),
                0,
                "Device hsm-a: authentication is Password, the template needs PED",
            ),
            (
                caps(HsmLine::Luna77),
                l7(),
                0,
                "Device hsm-a: firmware 7.0.3 is not in the template's line, Luna Network HSM 7 (firmware 7.7.0 and above)",
            ),
            (
                caps(HsmLine::Luna6),
                l7(),
                0,
                "Device hsm-a: firmware 7.0.3 is not in the template's line, Luna Network HSM 6 (firmware 6.x)",
            ),
            (
                with(HsmLine::Luna6, |c| c.ppso = true),
                device(v(6, 21, 0), v(6, 2, 0)),
                0,
                "Device hsm-a: per-partition SO needs firmware 6.22.0 or above, the HSM has 6.21.0",
            ),
            (
                with(HsmLine::Luna6, |c| c.ppso = true),
                {
                    let mut d = l6();
                    d.facts.ppso_capable = false;
                    d
                },
                0,
                "Device hsm-a: per-partition SO needs the Per-Partition SO capability upgrade installed",
            ),
            (
                with(HsmLine::Luna6, |c| c.stc = true),
                device(v(6, 24, 2), v(6, 2, 0)),
                0,
                "Device hsm-a: Secure Trusted Channel needs software 6.2.1 or above, the appliance has 6.2.0",
            ),
            (
                with(HsmLine::Luna6, |c| c.stc = true),
                device(v(6, 24, 1), v(6, 2, 1)),
                0,
                "Device hsm-a: Secure Trusted Channel needs firmware 6.24.2 or above, the HSM has 6.24.1",
            ),
            (
                with(HsmLine::Luna6, |c| c.stc = true),
                {
                    let mut d = l6();
                    d.facts.stc_policy = false;
                    d
                },
                0,
                "Device hsm-a: Secure Trusted Channel needs the STC HSM policy enabled",
            ),
            (
                with(HsmLine::Luna7, |c| c.performance = Performance::Maximum),
                l7(),
                0,
                "Device hsm-a: performance Enterprise is below the template's Maximum",
            ),
            (
                caps(HsmLine::Luna7),
                {
                    let mut d = l7();
                    d.facts.licences.used = 10;
                    d
                },
                0,
                "Device hsm-a: no free partition licence (10 of 10 used)",
            ),
            (
                caps(HsmLine::Luna7),
                {
                    let mut d = l7();
                    d.facts.storage.free = 109_647;
                    d
                },
                0,
                "Device hsm-a: needs 109648 bytes (partition 100000 + 9648 overhead), 109647 free",
            ),
            (
                caps(HsmLine::Luna7),
                {
                    let mut d = l7();
                    d.facts.storage.free = 109_648;
                    d
                },
                1,
                "Device hsm-a: needs 109649 bytes (partition 100000 + 9648 overhead + 1 already planned), 109648 free",
            ),
        ];
        for (c, d, planned, want) in cases {
            let err = device_fit(&c, &d, planned).unwrap_err();
            assert_eq!(err.to_string(), want);
        }
    }

    #[test]
    fn tpl_2_stc_and_sks_rules_on_devices_even_with_unnormalized_caps() {
        // A template stored before normalization must still be checked on the device.
        let mut stc77 = caps(HsmLine::Luna77);
        stc77.stc = true;
        let mut d = device(v(7, 8, 5), v(7, 8, 5));
        assert_eq!(
            device_fit(&stc77, &d, 0).unwrap_err().to_string(),
            "Device hsm-a: Secure Trusted Channel is not available with firmware 7.7.0 and above"
        );
        let mut sks = caps(HsmLine::Luna7);
        sks.sks = true;
        d.facts.firmware = v(7, 4, 2);
        assert_eq!(
            device_fit(&sks, &d, 0).unwrap_err().to_string(),
            "Device hsm-a: Scalable Key Storage needs firmware 7.7.0 or above, the HSM has 7.4.2"
        );
    }

    #[test]
    fn svc_1_fitting_devices_lists_every_device_with_its_verdict() {
        let good = device(v(7, 0, 3), v(7, 2, 0));
        let mut down = good.clone();
        down.name = "hsm-b".into();
        down.status = DeviceStatus::Unauthorized;
        let devices = vec![good, down];
        let got = fitting_devices(&caps(HsmLine::Luna7), &devices);
        assert_eq!(got.len(), 2);
        assert_eq!(got[0].0.name, "hsm-a");
        assert_eq!(got[0].1, Ok(()));
        assert_eq!(
            got[1].1.as_ref().unwrap_err().to_string(),
            "Device hsm-b: status is unauthorized"
        );
    }
}
