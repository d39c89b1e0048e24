//! Serde for a `SecretString` field of plain-data requests (`#[serde(with = "secret_serde")]`):
//! the console's requests to its backend are data, secrets included; `Debug` stays redacted.
//!
//! Today those requests cross an in-process channel and are never serialized. A backend in
//! another process must carry them over a local channel only and wipe its buffers after use.

use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Deserializer, Serializer};

pub fn serialize<S: Serializer>(secret: &SecretString, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(secret.expose_secret())
}

pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<SecretString, D::Error> {
    let text = zeroize::Zeroizing::new(String::deserialize(d)?);
    Ok(SecretString::from(text.as_str()))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use super::*;

    #[derive(serde::Serialize, serde::Deserialize)]
    struct Holder {
        #[serde(with = "super")]
        secret: SecretString,
    }

    #[test]
    fn x_4_a_secret_field_round_trips() {
        let h = Holder {
            secret: SecretString::from("co-pass-1"),
        };
        let json = serde_json::to_string(&h).unwrap();
        let back: Holder = serde_json::from_str(&json).unwrap();
        assert_eq!(back.secret.expose_secret(), "co-pass-1");
    }
}
