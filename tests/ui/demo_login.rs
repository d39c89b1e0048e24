//! The `--demo` sign-in and roles (issue 15.4): the demo Admin prefilled so Enter signs in, both
//! demo accounts named on the screen, typing replaces a prefilled field, a console on a real
//! database never prefills; over the demo backend the Owner signs in after a log out (PERM)
//! and the STC + per-partition SO partition waits in the import table (IMP-6).

use crate::support::fixtures::{ev, signed_in};
use crate::support::keys::press;
use crate::support::render::{app_text, render_app};
use crate::support::rig::Rig;
use lunadeck::app::message::{BackendEvent, BackendRequest};
use lunadeck::app::state::Loaded;
use lunadeck::app::{App, AppOptions, Command, Keymap};
use lunadeck::domain::organization::Role;
use lunadeck::ops::demo::{
    DEMO_OWNER, DEMO_OWNER_ORGANIZATION, DEMO_OWNER_PASSWORD, DEMO_PASSWORD, DEMO_USER,
};
use lunadeck::screens::{ScreenRequest, login};

/// The sign-in screen of a console started with `--demo`.
fn demo_login(monochrome: bool) -> App {
    let options = AppOptions {
        demo: true,
        monochrome,
        ..AppOptions::default()
    };
    let mut app = App::new(Keymap::defaults().unwrap(), options);
    ev(&mut app, BackendEvent::Ready { has_accounts: true });
    app
}

/// The sign-in request among `cmds`: username and password.
fn sign_in(cmds: &[Command]) -> Option<(String, String)> {
    cmds.iter().find_map(|c| match c {
        Command::Backend(BackendRequest::Screen(ScreenRequest::Login(
            login::Request::SignIn { username, password },
        ))) => Some((username.clone(), password.expose().to_string())),
        _ => None,
    })
}

#[test]
fn nav_4_demo_login_is_prefilled_with_the_demo_admin_and_enter_signs_in() {
    for (theme, mono) in [("default16", false), ("mono", true)] {
        let app = demo_login(mono);
        assert_eq!(app.screens.login.username, DEMO_USER);
        assert_eq!(app.screens.login.password.as_str(), DEMO_PASSWORD);
        let text = app_text(&app, (80, 24));
        for shown in [
            "throwaway database only",
            &format!("Admin  {DEMO_USER}  / {DEMO_PASSWORD}"),
            &format!(
                "Owner  {DEMO_OWNER} / {DEMO_OWNER_PASSWORD} (organization {DEMO_OWNER_ORGANIZATION})"
            ),
        ] {
            assert!(text.contains(shown), "{shown}:\n{text}");
        }
        let field = text.lines().find(|l| l.contains("Password")).unwrap();
        assert!(
            !field.contains(DEMO_PASSWORD),
            "the field stays masked: {field}"
        );
        insta::assert_snapshot!(
            format!("nav_4_demo_login_80x24_{theme}"),
            render_app(&app, (80, 24))
        );
    }
    let mut app = demo_login(false);
    let asked = sign_in(&press(&mut app, "Enter"));
    assert_eq!(
        asked,
        Some((DEMO_USER.to_string(), DEMO_PASSWORD.to_string()))
    );
    assert!(app.screens.login.password.is_empty(), "wiped once sent");
}

#[test]
fn nav_4_typing_replaces_a_prefilled_demo_field() {
    let mut app = demo_login(false);
    press(
        &mut app,
        &format!("\"{DEMO_OWNER}\" Tab \"{DEMO_OWNER_PASSWORD}\""),
    );
    assert_eq!(app.screens.login.username, DEMO_OWNER);
    assert_eq!(app.screens.login.password.as_str(), DEMO_OWNER_PASSWORD);
    // Once typed into, a field edits as usual.
    press(&mut app, "Backspace \"w\"");
    assert_eq!(app.screens.login.password.as_str(), DEMO_OWNER_PASSWORD);
    // Backspace in a prefilled field empties it; the other field keeps its prefill.
    let mut app = demo_login(false);
    press(&mut app, "Backspace");
    assert_eq!(app.screens.login.username, "");
    assert_eq!(app.screens.login.password.as_str(), DEMO_PASSWORD);
    press(&mut app, &format!("\"{DEMO_OWNER}\" Enter"));
    assert_eq!(
        app.screens.login.username, DEMO_OWNER,
        "the prefilled password went with the sign-in"
    );
}

#[test]
fn nav_4_a_console_without_demo_never_prefills_the_login() {
    let mut app = App::new(Keymap::defaults().unwrap(), AppOptions::default());
    ev(&mut app, BackendEvent::Ready { has_accounts: true });
    assert_eq!(app.screens.login.username, "");
    assert!(app.screens.login.password.is_empty());
    let text = app_text(&app, (80, 24));
    assert!(
        !text.contains(DEMO_PASSWORD) && !text.contains("Demo"),
        "{text}"
    );
    // Nor after a log out.
    let mut app = signed_in(Role::Admin, false);
    ev(&mut app, BackendEvent::SignedOut { running: 0 });
    assert!(app.session.is_none());
    assert_eq!(app.screens.login.username, "");
    assert!(app.screens.login.password.is_empty());
}

#[test]
fn nav_4_after_a_log_out_the_demo_login_offers_the_admin_again() {
    let mut app = signed_in(Role::Admin, false);
    app.options.demo = true;
    ev(&mut app, BackendEvent::SignedOut { running: 0 });
    assert!(app.session.is_none());
    assert_eq!(app.screens.login.username, DEMO_USER);
    assert_eq!(app.screens.login.password.as_str(), DEMO_PASSWORD);
    let text = app_text(&app, (80, 24));
    assert!(text.contains("signed out."), "{text}");
    assert!(text.contains(DEMO_OWNER_PASSWORD), "{text}");
}

#[test]
fn perm_the_demo_owner_signs_in_after_a_log_out_and_admin_operations_are_refused() {
    let mut rig = Rig::demo(|_| {});
    rig.app.options.demo = true;
    rig.press("2 Enter");
    rig.until("the Admin's services", |a| {
        a.screens.services.table.total_len() > 0
    });
    let all = rig.app.screens.services.table.total_len();
    rig.press(": \"logout\" Enter");
    rig.until("signed out", |a| a.session.is_none());
    assert_eq!(rig.app.screens.login.username, DEMO_USER, "prefilled again");
    rig.press(&format!(
        "\"{DEMO_OWNER}\" Tab \"{DEMO_OWNER_PASSWORD}\" Enter"
    ));
    rig.until("the Owner signed in", |a| {
        a.session.as_ref().is_some_and(|s| s.username == DEMO_OWNER)
    });
    let info = rig.app.session.clone().unwrap();
    assert!(matches!(info.role, Role::Owner(_)), "{info:?}");
    assert_eq!(info.organization.as_deref(), Some(DEMO_OWNER_ORGANIZATION));

    // Services: the Payments ones only, fewer than the Admin's.
    rig.press("2 Enter");
    rig.until("the Owner's services", |a| {
        a.screens.services.table.total_len() > 0
    });
    let rows = rig.app.screens.services.table.rows();
    assert!(rows.len() < all, "{} of {all}", rows.len());
    assert!(
        rows.iter()
            .all(|r| r.organization == DEMO_OWNER_ORGANIZATION),
        "{rows:?}"
    );

    // An Admin-only operation, asked of the backend anyway, is refused with the reason.
    rig.press(": \"import\" Enter");
    rig.until("the import refused", |a| {
        matches!(a.screens.import.table, Loaded::Failed(_))
            || a.notice
                .as_deref()
                .is_some_and(|n| n.contains("only an Admin"))
    });
    let screen = rig.screen();
    assert!(
        screen.contains("only an Admin can import partitions"),
        "{screen}"
    );
}

#[test]
fn imp_6_the_demo_leaves_the_stc_ppso_partition_in_the_import_table_to_try() {
    let mut rig = Rig::demo(|_| {});
    rig.press(": \"import\" Enter");
    rig.until("the import table", |a| a.screens.import.has_table());
    let rows = rig.app.screens.import.rows();
    assert_eq!(rows.len(), 1, "{rows:?}");
    let row = rows[0].clone();
    assert_eq!(
        (row.device_name.as_str(), row.partition_name.as_str()),
        ("par-hsm-01", "stc_vault")
    );
    assert!(row.view_only && row.ha_group.is_empty(), "{row:?}");
    let screen = rig.screen();
    assert!(screen.contains("stc_vault"), "{screen}");

    // It cannot join an HA group: said with the reason.
    rig.press("L L L Enter");
    assert!(rig.app.screens.import.editing.is_none());
    let notice = rig.app.notice.clone().unwrap_or_default();
    assert!(
        notice.contains("STC and its own SO: it is imported view-only") && notice.contains("IMP-6"),
        "{notice}"
    );
    // Named and given an organization, Finish imports it view-only.
    rig.press("L Enter \"stc-vault\" Enter");
    rig.until("the name saved", |a| {
        a.screens
            .import
            .rows()
            .first()
            .is_some_and(|r| r.service_name == "stc-vault")
    });
    rig.press(&format!("L L Enter \"{DEMO_OWNER_ORGANIZATION}\" Enter"));
    rig.until("the organization saved", |a| {
        a.screens
            .import
            .rows()
            .first()
            .is_some_and(|r| r.organization.is_some())
    });
    rig.press("F");
    rig.until("imported", |a| {
        a.notice.as_deref() == Some("Imported 1 service(s): stc-vault")
    });
    rig.until("the services", |a| {
        a.screens
            .services
            .table
            .rows()
            .iter()
            .any(|r| r.name == "stc-vault")
    });
    let service = rig
        .app
        .screens
        .services
        .table
        .rows()
        .iter()
        .find(|r| r.name == "stc-vault")
        .unwrap()
        .clone();
    assert_eq!(service.state.to_string(), "View only", "{service:?}");
}
