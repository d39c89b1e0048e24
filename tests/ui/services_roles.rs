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

/// A PPSO PED service on par-hsm-01 (7.0.3), initialized, its crypto officer not activated.
fn initialized_ped(c: &mut lunadeck::ops::Console) {
    use lunadeck::domain::device::{AuthMethod, DEFAULT_PED_PORT, PedServer, Performance};
    use lunadeck::domain::initialization::{ConfirmedSecret, InitCredentials};
    use lunadeck::domain::template::{Capabilities, HsmLine, ServiceType};
    use lunadeck::ops::templates::TemplateDraft;
    use secrecy::SecretString;
    c.create_template(&TemplateDraft {
        name: "PED 7".into(),
        description: String::new(),
        capabilities: Capabilities {
            service_type: ServiceType::Partition,
            performance: Performance::Standard,
            auth: AuthMethod::Ped,
            line: HsmLine::Luna7,
            partition_size: 100_000,
            ppso: true,
            sks: false,
            stc: false,
        },
    })
    .unwrap();
    crate::support::demo_services::create_on(c, "ped-act", "PED 7", &["par-hsm-01"]);
    let id = c
        .services()
        .unwrap()
        .into_iter()
        .find(|s| s.name == "ped-act")
        .unwrap()
        .id;
    let twice = |s: &str| ConfirmedSecret::new(SecretString::from(s), SecretString::from(s));
    let creds = InitCredentials::Ped {
        label: "pedact".into(),
        ped: PedServer {
            host: "ped.test".into(),
            port: DEFAULT_PED_PORT,
        },
        co_challenge: Some(twice("co-challenge-1")),
        cu_challenge: None,
        activate_co: false,
        activate_cu: false,
    };
    let started = c.submit_initialize(id, creds).unwrap();
    let done = c.wait(started.job, |_| {}).unwrap();
    assert!(
        matches!(done.outcome, lunadeck::jobs::JobOutcome::Succeeded { .. }),
        "{}",
        done.summary
    );
}

#[test]
fn init_5_activate_the_crypto_officer_of_a_ppso_ped_service_over_the_backend() {
    use crate::support::rig::Rig;
    use lunadeck::app::state::Loaded;
    let mut rig = Rig::demo(initialized_ped);
    rig.press("2 Enter");
    rig.until("the services", |a| {
        a.screens
            .services
            .table
            .rows()
            .iter()
            .any(|r| r.name == "ped-act")
    });
    rig.press("/ \"ped-act\" Enter Enter");
    rig.until("the service", |a| {
        a.screens
            .services
            .detail
            .as_ref()
            .is_some_and(|d| matches!(d.detail, Loaded::Ready(_)))
    });
    rig.press("Alt-3 v \"co-challenge-1\" Enter");
    rig.until("the job's end", |a| {
        a.notice
            .as_deref()
            .is_some_and(|n| n.starts_with("Roles: "))
    });
    let fleet = rig.fleet.lock().unwrap();
    let p = fleet
        .appliances
        .iter()
        .find(|a| a.name == "par-hsm-01")
        .and_then(|a| a.partitions.iter().find(|p| p.name.starts_with("ped-act")))
        .unwrap();
    assert_eq!(
        p.co,
        lunadeck::sim::model::Role::Activated,
        "notice {:?}",
        rig.app.notice
    );
}
