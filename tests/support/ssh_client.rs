//! OpenSSH's `ssh` client as an admin runs it by hand, for the benchmarks' baseline: one
//! `ssh -p PORT USER@127.0.0.1 'partition list'`, public-key login, host key not checked.

use std::path::Path;
use std::process::{Command, Stdio};

/// Runs `partition list` in a fresh `ssh` process; panics when the reply is not LunaSH's.
pub fn partition_list(key: &Path, port: u16, user: &str) {
    let out = Command::new("ssh")
        .arg("-i")
        .arg(key)
        .args(["-p", &port.to_string()])
        .args([
            "-o",
            "StrictHostKeyChecking=no",
            "-o",
            "UserKnownHostsFile=/dev/null",
            "-o",
            "BatchMode=yes",
            "-o",
            "LogLevel=ERROR",
        ])
        .arg(format!("{user}@127.0.0.1"))
        .arg("partition list")
        .stdin(Stdio::null())
        .output()
        .unwrap_or_else(|e| panic!("ssh: {e}"));
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("Command Result"),
        "ssh loop: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}
