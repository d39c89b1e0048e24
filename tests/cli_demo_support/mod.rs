//! Running the real `lunadeck --demo` binary from the CLI suites: HOME, TMPDIR and the data dir
//! inside a test directory (nothing touches the real home), stdin piped, output decoded.

#![allow(dead_code)]

use serde_json::Value;
use std::path::Path;
use std::process::{Command, Output, Stdio};

/// `lunadeck --demo ARGS` with HOME, TMPDIR and the data dir inside `home`; `stdin` is piped.
pub fn demo(home: &Path, args: &[&str], stdin: &str) -> Output {
    use std::io::Write;
    let tmp = home.join("tmp");
    std::fs::create_dir_all(&tmp).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_lunadeck"))
        .env_remove("LUNADECK_HOME")
        .env_remove("LUNADECK_PASSWORD_STDIN")
        .env("HOME", home)
        .env("TMPDIR", &tmp)
        .arg("--data-dir")
        .arg(home.join("deck"))
        .arg("--demo")
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let _ = child.stdin.take().unwrap().write_all(stdin.as_bytes());
    child.wait_with_output().unwrap()
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The one JSON document on stdout.
pub fn json(o: &Output) -> Value {
    serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("stdout is not one JSON document ({e}):\n{}", stdout(o)))
}
