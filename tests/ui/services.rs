//! The Services screen (MNG-1..6, DEL-1/2): snapshots of the list, every attribute tab and
//! dialog at 80x24 and 120x40 in both themes (text + style runs), and flow tests feeding keys
//! through `route` and `update` over hand-built backend answers.

use crate::support::fixtures::*;
use crate::support::keys::press;
use crate::support::render::{SIZES, app_text, render_app};
use lunadeck::app::App;
use lunadeck::domain::DomainError;
use lunadeck::domain::error::Field;
use lunadeck::domain::ids::{JobId, OrganizationId, ServiceId};
use lunadeck::domain::organization::Role;
use lunadeck::screens::services::{AttrTab, Dialog as ServicesDialog, KeysView};
use lunadeck::screens::services::{
    Event as ServicesEvent, JobKind as ScreenJob, Request as ServicesRequest,
};

/// Builds the scene in both themes and snapshots it at both sizes.
pub(crate) fn snap(name: &str, scene: impl Fn(bool) -> App) {
    for (theme, mono) in [("default16", false), ("mono", true)] {
        let app = scene(mono);
        for (w, h) in SIZES {
            insta::assert_snapshot!(format!("{name}_{w}x{h}_{theme}"), render_app(&app, (w, h)));
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
pub(crate) fn open_service(role: Role, mono: bool, tab: &str) -> App {
    open_service_as(role, mono, tab, detail())
}

/// `open_service` with `detail` read for it (a PED variant, say).
pub(crate) fn open_service_as(
    role: Role,
    mono: bool,
    tab: &str,
    detail: lunadeck::ops::services_view::ServiceDetail,
) -> App {
    let mut app = services_app(role, mono);
    press(&mut app, "Enter");
    svc(
        &mut app,
        ServicesEvent::Detail {
            detail: Box::new(detail),
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
        ("Alt-1", "mng_2_general"),
        ("Alt-2", "mng_3_capabilities"),
        ("Alt-3", "mng_4_partitions"),
        ("Alt-4", "mng_5_keys_logged_out"),
        ("Alt-5", "mng_6_clients"),
    ] {
        snap(name, |mono| open_service(Role::Admin, mono, tab));
    }
    snap("mng_5_keys_objects", |mono| {
        let mut app = open_service(Role::Admin, mono, "Alt-4");
        svc(&mut app, ServicesEvent::Keys(ServiceId(1), objects()));
        app
    });
}

#[test]
fn mng_5_snapshot_co_login_modal_is_masked() {
    snap("mng_5_co_login", |mono| {
        let mut app = open_service(Role::Admin, mono, "Alt-4");
        press(&mut app, "o \"hunter22\"");
        let screen = app_text(&app, (120, 40));
        assert!(screen.contains("(typed, length hidden)") && !screen.contains("hunter22"));
        app
    });
}

#[test]
fn mng_2_snapshot_owner_edit_form_with_inline_error() {
    snap("mng_2_edit_owner_error", |mono| {
        let mut app = open_service(Role::Owner(OrganizationId(1)), mono, "Alt-1");
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
fn mng_1_filter_and_sort_the_list() {
    let mut app = services_app(Role::Admin, false);
    press(&mut app, "/ \"ident\"");
    assert_eq!(app.screens.services.table.visible_len(), 1);
    assert_eq!(
        app.screens.services.table.selected_row().unwrap().name,
        "identity-new"
    );
    press(&mut app, "Esc");
    assert_eq!(app.screens.services.table.visible_len(), 3);
    // s: sort by Name ascending; S: descending.
    press(&mut app, "s");
    let names = |app: &App| -> Vec<String> {
        (0..app.screens.services.table.visible_len())
            .map(|i| {
                app.screens.services.table.visible_cells(i).unwrap()[0]
                    .display()
                    .into_owned()
            })
            .collect()
    };
    assert_eq!(names(&app), ["identity-new", "legacy-tls", "payments-prod"]);
    press(&mut app, "S");
    assert_eq!(names(&app), ["payments-prod", "legacy-tls", "identity-new"]);
    let screen = app_text(&app, (120, 40));
    assert!(screen.contains("Name ▼"), "{screen}");
    assert!(screen.contains("● all up") && screen.contains("◐ degraded"));
    assert!(screen.contains("✖ down") && screen.contains("Initialize"));
}

#[test]
fn mng_2_walk_the_tabs_with_tab_shift_tab_and_digits() {
    let mut app = open_service(Role::Admin, false, "");
    let d = |app: &App| app.screens.services.detail.as_ref().unwrap().tab;
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
    press(&mut app, "Alt-3");
    assert_eq!(d(&app), AttrTab::Partitions);
    assert!(app_text(&app, (120, 40)).contains("Uninitialized partitions"));
    // Esc goes back to the list and asks nothing of the devices.
    let cmds = press(&mut app, "Esc");
    assert!(app.screens.services.detail.is_none());
    assert!(matches!(
        services_requests(&cmds)[..],
        [ServicesRequest::List]
    ));
}

#[test]
fn mng_2_edit_validates_inline_and_sends_only_changes() {
    let mut app = open_service(Role::Admin, false, "Alt-1");
    press(&mut app, "e");
    for _ in 0.."payments-prod".len() {
        press(&mut app, "Backspace");
    }
    let cmds = press(&mut app, "Enter");
    assert!(
        cmds.is_empty(),
        "an empty name is refused before the backend"
    );
    let Some(ServicesDialog::Edit(d)) = lunadeck::screens::services::open_dialog(&app) else {
        panic!()
    };
    assert!(d.form.fields()[0].error.is_some());
    // Name ok; organization moved to Identity (Right on the choice).
    let cmds = press(&mut app, "\"payments-eu\" Tab Tab Right Enter");
    let sent = services_requests(&cmds);
    assert!(
        matches!(
            sent[..],
            [ServicesRequest::Edit {
                id: ServiceId(1),
                name,
                organization: Some(OrganizationId(2)),
                ha_label: None,
                ..
            }] if name == "payments-eu"
        ),
        "{sent:?}"
    );
    // A refusal naming a field lands under it.
    svc(
        &mut app,
        ServicesEvent::Refused(DomainError::invalid(Field::ServiceName, "already used")),
    );
    let Some(ServicesDialog::Edit(d)) = lunadeck::screens::services::open_dialog(&app) else {
        panic!()
    };
    assert_eq!(d.form.fields()[0].error.as_deref(), Some("already used"));
    svc(&mut app, ServicesEvent::Edited(ServiceId(1)));
    assert!(lunadeck::screens::services::open_dialog(&app).is_none());
}

#[test]
fn mng_2_owner_cannot_change_the_organization() {
    let mut app = open_service(Role::Owner(OrganizationId(1)), false, "Alt-1");
    press(&mut app, "e");
    let Some(ServicesDialog::Edit(d)) = lunadeck::screens::services::open_dialog(&app) else {
        panic!()
    };
    assert!(d.form.fields().iter().all(|f| f.id != "organization"));
    assert!(d.read_only[0].contains("only an Admin can change the owning organization"));
}

#[test]
fn mng_5_co_login_sends_the_secret_and_log_off_ends_the_session() {
    let mut app = open_service(Role::Admin, false, "Alt-4");
    assert!(
        press(&mut app, "o Enter").is_empty(),
        "empty password refused"
    );
    let cmds = press(&mut app, "\"co-pass-1\" Enter");
    let sent = services_requests(&cmds);
    assert!(
        matches!(
            sent[..],
            [ServicesRequest::KeysLogin {
                id: ServiceId(1),
                ..
            }]
        ),
        "{sent:?}"
    );
    assert!(
        !format!("{sent:?}").contains("co-pass-1"),
        "the secret never shows in Debug"
    );
    svc(
        &mut app,
        ServicesEvent::JobStarted {
            kind: ScreenJob::Keys(ServiceId(1)),
            job: JobId(3),
        },
    );
    assert!(lunadeck::screens::services::open_dialog(&app).is_none());
    ev(
        &mut app,
        lunadeck::app::message::BackendEvent::JobDone {
            job: JobId(3),
            state: lunadeck::domain::job::JobState::Succeeded,
            summary: "1 object(s) in 2 partition(s)".into(),
        },
    );
    svc(&mut app, ServicesEvent::Keys(ServiceId(1), objects()));
    let d = app.screens.services.detail.as_ref().unwrap();
    assert!(matches!(&d.keys, KeysView::Ready(o) if o.len() == 1));
    assert!(app_text(&app, (120, 40)).contains("idle for 3 hours"));
    let cmds = press(&mut app, "L");
    assert!(matches!(
        services_requests(&cmds)[..],
        [ServicesRequest::LogOff(ServiceId(1))]
    ));
}

#[test]
fn del_2_wrong_name_keeps_delete_disabled_and_right_name_sends_it() {
    let mut app = services_app(Role::Admin, false);
    press(&mut app, "X \"payments-pro\" Enter");
    let Some(ServicesDialog::Delete { modal, .. }) = lunadeck::screens::services::open_dialog(&app)
    else {
        panic!()
    };
    assert!(!modal.ok_enabled());
    assert!(
        press(&mut app, "Tab Tab Enter").is_empty()
            || lunadeck::screens::services::open_dialog(&app).is_none()
    );
    // Esc cancels and never deletes.
    let mut app = services_app(Role::Admin, false);
    let cmds = press(&mut app, "X \"payments-prod\" Esc");
    assert!(
        services_requests(&cmds)
            .iter()
            .all(|r| !matches!(r, ServicesRequest::Delete { .. }))
    );
    assert!(lunadeck::screens::services::open_dialog(&app).is_none());
    let cmds = press(&mut app, "X \"payments-prod\" Enter Enter");
    let sent = services_requests(&cmds);
    assert!(
        sent.iter().any(|r| matches!(
            r,
            ServicesRequest::Delete { id: ServiceId(1), typed } if typed == "payments-prod"
        )),
        "{sent:?}"
    );
}

#[test]
fn del_1_detach_defaults_to_cancel() {
    let mut app = services_app(Role::Admin, false);
    let cmds = press(&mut app, "D Enter");
    assert!(services_requests(&cmds).is_empty());
    let cmds = press(&mut app, "D Tab Enter");
    assert!(matches!(
        services_requests(&cmds)[..],
        [ServicesRequest::Detach(ServiceId(1))]
    ));
}

#[test]
fn mng_3_capabilities_show_scalable_key_storage_and_labels_apart_from_values() {
    let app = open_service(Role::Admin, false, "Alt-2");
    let text = app_text(&app, (80, 24));
    assert!(
        text.contains("Scalable Key Storage    no (V0 partitions)"),
        "{text}"
    );
    assert!(text.contains("Secure Trusted Channel  no"), "{text}");
    assert!(!text.contains("Channelno"), "{text}");
}
