//! An SSH private key file checked before anything connects (DEV-1): a readable regular file of
//! at most 64 KiB holding a PEM or OpenSSH private key block (libssh2 parses the key at login).

use std::io::Read;
use std::path::Path;

/// Largest key file read (a 16384-bit RSA key in PEM is about 12 KiB).
pub const MAX_KEY_FILE_BYTES: u64 = 64 * 1024;

/// The private key blocks libssh2 reads: OpenSSH, PKCS#1 (RSA, DSA, EC) and PKCS#8 (plain or
/// encrypted).
const KINDS: [&str; 6] = [
    "OPENSSH PRIVATE KEY",
    "RSA PRIVATE KEY",
    "DSA PRIVATE KEY",
    "EC PRIVATE KEY",
    "PRIVATE KEY",
    "ENCRYPTED PRIVATE KEY",
];

/// Why a key file cannot be used. `Display` names the path.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyFileError {
    #[error("{path}: cannot be read ({reason})")]
    Unreadable { path: String, reason: String },
    #[error("{path}: not a regular file")]
    NotAFile { path: String },
    #[error(
        "{path}: {size} bytes, larger than any private key file ({MAX_KEY_FILE_BYTES} at most)"
    )]
    TooLarge { path: String, size: u64 },
    #[error(
        "{path}: this is a public key; give the private key file (usually the same name without .pub)"
    )]
    PublicKey { path: String },
    #[error(
        "{path}: not a private key file (no complete '-----BEGIN ... PRIVATE KEY-----' block in OpenSSH or PEM format)"
    )]
    NotAPrivateKey { path: String },
}

/// Checks that `path` is a private key file lunadeck can hand to libssh2: it exists, is a
/// regular file readable by this user, is at most 64 KiB, and holds a complete PEM/OpenSSH
/// private key block (a `-----BEGIN X-----` line with its `-----END X-----`). Whether the key
/// decodes, needs a passphrase or is accepted by the appliance is only known at login.
pub fn check_private_key_file(path: &Path) -> Result<(), KeyFileError> {
    let shown = path.display().to_string();
    let unreadable = |e: std::io::Error| KeyFileError::Unreadable {
        path: shown.clone(),
        reason: e.to_string(),
    };
    let meta = std::fs::metadata(path).map_err(unreadable)?;
    if !meta.is_file() {
        return Err(KeyFileError::NotAFile { path: shown });
    }
    if meta.len() > MAX_KEY_FILE_BYTES {
        return Err(KeyFileError::TooLarge {
            path: shown,
            size: meta.len(),
        });
    }
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(MAX_KEY_FILE_BYTES).read_to_end(&mut bytes))
        .map_err(unreadable)?;
    let text = String::from_utf8_lossy(&bytes);
    if has_private_block(&text) {
        return Ok(());
    }
    let first = text.trim_start();
    if first.starts_with("ssh-") || first.starts_with("ecdsa-") || first.contains("PUBLIC KEY-----")
    {
        return Err(KeyFileError::PublicKey { path: shown });
    }
    Err(KeyFileError::NotAPrivateKey { path: shown })
}

/// A `-----BEGIN <kind>-----` line followed later by its `-----END <kind>-----` line.
fn has_private_block(text: &str) -> bool {
    let mut lines = text.lines().map(str::trim);
    while let Some(line) = lines.next() {
        let kind = line
            .strip_prefix("-----BEGIN ")
            .and_then(|rest| rest.strip_suffix("-----"));
        if let Some(kind) = kind.filter(|k| KINDS.contains(k)) {
            let end = format!("-----END {kind}-----");
            return lines.any(|l| l == end);
        }
    }
    false
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use super::*;

    const OPENSSH: &str = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----\n";

    #[test]
    fn dev_1_private_key_files_are_accepted() {
        let dir = tempfile::tempdir().unwrap();
        for (name, text) in [
            ("id_ed25519", OPENSSH.to_string()),
            (
                "id_rsa",
                "-----BEGIN RSA PRIVATE KEY-----\r\nMIIB\r\n-----END RSA PRIVATE KEY-----\r\n"
                    .to_string(),
            ),
            (
                "pkcs8.pem",
                "Bag Attributes\n-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----"
                    .to_string(),
            ),
        ] {
            let path = dir.path().join(name);
            std::fs::write(&path, text).unwrap();
            assert_eq!(check_private_key_file(&path), Ok(()), "{name}");
        }
    }

    #[test]
    fn dev_1_unusable_key_files_are_refused_naming_the_path() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("nonexistent");
        let err = check_private_key_file(&missing).unwrap_err().to_string();
        assert!(
            err.starts_with(&format!("{}: cannot be read (", missing.display())),
            "{err}"
        );
        let err = check_private_key_file(dir.path()).unwrap_err();
        assert!(matches!(err, KeyFileError::NotAFile { .. }), "{err}");
        let cases = [
            (
                "id_ed25519.pub",
                "ssh-ed25519 AAAAC3Nza user@host\n".to_string(),
                "public key",
            ),
            ("notes.txt", "hello\n".to_string(), "not a private key file"),
            (
                "cut",
                "-----BEGIN OPENSSH PRIVATE KEY-----\nb3Bl\n".to_string(),
                "not a private key file",
            ),
            (
                "cert.pem",
                "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n".to_string(),
                "not a private key file",
            ),
            (
                "huge",
                "x".repeat(usize::try_from(MAX_KEY_FILE_BYTES).unwrap() + 1),
                "larger than any private key file",
            ),
        ];
        for (name, text, want) in cases {
            let path = dir.path().join(name);
            std::fs::write(&path, text).unwrap();
            let err = check_private_key_file(&path).unwrap_err().to_string();
            assert!(
                err.starts_with(&path.display().to_string()) && err.contains(want),
                "{name}: {err}"
            );
        }
    }

    #[cfg(unix)]
    #[test]
    fn dev_1_unreadable_key_file_is_refused() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("id_ed25519");
        std::fs::write(&path, OPENSSH).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o000)).unwrap();
        // Root reads every file: the check is then the same as for a readable key.
        if std::fs::read(&path).is_err() {
            let err = check_private_key_file(&path).unwrap_err();
            assert!(matches!(err, KeyFileError::Unreadable { .. }), "{err}");
        }
    }
}
