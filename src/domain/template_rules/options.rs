//! Which Set Capabilities options an HSM line fixes (TPL-2), with the seed's reason, so the
//! wizard shows a forbidden option disabled and why while choosing, not only on Finish.

use super::{LUNA77_FIRMWARE, PPSO_MIN_FIRMWARE, STC_MIN_FIRMWARE, STC_MIN_SOFTWARE};
use super::{SKS_NEEDS_LUNA77, STC_NOT_ON_LUNA77};
use crate::domain::template::{Capabilities, HsmLine};

/// A checkbox of the Partition Settings whose availability depends on the HSM line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CapabilityOption {
    Ppso,
    Sks,
    Stc,
}

/// An option the line decides: its forced value and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fixed {
    pub value: bool,
    pub reason: String,
}

/// Whether `line` fixes `option` (None: the administrator chooses).
pub fn fixed_by_line(line: HsmLine, option: CapabilityOption) -> Option<Fixed> {
    let fixed = |value, reason: &str| {
        Some(Fixed {
            value,
            reason: reason.to_string(),
        })
    };
    match (option, line) {
        (CapabilityOption::Ppso, HsmLine::Luna7 | HsmLine::Luna77) => fixed(
            true,
            "per-partition SO is mandatory for Luna Network HSM 7 (7.x)",
        ),
        (CapabilityOption::Sks, HsmLine::Luna6 | HsmLine::Luna7) => fixed(false, SKS_NEEDS_LUNA77),
        (CapabilityOption::Stc, HsmLine::Luna77) => fixed(false, STC_NOT_ON_LUNA77),
        _ => None,
    }
}

/// What a device needs for the option, or what it means (shown under the checkbox).
pub fn requirement(option: CapabilityOption) -> String {
    match option {
        CapabilityOption::Ppso => format!(
            "Services get their own security officer. Devices need firmware {PPSO_MIN_FIRMWARE} \
             or above; on 6.x also the Per-Partition SO capability upgrade (CUF)."
        ),
        CapabilityOption::Sks => format!(
            "Checked: V1 partitions (Scalable Key Storage, firmware {LUNA77_FIRMWARE} and \
             above). Unchecked: V0 partitions."
        ),
        CapabilityOption::Stc => format!(
            "Clients connect over Secure Trusted Channel instead of NTLS. Devices need software \
             {STC_MIN_SOFTWARE}+, firmware {STC_MIN_FIRMWARE}+ and the STC HSM policy; the STC \
             status stays pending until an Application Owner deploys the service."
        ),
    }
}

/// `caps` with every option the line fixes set to its forced value (the wizard applies this
/// after each change, so a draft never holds a forbidden option).
pub fn apply_line(caps: Capabilities) -> Capabilities {
    let mut caps = caps;
    let set = |option, current: bool| fixed_by_line(caps.line, option).map_or(current, |f| f.value);
    caps.ppso = set(CapabilityOption::Ppso, caps.ppso);
    caps.sks = set(CapabilityOption::Sks, caps.sks);
    caps.stc = set(CapabilityOption::Stc, caps.stc);
    caps
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::device::{AuthMethod, Performance};
    use crate::domain::template::ServiceType;
    use crate::domain::template_rules::normalize_capabilities;

    fn caps(line: HsmLine, ppso: bool, sks: bool, stc: bool) -> Capabilities {
        Capabilities {
            service_type: ServiceType::Partition,
            performance: Performance::Standard,
            auth: AuthMethod::Password,
            line,
            partition_size: 100_000,
            ppso,
            sks,
            stc,
        }
    }

    #[test]
    fn tpl_2_each_line_fixes_what_the_seed_forbids() {
        use CapabilityOption::*;
        use HsmLine::*;
        assert_eq!(fixed_by_line(Luna6, Ppso), None);
        assert_eq!(fixed_by_line(Luna6, Stc), None);
        assert_eq!(fixed_by_line(Luna6, Sks).map(|f| f.value), Some(false));
        assert_eq!(fixed_by_line(Luna7, Ppso).map(|f| f.value), Some(true));
        assert_eq!(fixed_by_line(Luna7, Stc), None);
        assert_eq!(fixed_by_line(Luna77, Sks), None);
        let stc = fixed_by_line(Luna77, Stc).map(|f| (f.value, f.reason));
        assert_eq!(stc, Some((false, STC_NOT_ON_LUNA77.to_string())));
    }

    #[test]
    fn tpl_2_applying_the_line_always_gives_an_accepted_draft() {
        for line in [HsmLine::Luna6, HsmLine::Luna7, HsmLine::Luna77] {
            for bits in 0..8u8 {
                let c = caps(line, bits & 1 != 0, bits & 2 != 0, bits & 4 != 0);
                let applied = apply_line(c);
                assert_eq!(
                    normalize_capabilities(applied),
                    Ok(applied),
                    "{line:?} {bits}"
                );
            }
        }
    }

    #[test]
    fn tpl_2_requirements_name_the_seed_versions() {
        assert!(requirement(CapabilityOption::Ppso).contains("6.22.0"));
        assert!(requirement(CapabilityOption::Stc).contains("6.2.1+"));
        assert!(requirement(CapabilityOption::Stc).contains("6.24.2+"));
        assert!(requirement(CapabilityOption::Sks).contains("V0"));
    }
}
