//! The audit key: 32 secret bytes kept outside the database. HMAC-SHA256 under it makes
//! the chain's hashes, the keyed-from seal and the witness lines impossible to recompute without it.

use hmac::digest::KeyInit;
use hmac::{Hmac, Mac};
use sha2::Sha256;
use std::fmt;
use zeroize::{Zeroize, ZeroizeOnDrop, Zeroizing};

/// Length of the key in bytes (and of the key file).
pub const KEY_LEN: usize = 32;

/// SHA-256's block size: HMAC pads a shorter key with zeros to this length (RFC 2104).
const BLOCK_LEN: usize = 64;

/// Tags kept apart from the event encoding's, so a seal or a witness MAC is never a valid hash.
const SEAL_TAG: &[u8] = b"lunadeck-audit-keyed-from-v1";
const WITNESS_TAG: &[u8] = b"lunadeck-audit-witness-v1";

/// The secret behind the keyed chain. `Debug` never shows it; it is wiped when dropped.
#[derive(Clone, Zeroize, ZeroizeOnDrop)]
pub struct AuditKey([u8; KEY_LEN]);

impl fmt::Debug for AuditKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("AuditKey(..)")
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

impl AuditKey {
    pub fn from_bytes(bytes: [u8; KEY_LEN]) -> AuditKey {
        AuditKey(bytes)
    }

    /// Lower-case hex HMAC-SHA256 of `message` under this key.
    pub fn mac_hex(&self, message: &[u8]) -> String {
        // The key is zero-padded to the block size, as HMAC itself does: the same MAC as
        // `new_from_slice(key)`, without a fallible constructor.
        let mut block = Zeroizing::new([0u8; BLOCK_LEN]);
        block[..KEY_LEN].copy_from_slice(&self.0);
        let mut mac = <Hmac<Sha256> as KeyInit>::new(&(*block).into());
        mac.update(message);
        hex(&mac.finalize().into_bytes())
    }

    /// The seal of the audit head's keyed-from mark: lowering or raising it (to have events
    /// checked the old, unkeyed way) is found without the witness.
    pub fn seal_keyed_from(&self, keyed_from: u64) -> String {
        let mut msg = SEAL_TAG.to_vec();
        msg.extend_from_slice(&keyed_from.to_be_bytes());
        self.mac_hex(&msg)
    }

    /// The MAC of one witness line: nobody without the key can write a line that counts.
    pub fn witness_mac(&self, seq: u64, hash: &str, keyed_from: u64) -> String {
        let mut msg = WITNESS_TAG.to_vec();
        msg.extend_from_slice(&seq.to_be_bytes());
        msg.extend_from_slice(&(hash.len() as u64).to_be_bytes());
        msg.extend_from_slice(hash.as_bytes());
        msg.extend_from_slice(&keyed_from.to_be_bytes());
        self.mac_hex(&msg)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use super::*;

    #[test]
    fn x_6_mac_is_hmac_sha256_of_the_key() {
        let key = AuditKey::from_bytes([0x0b; KEY_LEN]);
        let mut reference = <Hmac<Sha256> as Mac>::new_from_slice(&[0x0b; KEY_LEN]).unwrap();
        reference.update(b"Hi There");
        assert_eq!(
            key.mac_hex(b"Hi There"),
            hex(&reference.finalize().into_bytes())
        );
        let other = AuditKey::from_bytes([0x0c; KEY_LEN]);
        assert_ne!(key.mac_hex(b"x"), other.mac_hex(b"x"));
        assert_ne!(key.witness_mac(1, "a", 1), key.witness_mac(1, "a", 2));
        assert_ne!(key.seal_keyed_from(1), key.seal_keyed_from(2));
        assert_eq!(format!("{key:?}"), "AuditKey(..)");
    }
}
