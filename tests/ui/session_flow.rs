//! Signing out without quitting (issue 11.12) over the real backend thread: `:logout` clears
//! every trace of the session from the screen, audits the sign-out, and the next user signs in
//! on the same console (an Owner, who sees only their own organization's services).

use crate::support::rig::Rig;
use lunadeck::domain::organization::Role;
use lunadeck::store::{AuditFilter, Store};
use secrecy::SecretString;

const OWNER: &str = "olga";
const OWNER_PASSWORD: &str = "olga-pass-2026";

#[test]
fn nav_4_logout_clears_the_session_and_the_next_user_signs_in() {
    let mut rig = Rig::demo(|c| {
        let org = c.create_organization("Olga Org").unwrap();
        let pw = SecretString::from(OWNER_PASSWORD);
        c.create_user(OWNER, &pw, &pw, Role::Owner(org)).unwrap();
    });
    rig.press("2 Enter");
    rig.until("the services", |a| a.screens.services.table.total_len() > 0);
    rig.press(": \"nosuch\" Enter");
    assert!(!rig.app.messages.is_empty());

    rig.press(": \"logout\" Enter");
    rig.until("signed out", |a| a.session.is_none());
    let screen = rig.screen();
    assert!(screen.contains("demo signed out."), "{screen}");
    assert_eq!(
        rig.app.screens.services.table.total_len(),
        0,
        "no list of the last session"
    );
    assert!(
        rig.app.messages.is_empty(),
        "no message of the last session"
    );
    assert!(rig.app.panels.dialog.is_none() && rig.app.modal.is_none());

    rig.press(&format!("\"{OWNER}\" Tab \"{OWNER_PASSWORD}\" Enter"));
    rig.until("the owner signed in", |a| {
        a.session.as_ref().is_some_and(|s| s.username == OWNER)
    });
    assert!(matches!(
        rig.app.session.as_ref().map(|s| s.role),
        Some(Role::Owner(_))
    ));
    rig.press("2 Enter");
    rig.until("the owner's services", |a| {
        a.screens.services.loaded.is_some()
    });
    assert_eq!(
        rig.app.screens.services.table.total_len(),
        0,
        "Olga Org owns no service: the Admin's list is not shown to her"
    );

    let store = Store::open(&rig.dir.path().join("lunadeck.sqlite")).unwrap();
    let logout = store
        .list_audit(&AuditFilter {
            action: Some("account.logout".into()),
            ..AuditFilter::default()
        })
        .unwrap();
    assert_eq!(logout.len(), 1, "{logout:?}");
    assert_eq!(logout[0].event.actor, "demo");
}

#[test]
fn nav_4_an_owner_changes_their_own_password() {
    let mut rig = Rig::demo(|c| {
        let org = c.create_organization("Olga Org").unwrap();
        let pw = SecretString::from(OWNER_PASSWORD);
        c.create_user(OWNER, &pw, &pw, Role::Owner(org)).unwrap();
    });
    rig.press(": \"logout\" Enter");
    rig.until("signed out", |a| a.session.is_none());
    rig.press(&format!("\"{OWNER}\" Tab \"{OWNER_PASSWORD}\" Enter"));
    rig.until("the owner signed in", |a| a.session.is_some());
    rig.press("3");
    let screen = rig.screen();
    assert!(screen.contains("Your own password: press p"), "{screen}");
    rig.press(&format!(
        "p \"{OWNER_PASSWORD}\" Tab \"olga-new-pass-1\" Tab \"olga-new-pass-1\" Enter"
    ));
    rig.until("changed", |a| {
        a.notice.as_deref() == Some("Your password is changed.")
    });
    // The new one signs in.
    rig.press(": \"logout\" Enter");
    rig.until("signed out", |a| a.session.is_none());
    rig.press(&format!("\"{OWNER}\" Tab \"olga-new-pass-1\" Enter"));
    rig.until("signed in with the new password", |a| a.session.is_some());
    rig.press("3");
    // A wrong current password: refused in the form (and counted as a failed sign-in).
    rig.press("p \"not-mine-at-all\" Tab \"olga-new-pass-1\" Tab \"olga-new-pass-1\" Enter");
    rig.until("refused", |a| {
        matches!(&a.panels.dialog, Some(lunadeck::app::panel_dialog::Dialog::Form(f)) if !f.waiting && f.form.has_errors())
    });
}
