//! What differs between appliance software versions: model line, licence lines, table layout,
//! serial length, legacy create-and-initialize, LunaSH `partition init` (7.7.1+) and V1
//! partitions (fw 7.7.0+).

/// Behaviour profile chosen from the appliance software (and firmware) version.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Profile {
    pub major: u32,
    /// `partition create` also initializes (5.x/6.x), prompting password and domain twice.
    pub legacy_create: bool,
    /// 7.x table with the Version column and 13-digit serials.
    pub seven: bool,
    /// LunaSH `partition init` / `partition init co` exist (software 7.7.1+).
    pub lunash_init: bool,
    /// V1 (SKS) partitions possible (firmware 7.7.0+).
    pub v1: bool,
}

/// Numeric `(major, minor, patch)` of `7.8.5-20`; missing or bad parts read as 0.
pub fn version_triple(text: &str) -> (u32, u32, u32) {
    let core = text.trim().split(['-', ' ']).next().unwrap_or("");
    let mut it = core.split('.').map(|p| p.parse::<u32>().unwrap_or(0));
    (
        it.next().unwrap_or(0),
        it.next().unwrap_or(0),
        it.next().unwrap_or(0),
    )
}

impl Profile {
    pub fn of(software: &str, firmware: &str) -> Profile {
        let sw = version_triple(software);
        let fw = version_triple(firmware);
        let seven = sw.0 >= 7;
        Profile {
            major: sw.0,
            legacy_create: !seven,
            seven,
            lunash_init: sw >= (7, 7, 1),
            v1: fw >= (7, 7, 0),
        }
    }

    /// `Hardware Model:` on 5.x, `HSM Model:` after.
    pub fn model_label(&self) -> &'static str {
        if self.major <= 5 {
            "Hardware Model:"
        } else {
            "HSM Model:"
        }
    }

    /// `hsm show` prints `Number of partitions allowed/created` from 6.x on; 5.x prints neither.
    pub fn prints_licences(&self) -> bool {
        self.major >= 6
    }

    pub fn serial_digits(&self) -> usize {
        if self.seven { 13 } else { 9 }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn profiles_by_version() {
        let p53 = Profile::of("5.3.1-2", "6.10.9");
        assert!(p53.legacy_create && !p53.seven && p53.model_label() == "Hardware Model:");
        assert!(!p53.prints_licences());
        let p62 = Profile::of("6.2.2-5", "6.24.2");
        assert!(p62.legacy_create && p62.model_label() == "HSM Model:");
        assert!(p62.prints_licences());
        let p72 = Profile::of("7.2.0-220", "7.0.3");
        assert!(p72.seven && !p72.lunash_init && !p72.v1 && p72.serial_digits() == 13);
        let p78 = Profile::of("7.8.5-20", "7.8.4");
        assert!(p78.lunash_init && p78.v1);
        assert!(!Profile::of("7.7.0", "7.7.0").lunash_init);
        assert!(Profile::of("7.7.1-1", "7.7.1").lunash_init);
    }
}
