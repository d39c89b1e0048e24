//! `--authorize` for many devices over real SSH (issue 16, DEV-2): twenty simulated appliances
//! behind their own SSH servers, one wrong SO password among them — every device gets exactly one
//! `hsm login`, only the wrong one is refused (named, never retried), the command does not run.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod store_fixtures;
mod support;

use support::cli_rig::{CliRig, text};

const WRONG: usize = 7;

#[test]
fn dev_2_twenty_devices_authorized_at_once_one_wrong_password_refused_alone() {
    let names: Vec<String> = (1..=20).map(|i| format!("hsm-{i:02}")).collect();
    let refs: Vec<&str> = names.iter().map(String::as_str).collect();
    let rig = CliRig::start("twenty.toml", &refs, false);
    rig.init_admin();
    rig.add_pinned_devices(&refs);
    // A device named twice is refused before any password is read or anything sent.
    let twice = rig.run(
        &[
            "--authorize",
            "hsm-01",
            "--authorize",
            "hsm-01",
            "--so-password-stdin",
            "device",
            "list",
        ],
        "so-pass-01\nso-pass-01\n",
        true,
    );
    assert_eq!(twice.status.code(), Some(2), "{}", text(&twice.stderr));
    assert!(text(&twice.stderr).contains("--authorize hsm-01: named twice"));
    assert!(
        rig.server("hsm-01")
            .received()
            .iter()
            .all(|c| c.trim() != "hsm login")
    );
    let mut args: Vec<&str> = vec!["--json"];
    for name in &names {
        args.extend(["--authorize", name.as_str()]);
    }
    args.extend(["--so-password-stdin", "discover"]);
    let passwords: String = (1..=20)
        .map(|i| {
            if i == WRONG {
                "not-the-so-pass\n".to_string()
            } else {
                format!("so-pass-{i:02}\n")
            }
        })
        .collect();
    let out = rig.run(&args, &passwords, true);
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    let wrong = format!("hsm-{WRONG:02}");
    for name in &names {
        let logins = rig
            .server(name)
            .received()
            .iter()
            .filter(|c| c.trim() == "hsm login")
            .count();
        assert_eq!(logins, 1, "{name}: one hsm login, never retried");
        if *name == wrong {
            assert!(err.contains(&format!("{name}: not authorized: ")), "{err}");
        } else {
            assert!(
                err.contains(&format!("{name}: authorized for this run")),
                "{err}"
            );
        }
    }
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let message = doc["error"].as_str().unwrap();
    assert!(
        message.starts_with(&format!("--authorize {wrong}: "))
            && message.ends_with("; nothing else was done")
            && message.matches("--authorize").count() == 1,
        "only the wrong one is named: {message}"
    );
    for name in &names {
        let reads = rig
            .server(name)
            .received()
            .iter()
            .filter(|c| c.starts_with("partition list"))
            .count();
        assert_eq!(reads, 0, "{name}: discovery did not run");
    }
}
