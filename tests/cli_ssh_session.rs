//! A scripted CLI session over real SSH (X-5, DEV-1..3, NAV-4, X-4): a persistent --data-dir,
//! the first Admin, logins with LUNADECK_PASSWORD_STDIN, two simulated appliances (lunash-sim)
//! behind the in-process russh server, host keys trusted only by --host-key pinning, every
//! step with --json, then `audit verify`, and no secret in the database, logs or known_hosts.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod store_fixtures;
mod support;

use support::cli_rig::{ADMIN_PW, CliRig, HOST_SEED, SSH_PW, fingerprint, text, walk};
use support::ssh_server::host_key;

const ALPHA_SO: &str = "alpha-so-pass";
const BETA_SO: &str = "beta-so-pass";

fn rig() -> CliRig {
    CliRig::start("small.toml", &["alpha", "beta"], false)
}

#[test]
fn x_5_scripted_session_over_real_ssh() {
    let rig = rig();
    let fp = fingerprint(HOST_SEED);
    let alpha_port = rig.port("alpha");
    let beta_port = rig.port("beta");

    // NAV-4: no account yet → login refused with what to do; account init (typed twice).
    let none = rig.run(&["device", "list"], "", true);
    assert_eq!(none.status.code(), Some(2));
    assert!(
        text(&none.stderr).contains("account init --user root"),
        "{}",
        text(&none.stderr)
    );
    let mismatch = rig.run(
        &["--user", "root", "account", "init", "--password-stdin"],
        &format!("{ADMIN_PW}\nsomething-else\n"),
        false,
    );
    assert_eq!(mismatch.status.code(), Some(2));
    let init = rig.run(
        &[
            "--json",
            "--user",
            "root",
            "account",
            "init",
            "--password-stdin",
        ],
        &format!("{ADMIN_PW}\n{ADMIN_PW}\n"),
        false,
    );
    assert_eq!(init.status.code(), Some(0), "{}", text(&init.stderr));
    let again = rig.run(
        &["--user", "root", "account", "init", "--password-stdin"],
        &format!("{ADMIN_PW}\n{ADMIN_PW}\n"),
        false,
    );
    assert_eq!(
        again.status.code(),
        Some(2),
        "the first Admin is created once"
    );
    let anonymous = rig.run(&["device", "list"], "", false);
    assert_eq!(anonymous.status.code(), Some(2));
    assert!(text(&anonymous.stderr).contains("log in with --user"));
    let wrong = rig.run(&["--user", "root", "device", "list"], "bad-pass\n", false);
    assert_eq!(wrong.status.code(), Some(2));
    assert!(
        text(&wrong.stderr).contains("wrong password"),
        "{}",
        text(&wrong.stderr)
    );
    // Login throttling: the next attempt for root waits 1 s after that failure (issue 9.10).
    std::thread::sleep(std::time::Duration::from_millis(1100));

    // DEV-1: an unknown host key is refused, with its fingerprint and how to pin it.
    let add_alpha = [
        "device",
        "add",
        "alpha",
        "--host",
        "127.0.0.1",
        "--port",
        &alpha_port,
        "--ssh-key",
    ];
    let mut args: Vec<&str> = add_alpha.to_vec();
    let key = rig.key_arg();
    args.push(&key);
    let refused = rig.run(&args, "", true);
    assert_eq!(refused.status.code(), Some(1), "{}", text(&refused.stderr));
    let err = text(&refused.stderr);
    assert!(err.contains(&fp) && err.contains("--host-key"), "{err}");
    assert!(
        rig.server("alpha").received().is_empty(),
        "nothing sent before trust"
    );

    // Pinned: trusted, recorded, read.
    args.extend(["--host-key", fp.as_str()]);
    let added = rig.ok(&args, "");
    assert_eq!(added["result"]["serial"], "1600001", "{added}");
    let beta = rig.ok(
        &[
            "device",
            "add",
            "beta",
            "--host",
            "127.0.0.1",
            "--port",
            &beta_port,
            "--ssh-password-stdin",
            "--host-key",
            &fp,
        ],
        &format!("{SSH_PW}\n"),
    );
    assert_eq!(beta["ok"], true, "{beta}");

    let list = rig.ok(&["device", "list"], "");
    let names: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["alpha", "beta"]);

    // DEV-2: SO passwords per run, from stdin in --authorize order; wrong one → exit 1.
    let refreshed = rig.ok(
        &[
            "--authorize",
            "alpha",
            "--so-password-stdin",
            "device",
            "refresh",
            "alpha",
        ],
        &format!("{ALPHA_SO}\n"),
    );
    assert_eq!(refreshed["state"], "done", "{refreshed}");
    let bad_so = rig.run(
        &["--so-password-stdin", "device", "authorize", "alpha"],
        "not-the-so-pass\n",
        true,
    );
    assert_eq!(bad_so.status.code(), Some(1), "{}", text(&bad_so.stderr));
    assert!(
        text(&bad_so.stderr).contains("password was refused"),
        "{}",
        text(&bad_so.stderr)
    );

    // A changed host key is a hard stop, even with a pin for the new key.
    rig.server("alpha").rekey([9; 32]);
    let new_fp = fingerprint([9; 32]);
    let changed = rig.run(
        &["device", "refresh", "alpha", "--host-key", &new_fp],
        "",
        true,
    );
    assert_eq!(changed.status.code(), Some(1), "{}", text(&changed.stderr));
    assert!(
        text(&changed.stderr).contains("host key mismatch"),
        "{}",
        text(&changed.stderr)
    );
    rig.server("alpha").rekey(HOST_SEED);

    // X-6 then X-4: the chain verifies; no secret anywhere on disk.
    let verified = rig.ok(&["audit", "verify"], "");
    assert!(verified["verified"].as_u64().unwrap() >= 4, "{verified}");
    let audit = rig.ok(&["audit", "export"], "");
    let mut haystack = audit.to_string();
    for entry in walk(&rig.deck()) {
        haystack.push_str(&String::from_utf8_lossy(&std::fs::read(entry).unwrap()));
    }
    for secret in [ADMIN_PW, SSH_PW, ALPHA_SO, BETA_SO, "not-the-so-pass"] {
        assert!(
            !haystack.contains(secret),
            "{secret} found on disk or in the audit log"
        );
    }
}

/// A rig with the first Admin created.
fn started(appliances: &[&str]) -> CliRig {
    let rig = CliRig::start("small.toml", appliances, false);
    let init = rig.run(
        &["--user", "root", "account", "init", "--password-stdin"],
        &format!("{ADMIN_PW}\n{ADMIN_PW}\n"),
        false,
    );
    assert_eq!(init.status.code(), Some(0), "{}", text(&init.stderr));
    rig
}

fn add_args<'a>(name: &'a str, port: &'a str, key: &'a str, pin: &'a str) -> Vec<&'a str> {
    vec![
        "device",
        "add",
        name,
        "--host",
        "127.0.0.1",
        "--port",
        port,
        "--ssh-key",
        key,
        "--host-key",
        pin,
    ]
}

fn known_hosts(rig: &CliRig) -> String {
    std::fs::read_to_string(rig.deck().join("known_hosts")).unwrap_or_default()
}

#[test]
fn dev_1_a_host_key_pin_that_differs_from_the_recorded_key_is_refused() {
    use std::os::unix::fs::PermissionsExt;
    let rig = started(&["alpha"]);
    let port = rig.port("alpha");
    let key = rig.key_arg();
    // alpha's real key is already recorded for 127.0.0.1:PORT (an earlier trust).
    let openssh = host_key(HOST_SEED).public_key().to_openssh().unwrap();
    let fields: Vec<&str> = openssh.split_whitespace().collect();
    let path = rig.deck().join("known_hosts");
    std::fs::write(
        &path,
        format!("127.0.0.1:{port} {} {}\n", fields[0], fields[1]),
    )
    .unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
    let (recorded, pin) = (fingerprint(HOST_SEED), fingerprint([9; 32]));
    let refused = rig.run(&add_args("alpha", &port, &key, &pin), "", true);
    assert_eq!(refused.status.code(), Some(2), "{}", text(&refused.stdout));
    let e = text(&refused.stderr);
    assert!(
        e.contains(&format!("127.0.0.1:{port}")) && e.contains(&recorded) && e.contains(&pin),
        "{e}"
    );
    assert!(rig.server("alpha").received().is_empty(), "nothing sent");
    let added = rig.ok(&add_args("alpha", &port, &key, &recorded), "");
    assert_eq!(added["ok"], true, "{added}");
}

#[test]
fn dev_3_device_remove_forgets_the_host_key_unless_another_device_uses_it() {
    let rig = started(&["alpha", "beta"]);
    let (alpha, beta) = (rig.port("alpha"), rig.port("beta"));
    let (key, fp) = (rig.key_arg(), fingerprint(HOST_SEED));
    rig.ok(&add_args("alpha", &alpha, &key, &fp), "");
    rig.ok(&add_args("beta", &beta, &key, &fp), "");
    let entry = |port: &str| format!("127.0.0.1:{port} ");
    assert!(
        known_hosts(&rig).contains(&entry(&alpha)),
        "{}",
        known_hosts(&rig)
    );
    assert!(known_hosts(&rig).contains(&entry(&beta)));
    // beta now answers at alpha's address too: removing alpha keeps that key.
    rig.ok(&["device", "edit", "beta", "--port", &alpha], "");
    rig.ok(&["device", "remove", "alpha", "--confirm", "alpha"], "");
    assert!(
        known_hosts(&rig).contains(&entry(&alpha)),
        "{}",
        known_hosts(&rig)
    );
    rig.ok(&["device", "remove", "beta", "--confirm", "beta"], "");
    let left = known_hosts(&rig);
    assert!(
        !left.contains(&entry(&alpha)),
        "forgotten with its last device: {left}"
    );
}

#[test]
fn x_4_stored_control_characters_are_printed_neutralized() {
    let rig = started(&[]);
    let hostile = "a\u{1b}]0;pwned\u{7}b\u{9b}2J\u{202e}";
    let shown = "a\\u{1b}]0;pwned\\u{7}b\\u{9b}2J\\u{202e}";
    {
        let mut store = lunadeck::store::Store::open(&rig.deck().join("lunadeck.sqlite")).unwrap();
        let mut t = store_fixtures::template("Evil");
        t.description = hostile.into();
        store.save_template(&t).unwrap();
        let org = store
            .save_organization(&store_fixtures::organization("Payments"))
            .unwrap();
        let mut s = store_fixtures::service("evilsvc", org, &[]);
        s.description = hostile.into();
        store.save_service(&s).unwrap();
    }
    for args in [["template", "show", "Evil"], ["service", "show", "evilsvc"]] {
        let human = rig.run(&args, "", true);
        assert_eq!(human.status.code(), Some(0), "{}", text(&human.stderr));
        let out = text(&human.stdout);
        assert!(out.contains(shown), "{args:?}: {out}");
        assert!(!out.chars().any(|c| c != '\n' && c.is_control()), "{out:?}");
        assert!(!out.contains('\u{202e}'), "{out:?}");
        let mut json = vec!["--json"];
        json.extend(args);
        let doc = rig.run(&json, "", true);
        let doc: serde_json::Value = serde_json::from_slice(&doc.stdout).unwrap();
        let body = doc.to_string();
        assert!(
            body.contains(&serde_json::to_string(hostile).unwrap()),
            "{body}"
        );
    }
}
