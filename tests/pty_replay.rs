//! The real binary on the shipped demo story (X-2, issue 15): `lunadeck --replay
//! fixtures/transcripts/demo-story` at 80x24, the story typed as the README tells a trainer.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use support::pty::{
    create_ha_in_demo, initialize_now_in_demo, open_capabilities_in_demo, resize_in_demo, start,
};

#[test]
fn x_2_the_demo_story_replays_in_the_console_at_80x24() {
    let story = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/fixtures/transcripts/demo-story"
    );
    let mut s = start(&["--replay", story, "--replay-speed", "4"], &[]);
    s.wait_for_text("Replay of a recording");
    s.keys(b"\r");
    s.wait_for_text("demo · Admin");
    s.wait_for_text("REPLAY");
    // The recorded set-up played again: the demo's services are there.
    s.keys(b"2");
    s.wait_for_text("appHA");
    create_ha_in_demo(&mut s, "story-ha");
    initialize_now_in_demo(&mut s, "storyha");
    open_capabilities_in_demo(&mut s, "story-ha");
    resize_in_demo(&mut s, "200000");
    s.wait_for_text("Partition size changed");
    s.keys(b"\r");
    s.wait_for_text("200000 bytes");
    // The recorded failure and its undo, with no fault anywhere: the recording says it.
    resize_in_demo(&mut s, "900000");
    s.wait_for_text("Resize failed");
    s.wait_for_text("lon-hsm-02");
    // The end of "Put back to the old size: …" (where the modal wraps it depends on its width).
    s.wait_for_text("(200000 bytes).");
    s.keys(b"\r");
    s.wait_for_gone("Resize failed");
    s.wait_for_text("200000 bytes");
    let status = s.quit();
    assert!(status.success(), "{status:?}");
    s.assert_restored();
    let said = String::from_utf8_lossy(&s.raw).to_string();
    let left: Vec<&str> = said.lines().filter(|l| l.contains("replay:")).collect();
    assert!(
        said.contains("was played to its end"),
        "the end of the run says the whole story was asked: {left:?}"
    );
}

/// `lunadeck --demo --record DIR` in the real terminal: the set-up and what the user does are
/// recorded, the end of the run says where, and no secret of the fleet is in the recording.
#[test]
fn x_2_the_console_records_a_demo_run_and_says_so_at_the_end() {
    let dir = tempfile::tempdir().unwrap();
    let rec = dir.path().join("rec");
    let rec_arg = rec.display().to_string();
    let mut s = start(&["--demo", "--record", &rec_arg], &[]);
    s.demo_login();
    s.wait_for_text("lon-hsm-01");
    let before = std::fs::read_to_string(rec.join("lon-hsm-01.jsonl"))
        .unwrap()
        .lines()
        .count();
    // Devices: `r` reads every device again.
    s.keys(b"r");
    s.wait_for_text("device(s) up");
    let status = s.quit();
    assert!(status.success(), "{status:?}");
    s.assert_restored();
    let said = String::from_utf8_lossy(&s.raw).to_string();
    assert!(
        said.contains(&format!(
            "recorded the conversations with 9 device(s) in {rec_arg}"
        )),
        "{said}"
    );
    let lines: Vec<String> = std::fs::read_to_string(rec.join("lon-hsm-01.jsonl"))
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect();
    assert!(
        lines.len() > before,
        "the refresh was recorded after the set-up"
    );
    assert!(lines.last().unwrap().contains("\"command\":\"hsm show\""));
    let manifest = lunadeck::ops::recording_manifest::Manifest::read(&rec).unwrap();
    assert!(manifest.demo && manifest.transport == "simulator");
    let fleet = lunadeck::sim::model::Fleet::demo().unwrap();
    for entry in std::fs::read_dir(&rec).unwrap() {
        let body = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        for a in &fleet.appliances {
            assert!(!body.contains(a.so_password.as_str()) || a.so_password.is_empty());
        }
        assert!(!body.contains(lunadeck::ops::demo::DEMO_PASSWORD));
    }
}
