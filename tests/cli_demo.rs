//! The binary with `--demo`: the simulated demo fleet bootstrapped by real
//! operations, human and --json output, exit codes 0/1/2, secrets only from stdin flags or a
//! prompt, read-only refusals, the audit chain, and the throwaway directory removed at exit.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod cli_demo_support;

use cli_demo_support::{demo, json, stderr, stdout};

#[test]
fn x_5_demo_device_list_is_an_aligned_table_of_the_demo_fleet() {
    let home = tempfile::tempdir().unwrap();
    let out = demo(home.path(), &["device", "list"], "");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 9, "header + 8 appliances:\n{text}");
    assert!(lines[0].starts_with("NAME "), "{text}");
    let status_col = lines[0].find("STATUS").unwrap();
    for line in &lines[1..] {
        assert_eq!(&line[status_col..status_col + 2], "up", "aligned: {text}");
    }
    for name in ["lon-hsm-01", "par-hsm-01", "nyc-hsm-01"] {
        assert!(text.contains(name), "{name}: {text}");
    }
}

#[test]
fn x_5_demo_device_list_json_is_one_document_and_the_demo_dir_is_removed() {
    let home = tempfile::tempdir().unwrap();
    let out = demo(home.path(), &["--json", "device", "list"], "");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let doc = json(&out);
    let devices = doc.as_array().unwrap();
    assert_eq!(devices.len(), 8);
    let lon = devices.iter().find(|d| d["name"] == "lon-hsm-01").unwrap();
    assert_eq!(lon["serial"], "1582775");
    assert_eq!(lon["status"], "up");
    let left: Vec<_> = std::fs::read_dir(home.path().join("tmp"))
        .unwrap()
        .collect();
    assert!(
        left.is_empty(),
        "throwaway demo directory left behind: {left:?}"
    );
}

#[test]
fn x_5_exit_codes_success_device_failure_bad_input() {
    let home = tempfile::tempdir().unwrap();
    let ok = demo(home.path(), &["device", "show", "lon-hsm-02"], "");
    assert_eq!(ok.status.code(), Some(0), "{}", stderr(&ok));
    assert!(stdout(&ok).contains("HSM serial"), "{}", stdout(&ok));

    let failed = demo(
        home.path(),
        &[
            "--json",
            "device",
            "add",
            "ghost",
            "--host",
            "ghost.example.net",
        ],
        "",
    );
    assert_eq!(failed.status.code(), Some(1), "{}", stderr(&failed));
    let doc = json(&failed);
    assert_eq!(doc["ok"], false);
    assert_eq!(doc["state"], "failed");
    let err = doc["error"].as_str().unwrap();
    assert!(
        err.contains("no appliance answers at ghost.example.net"),
        "{err}"
    );
    assert!(
        stderr(&failed).contains("ghost: read the appliance"),
        "progress on stderr"
    );

    let cases: [(&[&str], &str); 4] = [
        (&["device", "frobnicate"], "unrecognized subcommand"),
        (
            &["device", "show", "no-such-hsm"],
            "no device named 'no-such-hsm'",
        ),
        (
            &[
                "device",
                "add",
                "x",
                "--host",
                "x.example",
                "--port",
                "70000",
            ],
            "ort",
        ),
        (
            &["device", "remove", "lon-hsm-01", "--confirm", "lon-hsm-1"],
            "type the device name 'lon-hsm-01' exactly",
        ),
    ];
    for (args, want) in cases {
        let out = demo(home.path(), args, "");
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        assert!(stderr(&out).contains(want), "{args:?}: {}", stderr(&out));
    }
}

#[test]
fn x_5_json_errors_are_one_document_too() {
    let home = tempfile::tempdir().unwrap();
    let out = demo(home.path(), &["--json", "device", "show", "nope"], "");
    assert_eq!(out.status.code(), Some(2));
    let doc = json(&out);
    assert_eq!(doc["ok"], false);
    assert_eq!(doc["error"], "no device named 'nope'");
}

#[test]
fn dev_2_so_password_never_from_argv_only_stdin_flag_or_prompt() {
    let home = tempfile::tempdir().unwrap();
    let argv = demo(
        home.path(),
        &[
            "device",
            "authorize",
            "lon-hsm-01",
            "--so-password",
            "LonSoPass!01",
        ],
        "",
    );
    assert_eq!(argv.status.code(), Some(2));
    assert!(
        stderr(&argv).contains("unexpected argument '--so-password'"),
        "{}",
        stderr(&argv)
    );

    let no_tty = demo(
        home.path(),
        &["device", "authorize", "lon-hsm-01"],
        "LonSoPass!01\n",
    );
    assert_eq!(no_tty.status.code(), Some(2));
    let err = stderr(&no_tty);
    assert!(
        err.contains("no terminal") && err.contains("--so-password-stdin"),
        "{err}"
    );

    let ok = demo(
        home.path(),
        &[
            "--json",
            "--so-password-stdin",
            "device",
            "authorize",
            "lon-hsm-01",
        ],
        "LonSoPass!01\n",
    );
    assert_eq!(ok.status.code(), Some(0), "{}", stderr(&ok));
    assert_eq!(json(&ok)["result"]["authorized"], true);

    let empty = demo(
        home.path(),
        &["--so-password-stdin", "device", "authorize", "lon-hsm-01"],
        "",
    );
    assert_eq!(empty.status.code(), Some(2));
    assert!(stderr(&empty).contains("stdin ended"), "{}", stderr(&empty));
}

#[test]
fn x_7_read_only_refuses_writes_with_exit_2_and_still_reads() {
    let home = tempfile::tempdir().unwrap();
    let write = demo(
        home.path(),
        &[
            "--read-only",
            "device",
            "remove",
            "lon-hsm-01",
            "--confirm",
            "lon-hsm-01",
        ],
        "",
    );
    assert_eq!(write.status.code(), Some(2));
    assert!(
        stderr(&write).contains("read-only mode"),
        "{}",
        stderr(&write)
    );
    let refresh = demo(home.path(), &["--read-only", "device", "refresh"], "");
    assert_eq!(refresh.status.code(), Some(2), "{}", stderr(&refresh));
    let read = demo(
        home.path(),
        &["--read-only", "--json", "device", "list"],
        "",
    );
    assert_eq!(read.status.code(), Some(0), "{}", stderr(&read));
    assert_eq!(json(&read).as_array().unwrap().len(), 8);
}

#[test]
fn x_6_audit_verify_after_the_bootstrap_operations() {
    let home = tempfile::tempdir().unwrap();
    let out = demo(home.path(), &["--json", "audit", "verify"], "");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let doc = json(&out);
    assert_eq!(doc["ok"], true);
    assert!(doc["verified"].as_u64().unwrap() >= 12, "{doc}");
    let list = demo(
        home.path(),
        &["--json", "audit", "list", "--action", "device.add"],
        "",
    );
    let events = json(&list);
    assert_eq!(events.as_array().unwrap().len(), 8, "{events}");
    assert!(
        events.to_string().contains("\"actor\":\"demo\""),
        "{events}"
    );
}

#[test]
fn x_4_demo_secrets_never_reach_logs_or_output() {
    let home = tempfile::tempdir().unwrap();
    let out = demo(
        home.path(),
        &[
            "--so-password-stdin",
            "--authorize",
            "fra-hsm-01",
            "--json",
            "job",
            "list",
        ],
        "FraSoPass!01\n",
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let jobs = json(&out);
    assert!(jobs.as_array().unwrap().len() >= 13, "{jobs}");
    let logs = home.path().join("deck/state/logs");
    let mut text = String::new();
    for f in std::fs::read_dir(logs).unwrap() {
        text.push_str(&std::fs::read_to_string(f.unwrap().path()).unwrap());
    }
    text.push_str(&stdout(&out));
    text.push_str(&stderr(&out));
    for secret in [
        "FraSoPass!01",
        "LonSoPass!01",
        "NycSoPass!01",
        "demo-admin-pw",
    ] {
        assert!(!text.contains(secret), "{secret} leaked");
    }
}

#[test]
fn mng_1_demo_service_list_json_lists_imported_services() {
    let home = tempfile::tempdir().unwrap();
    let out = demo(home.path(), &["--json", "service", "list"], "");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let doc = json(&out);
    let services = doc.as_array().unwrap();
    assert!(services.len() >= 5, "{doc}");
    let ha = services.iter().find(|s| s["name"] == "myHA").unwrap();
    assert_eq!(ha["type"], "HSM Partition HA Group");
    assert_eq!(ha["organization"], "Payments");
    assert!(services.iter().any(|s| s["organization"] == "Identity"));
    let show = demo(home.path(), &["service", "show", "myHA"], "");
    assert_eq!(show.status.code(), Some(0), "{}", stderr(&show));
    assert!(stdout(&show).contains("Organization"), "{}", stdout(&show));
}

#[test]
fn tpl_2_demo_template_add_then_bad_size_refused() {
    let home = tempfile::tempdir().unwrap();
    let caps = [
        "--type", "ha", "--auth", "password", "--line", "luna77", "--size", "500000", "--ppso",
    ];
    let mut args = vec!["--json", "template", "add", "Gold HA"];
    args.extend(caps);
    let out = demo(home.path(), &args, "");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(json(&out)["template"]["name"], "Gold HA");
    let mut bad = vec!["template", "add", "Tiny"];
    bad.extend([
        "--type",
        "partition",
        "--auth",
        "password",
        "--line",
        "luna7",
    ]);
    bad.extend(["--size", "12"]);
    let out = demo(home.path(), &bad, "");
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).to_lowercase().contains("size"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn nav_4_demo_accounts_passwords_typed_twice_from_stdin() {
    let home = tempfile::tempdir().unwrap();
    let args = [
        "--json",
        "account",
        "user-add",
        "olga",
        "--role",
        "owner",
        "--org",
        "Payments",
        "--password-stdin",
    ];
    let ok = demo(home.path(), &args, "olga-pass-12345\nolga-pass-12345\n");
    assert_eq!(ok.status.code(), Some(0), "{}", stderr(&ok));
    assert_eq!(json(&ok)["user"]["username"], "olga");
    let differ = demo(home.path(), &args, "olga-pass-12345\nolga-pass-54321\n");
    assert_eq!(differ.status.code(), Some(2), "{}", stderr(&differ));
    let orgs = demo(home.path(), &["--json", "account", "org-list"], "");
    assert_eq!(json(&orgs).as_array().unwrap().len(), 2);
    let init = demo(home.path(), &["account", "init"], "");
    assert_eq!(init.status.code(), Some(2));
}

#[test]
fn svc_2_demo_plan_is_a_dry_run_and_svc_1_create_runs_on_both_devices() {
    let home = tempfile::tempdir().unwrap();
    let base = [
        "--template",
        "HA pair",
        "--device",
        "lon-hsm-01",
        "--device",
        "lon-hsm-02",
    ];
    let mut plan = vec!["--json", "service", "plan", "svc1"];
    plan.extend(base);
    plan.extend(["--org", "Payments"]);
    let out = demo(home.path(), &plan, "");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let doc = json(&out);
    let text = doc["plan"].to_string();
    assert!(text.contains("partition create -partition svc1"), "{text}");
    assert!(!text.contains("LonSoPass"), "{text}");
    let mut create = plan.clone();
    create[2] = "create";
    let out = demo(home.path(), &create, "");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(json(&out)["result"]["created"], true);
    assert!(
        stderr(&out).contains("lon-hsm-02: create partition 'svc1'"),
        "{}",
        stderr(&out)
    );
    let mut no_org = plan.clone();
    no_org.truncate(no_org.len() - 1);
    no_org.push("Nobody");
    let out = demo(home.path(), &no_org, "");
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
}

#[test]
fn size_1_demo_resize_runs_and_a_bad_size_is_refused() {
    let home = tempfile::tempdir().unwrap();
    let svc = "lon-hsm-01-sp_empty01";
    let ok = demo(
        home.path(),
        &["--json", "service", "resize", svc, "--size", "600000"],
        "",
    );
    assert_eq!(ok.status.code(), Some(0), "{}", stderr(&ok));
    assert_eq!(json(&ok)["state"], "done");
    let bad = demo(home.path(), &["service", "resize", svc, "--size", "5"], "");
    assert_eq!(bad.status.code(), Some(2));
    assert!(
        stderr(&bad).contains("below the minimum"),
        "{}",
        stderr(&bad)
    );
}
