//! A secret inside a screen's request to the backend: plain data like the rest of the request
//! (serde), yet redacted in `Debug` and wiped when dropped (a `SecretString` inside).
//!
//! Today requests cross an in-process channel and are never serialized. A backend in another
//! process must carry them over a local channel only, and wipe its buffers after decoding.

use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

#[derive(Clone, Default)]
pub struct WireSecret(pub SecretString);

impl WireSecret {
    pub fn expose(&self) -> &str {
        self.0.expose_secret()
    }

    pub fn into_secret(self) -> SecretString {
        self.0
    }
}

impl From<SecretString> for WireSecret {
    fn from(s: SecretString) -> Self {
        WireSecret(s)
    }
}

impl std::fmt::Debug for WireSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("[redacted]")
    }
}

impl Serialize for WireSecret {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        crate::domain::secret_serde::serialize(&self.0, s)
    }
}

impl<'de> Deserialize<'de> for WireSecret {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        crate::domain::secret_serde::deserialize(d).map(WireSecret)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use super::*;

    #[test]
    fn x_4_a_wire_secret_round_trips_and_never_shows_in_debug() {
        let s = WireSecret::from(SecretString::from("so-secret-1"));
        assert_eq!(format!("{s:?}"), "[redacted]");
        let json = serde_json::to_string(&s).unwrap();
        let back: WireSecret = serde_json::from_str(&json).unwrap();
        assert_eq!(back.expose(), "so-secret-1");
    }
}
