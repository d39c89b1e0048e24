//! The service-management verbs of the binary with `--demo`: keys, clients, partition
//! choices, migration check and template capability edits — human tables, --json documents,
//! secrets only from a stdin flag, and exit codes 0 / 1 / 2. Also the device licences a 5.x
//! appliance does not print (DEV-1).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod cli_demo_support;
/// Issue 9 (read-only reads, organization names, login throttling), in its own file.
#[path = "cli_demo_support/hardening.rs"]
mod hardening;

use cli_demo_support::{demo, json, stderr as err, stdout as out};
use serde_json::Value;

#[test]
fn mng_5_key_list_from_stdin_table_json_wrong_password_and_no_terminal() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let listed = demo(
        h,
        &["key", "list", "myHA", "--secrets-stdin"],
        "CoPass-sehsm3\n",
    );
    assert_eq!(listed.status.code(), Some(0), "{}", err(&listed));
    assert!(
        out(&listed).contains("DARKSTARKEY-mac-key"),
        "{}",
        out(&listed)
    );
    assert!(out(&listed).contains("HANDLE"), "a table: {}", out(&listed));
    let doc = demo(
        h,
        &["--json", "key", "list", "myHA", "--secrets-stdin"],
        "CoPass-sehsm3\n",
    );
    let doc = json(&doc);
    assert_eq!(doc["ok"], true, "{doc}");
    assert!(doc["result"].as_array().unwrap().len() >= 2, "{doc}");
    assert!(!doc.to_string().contains("CoPass-sehsm3"));
    let wrong = demo(
        h,
        &["key", "list", "myHA", "--secrets-stdin"],
        "Wrong-pass-1\n",
    );
    assert_eq!(wrong.status.code(), Some(1), "{}", err(&wrong));
    assert!(!err(&wrong).contains("Wrong-pass-1"), "{}", err(&wrong));
    let no_flag = demo(h, &["key", "list", "myHA"], "CoPass-sehsm3\n");
    assert_eq!(no_flag.status.code(), Some(2));
    assert!(
        err(&no_flag).contains("--secrets-stdin"),
        "{}",
        err(&no_flag)
    );
    let logoff = demo(h, &["key", "logoff", "myHA"], "");
    assert_eq!(logoff.status.code(), Some(0));
    assert!(
        out(&logoff).contains("ends its sessions when it exits"),
        "{}",
        out(&logoff)
    );
}

#[test]
fn mng_6_client_list_reads_then_shows_status() {
    let home = tempfile::tempdir().unwrap();
    let listed = demo(home.path(), &["client", "list", "myHA"], "");
    assert_eq!(listed.status.code(), Some(0), "{}", err(&listed));
    let text = out(&listed);
    assert!(
        text.contains("Payments API (prod)") && text.contains("STATUS"),
        "{text}"
    );
    assert!(
        err(&listed).contains("read the registered clients"),
        "progress on stderr"
    );
    let cached = demo(
        home.path(),
        &["--json", "client", "list", "myHA", "--cached"],
        "",
    );
    assert_eq!(
        json(&cached),
        Value::Array(vec![]),
        "nothing read in a new demo run"
    );
}

#[test]
fn ha_1_choices_say_why_and_a_device_that_does_not_fit_is_refused() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let choices = demo(h, &["--json", "partition", "choices", "myHA"], "");
    let doc = json(&choices);
    let par = doc
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["device"] == "par-hsm-01")
        .unwrap()
        .clone();
    assert_eq!(par["fits"], false, "{doc}");
    assert!(par["why_not"].as_str().unwrap().contains("PED"), "{par}");
    let add = demo(
        h,
        &["partition", "add", "myHA", "--device", "par-hsm-01"],
        "",
    );
    assert_eq!(add.status.code(), Some(2), "{}", err(&add));
    assert!(err(&add).contains("authentication is PED"), "{}", err(&add));
    let gone = demo(
        h,
        &["partition", "remove", "myHA", "nowhere/x", "--confirm", "x"],
        "",
    );
    assert_eq!(gone.status.code(), Some(2));
    assert!(
        err(&gone).contains("has no partition 'nowhere/x'"),
        "{}",
        err(&gone)
    );
}

#[test]
fn mig_2_check_lists_sources_and_refuses_an_uninitialized_one() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let all = demo(h, &["migrate", "check"], "");
    assert_eq!(all.status.code(), Some(0));
    assert!(out(&all).contains("myHA"), "{}", out(&all));
    assert!(!out(&all).contains("sp_empty01"), "{}", out(&all));
    let one = demo(h, &["--json", "migrate", "check", "myHA"], "");
    assert_eq!(json(&one)["migratable"], true);
    let no = demo(h, &["migrate", "check", "lon-hsm-01-sp_empty01"], "");
    assert_eq!(no.status.code(), Some(2));
    assert!(err(&no).contains("cannot be migrated"), "{}", err(&no));
}

#[test]
fn tpl_4_template_edit_capabilities_only_the_flags_given() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let args = ["--json", "template", "edit", "Standard partition"];
    let mut edit = args.to_vec();
    edit.extend(["--size", "200000", "--sks", "yes"]);
    let doc = json(&demo(h, &edit, ""));
    let caps = &doc["template"]["capabilities"];
    assert_eq!(caps["partition_size"], 200000, "{doc}");
    assert_eq!(caps["sks"], true, "{doc}");
    assert_eq!(caps["auth"], "Password", "unchanged: {doc}");
    for (flags, why) in [
        (&["--size", "12abc"][..], "size"),
        (&["--stc", "yes"], "Secure Trusted Channel is not available"),
    ] {
        let mut bad = args.to_vec();
        bad.extend_from_slice(flags);
        let refused = demo(h, &bad, "");
        assert_eq!(refused.status.code(), Some(2), "{}", err(&refused));
        assert!(err(&refused).contains(why), "{flags:?}: {}", err(&refused));
    }
    let nothing = demo(h, &args, "");
    assert_eq!(nothing.status.code(), Some(2));
    assert!(err(&nothing).contains("--ppso"), "{}", err(&nothing));
}

#[test]
fn del_1_tpl_5_detach_and_template_delete_need_the_name_repeated() {
    let home = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| {
        let mut all = vec!["--json"];
        all.extend_from_slice(args);
        demo(home.path(), &all, "")
    };
    let wrong = run(&["service", "detach", "myHA", "--confirm", "nope"]);
    assert_eq!(wrong.status.code(), Some(2), "{}", out(&wrong));
    let right = run(&["service", "detach", "myHA", "--confirm", "myHA"]);
    assert_eq!(right.status.code(), Some(0), "{}", out(&right));
    let missing = run(&["service", "detach", "myHA"]);
    assert_eq!(missing.status.code(), Some(2), "{}", err(&missing));
    let list = json(&run(&["template", "list"]));
    let name = list
        .as_array()
        .or_else(|| list["items"].as_array())
        .and_then(|a| a.first())
        .and_then(|t| t["name"].as_str())
        .unwrap_or_else(|| panic!("no template in {list}"))
        .to_string();
    let wrong = run(&["template", "delete", &name, "--confirm", "x"]);
    assert_eq!(wrong.status.code(), Some(2));
    let right = run(&["template", "delete", &name, "--confirm", &name]);
    assert_eq!(right.status.code(), Some(0), "{}", out(&right));
}

#[test]
fn dev_1_demo_5x_device_licences_are_unknown_in_list_show_and_json() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let listed = demo(h, &["device", "list"], "");
    assert_eq!(listed.status.code(), Some(0), "{}", err(&listed));
    let text = out(&listed);
    let header = text.lines().next().unwrap();
    let col = header.find("LICENCES").unwrap(); // the header is ASCII: bytes are characters
    let cell = |name: &str| -> String {
        let line = text.lines().find(|l| l.starts_with(name)).unwrap();
        line.chars().skip(col).take_while(|c| *c != ' ').collect()
    };
    assert_eq!(cell("nyc-hsm-01"), "—", "{text}");
    assert_eq!(cell("lon-hsm-01"), "3/10", "{text}");

    let doc = json(&demo(h, &["--json", "device", "list"], ""));
    let devices = doc.as_array().unwrap();
    let of = |name: &str| devices.iter().find(|d| d["name"] == name).unwrap().clone();
    assert_eq!(of("nyc-hsm-01")["facts"]["licences"], Value::Null);
    assert_eq!(of("lon-hsm-01")["facts"]["licences"]["allowed"], 10);

    let shown = demo(h, &["device", "show", "nyc-hsm-01"], "");
    assert_eq!(shown.status.code(), Some(0), "{}", err(&shown));
    assert!(
        out(&shown).contains("— (hsm show prints no licence counts)"),
        "{}",
        out(&shown)
    );
}

/// No raw ESC, BEL or CSI on stderr: the refusal names the character instead.
fn no_raw_controls(text: &str) -> bool {
    !text.chars().any(|c| c != '\n' && c.is_control())
}

#[test]
fn x_4_escape_sequences_in_descriptions_are_refused_at_the_boundary() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let caps = [
        "--type",
        "partition",
        "--auth",
        "password",
        "--line",
        "luna7",
        "--size",
        "100000",
    ];
    let mut add = vec![
        "template",
        "add",
        "Evil",
        "--description",
        "a\u{1b}]0;pwned\u{7}",
    ];
    add.extend(caps);
    let refused = demo(h, &add, "");
    assert_eq!(refused.status.code(), Some(2), "{}", out(&refused));
    let e = err(&refused);
    assert!(
        e.contains("Description: control character U+001B at position 2 is not allowed"),
        "{e}"
    );
    assert!(no_raw_controls(&e), "{e:?}");
    let edit = demo(
        h,
        &[
            "template",
            "edit",
            "HA pair",
            "--description",
            "x\u{202e}cod.exe",
        ],
        "",
    );
    assert_eq!(edit.status.code(), Some(2), "{}", out(&edit));
    assert!(
        err(&edit).contains("U+202E at position 2"),
        "{}",
        err(&edit)
    );
    let create = demo(
        h,
        &[
            "service",
            "create",
            "svc9",
            "--template",
            "HA pair",
            "--device",
            "lon-hsm-01",
            "--device",
            "lon-hsm-02",
            "--org",
            "Payments",
            "--description",
            "\u{1b}[31mred",
        ],
        "",
    );
    assert_eq!(create.status.code(), Some(2), "{}", out(&create));
    assert!(
        err(&create).contains("Description: control character U+001B at position 1"),
        "{}",
        err(&create)
    );
}

#[test]
fn dev_1_device_add_checks_user_and_key_file_before_connecting() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let add = |extra: &[&str]| {
        let mut args = vec!["device", "add", "new-hsm", "--host", "new-hsm.example.net"];
        args.extend_from_slice(extra);
        demo(h, &args, "")
    };
    let user = add(&["--ssh-user", "\u{1b}]0;x\u{7}"]);
    assert_eq!(user.status.code(), Some(2), "{}", err(&user));
    let e = err(&user);
    assert!(e.contains("SSH user: control character U+001B"), "{e}");
    assert!(no_raw_controls(&e), "{e:?}");
    let empty = add(&["--ssh-user", " "]);
    assert_eq!(empty.status.code(), Some(2), "{}", err(&empty));
    assert!(
        err(&empty).contains("SSH user: required"),
        "{}",
        err(&empty)
    );
    let key = add(&["--ssh-key", "/nonexistent/id_ed25519"]);
    assert_eq!(key.status.code(), Some(2), "{}", err(&key));
    let e = err(&key);
    assert!(
        e.contains("--ssh-key /nonexistent/id_ed25519: cannot be read"),
        "{e}"
    );
    let public = h.join("id_ed25519.pub");
    std::fs::write(
        &public,
        "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAZP user@host\n",
    )
    .unwrap();
    let key = add(&["--ssh-key", public.to_str().unwrap()]);
    assert_eq!(key.status.code(), Some(2), "{}", err(&key));
    assert!(err(&key).contains("this is a public key"), "{}", err(&key));
    let edit = demo(
        h,
        &["device", "edit", "lon-hsm-01", "--ssh-key", "/nonexistent"],
        "",
    );
    assert_eq!(edit.status.code(), Some(2), "{}", err(&edit));
    assert!(
        err(&edit).contains("--ssh-key /nonexistent:"),
        "{}",
        err(&edit)
    );
}

#[test]
fn dev_2_a_ped_server_only_on_a_ped_appliance() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let args = |d: &'static str| ["device", "ped-server", d, "--host", "ped.example.net"];
    let refused = demo(h, &args("lon-hsm-01"), "");
    assert_eq!(refused.status.code(), Some(2), "{}", out(&refused));
    assert!(
        err(&refused).contains("lon-hsm-01 logs its HSM SO in with a password, not a PED"),
        "{}",
        err(&refused)
    );
    let ped = demo(h, &args("par-hsm-01"), "");
    assert_eq!(ped.status.code(), Some(0), "{}", err(&ped));
}

#[test]
fn mig_2_a_ped_migration_asks_for_its_ped_server_and_model_and_refuses_before_sending() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let base = [
        "migrate",
        "run",
        "par-hsm-01-ped_tokens",
        "--name",
        "ped-new",
        "--org",
        "Payments",
        "--size",
        "100000",
        "--label",
        "pednew",
        "--target",
        "sgp-hsm-01",
        "--secrets-stdin",
    ];
    let no_server = demo(h, &base, "");
    assert_eq!(no_server.status.code(), Some(2));
    assert!(
        err(&no_server).contains("needs --ped-host"),
        "{}",
        err(&no_server)
    );
    let with = |extra: &[&'static str]| -> Vec<&str> {
        base.iter().copied().chain(extra.iter().copied()).collect()
    };
    let bad_model = demo(
        h,
        &with(&["--ped-host", "ped.example.net", "--model", "9.x PED"]),
        "",
    );
    assert_eq!(bad_model.status.code(), Some(2));
    assert!(
        err(&bad_model).contains("--model '9.x PED': not an HSM model; one of: 6.x non-PPSO PED"),
        "{}",
        err(&bad_model)
    );
    // The demo's only other PED appliance is FM-enabled: the matrix refuses it, nothing is sent.
    let refused = demo(
        h,
        &with(&["--ped-host", "ped.example.net", "--model", "7.x PED"]),
        "chal-lenge-1\nchal-lenge-1\n",
    );
    assert_eq!(refused.status.code(), Some(2), "{}", err(&refused));
    assert!(
        err(&refused).contains("not possible from a no FM source to a FM-enabled target"),
        "{}",
        err(&refused)
    );
    assert!(!err(&refused).contains("chal-lenge-1"));
}
