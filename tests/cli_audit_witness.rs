//! `lunadeck audit verify` through the real binary (X-6, issue 9.4): a data directory's store
//! witnesses every append in `state/audit-witness/`, and a cut-off end is reported (exit 1).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use lunadeck::domain::timestamp::Timestamp;
use lunadeck::store::Store;
use secrecy::SecretString;
use std::path::Path;
use std::process::{Command, Output, Stdio};

const PW: &str = "Root-Pass-12345";

/// `lunadeck --data-dir HOME/deck --user root ARGS`, the password on stdin.
fn deck(home: &Path, args: &[&str]) -> Output {
    use std::io::Write;
    let tmp = home.join("tmp");
    std::fs::create_dir_all(&tmp).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_lunadeck"))
        .env_remove("LUNADECK_HOME")
        .env("LUNADECK_PASSWORD_STDIN", "1")
        .env("HOME", home)
        .env("TMPDIR", &tmp)
        .arg("--data-dir")
        .arg(home.join("deck"))
        .args(["--user", "root"])
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let _ = child
        .stdin
        .take()
        .unwrap()
        .write_all(format!("{PW}\n").as_bytes());
    child.wait_with_output().unwrap()
}

#[test]
fn x_6_audit_verify_reports_a_cut_off_end_from_the_witness() {
    let home = tempfile::tempdir().unwrap();
    let data = home.path().join("deck");
    std::fs::create_dir_all(&data).unwrap();
    let db = data.join("lunadeck.sqlite");
    Store::open(&db)
        .unwrap()
        .create_first_admin("root", &SecretString::from(PW), Timestamp(0))
        .unwrap();
    for _ in 0..3 {
        let o = deck(home.path(), &["--json", "audit", "verify"]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let doc: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        assert_eq!(doc["witness"], "matched", "{doc}");
    }
    let witness = data.join("state").join("audit-witness");
    assert!(witness.is_dir());
    // Cut the last two events off and rewind the head, as someone with the file would.
    let c = rusqlite::Connection::open(&db).unwrap();
    c.execute_batch(
        "DROP TRIGGER audit_no_delete;
         DELETE FROM audit WHERE seq > (SELECT count - 2 FROM audit_head);
         UPDATE audit_head SET count = count - 2,
             last_hash = (SELECT hash FROM audit ORDER BY seq DESC LIMIT 1);",
    )
    .unwrap();
    drop(c);
    let o = deck(home.path(), &["audit", "verify"]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("Audit trail cut off") || err.contains("Audit trail rewritten"),
        "{err}"
    );
    assert!(err.contains("audit-witness"), "{err}");
}
