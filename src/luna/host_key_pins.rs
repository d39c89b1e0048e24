//! `--host-key` pins against the known-hosts file (DEV-1): a pin that contradicts the key already
//! recorded for a host and port is refused before anything connects, instead of being ignored.

use super::known_hosts::{KnownHosts, KnownHostsError, fingerprint, same_target, target};

/// Why the pins given for a host cannot be used. `Display` is the sentence shown to the user.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PinError {
    #[error(
        "{target}: --host-key {pins} differs from the host key recorded for {target} \
         ({recorded}); nothing was sent. Pin the recorded key, or remove the recorded key first \
         if the appliance was really re-keyed"
    )]
    Conflict {
        target: String,
        recorded: String,
        pins: String,
    },
    #[error("{0}")]
    KnownHosts(#[from] KnownHostsError),
}

/// Checks `pins` (fingerprints `SHA256:...`) for `host:port` against the known-hosts file.
/// No pins, or no key recorded for `host:port`: nothing to compare (an unknown key is trusted only
/// if pinned, by the transport). Keys recorded: one of the pins must be the fingerprint of one
/// of them (the pins are global and may name other hosts' keys too); otherwise `Conflict`,
/// naming the address, the recorded fingerprints and the pins.
pub fn check_pins(
    known: &KnownHosts,
    host: &str,
    port: u16,
    pins: &[String],
) -> Result<(), PinError> {
    if pins.is_empty() {
        return Ok(());
    }
    let recorded: Vec<String> = known
        .entries()
        .iter()
        .filter(|e| same_target(e, host, port))
        .map(|e| fingerprint(&e.key))
        .collect();
    if recorded.is_empty() || pins.iter().any(|p| recorded.contains(p)) {
        return Ok(());
    }
    Err(PinError::Conflict {
        target: target(host, port),
        recorded: recorded.join(", "),
        pins: pins.join(", "),
    })
}

#[cfg(all(test, unix))]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use super::*;
    use base64::Engine;
    use base64::engine::general_purpose::STANDARD;
    use std::os::unix::fs::PermissionsExt;

    // The ed25519 key of known_hosts_tests.rs and its `ssh-keygen -lf` fingerprint.
    const ED25519_B64: &str =
        "AAAAC3NzaC1lZDI1NTE5AAAAIAZPVWBFe26diVX03lrZYgKWfin9m1aczDgjMWHuJuGL";
    const ED25519_FP: &str = "SHA256:ErpLdbcRNdaCw5LYorZGFcJ1jneGg1la48ky1GWtMHI";
    const OTHER_FP: &str = "SHA256:uTKYfuZLTsOxqKcICUNTm0hggBkTHB/gLFd+4aTvkZw";

    fn known(dir: &std::path::Path) -> KnownHosts {
        let path = dir.join("known_hosts");
        std::fs::write(&path, format!("hsm1:22 ssh-ed25519 {ED25519_B64}\n")).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
        let kh = KnownHosts::load(&path).unwrap();
        assert_eq!(
            fingerprint(&STANDARD.decode(ED25519_B64).unwrap()),
            ED25519_FP
        );
        kh
    }

    #[test]
    fn dev_1_a_pin_that_differs_from_the_recorded_key_is_refused() {
        let tmp = tempfile::tempdir().unwrap();
        let kh = known(tmp.path());
        let pins = |p: &[&str]| p.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(check_pins(&kh, "hsm1", 22, &[]), Ok(()));
        assert_eq!(check_pins(&kh, "HSM1", 22, &pins(&[ED25519_FP])), Ok(()));
        assert_eq!(
            check_pins(&kh, "hsm1", 22, &pins(&[OTHER_FP, ED25519_FP])),
            Ok(())
        );
        // Nothing recorded for that address: the pin is for the transport to use.
        assert_eq!(check_pins(&kh, "hsm1", 2222, &pins(&[OTHER_FP])), Ok(()));
        assert_eq!(check_pins(&kh, "hsm2", 22, &pins(&[OTHER_FP])), Ok(()));
        let err = check_pins(&kh, "hsm1", 22, &pins(&[OTHER_FP])).unwrap_err();
        assert_eq!(
            err,
            PinError::Conflict {
                target: "hsm1:22".into(),
                recorded: ED25519_FP.into(),
                pins: OTHER_FP.into(),
            }
        );
        let text = err.to_string();
        assert!(
            text.starts_with("hsm1:22: --host-key ") && text.contains(ED25519_FP),
            "{text}"
        );
    }
}
