//! Software and firmware versions as the appliances print them (`7.8.5-20`, `7.0.3`, `6.24.2`),
//! compared numerically; the build suffix after `-` is kept but never compared.

use super::error::{DomainError, Field};
use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Version {
    pub major: u16,
    pub minor: u16,
    pub patch: u16,
}

impl Version {
    pub const fn new(major: u16, minor: u16, patch: u16) -> Self {
        Version {
            major,
            minor,
            patch,
        }
    }

    /// Parses `7.8.5-20`, `7.0.3`, `6.2` (missing parts are 0). Anything else is an error that
    /// quotes the text.
    pub fn parse(text: &str) -> Result<Self, DomainError> {
        let bad = || DomainError::refused(format!("'{text}' is not a version number"));
        let core = text.trim().split(['-', ' ']).next().unwrap_or("");
        if core.is_empty() {
            return Err(bad());
        }
        let mut parts = [0u16; 3];
        let mut count = 0;
        for (i, piece) in core.split('.').enumerate() {
            if i >= 3 {
                return Err(bad());
            }
            parts[i] = piece.parse().map_err(|_| bad())?;
            count += 1;
        }
        if count == 0 {
            return Err(bad());
        }
        Ok(Version::new(parts[0], parts[1], parts[2]))
    }

    /// Version with the field name used in validation messages.
    pub fn parse_field(text: &str, field: Field) -> Result<Self, DomainError> {
        Self::parse(text).map_err(|e| DomainError::invalid(field, e.to_string()))
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}.{}", self.major, self.minor, self.patch)
    }
}

impl std::str::FromStr for Version {
    type Err = DomainError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Version::parse(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_appliance_formats() {
        for (text, want) in [
            ("7.8.5-20", Version::new(7, 8, 5)),
            ("7.2.0-220", Version::new(7, 2, 0)),
            ("7.0.3", Version::new(7, 0, 3)),
            ("6.24.2", Version::new(6, 24, 2)),
            ("6.2", Version::new(6, 2, 0)),
            (" 5.3.1 ", Version::new(5, 3, 1)),
        ] {
            assert_eq!(Version::parse(text), Ok(want), "{text}");
        }
    }

    #[test]
    fn rejects_garbage_with_quote() {
        for text in ["", "x", "7..1", "1.2.3.4", "7.a"] {
            let err = Version::parse(text).unwrap_err();
            assert!(err.to_string().contains(&format!("'{text}'")), "{err}");
        }
    }

    #[test]
    fn orders_numerically() {
        assert!(Version::new(6, 24, 2) > Version::new(6, 3, 0));
        assert!(Version::new(7, 7, 0) > Version::new(7, 4, 9));
    }
}
