//! The headless CLI honours the user's `config.toml` (issue 10.6, X-4): `[ssh]
//! command_timeout_secs = 1` makes it give up on an appliance that takes 3 s per command, over
//! real SSH to `lunash-sim`; a bad value is refused with FILE:LINE before anything is sent.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use support::cli_rig::{ADMIN_PW, CliRig, HOST_SEED, fingerprint, text};

const ALPHA_SO: &str = "alpha-so-pass";

/// The simulator's shared state with every command on `alpha` taking `latency_ms`.
fn set_latency(rig: &CliRig, latency_ms: u64) {
    let path = rig.dir.path().join("fleet.json");
    let mut fleet = match std::fs::read(&path) {
        Ok(state) => serde_json::from_slice(&state).unwrap(),
        Err(_) => {
            lunadeck::sim::model::Fleet::from_toml(include_str!("../fixtures/fleets/small.toml"))
                .unwrap()
        }
    };
    fleet.appliance_mut("alpha").unwrap().latency_ms = latency_ms;
    std::fs::write(&path, serde_json::to_vec(&fleet).unwrap()).unwrap();
}

fn write_config(rig: &CliRig, text: &str) -> std::path::PathBuf {
    let path = rig.deck().join("config/config.toml");
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn x_4_command_timeout_from_config_makes_the_cli_give_up_on_a_slow_device() {
    let rig = CliRig::start("small.toml", &["alpha"], false);
    set_latency(&rig, 3000);
    let fp = fingerprint(HOST_SEED);
    let init = rig.run(
        &["--user", "root", "account", "init", "--password-stdin"],
        &format!("{ADMIN_PW}\n{ADMIN_PW}\n"),
        false,
    );
    assert_eq!(init.status.code(), Some(0), "{}", text(&init.stderr));

    // A bad value: refused with the file and line, before any device is contacted.
    let config = write_config(
        &rig,
        "[ssh]\nread_timeout_secs = 30\ncommand_timeout_secs = 0\n",
    );
    let port = rig.port("alpha");
    let key = rig.key_arg();
    let add = [
        "device",
        "add",
        "alpha",
        "--host",
        "127.0.0.1",
        "--port",
        &port,
        "--ssh-key",
        &key,
        "--host-key",
        &fp,
    ];
    let refused = rig.run(&add, "", true);
    assert_eq!(refused.status.code(), Some(2), "{}", text(&refused.stderr));
    let want = format!(
        "{}:3: [ssh] command_timeout_secs must be a whole number of at least 1",
        config.display()
    );
    assert!(
        text(&refused.stderr).contains(&want),
        "{}",
        text(&refused.stderr)
    );
    assert!(rig.server("alpha").received().is_empty(), "nothing sent");

    // Reads keep their 30 s; `hsm login` is a change and gets 1 s against the device's 3 s.
    write_config(
        &rig,
        "[ssh]\nread_timeout_secs = 30\ncommand_timeout_secs = 1\n",
    );
    let added = rig.ok(&add, "");
    assert_eq!(added["ok"], true, "{added}");
    let gave_up = rig.run(
        &[
            "--json",
            "--so-password-stdin",
            "device",
            "authorize",
            "alpha",
        ],
        &format!("{ALPHA_SO}\n"),
        true,
    );
    assert_eq!(gave_up.status.code(), Some(1), "{}", text(&gave_up.stderr));
    let why = format!("{}{}", text(&gave_up.stdout), text(&gave_up.stderr));
    assert!(why.contains("alpha: no answer within 1 s"), "{why}");

    // The default (120 s) waits the 3 s out: the setting is what made it give up.
    std::fs::remove_file(&config).unwrap();
    let authorized = rig.ok(
        &["--so-password-stdin", "device", "authorize", "alpha"],
        &format!("{ALPHA_SO}\n"),
    );
    assert_eq!(authorized["ok"], true, "{authorized}");
}
