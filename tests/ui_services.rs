//! The Services and Import Partitions screens (MNG-1..6, DEL-1/2, IMP-1..3): snapshots of every
//! screen, tab and dialog at 80x24 and 120x40 in both themes (text + style runs), and flow
//! tests feeding keys through `route` and `update` over hand-built backend answers.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod ui_keys;

#[path = "ui_services/fixtures.rs"]
mod fixtures;

use fixtures::*;
use lunadeck::app::message::BackendRequest;
use lunadeck::app::services_msg::{ScreenJob, ServicesEvent, ServicesRequest};
use lunadeck::app::services_state::{AttrTab, KeysView, ServicesDialog};
use lunadeck::app::{App, Command, update};
use lunadeck::domain::DomainError;
use lunadeck::domain::error::Field;
use lunadeck::domain::ids::{HsmSerial, JobId, OrganizationId, ServiceId};
use lunadeck::domain::organization::Role;
use lunadeck::jobs::JobEvent;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ui_keys::press;

const SIZES: [(u16, u16); 2] = [(80, 24), (120, 40)];

fn requests(cmds: &[Command]) -> Vec<String> {
    cmds.iter()
        .filter_map(|c| match c {
            Command::Backend(BackendRequest::Services(r)) => Some(format!("{r:?}")),
            _ => None,
        })
        .collect()
}

fn render(buf: &Buffer) -> String {
    let area = buf.area;
    let mut out = String::new();
    for y in 0..area.height {
        let line: String = (0..area.width)
            .map(|x| buf.cell((x, y)).map_or(" ", |c| c.symbol()))
            .collect();
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out.push_str("--- styles (row: cols fg/bg/modifiers) ---\n");
    for y in 0..area.height {
        let mut runs: Vec<(u16, u16, String)> = Vec::new();
        for x in 0..area.width {
            let Some(c) = buf.cell((x, y)) else { continue };
            let mut parts = Vec::new();
            if c.fg != ratatui::style::Color::Reset {
                parts.push(format!("fg={:?}", c.fg));
            }
            if c.bg != ratatui::style::Color::Reset {
                parts.push(format!("bg={:?}", c.bg));
            }
            if !c.modifier.is_empty() {
                parts.push(format!("{:?}", c.modifier));
            }
            let style = parts.join(" ");
            if style.is_empty() {
                continue;
            }
            match runs.last_mut() {
                Some((_, end, s)) if *end + 1 == x && *s == style => *end = x,
                _ => runs.push((x, x, style)),
            }
        }
        for (a, b, s) in runs {
            out.push_str(&format!("{y:02}: {a:>3}..{b:<3} {s}\n"));
        }
    }
    out
}

fn text(app: &App, (w, h): (u16, u16)) -> String {
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| lunadeck::ui::draw(app, f)).unwrap();
    let all = render(t.backend().buffer());
    all.split("--- styles").next().unwrap().to_string()
}

/// Builds the scene in both themes and snapshots it at both sizes.
fn snap(name: &str, scene: impl Fn(bool) -> App) {
    for (theme, mono) in [("default16", false), ("mono", true)] {
        let app = scene(mono);
        for (w, h) in SIZES {
            let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
            t.draw(|f| lunadeck::ui::draw(&app, f)).unwrap();
            insta::assert_snapshot!(
                format!("{name}_{w}x{h}_{theme}"),
                render(t.backend().buffer())
            );
        }
    }
}

/// The Services list in front, loaded.
fn services_app(role: Role, mono: bool) -> App {
    let mut app = signed_in(role, mono);
    press(&mut app, "2 Enter");
    svc(&mut app, ServicesEvent::List(rows()));
    app
}

/// `payments-prod` open on `tab`, with its detail and clients read.
fn open_service(role: Role, mono: bool, tab: &str) -> App {
    let mut app = services_app(role, mono);
    press(&mut app, "Enter");
    svc(
        &mut app,
        ServicesEvent::Detail {
            detail: Box::new(detail()),
            organizations: if role == Role::Admin {
                organizations()
            } else {
                Vec::new()
            },
        },
    );
    svc(&mut app, ServicesEvent::Clients(ServiceId(1), clients()));
    press(&mut app, tab);
    app
}

fn import_app(mono: bool) -> App {
    let mut app = signed_in(Role::Admin, mono);
    press(&mut app, ": \"import\" Enter");
    app
}

#[test]
fn mng_1_snapshot_services_list_sorted() {
    snap("mng_1_services_list", |mono| {
        let mut app = services_app(Role::Admin, mono);
        press(&mut app, "s S");
        app
    });
}

#[test]
fn mng_2_to_6_snapshot_every_attribute_tab() {
    for (tab, name) in [
        ("1", "mng_2_general"),
        ("2", "mng_3_capabilities"),
        ("3", "mng_4_partitions"),
        ("4", "mng_5_keys_logged_out"),
        ("5", "mng_6_clients"),
    ] {
        snap(name, |mono| open_service(Role::Admin, mono, tab));
    }
    snap("mng_5_keys_objects", |mono| {
        let mut app = open_service(Role::Admin, mono, "4");
        svc(&mut app, ServicesEvent::Keys(ServiceId(1), objects()));
        app
    });
}

#[test]
fn mng_5_snapshot_co_login_modal_is_masked() {
    snap("mng_5_co_login", |mono| {
        let mut app = open_service(Role::Admin, mono, "4");
        press(&mut app, "o \"hunter22\"");
        let screen = text(&app, (120, 40));
        assert!(screen.contains("••••••••") && !screen.contains("hunter22"));
        app
    });
}

#[test]
fn mng_2_snapshot_owner_edit_form_with_inline_error() {
    snap("mng_2_edit_owner_error", |mono| {
        let mut app = open_service(Role::Owner(OrganizationId(1)), mono, "1");
        press(&mut app, "e");
        // Clear the name and type a duplicate: the domain rule answers inline.
        for _ in 0.."payments-prod".len() {
            press(&mut app, "Backspace");
        }
        press(&mut app, "\"legacy-tls\" Enter");
        app
    });
}

#[test]
fn del_2_snapshot_delete_typed_confirmation() {
    snap("del_2_delete_typed", |mono| {
        let mut app = services_app(Role::Admin, mono);
        press(&mut app, "X");
        svc(
            &mut app,
            ServicesEvent::Detail {
                detail: Box::new(detail()),
                organizations: Vec::new(),
            },
        );
        press(&mut app, "\"payments\"");
        app
    });
}

#[test]
fn imp_1_snapshot_splash_and_discovery_progress() {
    snap("imp_1_splash", |mono| {
        let mut app = import_app(mono);
        svc(
            &mut app,
            ServicesEvent::Import {
                draft: None,
                warnings: Vec::new(),
                organizations: Vec::new(),
            },
        );
        app
    });
    snap("imp_1_discovery_progress", |mono| {
        let mut app = import_app(mono);
        svc(
            &mut app,
            ServicesEvent::Import {
                draft: None,
                warnings: Vec::new(),
                organizations: Vec::new(),
            },
        );
        press(&mut app, "g");
        discovery_events(&mut app, false);
        app
    });
}

fn discovery_events(app: &mut App, finish: bool) {
    let job = JobId(7);
    svc(
        app,
        ServicesEvent::JobStarted {
            kind: ScreenJob::Discovery,
            job,
        },
    );
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
        svc(&mut app, import_event());
        press(&mut app, "j l l l l l l Enter \"Nowhere\" Enter");
        app
    });
}

#[test]
fn mng_1_filter_and_sort_the_list() {
    let mut app = services_app(Role::Admin, false);
    press(&mut app, "/ \"ident\"");
    assert_eq!(app.services.table.visible_len(), 1);
    assert_eq!(
        app.services.table.selected_row().unwrap().name,
        "identity-new"
    );
    press(&mut app, "Esc");
    assert_eq!(app.services.table.visible_len(), 3);
    // s: sort by Name ascending; S: descending.
    press(&mut app, "s");
    let names = |app: &App| -> Vec<String> {
        (0..app.services.table.visible_len())
            .map(|i| {
                app.services.table.visible_cells(i).unwrap()[0]
                    .display()
                    .into_owned()
            })
            .collect()
    };
    assert_eq!(names(&app), ["identity-new", "legacy-tls", "payments-prod"]);
    press(&mut app, "S");
    assert_eq!(names(&app), ["payments-prod", "legacy-tls", "identity-new"]);
    let screen = text(&app, (120, 40));
    assert!(screen.contains("Name ▼"), "{screen}");
    assert!(screen.contains("● all up") && screen.contains("◐ degraded"));
    assert!(screen.contains("✖ down") && screen.contains("Initialize"));
}

#[test]
fn mng_2_walk_the_tabs_with_tab_shift_tab_and_digits() {
    let mut app = open_service(Role::Admin, false, "");
    let d = |app: &App| app.services.detail.as_ref().unwrap().tab;
    assert_eq!(d(&app), AttrTab::General);
    for want in [
        AttrTab::Capabilities,
        AttrTab::Partitions,
        AttrTab::Keys,
        AttrTab::Clients,
        AttrTab::General,
    ] {
        press(&mut app, "Tab");
        assert_eq!(d(&app), want);
    }
    press(&mut app, "Shift-Tab");
    assert_eq!(d(&app), AttrTab::Clients);
    press(&mut app, "3");
    assert_eq!(d(&app), AttrTab::Partitions);
    assert!(text(&app, (120, 40)).contains("Uninitialized partitions"));
    // Esc goes back to the list and asks nothing of the devices.
    let cmds = press(&mut app, "Esc");
    assert!(app.services.detail.is_none());
    assert_eq!(requests(&cmds), ["List"]);
}

#[test]
fn mng_2_edit_validates_inline_and_sends_only_changes() {
    let mut app = open_service(Role::Admin, false, "1");
    press(&mut app, "e");
    for _ in 0.."payments-prod".len() {
        press(&mut app, "Backspace");
    }
    let cmds = press(&mut app, "Enter");
    assert!(
        cmds.is_empty(),
        "an empty name is refused before the backend"
    );
    let Some(ServicesDialog::Edit(d)) = &app.services.dialog else {
        panic!()
    };
    assert!(d.form.fields()[0].error.is_some());
    // Name ok; organization moved to Identity (Right on the choice).
    let cmds = press(&mut app, "\"payments-eu\" Tab Tab Right Enter");
    let sent = requests(&cmds);
    assert_eq!(sent.len(), 1, "{sent:?}");
    assert!(sent[0].contains("name: \"payments-eu\""), "{sent:?}");
    assert!(sent[0].contains("organization: Some(OrganizationId(2))"));
    assert!(sent[0].contains("ha_label: None"));
    // A refusal naming a field lands under it.
    svc(
        &mut app,
        ServicesEvent::Refused(DomainError::invalid(Field::ServiceName, "already used")),
    );
    let Some(ServicesDialog::Edit(d)) = &app.services.dialog else {
        panic!()
    };
    assert_eq!(d.form.fields()[0].error.as_deref(), Some("already used"));
    svc(&mut app, ServicesEvent::Edited(ServiceId(1)));
    assert!(app.services.dialog.is_none());
}

#[test]
fn mng_2_owner_cannot_change_the_organization() {
    let mut app = open_service(Role::Owner(OrganizationId(1)), false, "1");
    press(&mut app, "e");
    let Some(ServicesDialog::Edit(d)) = &app.services.dialog else {
        panic!()
    };
    assert!(d.form.fields().iter().all(|f| f.id != "organization"));
    assert!(d.read_only[0].contains("only an Admin can change the owning organization"));
}

#[test]
fn mng_5_co_login_sends_the_secret_and_log_off_ends_the_session() {
    let mut app = open_service(Role::Admin, false, "4");
    assert!(
        press(&mut app, "o Enter").is_empty(),
        "empty password refused"
    );
    let cmds = press(&mut app, "\"co-pass-1\" Enter");
    let sent = requests(&cmds);
    assert_eq!(sent.len(), 1);
    assert!(
        !sent[0].contains("co-pass-1"),
        "the secret never shows in Debug"
    );
    svc(
        &mut app,
        ServicesEvent::JobStarted {
            kind: ScreenJob::Keys(ServiceId(1)),
            job: JobId(3),
        },
    );
    assert!(app.services.dialog.is_none());
    ev(
        &mut app,
        lunadeck::app::message::BackendEvent::JobDone {
            job: JobId(3),
            state: lunadeck::domain::job::JobState::Succeeded,
            summary: "1 object(s) in 2 partition(s)".into(),
        },
    );
    svc(&mut app, ServicesEvent::Keys(ServiceId(1), objects()));
    let d = app.services.detail.as_ref().unwrap();
    assert!(matches!(&d.keys, KeysView::Ready(o) if o.len() == 1));
    assert!(text(&app, (120, 40)).contains("idle for 3 hours"));
    assert_eq!(requests(&press(&mut app, "l")), ["LogOff(ServiceId(1))"]);
}

#[test]
fn del_2_wrong_name_keeps_delete_disabled_and_right_name_sends_it() {
    let mut app = services_app(Role::Admin, false);
    press(&mut app, "X \"payments-pro\" Enter");
    let Some(ServicesDialog::Delete { modal, .. }) = &app.services.dialog else {
        panic!()
    };
    assert!(!modal.ok_enabled());
    assert!(press(&mut app, "Tab Tab Enter").is_empty() || app.services.dialog.is_none());
    // Esc cancels and never deletes.
    let mut app = services_app(Role::Admin, false);
    assert!(
        requests(&press(&mut app, "X \"payments-prod\" Esc"))
            .iter()
            .all(|r| !r.contains("Delete"))
    );
    assert!(app.services.dialog.is_none());
    let cmds = press(&mut app, "X \"payments-prod\" Enter Enter");
    assert!(
        requests(&cmds)
            .iter()
            .any(|r| r.contains("Delete { id: ServiceId(1), typed: \"payments-prod\" }")),
        "{:?}",
        requests(&cmds)
    );
}

#[test]
fn del_1_detach_defaults_to_cancel() {
    let mut app = services_app(Role::Admin, false);
    let cmds = press(&mut app, "D Enter");
    assert!(requests(&cmds).is_empty());
    let cmds = press(&mut app, "D Tab Enter");
    assert_eq!(requests(&cmds), ["Detach(ServiceId(1))"]);
}

#[test]
fn imp_3_edit_cells_in_place_and_finish_shows_row_errors() {
    let mut app = import_app(false);
    svc(&mut app, import_event());
    // Second row, Service Name column.
    let cmds = press(&mut app, "j l l l l Enter \"ops-b\" Enter");
    let sent = requests(&cmds);
    assert!(sent[0].contains("ServiceName(\"ops-b\")"), "{sent:?}");
    // An unknown organization is refused inline, nothing sent.
    press(&mut app, "Esc");
    svc(&mut app, import_event());
    let cmds = press(&mut app, "l l Enter \"Nowhere\" Enter");
    assert!(requests(&cmds).is_empty());
    assert!(
        app.import
            .editing
            .as_ref()
            .unwrap()
            .error
            .as_ref()
            .unwrap()
            .contains("no organization named 'Nowhere'")
    );
    press(&mut app, "Esc");
    assert_eq!(requests(&press(&mut app, "F")), ["ImportFinish"]);
    svc(
        &mut app,
        ServicesEvent::ImportErrors(vec![
            "device 'lon-hsm-02', partition 'ops_b': Service name: required".into(),
        ]),
    );
    let screen = text(&app, (120, 40));
    assert!(screen.contains("Finish Imports refused") && screen.contains("HA_1"));
    assert_eq!(
        requests(&press(&mut app, "d")),
        ["ImportDeleteRow(PartitionSerial(\"1400002\"))"]
    );
    // Cancel asks first (default Cancel), then deletes the table.
    assert!(requests(&press(&mut app, "C Enter")).is_empty());
    assert_eq!(requests(&press(&mut app, "C Tab Enter")), ["ImportCancel"]);
}

#[test]
fn imp_1_get_started_runs_discovery_and_shows_progress() {
    let mut app = import_app(false);
    svc(
        &mut app,
        ServicesEvent::Import {
            draft: None,
            warnings: Vec::new(),
            organizations: Vec::new(),
        },
    );
    assert_eq!(requests(&press(&mut app, "g")), ["Discover"]);
    discovery_events(&mut app, true);
    let d = app.import.discovery.as_ref().unwrap();
    assert_eq!(d.devices.len(), 2);
    assert!(d.finished);
    let cmds = {
        let mut a = app;
        let c = update(
            &mut a,
            lunadeck::app::Action::Backend(Box::new(
                lunadeck::app::message::BackendEvent::JobDone {
                    job: JobId(7),
                    state: lunadeck::domain::job::JobState::Succeeded,
                    summary: "2 devices read".into(),
                },
            )),
        );
        requests(&c)
    };
    assert_eq!(cmds, ["ImportTable"]);
    let _ = ServicesRequest::List;
}
