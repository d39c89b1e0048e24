//! The shipped demo story (X-2, issue 15): `fixtures/transcripts/demo-story/` is `--demo` recorded
//! through the console — the set-up (discovery, import), an HA service created, initialized,
//! resized, then a resize failing on lon-hsm-02 with its undo. Each run records the story again
//! and compares it with the shipped one (elapsed times and start aside), then replays the shipped
//! one through the console's backend: the same dialogs, the same services in the database.
//! `LUNADECK_WRITE_TRANSCRIPTS=1 cargo test --test ui demo_story` rewrites it.

use crate::support::rig::Rig;
use lunadeck::app::App;
use lunadeck::app::panel_dialog::Dialog;
use lunadeck::domain::lifecycle::ServiceState;
use lunadeck::luna::transcript::Transcript;
use lunadeck::ops::recording_manifest::Manifest;
use lunadeck::screens::ScreenDialog;
use lunadeck::screens::services::create::{CreateWizard, Phase};
use lunadeck::screens::services::{Dialog as ServicesDialog, open_dialog};
use lunadeck::store::Store;
use std::path::{Path, PathBuf};

/// The story's HA service, as the README tells a trainer to type it.
pub const STORY_SERVICE: &str = "story-ha";

pub fn shipped() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/transcripts/demo-story")
}

/// What the story showed and left: every result dialog (title and text), then each service's
/// name, state and partition size as the database holds them.
#[derive(Debug, PartialEq, Eq)]
struct Told {
    dialogs: Vec<(String, String)>,
    services: Vec<(String, String, u64)>,
}

fn message(a: &App, title: &str) -> bool {
    matches!(a.panels.dialog.as_ref(), Some(Dialog::Message(m)) if m.title == title)
}

fn shown(rig: &Rig) -> (String, String) {
    match rig.app.panels.dialog.as_ref() {
        Some(Dialog::Message(m)) => (m.title.clone(), m.text.join(" ")),
        other => panic!("no result dialog: {other:?}"),
    }
}

/// The story, typed as a trainer types it; `fill` runs just before the resize that fails (the
/// recording fills lon-hsm-02 up; a replay needs nothing, the failure is in the recording).
fn story(rig: &mut Rig, fill: impl FnOnce(&Rig)) -> Told {
    let mut dialogs = Vec::new();
    rig.press("2 Enter");
    rig.until("the services", |a| a.screens.services.loaded.is_some());
    rig.press("a");
    rig.until("the Create Service wizard", |a| {
        wizard(a).is_some_and(|w| w.loaded)
    });
    rig.press(&format!("\"{STORY_SERVICE}\" Enter \"HA\" Enter"));
    rig.until("the devices", |a| {
        wizard(a).is_some_and(|w| w.step == 2 && w.devices_for.is_some())
    });
    rig.press("\"lon-hsm-01\" Enter Ctrl-u \"lon-hsm-02\" Enter PageDown \"Payments\" Enter");
    rig.until("the summary", |a| {
        wizard(a).is_some_and(|w| w.plan.is_some() || w.refusal.is_some())
    });
    assert_eq!(wizard(&rig.app).and_then(|w| w.refusal.clone()), None);
    rig.press("Enter");
    rig.until("created", |a| {
        wizard(a).is_some_and(|w| {
            matches!(
                w.phase,
                Phase::Created {
                    service: Some(_),
                    ..
                }
            )
        })
    });
    rig.press("Enter");
    rig.until(
        "Define Partition",
        |a| matches!(open_dialog(a), Some(ServicesDialog::Init(d)) if d.form.is_some()),
    );
    rig.press("\"storyha\" Tab \"domain-secret-1\" Tab \"domain-secret-1\" Enter");
    rig.press(
        "\"so-password-11\" Tab \"so-password-11\" Tab \"co-password-11\" Tab \"co-password-11\" Enter",
    );
    rig.until("initialized", |a| {
        open_dialog(a).is_none()
            && a.screens
                .services
                .table
                .rows()
                .iter()
                .any(|r| r.name == STORY_SERVICE && r.state == ServiceState::Initialized)
    });
    rig.press(&format!("/ \"{STORY_SERVICE}\" Enter Enter"));
    rig.until("the service", |a| {
        a.screens.services.detail.as_ref().is_some_and(|d| {
            matches!(&d.detail, lunadeck::app::state::Loaded::Ready(s) if s.service.name == STORY_SERVICE)
        })
    });
    rig.press("Alt-2 e Ctrl-u \"200000\" Enter");
    rig.until("resized", |a| message(a, "Partition size changed"));
    dialogs.push(shown(rig));
    rig.press("Enter");
    fill(rig);
    rig.press("e Ctrl-u \"900000\" Enter");
    rig.until("the failure", |a| message(a, "Resize failed"));
    dialogs.push(shown(rig));
    rig.press("Enter");
    let store = Store::open(&rig.dir.path().join("lunadeck.sqlite")).unwrap();
    let mut services: Vec<(String, String, u64)> = store
        .list_services(None)
        .unwrap()
        .into_iter()
        .map(|s| (s.name, format!("{:?}", s.state), s.partition_size))
        .collect();
    services.sort();
    Told { dialogs, services }
}

fn wizard(app: &App) -> Option<&CreateWizard> {
    match app.panels.dialog.as_ref() {
        Some(Dialog::Screen(ScreenDialog::Services(ServicesDialog::Create(w)))) => Some(w),
        _ => None,
    }
}

/// A recording with what differs from run to run left out: the start time and elapsed times.
fn comparable(dir: &Path) -> (Manifest, Vec<(String, Vec<String>)>) {
    let mut manifest = Manifest::read(dir).unwrap();
    manifest.started_at = String::new();
    let files = manifest
        .devices
        .iter()
        .map(|d| {
            let t = Transcript::read(&dir.join(&d.file)).unwrap();
            let lines = t
                .entries
                .into_iter()
                .map(|mut e| {
                    e.elapsed_ms = 0;
                    serde_json::to_string(&e).unwrap()
                })
                .collect();
            (d.file.clone(), lines)
        })
        .collect();
    (manifest, files)
}

fn fill_lon_hsm_02(rig: &Rig) {
    // lon-hsm-02 filled up after it was last read: the plan passes, the device refuses.
    rig.fleet
        .lock()
        .unwrap()
        .appliance_mut("lon-hsm-02")
        .unwrap()
        .storage_total = 300_000;
}

#[test]
fn x_2_the_demo_story_recorded_again_is_the_shipped_one_and_replays_the_same() {
    let write = std::env::var("LUNADECK_WRITE_TRANSCRIPTS").is_ok_and(|v| v == "1");
    let scratch = tempfile::tempdir().unwrap();
    let rec = if write {
        let _ = std::fs::remove_dir_all(shipped());
        shipped()
    } else {
        scratch.path().join("demo-story")
    };
    let mut recording = Rig::demo_recorded(&rec);
    let recorded = story(&mut recording, fill_lon_hsm_02);
    drop(recording);
    assert_eq!(recorded.dialogs.len(), 2, "{recorded:?}");
    let failure = &recorded.dialogs[1].1;
    assert!(
        failure.contains("lon-hsm-02") && failure.contains("Put back to the old size"),
        "{failure}"
    );
    assert!(
        recorded
            .services
            .iter()
            .any(|(n, _, size)| n == STORY_SERVICE && *size == 200_000),
        "{:?}",
        recorded.services
    );
    assert_eq!(
        comparable(&rec),
        comparable(&shipped()),
        "the simulator now says something else than the shipped story: if intended, \
         LUNADECK_WRITE_TRANSCRIPTS=1 cargo test --test ui demo_story"
    );

    // no secret of the fleet, and none typed in the story, is in the shipped recording.
    let fleet = lunadeck::sim::model::Fleet::demo().unwrap();
    let mut secrets: Vec<String> = ["domain-secret-1", "so-password-11", "co-password-11"]
        .map(String::from)
        .to_vec();
    for a in &fleet.appliances {
        secrets.push(a.so_password.clone());
        for p in &a.partitions {
            secrets.extend(
                [&p.so_password, &p.co_password, &p.cu_password]
                    .into_iter()
                    .flatten()
                    .cloned(),
            );
        }
    }
    secrets.retain(|s| !s.is_empty());
    for entry in std::fs::read_dir(shipped()).unwrap() {
        let path = entry.unwrap().path();
        let body = std::fs::read_to_string(&path).unwrap();
        for secret in &secrets {
            assert!(
                !body.contains(secret.as_str()),
                "{secret} in {}",
                path.display()
            );
        }
    }

    let (mut replay, fleet) = Rig::replay(&shipped());
    let replayed = story(&mut replay, |_| {});
    assert_eq!(replayed, recorded);
    assert_eq!(fleet.unplayed(), vec![], "the story was played to its end");
}
