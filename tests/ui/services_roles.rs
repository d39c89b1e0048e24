//! Partitions → Activate Roles (INIT-5) and Initialize Crypto User (INIT-6): the domain's
//! refusal said instead of a form (a password service has no PED roles to activate), the
//! crypto-user form masked with its confirmation checked inline; Owners of the organization
//! may; snapshots.

use crate::services::{open_service, snap};
use crate::support::fixtures::{detail, organizations, svc};
use lunadeck::app::App;
use lunadeck::screens::services::Event as ServicesEvent;

/// The fixture service with its new partition initialized too (nothing pending).
fn settled(role: Role, mono: bool) -> App {
    let mut app = open_service(role, mono, "Alt-3");
    let mut d = detail();
    d.uninitialized.clear();
    d.service
        .members
        .iter_mut()
        .for_each(|m| m.pending_init = false);
    d.service.state = lunadeck::domain::lifecycle::ServiceState::Initialized;
    svc(
        &mut app,
        ServicesEvent::Detail {
            detail: Box::new(d),
            organizations: organizations(),
        },
    );
    app
}
use crate::support::keys::press;
use lunadeck::domain::ids::OrganizationId;
use lunadeck::domain::organization::Role;
use lunadeck::screens::services::Dialog as ServicesDialog;

#[test]
fn init_5_a_password_service_is_told_it_has_no_ped_roles_to_activate() {
    let mut app = open_service(Role::Admin, false, "Alt-3");
    press(&mut app, "v");
    assert!(lunadeck::screens::services::open_dialog(&app).is_none());
    assert!(
        app.notice
            .as_deref()
            .is_some_and(|n| n.contains("only PED roles are activated")),
        "{:?}",
        app.notice
    );
}

#[test]
fn init_6_refused_while_new_partitions_wait() {
    let mut app = open_service(Role::Admin, false, "Alt-3");
    press(&mut app, "u");
    assert!(lunadeck::screens::services::open_dialog(&app).is_none());
    assert!(
        app.notice
            .as_deref()
            .is_some_and(|n| n.contains("Initialize New Partitions")),
        "{:?}",
        app.notice
    );
}

#[test]
fn init_6_initialize_crypto_user_checks_the_confirmation_inline() {
    for role in [Role::Admin, Role::Owner(OrganizationId(1))] {
        let mut app = settled(role, false);
        press(&mut app, "u");
        let Some(ServicesDialog::Roles(r)) = lunadeck::screens::services::open_dialog(&app) else {
            panic!("{role:?}: the form opens ({:?})", app.notice);
        };
        assert!(!r.sent);
        press(
            &mut app,
            "\"co-pass-123\" Down \"cu-pass-123\" Down \"cu-pass-999\" Enter",
        );
        let Some(ServicesDialog::Roles(r)) = lunadeck::screens::services::open_dialog(&app) else {
            panic!("stays open");
        };
        assert!(
            !r.sent && r.form.has_errors(),
            "{:?}",
            r.form.error_summary()
        );
        press(&mut app, "Esc");
        assert!(lunadeck::screens::services::open_dialog(&app).is_none());
    }
}

#[test]
fn init_6_snapshot_initialize_crypto_user() {
    snap("init_6_initialize_crypto_user", |mono| {
        let mut app = settled(Role::Admin, mono);
        press(&mut app, "u \"co-pass-123\"");
        app
    });
}
