//! Whole-binary tests of `lunadeck`: --version, --help, directory overrides, file-only logging
//! and the usage hint (exit 2) when no subcommand is given and there is no terminal
//! for the console (the console itself is tested in a pty: tests/pty_demo.rs).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The binary with a clean environment: HOME points into `home` so nothing touches the real one.
fn lunadeck(home: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_lunadeck"));
    cmd.env_remove("LUNADECK_HOME")
        .env_remove("LUNADECK_LOG")
        .env_remove("XDG_DATA_HOME")
        .env_remove("XDG_STATE_HOME")
        .env_remove("XDG_CONFIG_HOME")
        .env("HOME", home);
    cmd
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).unwrap()
}

fn log_files(logs: &Path) -> Vec<PathBuf> {
    let Ok(dir) = fs::read_dir(logs) else {
        return Vec::new();
    };
    dir.map(|e| e.unwrap().path()).collect()
}

/// No subcommand and no terminal: exit 2, nothing on stdout, exactly the usage hint on stderr.
fn assert_not_built(out: &Output) {
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    assert_eq!(text(&out.stdout), "");
    assert_eq!(
        text(&out.stderr),
        format!("{}\n", lunadeck::cli::USAGE_HINT)
    );
}

#[test]
fn version_prints_the_cargo_version() {
    let tmp = tempfile::tempdir().unwrap();
    let out = lunadeck(tmp.path()).arg("--version").output().unwrap();
    assert!(out.status.success());
    assert_eq!(
        text(&out.stdout),
        format!("lunadeck {}\n", env!("CARGO_PKG_VERSION"))
    );
    assert_eq!(text(&out.stderr), "");
}

#[test]
fn x_7_help_lists_the_flags() {
    let tmp = tempfile::tempdir().unwrap();
    let out = lunadeck(tmp.path()).arg("--help").output().unwrap();
    assert!(out.status.success());
    let help = text(&out.stdout);
    for flag in [
        "--data-dir <DIR>",
        "--read-only",
        "--json",
        "--no-color",
        "--demo",
        "--user <NAME>",
        "--host-key <SHA256:...>",
        "--help",
        "--version",
    ] {
        assert!(help.contains(flag), "{flag} missing from:\n{help}");
    }
    for noun in ["device", "job", "audit", "account"] {
        assert!(help.contains(noun), "{noun} missing from:\n{help}");
    }
    assert!(
        !help.contains("password <"),
        "no secret is ever an argument:\n{help}"
    );
}

#[test]
fn unknown_flag_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let out = lunadeck(tmp.path()).arg("--frobnicate").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("unexpected argument '--frobnicate'"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn x_4_data_dir_gets_private_dirs_and_a_log_file_and_terminal_gets_only_the_message() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("deck");
    let out = lunadeck(tmp.path())
        .args(["--read-only", "--data-dir"])
        .arg(&dir)
        .output()
        .unwrap();
    assert_not_built(&out);
    for sub in ["", "state", "state/logs", "config"] {
        let mode = fs::metadata(dir.join(sub)).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o700, "{sub}");
    }
    let files = log_files(&dir.join("state/logs"));
    assert_eq!(files.len(), 1, "{files:?}");
    let name = files[0].file_name().unwrap().to_string_lossy().into_owned();
    assert!(
        name.starts_with("lunadeck.") && name.ends_with(".log"),
        "{name}"
    );
    let mode = fs::metadata(&files[0]).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600, "the log file is private (issue 9.11)");
    let log = fs::read_to_string(&files[0]).unwrap();
    assert!(log.contains("lunadeck started"), "{log}");
    assert!(log.contains("read_only=true"), "{log}");
    assert!(
        !tmp.path().join(".local").exists(),
        "platform dirs untouched"
    );
}

#[test]
fn x_4_lunadeck_home_is_honoured_and_data_dir_wins() {
    let tmp = tempfile::tempdir().unwrap();
    let home = tmp.path().join("home");
    let out = lunadeck(tmp.path())
        .env("LUNADECK_HOME", &home)
        .output()
        .unwrap();
    assert_not_built(&out);
    assert_eq!(log_files(&home.join("state/logs")).len(), 1);

    let flag = tmp.path().join("flag");
    let other = tmp.path().join("other-home");
    let out = lunadeck(tmp.path())
        .env("LUNADECK_HOME", &other)
        .arg("--data-dir")
        .arg(&flag)
        .output()
        .unwrap();
    assert_not_built(&out);
    assert_eq!(log_files(&flag.join("state/logs")).len(), 1);
    assert!(!other.exists(), "LUNADECK_HOME must lose to --data-dir");
}

#[test]
fn x_4_log_level_from_lunadeck_log() {
    let tmp = tempfile::tempdir().unwrap();
    let quiet = tmp.path().join("quiet");
    let out = lunadeck(tmp.path())
        .env("LUNADECK_LOG", "error")
        .arg("--data-dir")
        .arg(&quiet)
        .output()
        .unwrap();
    assert_not_built(&out);
    let logs: String = log_files(&quiet.join("state/logs"))
        .iter()
        .map(|f| fs::read_to_string(f).unwrap())
        .collect();
    assert!(!logs.contains("lunadeck started"), "{logs}");

    let out = lunadeck(tmp.path())
        .env("LUNADECK_LOG", "lunadeck=loud")
        .arg("--data-dir")
        .arg(tmp.path().join("bad"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(text(&out.stdout), "");
    let err = text(&out.stderr);
    assert!(
        err.starts_with(
            "lunadeck: cannot start logging: LUNADECK_LOG='lunadeck=loud' is not a valid log filter"
        ),
        "{err}"
    );
}

#[test]
fn x_4_unusable_data_dir_is_a_clear_error() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("a-file");
    fs::write(&file, b"x").unwrap();
    let out = lunadeck(tmp.path())
        .arg("--data-dir")
        .arg(file.join("deck"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    let want = format!(
        "lunadeck: cannot create directory {}",
        file.join("deck").display()
    );
    assert!(err.starts_with(&want), "{err}");
    assert_eq!(
        err.lines().count(),
        1,
        "one clear line, no backtrace noise: {err}"
    );
}
