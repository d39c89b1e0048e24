//! The Migrate Service screen (MIG-1..5): snapshots of the list, the refused start key, every
//! wizard step (a target refused by each rule of the support matrix), the progress and the
//! partial-failure result, at 80x24 and 120x40 in both themes, over hand-built answers.

use crate::services::snap;
use crate::support::fixtures::{ev, organizations, signed_in};
use crate::support::keys::press;
use crate::support::migrate_data::{NOW, overview, ped_targets, sources, summary, targets};
use lunadeck::app::App;
use lunadeck::app::message::BackendEvent;
use lunadeck::domain::ids::{JobId, ServiceId};
use lunadeck::domain::job::JobState;
use lunadeck::domain::organization::Role;
use lunadeck::screens::ScreenEvent;
use lunadeck::screens::migrate::{Event, Step, open_wizard};

fn mig(app: &mut App, e: Event) {
    ev(app, BackendEvent::Screen(ScreenEvent::Migrate(e)));
}

/// Crypto Services → Migrate Service, its list read.
fn migrate_app(role: Role, mono: bool) -> App {
    let mut app = signed_in(role, mono);
    press(&mut app, ": \"migrate\" Enter");
    let not_offered = matches!(role, Role::Owner(_))
        .then(|| "Owners cannot migrate a service: an Admin migrates services.".to_string());
    mig(&mut app, Event::Overview(overview(not_offered), NOW));
    app
}

/// The wizard open at `step`, each step before it filled.
fn wizard_at(mono: bool, step: Step) -> App {
    let mut app = migrate_app(Role::Admin, mono);
    press(&mut app, "a");
    mig(&mut app, Event::Sources(sources(), organizations()));
    if step == Step::Source {
        return app;
    }
    press(&mut app, "Enter Down \"payments-7\"");
    if step == Step::NewService {
        return app;
    }
    press(&mut app, "Enter");
    mig(&mut app, Event::Targets(ServiceId(1), targets()));
    if step == Step::Devices {
        return app;
    }
    press(&mut app, "Enter PageDown");
    if step == Step::Partition {
        press(&mut app, "\"paynew\" Down \"domain-1-secret\"");
        return app;
    }
    press(
        &mut app,
        "\"paynew\" Down \"domain-1-secret\" Down \"domain-1-secret\" Enter",
    );
    if step == Step::Roles {
        press(&mut app, "\"so-pass-secret\"");
        return app;
    }
    press(
        &mut app,
        "\"so-pass-secret\" Down \"so-pass-secret\" Down \"co-pass-secret\" Down \
         \"co-pass-secret\" Down \"source-co-pass\" Enter",
    );
    let asked = open_wizard(&app).unwrap().asked;
    mig(&mut app, Event::Planned(asked, summary()));
    app
}

#[test]
fn mig_4_snapshot_the_migrations_list() {
    snap("mig_4_migrations_list", |mono| {
        migrate_app(Role::Admin, mono)
    });
}

#[test]
fn perm_mig_owner_is_told_why_the_start_key_is_not_offered() {
    snap("perm_mig_owner_not_offered", |mono| {
        let mut app = migrate_app(Role::Owner(lunadeck::domain::ids::OrganizationId(1)), mono);
        press(&mut app, "a");
        assert!(open_wizard(&app).is_none(), "no wizard for an Owner");
        assert!(
            app.notice
                .as_deref()
                .is_some_and(|n| n.starts_with("Owners cannot")),
            "{:?}",
            app.notice
        );
        app
    });
}

#[test]
fn mig_2_snapshot_every_wizard_step() {
    for (step, name) in [
        (Step::Source, "select_service"),
        (Step::NewService, "new_service"),
        (Step::Devices, "select_devices"),
        (Step::Partition, "define_partition"),
        (Step::Roles, "initialize_roles"),
        (Step::Summary, "summary"),
    ] {
        snap(&format!("mig_2_{name}"), |mono| {
            let app = wizard_at(mono, step);
            let w = open_wizard(&app).unwrap();
            assert_eq!(w.current(), step, "{:?}", w.refusal);
            app
        });
    }
}

/// The wizard for the 6.x non-PPSO PED source, on Select Devices.
fn ped_wizard_devices(mono: bool) -> App {
    let mut app = migrate_app(Role::Admin, mono);
    press(&mut app, "a");
    mig(&mut app, Event::Sources(sources(), organizations()));
    press(&mut app, "\"ped-tokens\" Enter Down \"tokens-7\" Enter");
    mig(&mut app, Event::Targets(ServiceId(3), ped_targets()));
    app
}

/// The same on Define Partition, par-hsm-02 chosen.
fn ped_wizard(mono: bool) -> App {
    let mut app = ped_wizard_devices(mono);
    press(&mut app, "Enter PageDown");
    app
}

#[test]
fn mig_2_snapshot_the_ped_steps_and_the_default_challenge_refusal() {
    snap("mig_2_select_devices_ped", |mono| {
        let app = ped_wizard_devices(mono);
        let w = open_wizard(&app).unwrap();
        assert_eq!(w.current(), Step::Devices, "{:?}", w.refusal);
        app
    });
    snap("mig_2_define_partition_ped", |mono| {
        let mut app = ped_wizard(mono);
        press(&mut app, "\"tokens7\"");
        let w = open_wizard(&app).unwrap();
        assert_eq!(w.current(), Step::Partition, "{:?}", w.refusal);
        let ids: Vec<&str> = w.partition.fields().iter().map(|f| f.id).collect();
        assert_eq!(ids, ["label"], "no cloning domain on PED devices");
        app
    });
    snap("mig_2_initialize_roles_ped", |mono| {
        let mut app = ped_wizard(mono);
        press(
            &mut app,
            "\"tokens7\" Enter \"ped.example.net\" Down Down \"challenge-1\"",
        );
        let w = open_wizard(&app).unwrap();
        assert_eq!(w.current(), Step::Roles, "{:?}", w.refusal);
        app
    });
    snap("mig_3_default_challenge_refused", |mono| {
        let mut app = ped_wizard(mono);
        press(
            &mut app,
            "\"tokens7\" Enter \"ped.example.net\" Down Down \"challenge-1\" Down \
             \"challenge-1\" Enter",
        );
        let w = open_wizard(&app).unwrap();
        assert_eq!(
            w.current(),
            Step::Roles,
            "the box is not ticked: the step stays"
        );
        // The domain's own sentence, as Migrate would refuse it.
        let domain = lunadeck::domain::migration::default_challenge_refusal("ped-tokens-1");
        assert_eq!(w.refusal, Some(domain.to_string()));
        app
    });
}

#[test]
fn mig_2_a_source_that_cannot_migrate_is_refused_with_its_reason() {
    snap("mig_2_source_refused", |mono| {
        let mut app = wizard_at(mono, Step::Source);
        press(&mut app, "\"legacy-tls\" Enter");
        let w = open_wizard(&app).unwrap();
        assert_eq!(w.current(), Step::Source);
        assert!(
            w.refusal
                .as_deref()
                .is_some_and(|r| r.contains("not initialized"))
        );
        app
    });
}

#[test]
fn mig_1_a_target_refused_by_each_rule_of_the_support_matrix() {
    for (downs, name, rule) in [
        (1, "below_7_5", "(7.4 or below)"),
        (2, "fm", "to a FM-enabled target"),
        (3, "auth_pairing", "is not supported"),
    ] {
        snap(&format!("mig_1_target_refused_{name}"), |mono| {
            let mut app = wizard_at(mono, Step::Devices);
            press(&mut app, &vec!["Down"; downs].join(" "));
            press(&mut app, "Enter");
            let w = open_wizard(&app).unwrap();
            assert!(w.lists.chosen().is_empty(), "a refused target is not added");
            assert!(
                w.refusal.as_deref().is_some_and(|r| r.contains(rule)),
                "{name}: {:?}",
                w.refusal
            );
            app
        });
    }
}

#[test]
fn mig_4_snapshot_progress_and_the_partial_failure_result() {
    snap("mig_4_running", |mono| {
        let mut app = wizard_at(mono, Step::Summary);
        press(&mut app, "Enter");
        mig(&mut app, Event::Started(JobId(9), Vec::new()));
        app
    });
    snap("mig_4_partial_failure", |mono| {
        let mut app = wizard_at(mono, Step::Summary);
        press(&mut app, "Enter");
        mig(&mut app, Event::Started(JobId(9), Vec::new()));
        ev(
            &mut app,
            BackendEvent::JobDone {
                job: JobId(9),
                state: JobState::Failed {
                    message: "lon-hsm-03 refused the partition".into(),
                },
                summary: "Service 'payments-7' migrated from partition 'payments-prod-1' of \
                          'payments-prod' to 1 of 2 device(s). Migrating the key material failed \
                          on device(s) lon-hsm-03."
                    .into(),
            },
        );
        app
    });
}

#[test]
fn mig_5_quitting_while_a_migration_runs_asks_and_says_what_happens_to_it() {
    use lunadeck::app::message::StatusCounts;
    use lunadeck::domain::job::Job;
    use lunadeck::domain::timestamp::Timestamp;
    snap("mig_5_quit_while_migrating", |mono| {
        let mut app = migrate_app(Role::Admin, mono);
        let job = Job {
            id: JobId(6),
            operation: "service.migrate".into(),
            service: Some(ServiceId(2)),
            devices: Vec::new(),
            started_by: "alice".into(),
            started_at: Timestamp(2_000),
            finished_at: None,
            state: JobState::Running,
            acknowledged: false,
            subject: None,
        };
        ev(&mut app, BackendEvent::Jobs(vec![job]));
        ev(
            &mut app,
            BackendEvent::Job(lunadeck::jobs::JobEvent::Started {
                job: JobId(6),
                devices: Vec::new(),
            }),
        );
        ev(
            &mut app,
            BackendEvent::Counts(StatusCounts {
                devices_up: Some(3),
                devices_down: Some(0),
                running_jobs: 1,
            }),
        );
        press(&mut app, "q");
        assert!(matches!(
            app.modal,
            Some(lunadeck::app::modal::Modal::ConfirmQuit { .. })
        ));
        app
    });
}

#[test]
fn mig_4_no_new_service_the_repair_key_gives_the_advice_and_opens_import_partitions() {
    let mut app = signed_in(Role::Admin, false);
    press(&mut app, ": \"migrate\" Enter");
    let mut o = overview(None);
    o.records.retain(|r| !r.running());
    o.records[0].new_service = None;
    mig(&mut app, Event::Overview(o, NOW));
    press(&mut app, "p");
    assert_eq!(
        app.notice.as_deref(),
        Some(lunadeck::domain::migration::NEW_SERVICE_FAILED)
    );
    assert_eq!(app.nav, lunadeck::app::NavItem::ImportPartitions);
}

#[test]
fn mig_2_back_before_the_plan_arrives_never_leaves_the_wizard_waiting() {
    let mut app = wizard_at(false, Step::Summary);
    // wizard_at answered the plan; go back and forth: a new plan is asked.
    press(&mut app, "PageUp");
    let old = open_wizard(&app).unwrap().asked;
    press(&mut app, "Enter");
    let w = open_wizard(&app).unwrap();
    assert_eq!(w.current(), Step::Summary, "{:?}", w.refusal);
    assert!(w.asked > old && w.summary.is_none());
    let new = w.asked;
    // Back again before it arrives, and forth: the late answer is dropped, the next one shown.
    press(&mut app, "PageUp Enter");
    mig(&mut app, Event::Planned(new, summary()));
    assert!(
        open_wizard(&app).unwrap().summary.is_none(),
        "a late plan is dropped"
    );
    let newest = open_wizard(&app).unwrap().asked;
    mig(&mut app, Event::Planned(newest, summary()));
    assert!(open_wizard(&app).unwrap().summary.is_some());
}

#[test]
fn mig_5_changing_keys_on_a_locked_service_say_the_lock_and_open_nothing() {
    use crate::support::fixtures::{rows, svc};
    use lunadeck::screens::services::Event as ServicesEvent;
    let mut app = signed_in(Role::Admin, true);
    press(&mut app, "2 Enter");
    let mut list = rows();
    list[0].locked_by = Some(lunadeck::domain::ids::MigrationId(2));
    svc(&mut app, ServicesEvent::List(list));
    for key in ["X", "D", "i"] {
        press(&mut app, key);
        assert!(
            app.panels.dialog.is_none(),
            "{key}: no dialog on a locked service"
        );
        assert_eq!(
            app.notice.as_deref(),
            Some(
                "Service 'payments-prod' is locked by migration 2: it changes when the \
                 migration ends"
            ),
            "{key}"
        );
    }
    // Opened, its changing keys say the same; a tab key still works.
    press(&mut app, "Enter e");
    assert!(app.panels.dialog.is_none());
    assert!(
        app.notice
            .as_deref()
            .is_some_and(|n| n.contains("locked by migration 2"))
    );
    press(&mut app, "Alt-3");
    let d = app.screens.services.detail.as_ref().unwrap();
    assert_eq!(d.tab, lunadeck::screens::services::AttrTab::Partitions);
}
