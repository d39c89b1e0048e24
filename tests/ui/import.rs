//! The Import Partitions screen (IMP-1..3): snapshots of the splash, the discovery progress
//! and the import table at 80x24 and 120x40 in both themes, and flow tests through `route` and
//! `update`: cells edited in place, row errors on Finish, Cancel asking first.

use crate::support::fixtures::*;
use crate::support::keys::press;
use crate::support::render::{SIZES, app_text, render_app};
use lunadeck::app::{App, update};
use lunadeck::domain::ids::{HsmSerial, JobId, PartitionSerial};
use lunadeck::domain::organization::Role;
use lunadeck::jobs::JobEvent;
use lunadeck::ops::import_ops::ImportEdit;
use lunadeck::screens::import;

/// Builds the scene in both themes and snapshots it at both sizes.
fn snap(name: &str, scene: impl Fn(bool) -> App) {
    for (theme, mono) in [("default16", false), ("mono", true)] {
        let app = scene(mono);
        for (w, h) in SIZES {
            insta::assert_snapshot!(format!("{name}_{w}x{h}_{theme}"), render_app(&app, (w, h)));
        }
    }
}

fn import_app(mono: bool) -> App {
    let mut app = signed_in(Role::Admin, mono);
    press(&mut app, ": \"import\" Enter");
    app
}

#[test]
fn imp_1_snapshot_splash_and_discovery_progress() {
    snap("imp_1_splash", |mono| {
        let mut app = import_app(mono);
        imp(
            &mut app,
            import::Event::Table {
                draft: None,
                warnings: Vec::new(),
                organizations: Vec::new(),
            },
        );
        app
    });
    snap("imp_1_discovery_progress", |mono| {
        let mut app = import_app(mono);
        imp(
            &mut app,
            import::Event::Table {
                draft: None,
                warnings: Vec::new(),
                organizations: Vec::new(),
            },
        );
        press(&mut app, "R");
        discovery_events(&mut app, false);
        app
    });
}

fn discovery_events(app: &mut App, finish: bool) {
    let job = JobId(7);
    imp(app, import::Event::DiscoveryStarted(job));
    let devices = vec![HsmSerial::new("1111"), HsmSerial::new("2222")];
    ev(
        app,
        lunadeck::app::message::BackendEvent::Job(JobEvent::Started {
            job,
            devices: devices.clone(),
        }),
    );
    ev(
        app,
        lunadeck::app::message::BackendEvent::Job(JobEvent::Progress {
            job,
            device: devices[0].clone(),
            step: "partition list".into(),
            done: 1,
            total: 2,
        }),
    );
    if finish {
        ev(
            app,
            lunadeck::app::message::BackendEvent::Job(JobEvent::Finished {
                job,
                outcome: lunadeck::jobs::JobOutcome::Succeeded {
                    outputs: Vec::new(),
                },
            }),
        );
    }
}

#[test]
fn imp_3_snapshot_import_table_with_warnings_and_cell_error() {
    snap("imp_3_import_table", |mono| {
        let mut app = import_app(mono);
        imp(&mut app, import_event());
        press(&mut app, "j L L L L L L Enter \"Nowhere\" Enter");
        app
    });
}

#[test]
fn imp_3_edit_cells_in_place_and_finish_shows_row_errors() {
    let mut app = import_app(false);
    imp(&mut app, import_event());
    // Second row, Service Name column.
    let cmds = press(&mut app, "j L L L L Enter \"ops-b\" Enter");
    let sent = import_requests(&cmds);
    assert!(
        matches!(
            sent[..],
            [import::Request::Edit { edit: ImportEdit::ServiceName(name), .. }]
                if name == "ops-b"
        ),
        "{sent:?}"
    );
    // An unknown organization is refused inline, nothing sent.
    press(&mut app, "Esc");
    imp(&mut app, import_event());
    let cmds = press(&mut app, "L L Enter \"Nowhere\" Enter");
    assert!(import_requests(&cmds).is_empty());
    assert!(
        app.screens
            .import
            .editing
            .as_ref()
            .unwrap()
            .error
            .as_ref()
            .unwrap()
            .contains("no organization named 'Nowhere'")
    );
    press(&mut app, "Esc");
    let cmds = press(&mut app, "F");
    assert!(matches!(
        import_requests(&cmds)[..],
        [import::Request::Finish]
    ));
    imp(
        &mut app,
        import::Event::Errors(vec![
            "device 'lon-hsm-02', partition 'ops_b': Service name: required".into(),
        ]),
    );
    let screen = app_text(&app, (120, 40));
    assert!(screen.contains("Finish Imports refused") && screen.contains("HA_1"));
    // Leaving a row out asks first (default: keep it), as every `d` does.
    assert!(import_requests(&press(&mut app, "d Enter")).is_empty());
    let cmds = press(&mut app, "d Tab Enter");
    let row = PartitionSerial::new("1400002");
    assert!(matches!(
        import_requests(&cmds)[..],
        [import::Request::DeleteRow(p)] if *p == row
    ));
    // Cancel asks first (default Cancel), then deletes the table.
    assert!(import_requests(&press(&mut app, "C Enter")).is_empty());
    let cmds = press(&mut app, "C Tab Enter");
    assert!(matches!(
        import_requests(&cmds)[..],
        [import::Request::Cancel]
    ));
}

#[test]
fn imp_1_get_started_runs_discovery_and_shows_progress() {
    let mut app = import_app(false);
    imp(
        &mut app,
        import::Event::Table {
            draft: None,
            warnings: Vec::new(),
            organizations: Vec::new(),
        },
    );
    let cmds = press(&mut app, "R");
    assert!(matches!(
        import_requests(&cmds)[..],
        [import::Request::Discover]
    ));
    discovery_events(&mut app, true);
    let d = app.screens.import.discovery.as_ref().unwrap();
    assert_eq!(d.devices.len(), 2);
    assert!(d.finished);
    let cmds = update(
        &mut app,
        lunadeck::app::Action::Backend(Box::new(lunadeck::app::message::BackendEvent::JobDone {
            job: JobId(7),
            state: lunadeck::domain::job::JobState::Succeeded,
            summary: "2 devices read".into(),
        })),
    );
    assert!(matches!(
        import_requests(&cmds)[..],
        [import::Request::Table]
    ));
}

#[test]
fn imp_5_every_finish_imports_problem_can_be_read() {
    let mut app = import_app(false);
    imp(&mut app, import_event());
    let problems: Vec<String> = (1..=9)
        .map(|i| format!("device 'lon-hsm-0{i}', partition 'ops_{i}': Service name: required"))
        .collect();
    imp(&mut app, import::Event::Errors(problems.clone()));
    let screen = app_text(&app, (80, 24));
    assert!(
        screen.contains("more line(s): M shows them all"),
        "{screen}"
    );
    // The message log holds every one of them, in full.
    let logged = app
        .messages
        .newest_first()
        .next()
        .map(|m| m.text.clone())
        .unwrap_or_default();
    for p in &problems {
        assert!(logged.contains(p.as_str()), "{p} not in {logged}");
    }
}
