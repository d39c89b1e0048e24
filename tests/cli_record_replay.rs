//! `--record DIR` over real SSH to simulated appliances, then `--replay DIR` (X-2, X-4, issue
//! 15): the manifest names devices, host keys and versions; no secret is recorded; the replay
//! answers the same, reaches no device, and a command out of order is refused by name.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod store_fixtures;
mod support;

use serde_json::Value;
use support::cli_rig::{ADMIN_PW, CliRig, HOST_SEED, SSH_PW, fingerprint, text, walk};

const ALPHA_SO: &str = "alpha-so-pass";
const BETA_SO: &str = "beta-so-pass";

/// The discovery document without what differs from run to run (job ids, times).
fn comparable(mut doc: Value) -> Value {
    fn strip(v: &mut Value) {
        match v {
            Value::Object(map) => {
                for key in ["job", "id", "started", "finished", "elapsed_ms", "at"] {
                    map.remove(key);
                }
                map.values_mut().for_each(strip);
            }
            Value::Array(items) => items.iter_mut().for_each(strip),
            _ => {}
        }
    }
    strip(&mut doc);
    doc
}

#[test]
fn x_2_a_run_recorded_over_ssh_replays_the_same_and_reaches_no_device() {
    let rig = CliRig::start("small.toml", &["alpha", "beta"], false);
    let fp = fingerprint(HOST_SEED);
    let rec = rig.dir.path().join("rec");
    let rec_arg = rec.display().to_string();
    let init = rig.run(
        &["--user", "root", "account", "init", "--password-stdin"],
        &format!("{ADMIN_PW}\n{ADMIN_PW}\n"),
        false,
    );
    assert_eq!(init.status.code(), Some(0), "{}", text(&init.stderr));
    let (alpha_port, beta_port, key) = (rig.port("alpha"), rig.port("beta"), rig.key_arg());
    rig.ok(
        &[
            "--record",
            &rec_arg,
            "device",
            "add",
            "alpha",
            "--host",
            "127.0.0.1",
            "--port",
            &alpha_port,
            "--ssh-key",
            &key,
            "--host-key",
            &fp,
        ],
        "",
    );
    rig.ok(
        &[
            "--record",
            &rec_arg,
            "device",
            "add",
            "beta",
            "--host",
            "127.0.0.1",
            "--port",
            &beta_port,
            "--ssh-key",
            &key,
            "--host-key",
            &fp,
        ],
        "",
    );
    let discover = [
        "--authorize",
        "alpha",
        "--authorize",
        "beta",
        "--so-password-stdin",
        "discover",
        "run",
    ];
    let mut recorded_args = vec!["--record", rec_arg.as_str()];
    recorded_args.extend(discover);
    let recorded = rig.ok(&recorded_args, &format!("{ALPHA_SO}\n{BETA_SO}\n"));
    // What the replay must give again is a real discovery: both devices' partitions.
    let summary = recorded["summary"].as_str().unwrap_or_default();
    assert!(
        summary.starts_with("found 2 unmanaged partition(s) on 2 of 2 device(s)"),
        "{recorded}"
    );

    // The manifest: both devices, added in the recording, their verified host keys, software.
    let manifest: Value =
        serde_json::from_str(&std::fs::read_to_string(rec.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest["transport"], "ssh", "{manifest}");
    assert_eq!(manifest["demo"], false);
    assert_eq!(manifest["lunadeck_version"], env!("CARGO_PKG_VERSION"));
    let devices = manifest["devices"].as_array().unwrap();
    let names: Vec<&str> = devices
        .iter()
        .map(|d| d["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["alpha", "beta"]);
    for d in devices {
        assert_eq!(d["host_key"], fp.as_str(), "{d}");
        assert_eq!(d["added_in_recording"], true, "{d}");
        assert!(d["software"].as_str().is_some_and(|s| !s.is_empty()), "{d}");
        assert!(rec.join(d["file"].as_str().unwrap()).exists(), "{d}");
    }
    assert_eq!(devices[0]["ssh_auth"], "key");

    // no secret typed in the run is anywhere in the recording.
    for file in walk(&rec) {
        let body = std::fs::read_to_string(&file).unwrap();
        for secret in [ALPHA_SO, BETA_SO, SSH_PW, ADMIN_PW] {
            assert!(!body.contains(secret), "{secret} in {}", file.display());
        }
    }

    // The replay: any SO password will do (none was recorded); no device hears a thing.
    let heard = (
        rig.server("alpha").received().len(),
        rig.server("beta").received().len(),
    );
    let mut replay_args = vec![
        "--json",
        "--replay",
        rec_arg.as_str(),
        "--replay-speed",
        "max",
    ];
    replay_args.extend(discover);
    let replayed = rig.run(
        &replay_args,
        "typed-in-replay-1\ntyped-in-replay-2\n",
        false,
    );
    assert_eq!(
        replayed.status.code(),
        Some(0),
        "{}",
        text(&replayed.stderr)
    );
    assert!(
        text(&replayed.stderr).contains("was played to its end"),
        "{}",
        text(&replayed.stderr)
    );
    let replayed: Value = serde_json::from_slice(&replayed.stdout).unwrap();
    assert_eq!(comparable(replayed), comparable(recorded));
    assert_eq!(
        (
            rig.server("alpha").received().len(),
            rig.server("beta").received().len()
        ),
        heard,
        "a replay reaches no device"
    );

    // A command that is not next in the recording: refused, naming device, asked and expected.
    let diverged = rig.run(
        &[
            "--replay",
            &rec_arg,
            "--replay-speed",
            "max",
            "--authorize",
            "alpha",
            "--so-password-stdin",
            "device",
            "refresh",
            "alpha",
        ],
        "typed-in-replay\n",
        false,
    );
    assert_eq!(
        diverged.status.code(),
        Some(1),
        "{}",
        text(&diverged.stderr)
    );
    let err = text(&diverged.stderr);
    assert!(
        err.contains("alpha: 'hsm show' was not recorded at this point of")
            && err.contains("(next recorded: 'partition list')"),
        "{err}"
    );
    assert!(
        err.contains("recorded command(s) of alpha were not asked"),
        "the end of the run names what was left: {err}"
    );
}

#[test]
fn x_2_a_directory_without_a_recording_is_refused_by_name() {
    let rig = CliRig::start("small.toml", &["alpha"], false);
    let nowhere = rig.dir.path().join("no-such-recording");
    let out = rig.run(
        &["--replay", &nowhere.display().to_string(), "device", "list"],
        "",
        false,
    );
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    let err = text(&out.stderr);
    assert!(
        err.contains("cannot replay: recording") && err.contains("manifest.json"),
        "{err}"
    );
    let bad_speed = rig.run(
        &["--replay", "x", "--replay-speed", "0", "device", "list"],
        "",
        false,
    );
    assert_eq!(bad_speed.status.code(), Some(2));
    assert!(
        text(&bad_speed.stderr).contains("is not a speed"),
        "{}",
        text(&bad_speed.stderr)
    );
}
