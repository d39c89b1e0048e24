//! Tests of the known-hosts file (DEV-1): fingerprints against `ssh-keygen -lf`, fail-closed
//! loading with line numbers, permissions, trust/forget round trips.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use super::*;
use std::os::unix::fs::PermissionsExt;

// `ssh-keygen -q -t ed25519 -N '' -C '' -f k; ssh-keygen -lf k.pub` on the build machine.
const ED25519_B64: &str = "AAAAC3NzaC1lZDI1NTE5AAAAIAZPVWBFe26diVX03lrZYgKWfin9m1aczDgjMWHuJuGL";
const ED25519_FP: &str = "SHA256:ErpLdbcRNdaCw5LYorZGFcJ1jneGg1la48ky1GWtMHI";
const RSA_B64: &str = "AAAAB3NzaC1yc2EAAAADAQABAAAAgQC8r6SLz0z2HYDzxRhVYEydSBO2/m/bkdD/PJUFIeyPnx5FqpEUzkLTx4IjyJa+Eiob/buXLHGNAW/Pk4u13u1Cb7CpHHW/IHa1BasHzbrPTusTpieAymjVbmgk3qmy1HAUjCQS8iuH/llb5PH+FTfsVU7xx8OutNxUE0gHcEjrkw==";
const RSA_FP: &str = "SHA256:uTKYfuZLTsOxqKcICUNTm0hggBkTHB/gLFd+4aTvkZw";

fn blob(b64: &str) -> Vec<u8> {
    STANDARD.decode(b64).unwrap()
}

fn write_file(dir: &Path, text: &str, mode: u32) -> PathBuf {
    let path = dir.join("known_hosts");
    fs::write(&path, text).unwrap();
    fs::set_permissions(&path, fs::Permissions::from_mode(mode)).unwrap();
    path
}

fn mode_of(path: &Path) -> u32 {
    fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[test]
fn dev_1_fingerprint_matches_ssh_keygen() {
    assert_eq!(fingerprint(&blob(ED25519_B64)), ED25519_FP);
    assert_eq!(fingerprint(&blob(RSA_B64)), RSA_FP);
}

#[test]
fn dev_1_missing_file_is_empty() {
    let tmp = tempfile::tempdir().unwrap();
    let kh = KnownHosts::load(&tmp.path().join("known_hosts")).unwrap();
    assert!(kh.entries().is_empty());
    let got = kh.check("hsm1", 22, "ssh-ed25519", &blob(ED25519_B64));
    let want = HostKeyCheck::Unknown {
        algorithm: "ssh-ed25519".into(),
        fingerprint: ED25519_FP.into(),
    };
    assert_eq!(got, want);
}

#[test]
fn dev_1_check_match_unknown_mismatch() {
    let tmp = tempfile::tempdir().unwrap();
    let text = format!(
        "# lunadeck known hosts\n\nhsm1.example.com:22 ssh-ed25519 {ED25519_B64}\n[fe80::1]:2222 ssh-rsa {RSA_B64}\n"
    );
    let kh = KnownHosts::load(&write_file(tmp.path(), &text, 0o600)).unwrap();
    let ed = blob(ED25519_B64);
    let rsa = blob(RSA_B64);
    let mismatch = |expected: &str, presented: &str| HostKeyCheck::Mismatch {
        expected_fp: expected.into(),
        presented_fp: presented.into(),
    };
    let unknown = |alg: &str, fp: &str| HostKeyCheck::Unknown {
        algorithm: alg.into(),
        fingerprint: fp.into(),
    };
    let cases: Vec<(&str, u16, &str, &[u8], HostKeyCheck)> = vec![
        (
            "hsm1.example.com",
            22,
            "ssh-ed25519",
            &ed,
            HostKeyCheck::Match,
        ),
        (
            "HSM1.example.com",
            22,
            "ssh-ed25519",
            &ed,
            HostKeyCheck::Match,
        ),
        (
            "hsm1.example.com",
            22,
            "ssh-ed25519",
            &rsa,
            mismatch(ED25519_FP, RSA_FP),
        ),
        // Another algorithm than the recorded one: fail closed.
        (
            "hsm1.example.com",
            22,
            "ssh-rsa",
            &rsa,
            mismatch(ED25519_FP, RSA_FP),
        ),
        (
            "hsm1.example.com",
            2222,
            "ssh-ed25519",
            &ed,
            unknown("ssh-ed25519", ED25519_FP),
        ),
        (
            "hsm2.example.com",
            22,
            "ssh-rsa",
            &rsa,
            unknown("ssh-rsa", RSA_FP),
        ),
        ("fe80::1", 2222, "ssh-rsa", &rsa, HostKeyCheck::Match),
    ];
    for (host, port, alg, key, want) in cases {
        assert_eq!(kh.check(host, port, alg, key), want, "{host}:{port} {alg}");
    }
}

#[test]
fn dev_1_malformed_file_is_an_error_with_line_number() {
    let good = format!("h:22 ssh-ed25519 {ED25519_B64}");
    let cases = [
        (
            "h:22 ssh-ed25519".to_string(),
            1,
            "expected 'host:port algorithm base64-key', found 2 field(s)",
        ),
        (format!("# c\n{good} extra"), 2, "found 4 field(s)"),
        (
            format!("h ssh-ed25519 {ED25519_B64}"),
            1,
            "'h' is not host:port",
        ),
        (
            format!("fe80::1:22 ssh-rsa {RSA_B64}"),
            1,
            "'fe80::1:22' is not host:port",
        ),
        (
            format!("h:0 ssh-ed25519 {ED25519_B64}"),
            1,
            "'0' is not a port between 1 and 65535",
        ),
        (
            format!("h:99999 ssh-ed25519 {ED25519_B64}"),
            1,
            "'99999' is not a port",
        ),
        (
            format!(":22 ssh-ed25519 {ED25519_B64}"),
            1,
            "the host is empty",
        ),
        (
            "h:22 ssh-ed25519 not*base64".to_string(),
            1,
            "the key for h:22 is not valid base64",
        ),
        (
            format!("h:22 ssh/ed {ED25519_B64}"),
            1,
            "'ssh/ed' is not a host key algorithm name",
        ),
        (
            format!("{good}\n\n{good}"),
            3,
            "a second ssh-ed25519 key for h:22 (the first is on line 1)",
        ),
    ];
    for (text, line, reason) in cases {
        let tmp = tempfile::tempdir().unwrap();
        let path = write_file(tmp.path(), &text, 0o600);
        let err = KnownHosts::load(&path).unwrap_err();
        let msg = err.to_string();
        let prefix = format!("known hosts file {}, line {line}: ", path.display());
        assert!(msg.starts_with(&prefix), "{text:?}: {msg}");
        assert!(msg.contains(reason), "{text:?}: {msg}");
    }
}

#[test]
fn dev_1_wide_permissions_are_refused() {
    for mode in [0o644, 0o640, 0o604, 0o660] {
        let tmp = tempfile::tempdir().unwrap();
        let path = write_file(tmp.path(), "", mode);
        let msg = KnownHosts::load(&path).unwrap_err().to_string();
        let want = format!(
            "known hosts file {p} has mode {mode:04o}; it must be 0600 (run: chmod 600 {p})",
            p = path.display()
        );
        assert_eq!(msg, want);
    }
    let tmp = tempfile::tempdir().unwrap();
    assert!(KnownHosts::load(&write_file(tmp.path(), "", 0o400)).is_ok());
}

#[test]
fn dev_1_unreadable_file_is_an_error() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("known_hosts");
    fs::create_dir(&path).unwrap();
    let msg = KnownHosts::load(&path).unwrap_err().to_string();
    assert_eq!(
        msg,
        format!(
            "cannot read the known hosts file {}: it is not a regular file",
            path.display()
        )
    );
    let bad_utf8 = tmp.path().join("kh2");
    fs::write(&bad_utf8, [0xff, 0xfe, b'\n']).unwrap();
    fs::set_permissions(&bad_utf8, fs::Permissions::from_mode(0o600)).unwrap();
    let msg = KnownHosts::load(&bad_utf8).unwrap_err().to_string();
    assert!(msg.starts_with("cannot read the known hosts file"), "{msg}");
}

#[test]
fn dev_1_trust_writes_0600_and_reloads() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("known_hosts");
    let mut kh = KnownHosts::load(&path).unwrap();
    kh.trust("hsm1", 22, "ssh-ed25519", &blob(ED25519_B64))
        .unwrap();
    kh.trust("fe80::1", 2222, "ssh-rsa", &blob(RSA_B64))
        .unwrap();
    // Trusting the same key again changes nothing.
    kh.trust("hsm1", 22, "ssh-ed25519", &blob(ED25519_B64))
        .unwrap();
    assert_eq!(mode_of(&path), 0o600);
    let text = fs::read_to_string(&path).unwrap();
    assert_eq!(
        text,
        format!("hsm1:22 ssh-ed25519 {ED25519_B64}\n[fe80::1]:2222 ssh-rsa {RSA_B64}\n")
    );
    let again = KnownHosts::load(&path).unwrap();
    assert_eq!(again, kh);
    assert_eq!(
        again.check("hsm1", 22, "ssh-ed25519", &blob(ED25519_B64)),
        HostKeyCheck::Match
    );
    let leftovers: Vec<_> = fs::read_dir(tmp.path()).unwrap().collect();
    assert_eq!(leftovers.len(), 1, "no temporary file left behind");
}

#[test]
fn dev_1_trust_keeps_comments_and_adds_missing_newline() {
    let tmp = tempfile::tempdir().unwrap();
    let path = write_file(tmp.path(), "# mine", 0o600);
    let mut kh = KnownHosts::load(&path).unwrap();
    kh.trust("h", 22, "ssh-rsa", &blob(RSA_B64)).unwrap();
    assert_eq!(
        fs::read_to_string(&path).unwrap(),
        format!("# mine\nh:22 ssh-rsa {RSA_B64}\n")
    );
}

#[test]
fn dev_1_trust_refuses_a_different_key() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("known_hosts");
    let mut kh = KnownHosts::load(&path).unwrap();
    kh.trust("hsm1", 22, "ssh-ed25519", &blob(ED25519_B64))
        .unwrap();
    let before = fs::read_to_string(&path).unwrap();
    for alg in ["ssh-ed25519", "ssh-rsa"] {
        let err = kh.trust("hsm1", 22, alg, &blob(RSA_B64)).unwrap_err();
        assert_eq!(
            err.to_string(),
            format!(
                "hsm1:22: a different host key is recorded ({ED25519_FP}); nothing was trusted. Remove the recorded key first if the appliance was really re-keyed"
            )
        );
    }
    assert_eq!(fs::read_to_string(&path).unwrap(), before);
}

#[test]
fn dev_1_trust_validates_its_input() {
    let tmp = tempfile::tempdir().unwrap();
    let mut kh = KnownHosts::load(&tmp.path().join("known_hosts")).unwrap();
    let key = blob(ED25519_B64);
    let cases: [(&str, u16, &str, &[u8], &str); 5] = [
        ("", 22, "ssh-ed25519", &key, "the host is empty"),
        (
            "a b",
            22,
            "ssh-ed25519",
            &key,
            "the host 'a b' contains a space, bracket or '#'",
        ),
        (
            "h",
            0,
            "ssh-ed25519",
            &key,
            "the port must be between 1 and 65535",
        ),
        ("h", 22, "", &key, "'' is not a host key algorithm name"),
        ("h", 22, "ssh-ed25519", &[], "the host key is empty"),
    ];
    for (host, port, alg, k, reason) in cases {
        let err = kh.trust(host, port, alg, k).unwrap_err();
        assert_eq!(
            err.to_string(),
            format!("cannot record a host key: {reason}")
        );
    }
    assert!(!tmp.path().join("known_hosts").exists());
}

#[test]
fn dev_1_trust_fails_closed_on_a_bad_file() {
    let tmp = tempfile::tempdir().unwrap();
    let path = write_file(tmp.path(), "", 0o600);
    let mut kh = KnownHosts::load(&path).unwrap();
    fs::write(&path, "garbage\n").unwrap();
    let err = kh.trust("h", 22, "ssh-rsa", &blob(RSA_B64)).unwrap_err();
    assert!(
        matches!(err, KnownHostsError::Malformed { line: 1, .. }),
        "{err}"
    );
    assert_eq!(fs::read_to_string(&path).unwrap(), "garbage\n");
}

#[test]
fn dev_1_preferred_algorithms_in_file_order() {
    let tmp = tempfile::tempdir().unwrap();
    let text = format!(
        "h:22 ssh-rsa {RSA_B64}\nother:22 ecdsa-sha2-nistp256 {RSA_B64}\nh:22 ssh-ed25519 {ED25519_B64}\n"
    );
    let kh = KnownHosts::load(&write_file(tmp.path(), &text, 0o600)).unwrap();
    assert_eq!(
        kh.preferred_algorithms("h", 22),
        vec!["ssh-rsa", "ssh-ed25519"]
    );
    assert_eq!(kh.preferred_algorithms("h", 23), Vec::<String>::new());
    assert_eq!(
        kh.preferred_algorithms("other", 22),
        vec!["ecdsa-sha2-nistp256"]
    );
}

#[test]
fn dev_1_forget_removes_only_that_host() {
    let tmp = tempfile::tempdir().unwrap();
    let text = format!(
        "# keep\nh:22 ssh-rsa {RSA_B64}\nother:22 ssh-rsa {RSA_B64}\nh:22 ssh-ed25519 {ED25519_B64}\n"
    );
    let path = write_file(tmp.path(), &text, 0o600);
    let mut kh = KnownHosts::load(&path).unwrap();
    assert_eq!(kh.forget("h", 22).unwrap(), 2);
    assert_eq!(kh.forget("h", 22).unwrap(), 0);
    assert_eq!(
        fs::read_to_string(&path).unwrap(),
        format!("# keep\nother:22 ssh-rsa {RSA_B64}\n")
    );
    assert_eq!(mode_of(&path), 0o600);
    assert_eq!(KnownHosts::load(&path).unwrap(), kh);
    assert!(matches!(
        kh.check("h", 22, "ssh-rsa", &blob(RSA_B64)),
        HostKeyCheck::Unknown { .. }
    ));
}
