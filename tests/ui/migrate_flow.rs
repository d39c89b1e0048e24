//! Migrate Service (MIG-1..5) over the demo backend (lon-hsm-02 and -03 the targets): a 7.x
//! password service migrated to two 7.x password targets through every wizard step, checked on
//! the simulator and in the database; then a target the appliance refuses midway, and the
//! repair that adds partitions on exactly that target.

use crate::support::demo_services::twice;
use crate::support::rig::Rig;
use lunadeck::domain::initialization::InitCredentials;
use lunadeck::domain::migration_record::TargetState;
use lunadeck::ops::Console;
use lunadeck::screens::migrate::{Phase, Step, open_wizard};

pub(crate) const SOURCE: &str = "pay-src";
const DOMAIN: &str = "pay-domain-1";
const SO: &str = "pay-so-pass-1";
const CO: &str = "pay-co-pass-1";

/// A single-partition password service on lon-hsm-01, initialized.
pub(crate) fn initialized_source(c: &mut Console) {
    crate::support::demo_services::create_on(c, SOURCE, "Standard partition", &["lon-hsm-01"]);
    let id = c
        .services()
        .unwrap()
        .into_iter()
        .find(|s| s.name == SOURCE)
        .unwrap()
        .id;
    let creds = InitCredentials::Password {
        label: "paysrc".into(),
        domain: twice(DOMAIN),
        so: Some(twice(SO)),
        co: twice(CO),
        cu: None,
    };
    let started = c.submit_initialize(id, creds).unwrap();
    let done = c.wait(started.job, |_| {}).unwrap();
    assert!(
        matches!(done.outcome, lunadeck::jobs::JobOutcome::Succeeded { .. }),
        "{}",
        done.summary
    );
}

/// The demo with the source, lon-hsm-02 and -03 authorized, on Migrate Service.
pub(crate) fn migrate_rig() -> Rig {
    let mut rig = Rig::demo(initialized_source);
    rig.authorize_demo(&["lon-hsm-02", "lon-hsm-03"]);
    rig.press(": \"migrate\" Enter");
    rig.until("the migrations", |a| a.screens.migrate.loaded);
    rig
}

fn step_is(rig: &Rig, step: Step) -> bool {
    open_wizard(&rig.app).is_some_and(|w| w.current() == step && !w.waiting)
}

/// Every step of the wizard to the Summary, then Migrate; returns once the job has ended.
fn walk(rig: &mut Rig) {
    rig.press("a");
    rig.until("the sources", |a| open_wizard(a).is_some_and(|w| w.loaded));
    rig.press(&format!("\"{SOURCE}\" Enter"));
    assert!(
        step_is(rig, Step::NewService),
        "{:?}",
        open_wizard(&rig.app).map(|w| &w.refusal)
    );
    rig.press("Down \"pay-new\" Enter");
    rig.until("the targets", |a| {
        open_wizard(a).is_some_and(|w| w.current() == Step::Devices && !w.waiting)
    });
    rig.press("\"lon-hsm-02\" Enter Ctrl-u \"lon-hsm-03\" Enter PageDown");
    assert!(
        step_is(rig, Step::Partition),
        "{:?}",
        open_wizard(&rig.app).map(|w| &w.refusal)
    );
    rig.press(&format!(
        "\"paynew\" Down \"{DOMAIN}\" Down \"{DOMAIN}\" Enter"
    ));
    rig.press(&format!(
        "\"new-so-pass-1\" Down \"new-so-pass-1\" Down \"new-co-pass-1\" Down \"new-co-pass-1\" \
         Down \"{CO}\" Enter"
    ));
    rig.until("the summary", |a| {
        open_wizard(a).is_some_and(|w| w.summary.is_some() || w.refusal.is_some())
    });
    let w = open_wizard(&rig.app).unwrap();
    assert_eq!(w.refusal, None);
    let commands = &w.summary.as_ref().unwrap().commands;
    assert_eq!(commands.len(), 2, "{commands:?}");
    rig.press("Enter");
    rig.until("the result", |a| {
        open_wizard(a).is_some_and(|w| matches!(w.phase, Phase::Done { .. }))
    });
}

fn partition_on(rig: &Rig, appliance: &str) -> Option<(String, bool)> {
    let fleet = rig.fleet.lock().unwrap();
    let a = fleet.appliances.iter().find(|a| a.name == appliance)?;
    let p = a.partitions.iter().find(|p| p.name == "paynew")?;
    Some((p.label.clone(), p.initialized))
}

#[test]
fn mig_2_a_password_service_migrated_to_two_targets_through_every_step() {
    let mut rig = migrate_rig();
    walk(&mut rig);
    let w = open_wizard(&rig.app).unwrap();
    assert!(
        matches!(&w.phase, Phase::Done { ok: true, .. }),
        "{:?}",
        w.phase
    );
    for target in ["lon-hsm-02", "lon-hsm-03"] {
        assert_eq!(
            partition_on(&rig, target),
            Some(("paynew".into(), true)),
            "{target}: created and initialized"
        );
    }
    rig.press("Enter");
    rig.until("the record", |a| {
        a.screens
            .migrate
            .table
            .rows()
            .first()
            .is_some_and(|r| !r.record.running())
    });
    let r = &rig.app.screens.migrate.table.rows()[0].record;
    assert_eq!(r.source_name, SOURCE);
    // Jobs names the source partition (MIG-4).
    let job = rig
        .app
        .screens
        .jobs
        .table
        .rows()
        .iter()
        .find(|j| Some(j.id) == r.job);
    assert_eq!(
        job.and_then(|j| j.subject.as_deref()),
        Some("'pay-src' (partition 'pay-src') → 'pay-new'"),
        "{job:?}"
    );
    assert!(r.new_service.is_some());
    assert!(r.targets.iter().all(|t| t.state == TargetState::Migrated));
}

#[test]
fn mig_4_a_target_refused_midway_then_the_repair_adds_exactly_it() {
    let mut rig = migrate_rig();
    // lon-hsm-03 uses its last licence after the console read it: the appliance refuses.
    let licences = {
        let mut fleet = rig.fleet.lock().unwrap();
        let a = fleet.appliance_mut("lon-hsm-03").unwrap();
        let before = a.licences;
        a.licences = 0;
        before
    };
    walk(&mut rig);
    let w = open_wizard(&rig.app).unwrap();
    assert!(
        matches!(&w.phase, Phase::Done { ok: false, .. }),
        "{:?}",
        w.phase
    );
    assert_eq!(partition_on(&rig, "lon-hsm-03"), None, "nothing left on it");
    assert!(partition_on(&rig, "lon-hsm-02").is_some());
    rig.press("Enter");
    rig.until("the record", |a| {
        a.screens
            .migrate
            .table
            .rows()
            .first()
            .is_some_and(|r| !r.record.running())
    });
    let failed: Vec<String> = rig.app.screens.migrate.table.rows()[0]
        .record
        .failed()
        .iter()
        .map(|t| t.device_name.clone())
        .collect();
    assert_eq!(failed, ["lon-hsm-03"]);
    // The licence freed: p adds the partition on exactly lon-hsm-03.
    rig.fleet
        .lock()
        .unwrap()
        .appliance_mut("lon-hsm-03")
        .unwrap()
        .licences = licences;
    rig.press("p");
    rig.until("the confirmation", |a| a.panels.dialog.is_some());
    rig.press("Tab Enter");
    rig.until_jobs_done("the repair", 1);
    assert!(
        rig.app
            .messages
            .newest_first()
            .any(|m| m.text.contains("adding partitions on the failed targets")),
        "{:?}",
        rig.app.notice
    );
    let fleet = rig.fleet.lock().unwrap();
    let a = fleet
        .appliances
        .iter()
        .find(|a| a.name == "lon-hsm-03")
        .unwrap();
    assert_eq!(
        a.partitions.len(),
        1,
        "one partition added, on exactly the failed target"
    );
}
