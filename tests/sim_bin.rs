#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! The `lunash-sim` binary: one command via `-c` / SSH_ORIGINAL_COMMAND, and interactive mode.

use std::io::Write;
use std::process::{Command, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_lunash-sim");

fn run_with_stdin(args: &[&str], envs: &[(&str, &str)], stdin: &str) -> (String, i32) {
    let mut cmd = Command::new(BIN);
    cmd.args(args)
        .env_remove("SSH_ORIGINAL_COMMAND")
        .env_remove("LUNASH_SIM_APPLIANCE")
        .env_remove("LUNASH_SIM_STATE")
        .env_remove("LUNASH_SIM_FLEET")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (k, v) in envs {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    (
        String::from_utf8(out.stdout).unwrap(),
        out.status.code().unwrap_or(-1),
    )
}

#[test]
fn x_1_binary_answers_hsm_show_via_c() {
    let (out, code) = run_with_stdin(&["--appliance", "nyc-hsm-01", "-c", "hsm show"], &[], "");
    assert_eq!(code, 0);
    assert!(out.starts_with(
        "Luna Network HSM Command Line Shell v5.3.1-2. Copyright (c) 2026 Thales Group. All rights reserved.\n\n   Appliance Details:\n"
    ), "{out}");
    assert!(out.contains("   Hardware Model:                     Luna K6\n"));
    assert!(out.ends_with("Command Result : 0 (Success)\n"));
}

#[test]
fn dev_1_binary_5x_hsm_show_prints_no_licence_lines() {
    let (out, code) = run_with_stdin(&["--appliance", "nyc-hsm-01", "-c", "hsm show"], &[], "");
    assert_eq!(code, 0);
    assert!(out.contains("   Hardware Model:"), "{out}");
    assert!(!out.contains("HSM Model:"), "{out}");
    assert!(!out.contains("partitions allowed"), "{out}");
    assert!(!out.contains("partitions created:"), "{out}");
    assert!(
        out.contains("   Maximum HSM Storage Space (Bytes):"),
        "{out}"
    );
    let facts = lunadeck::luna::parse::parse_hsm_show(&out).unwrap().facts;
    assert_eq!(facts.licences, None);
    // 6.x and 7.x print both lines.
    for name in ["fra-hsm-01", "lon-hsm-01"] {
        let (out, code) = run_with_stdin(&["--appliance", name, "-c", "hsm show"], &[], "");
        assert_eq!(code, 0);
        assert!(out.contains("   HSM Model:"), "{name}: {out}");
        assert!(
            out.contains("   Number of partitions allowed:"),
            "{name}: {out}"
        );
        assert!(
            out.contains("   Number of partitions created:"),
            "{name}: {out}"
        );
    }
}

#[test]
fn x_1_binary_honours_ssh_original_command_and_shared_state() {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("state.json");
    let state = state.to_str().unwrap();
    let envs = [
        ("LUNASH_SIM_STATE", state),
        ("LUNASH_SIM_APPLIANCE", "lon-hsm-01"),
    ];
    let (out, _) = run_with_stdin(
        &[],
        &[
            envs[0],
            envs[1],
            (
                "SSH_ORIGINAL_COMMAND",
                "client register -client \"new box\" -hostname nb.example",
            ),
        ],
        "",
    );
    assert!(out.contains("'client register' successful."), "{out}");
    // A second process sees the change through the state file.
    let (out, _) = run_with_stdin(
        &[],
        &[envs[0], envs[1], ("SSH_ORIGINAL_COMMAND", "client list")],
        "",
    );
    assert!(out.contains("registered client 3: new box\n"), "{out}");
}

#[test]
fn x_1_binary_interactive_prompt_secret_and_exit() {
    let (out, code) = run_with_stdin(
        &["--appliance", "lon-hsm-01"],
        &[],
        "hsm show\nhsm login\nLonSoPass!01\nexit\n",
    );
    assert_eq!(code, 0);
    assert!(
        out.starts_with("[lon-hsm-01.hsm.example.net] lunash:>hsm show\n   Appliance Details:\n"),
        "{out}"
    );
    assert!(
        out.contains("  Please enter the HSM Administrators' password:\n  > ************\n"),
        "{out}"
    );
    assert!(!out.contains("LonSoPass!01"));
    assert!(out.contains("'hsm login' successful."));
    assert!(
        out.ends_with("[lon-hsm-01.hsm.example.net] lunash:>exit\n"),
        "{out}"
    );
}

#[test]
fn x_1_binary_client_host_and_eof() {
    let (out, code) = run_with_stdin(&["--client"], &[], "hagroup listgroups\n");
    assert_eq!(code, 0);
    assert!(
        out.starts_with("lunacm:>hagroup listgroups\n\t\tHA Group Label:  myHA\n"),
        "{out}"
    );
    assert!(out.contains("Command Result : No Error\n"));
}

#[test]
fn x_1_binary_faults_unreachable_and_missing_target() {
    let dir = tempfile::tempdir().unwrap();
    let fleet = dir.path().join("f.toml");
    let toml = include_str!("../fixtures/fleets/small.toml").replace(
        "licences = 3\n",
        "licences = 3\n[appliance.faults]\nunreachable = true\n",
    );
    std::fs::write(&fleet, toml).unwrap();
    let f = fleet.to_str().unwrap();
    let (out, code) = run_with_stdin(
        &["--fleet", f, "--appliance", "alpha", "-c", "hsm show"],
        &[],
        "",
    );
    assert_eq!((out.as_str(), code), ("", 255));
    let (_, code) = run_with_stdin(
        &["--fleet", f, "--appliance", "nope", "-c", "hsm show"],
        &[],
        "",
    );
    assert_eq!(code, 2);
}
