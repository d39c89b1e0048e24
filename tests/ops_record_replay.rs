//! `FleetAccess` recording and replaying (X-2, issue 15): sessions opened with a recording are
//! written per device with a manifest; a replayed device keeps one cursor across its sessions,
//! refuses a command out of order by name, and the client host replays like an appliance.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use lunadeck::domain::device::SshAuth;
use lunadeck::domain::ids::HsmSerial;
use lunadeck::domain::timestamp::Timestamp;
use lunadeck::jobs::ShellProvider;
use lunadeck::luna::replay::ReplayOptions;
use lunadeck::luna::shell::{Ask, ShellError};
use lunadeck::ops::access::{CLIENT_HOST, DeviceAccess};
use lunadeck::ops::recording::Recording;
use lunadeck::ops::recording_manifest::{DeviceRole, Manifest};
use lunadeck::ops::replay_fleet::ReplayFleet;
use lunadeck::ops::{FleetAccess, Transport};
use lunadeck::sim::model::Fleet;
use lunadeck::sim::session::shared;
use secrecy::SecretString;
use std::sync::Arc;
use std::time::Duration;

const T: Duration = Duration::from_secs(5);

fn alpha() -> DeviceAccess {
    DeviceAccess {
        name: "alpha".into(),
        host: "alpha.test".into(),
        port: 22,
        user: "admin".into(),
        auth: SshAuth::Password,
    }
}

fn small() -> Arc<FleetAccess> {
    let fleet = Fleet::from_toml(include_str!("../fixtures/fleets/small.toml")).unwrap();
    FleetAccess::new(Transport::Sim {
        fleet: shared(fleet),
    })
}

#[test]
fn x_2_sessions_are_recorded_per_device_and_replay_on_one_cursor() {
    let dir = tempfile::tempdir().unwrap();
    let rec = dir.path().join("rec");
    let live = small();
    live.register(&HsmSerial::new("new:alpha"), alpha());
    live.set_recording(Recording::start(&rec, live.transport_name(), false, Timestamp(0)).unwrap());
    let key = HsmSerial::new("new:alpha");
    let mut first = live.open(&key).unwrap();
    let mut second = live.open(&key).unwrap();
    let so = [SecretString::from("alpha-so-pass")];
    let show = first.run("hsm show", &Ask::new(T)).unwrap();
    let login = second
        .run("hsm login", &Ask::new(T).with_secrets(&so))
        .unwrap();
    let list = first.run("partition list", &Ask::new(T)).unwrap();
    let mut client = live.open(&HsmSerial::new(CLIENT_HOST)).unwrap();
    let groups = client.run("hagroup listgroups", &Ask::new(T)).unwrap();

    let manifest = Manifest::read(&rec).unwrap();
    assert_eq!(manifest.transport, "simulator");
    assert_eq!(manifest.started_at, "1970-01-01 00:00:00Z");
    let alpha = manifest.device("alpha").unwrap();
    assert!(alpha.added_in_recording, "opened under a provisional key");
    assert_eq!(alpha.role, DeviceRole::Appliance);
    assert_eq!(alpha.host, "alpha.test");
    assert_eq!(alpha.software.as_deref(), Some("7.8.5"), "{alpha:?}");
    assert_eq!(alpha.hsm_auth.as_deref(), Some("password"));
    assert_eq!(alpha.file, "alpha.jsonl");
    let host = manifest.client_host().unwrap();
    assert_eq!(host.role, DeviceRole::ClientHost);
    let body = std::fs::read_to_string(rec.join("alpha.jsonl")).unwrap();
    assert!(!body.contains("alpha-so-pass"), "{body}");
    assert_eq!(body.lines().count(), 3, "both sessions in one file: {body}");

    // The replay: two sessions share the device's cursor; the recorded replies come back.
    let fleet = ReplayFleet::open(&rec, ReplayOptions::instant()).unwrap();
    let replay = FleetAccess::new(Transport::Replay { fleet });
    assert!(replay.is_sim() && replay.simulated_client_host());
    replay.register(&HsmSerial::new("1600001"), self::alpha());
    let serial = HsmSerial::new("1600001");
    let mut a = replay.open(&serial).unwrap();
    let mut b = replay.open(&serial).unwrap();
    assert_eq!(a.run("hsm show", &Ask::new(T)).unwrap().output, show.output);
    let typed = [SecretString::from("anything")];
    assert_eq!(
        b.run("hsm login", &Ask::new(T).with_secrets(&typed))
            .unwrap()
            .output,
        login.output
    );
    // Out of order: named, with what was asked and what comes next.
    match a.run("partition delete -partition p1 -force", &Ask::new(T)) {
        Err(ShellError::Protocol { target, reason }) => {
            assert_eq!(target, "alpha");
            assert!(
                reason.starts_with(
                    "'partition delete -partition p1 -force' was not recorded at this point of"
                ) && reason.ends_with("(next recorded: 'partition list')"),
                "{reason}"
            );
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        b.run("partition list", &Ask::new(T)).unwrap().output,
        list.output
    );
    let mut c = replay.open(&HsmSerial::new(CLIENT_HOST)).unwrap();
    assert_eq!(
        c.run("hagroup listgroups", &Ask::new(T)).unwrap().output,
        groups.output
    );
    // A device the recording never talked to.
    replay.register(
        &HsmSerial::new("1600002"),
        DeviceAccess {
            name: "beta".into(),
            ..self::alpha()
        },
    );
    match replay.open(&HsmSerial::new("1600002")) {
        Err(ShellError::Unreachable { target, reason }) => {
            assert_eq!(target, "beta");
            assert!(
                reason.contains("has no conversation with this device"),
                "{reason}"
            );
        }
        Ok(_) => panic!("beta is not in the recording"),
        Err(other) => panic!("{other:?}"),
    }
}

#[test]
fn x_2_a_recording_is_continued_and_a_missing_transcript_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let rec = dir.path().join("rec");
    for started in [Timestamp(0), Timestamp(86_400)] {
        let live = small();
        live.register(&HsmSerial::new("new:alpha"), alpha());
        live.set_recording(Recording::start(&rec, "simulator", false, started).unwrap());
        let mut s = live.open(&HsmSerial::new("new:alpha")).unwrap();
        s.run("hsm show", &Ask::new(T)).unwrap();
    }
    let manifest = Manifest::read(&rec).unwrap();
    assert_eq!(
        manifest.started_at, "1970-01-01 00:00:00Z",
        "the first run's start"
    );
    assert_eq!(manifest.devices.len(), 1);
    let body = std::fs::read_to_string(rec.join("alpha.jsonl")).unwrap();
    assert_eq!(body.lines().count(), 2, "appended: {body}");
    std::fs::remove_file(rec.join("alpha.jsonl")).unwrap();
    let err = ReplayFleet::open(&rec, ReplayOptions::instant())
        .err()
        .unwrap();
    assert!(
        err.to_string().contains("device alpha: transcript")
            && err.to_string().contains("alpha.jsonl"),
        "{err}"
    );
}

#[test]
fn x_2_two_names_of_one_file_name_get_two_files_and_a_foreign_recording_is_not_continued() {
    let dir = tempfile::tempdir().unwrap();
    let rec = dir.path().join("rec");
    let live = small();
    live.set_recording(Recording::start(&rec, "simulator", false, Timestamp(0)).unwrap());
    for (key, name) in [("new:hsm 1", "hsm 1"), ("new:hsm_1", "hsm_1")] {
        live.register(
            &HsmSerial::new(key),
            DeviceAccess {
                name: name.into(),
                ..alpha()
            },
        );
        let mut s = live.open(&HsmSerial::new(key)).unwrap();
        s.run("hsm show", &Ask::new(T)).unwrap();
    }
    let manifest = Manifest::read(&rec).unwrap();
    let files: Vec<&str> = manifest.devices.iter().map(|d| d.file.as_str()).collect();
    assert_eq!(files, ["hsm_1.jsonl", "hsm_1-2.jsonl"]);
    for file in files {
        let body = std::fs::read_to_string(rec.join(file)).unwrap();
        assert_eq!(body.lines().count(), 1, "{file}: {body}");
    }
    let err = Recording::start(&rec, "ssh", false, Timestamp(0))
        .err()
        .unwrap();
    assert!(
        err.reason
            .contains("it holds a recording of a simulator run; this run is ssh"),
        "{err}"
    );
    let err = Recording::start(&rec, "simulator", true, Timestamp(0))
        .err()
        .unwrap();
    assert!(
        err.reason.contains("this run is simulator (--demo)"),
        "{err}"
    );
}

#[test]
fn x_2_a_transcript_that_cannot_be_written_is_said_at_the_end() {
    let dir = tempfile::tempdir().unwrap();
    let rec = dir.path().join("rec");
    let live = small();
    let recording = Recording::start(&rec, "simulator", false, Timestamp(0)).unwrap();
    live.set_recording(recording.clone());
    // Where the transcript should go, a directory is in the way.
    std::fs::create_dir(rec.join("alpha.jsonl")).unwrap();
    live.register(&HsmSerial::new("new:alpha"), alpha());
    let mut s = live.open(&HsmSerial::new("new:alpha")).unwrap();
    assert!(
        s.run("hsm show", &Ask::new(T)).is_ok(),
        "the command is not stopped"
    );
    let failure = recording.failure().unwrap();
    assert!(failure.starts_with("alpha: "), "{failure}");
}
