//! The Initialize dialog of the Services list (INIT-1..3): snapshots of the password (PPSO) and
//! PED (PPSO and non-PPSO) forms at 80x24 and 120x40 in both themes, and flow tests through
//! `route` and `update`: inline validation, nothing sent until valid, secrets never drawn.

use crate::support::fixtures::*;
use crate::support::keys::press;
use crate::support::render::{SIZES, render_app};
use lunadeck::app::{App, Command};
use lunadeck::domain::DomainError;
use lunadeck::domain::device::AuthMethod;
use lunadeck::domain::ids::{JobId, ServiceId};
use lunadeck::domain::initialization::InitCredentials;
use lunadeck::domain::lifecycle::ServiceState;
use lunadeck::domain::organization::Role;
use lunadeck::screens::services::Dialog as ServicesDialog;
use lunadeck::screens::services::{
    Event as ServicesEvent, JobKind as ScreenJob, OnceSecret, Request as ServicesRequest,
};
use secrecy::{ExposeSecret, SecretString};

fn snap(name: &str, scene: impl Fn(bool) -> App) {
    for (theme, mono) in [("default16", false), ("mono", true)] {
        let app = scene(mono);
        for size in SIZES {
            insta::assert_snapshot!(
                format!("{name}_{}x{}_{theme}", size.0, size.1),
                render_app(&app, size)
            );
        }
    }
}

/// The uninitialized service `identity-new` (id 3) with the given authentication.
fn uninitialized(auth: AuthMethod, ppso: bool) -> ServicesEvent {
    let mut d = detail();
    d.service.id = ServiceId(3);
    d.service.name = "identity-new".into();
    d.service.state = ServiceState::Uninitialized;
    d.service.auth = auth;
    d.service.ppso = ppso;
    d.auth = auth;
    ServicesEvent::Detail {
        detail: Box::new(d),
        organizations: Vec::new(),
    }
}

/// The list in front with `identity-new` selected, `i` pressed and the service read.
fn init_app(mono: bool, auth: AuthMethod, ppso: bool) -> (App, Vec<Command>) {
    let mut app = signed_in(Role::Admin, mono);
    press(&mut app, "2 Enter");
    svc(&mut app, ServicesEvent::List(rows()));
    press(&mut app, "Down Down");
    let cmds = press(&mut app, "i");
    svc(&mut app, uninitialized(auth, ppso));
    (app, cmds)
}

const CO: &str = "officer-secret-1";
const DOMAIN: &str = "cloning-dom-42";
const SO: &str = "so-secret-777";

#[test]
fn init_1_i_opens_the_dialog_only_when_the_row_offers_initialize() {
    let (app, cmds) = init_app(false, AuthMethod::Password, true);
    assert!(matches!(
        services_requests(&cmds).as_slice(),
        [ServicesRequest::Detail(ServiceId(3))]
    ));
    assert!(matches!(
        lunadeck::screens::services::open_dialog(&app),
        Some(ServicesDialog::Init(_))
    ));
    let mut app = signed_in(Role::Admin, false);
    press(&mut app, "2 Enter");
    svc(&mut app, ServicesEvent::List(rows()));
    let cmds = press(&mut app, "i");
    assert!(services_requests(&cmds).is_empty());
    assert!(lunadeck::screens::services::open_dialog(&app).is_none());
    let notice = app.notice.clone().unwrap_or_default();
    assert!(notice.contains("nothing to initialize"), "{notice}");
}

#[test]
fn init_2_snapshot_password_ppso_dialog() {
    snap("init_2_password_ppso", |mono| {
        let (mut app, _) = init_app(mono, AuthMethod::Password, true);
        press(
            &mut app,
            &format!("\"part1\" Tab \"{DOMAIN}\" Tab \"{DOMAIN}\""),
        );
        app
    });
}

#[test]
fn init_3_snapshot_ped_ppso_dialog() {
    snap("init_3_ped_ppso", |mono| {
        let (mut app, _) = init_app(mono, AuthMethod::Ped, true);
        // Define Partition, then Initialize Roles (Enter is Next).
        press(&mut app, "\"part1\" Enter \"ped.example\"");
        app
    });
}

#[test]
fn init_2_mismatched_confirmation_is_inline_and_nothing_is_sent() {
    let (mut app, _) = init_app(false, AuthMethod::Password, true);
    // Define Partition (label, cloning domain), Enter, Initialize Roles (SO, CO).
    let typed = format!(
        "\"part1\" Tab \"{DOMAIN}\" Tab \"{DOMAIN}\" Enter \"{SO}\" Tab \"{SO}\" Tab \"{CO}\" Tab \"{CO}x\""
    );
    let cmds = press(&mut app, &format!("{typed} Enter"));
    assert!(
        services_requests(&cmds).is_empty(),
        "nothing sent on a mismatch"
    );
    for size in SIZES {
        let screen = render_app(&app, size);
        assert!(
            screen.contains("the confirmation does not match"),
            "{screen}"
        );
        for secret in [CO, DOMAIN, SO] {
            assert!(!screen.contains(secret), "secret drawn:\n{screen}");
        }
    }
    // The other secrets were kept: only the crypto officer pair is typed again.
    let cmds = press(&mut app, &format!("\"{CO}\" Tab \"{CO}\" Enter"));
    let reqs = services_requests(&cmds);
    let Some(ServicesRequest::Initialize { id, creds }) = reqs.first() else {
        panic!("no Initialize request: {reqs:?}");
    };
    assert_eq!(*id, ServiceId(3));
    let InitCredentials::Password {
        label,
        domain,
        so,
        co,
        cu,
    } = creds
    else {
        panic!("not a password initialization");
    };
    assert_eq!(label, "part1");
    assert_eq!(domain.value.expose_secret(), DOMAIN);
    assert_eq!(so.as_ref().unwrap().value.expose_secret(), SO);
    assert_eq!(co.value.expose_secret(), CO);
    assert!(cu.is_none());
    assert!(!format!("{creds:?}").contains(CO), "Debug shows no secret");
}

#[test]
fn init_3_ped_activate_cu_without_co_is_refused_inline() {
    let (mut app, _) = init_app(false, AuthMethod::Ped, true);
    // label, host, port, co, co confirm, with_cu, cu, cu confirm, activate_co, activate_cu
    let cmds = press(
        &mut app,
        &format!(
            "\"part1\" Enter \"ped.example\" Tab Tab \"{CO}\" Tab \"{CO}\" Tab Space Tab \"{SO}\" Tab \"{SO}\" Enter Tab Space Enter"
        ),
    );
    assert!(services_requests(&cmds).is_empty());
    let screen = render_app(&app, (120, 40));
    assert!(
        screen.contains("✖ the crypto user can only be activa"),
        "{screen}"
    );
    // Ticking Activate crypto officer fixes it: both roles are activated.
    let cmds = press(&mut app, "Space Enter");
    let reqs = services_requests(&cmds);
    let Some(ServicesRequest::Initialize { creds, .. }) = reqs.first() else {
        panic!("no Initialize request: {reqs:?}");
    };
    let InitCredentials::Ped {
        ped,
        co_challenge,
        cu_challenge,
        activate_co,
        activate_cu,
        ..
    } = creds
    else {
        panic!("not a PED initialization");
    };
    assert_eq!((ped.host.as_str(), ped.port), ("ped.example", 1503));
    assert_eq!(co_challenge.as_ref().unwrap().value.expose_secret(), CO);
    assert_eq!(cu_challenge.as_ref().unwrap().value.expose_secret(), SO);
    assert!(*activate_co && *activate_cu);
}

#[test]
fn init_3_generated_challenge_is_shown_once_then_dropped() {
    let (mut app, _) = init_app(false, AuthMethod::Ped, false);
    let cmds = press(&mut app, "\"part1\" Enter \"ped.example\" Enter Enter");
    assert!(matches!(
        services_requests(&cmds).as_slice(),
        [ServicesRequest::Initialize { .. }]
    ));
    svc(
        &mut app,
        ServicesEvent::JobStarted {
            kind: ScreenJob::Initialize(ServiceId(3)),
            job: JobId(9),
        },
    );
    // The dialog follows the job (its secrets wiped) until the challenge comes.
    assert!(matches!(
        lunadeck::screens::services::open_dialog(&app),
        Some(ServicesDialog::Init(d)) if d.job == Some(JobId(9))
    ));
    let digits = "1234567890123456";
    svc(
        &mut app,
        ServicesEvent::Challenge(ServiceId(3), OnceSecret(SecretString::from(digits))),
    );
    assert!(render_app(&app, (80, 24)).contains(digits));
    press(&mut app, "Enter");
    assert!(lunadeck::screens::services::open_dialog(&app).is_none());
    assert!(!render_app(&app, (120, 40)).contains(digits));
}

#[test]
fn init_1_refusal_text_is_shown_in_the_dialog() {
    let (mut app, _) = init_app(false, AuthMethod::Ped, false);
    press(&mut app, "\"part1\" Enter \"ped.example\" Enter Enter");
    svc(
        &mut app,
        ServicesEvent::Refused(DomainError::NotPermitted {
            reason: "Owners of another organization may not initialize this service".into(),
        }),
    );
    let screen = render_app(&app, (120, 40));
    assert!(
        screen.contains("✖ Not permitted: Owners of another organization may not"),
        "{screen}"
    );
    press(&mut app, "Esc");
    assert!(lunadeck::screens::services::open_dialog(&app).is_none());
}

/// A host-key question for `hsm-new` (its reply channel is kept alive by the caller).
pub(crate) fn host_key_question(
    app: &mut App,
) -> std::sync::mpsc::Receiver<lunadeck::luna::ssh::TrustDecision> {
    use lunadeck::app::host_key_bridge::HostKeyPrompt;
    let (prompt, rx) = HostKeyPrompt::new(&lunadeck::luna::ssh::HostKeyQuestion {
        target: "hsm-new".into(),
        host: "10.1.2.3".into(),
        port: 22,
        algorithm: "ssh-ed25519".into(),
        fingerprint: "SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU".into(),
    });
    ev(
        app,
        lunadeck::app::message::BackendEvent::HostKeyQuestion(prompt),
    );
    rx
}

#[test]
fn init_3_one_dialog_slot_a_host_key_question_waits_and_the_challenge_is_never_dropped() {
    let (mut app, _) = init_app(false, AuthMethod::Ped, false);
    // A host-key question while the Initialize dialog is open waits behind it.
    let _first = host_key_question(&mut app);
    assert!(lunadeck::screens::services::open_dialog(&app).is_some());
    assert!(!render_app(&app, (80, 24)).contains("SHA256:47DEQ"));
    press(&mut app, "\"part1\" Enter \"ped.example\" Enter Enter");
    svc(
        &mut app,
        ServicesEvent::JobStarted {
            kind: ScreenJob::Initialize(ServiceId(3)),
            job: JobId(9),
        },
    );
    // The dialog closed: the waiting question is the open one now.
    assert!(lunadeck::screens::services::open_dialog(&app).is_none());
    assert!(render_app(&app, (120, 40)).contains("SHA256:47DEQ"));
    // The once-shown challenge arrives behind it: kept, shown when the question is answered.
    let digits = "6543210987654321";
    svc(
        &mut app,
        ServicesEvent::Challenge(ServiceId(3), OnceSecret(SecretString::from(digits))),
    );
    assert!(!render_app(&app, (120, 40)).contains(digits));
    press(&mut app, "Esc");
    assert!(matches!(
        lunadeck::screens::services::open_dialog(&app),
        Some(ServicesDialog::Challenge(_))
    ));
    assert!(render_app(&app, (120, 40)).contains(digits));
    press(&mut app, "Enter");
    assert!(app.panels.dialog.is_none());
}

#[test]
fn init_2_the_seed_steps_on_the_wizard_frame() {
    let (mut app, _) = init_app(false, AuthMethod::Password, true);
    let text = render_app(&app, (120, 40));
    assert!(
        text.contains("1. Define Partition") && text.contains("2. Initialize Roles"),
        "{text}"
    );
    assert!(
        text.contains("Partition label") && !text.contains("Crypto officer password"),
        "{text}"
    );
    press(&mut app, "PageDown");
    let text = render_app(&app, (120, 40));
    assert!(
        text.contains("Crypto officer password") && !text.contains("Partition label"),
        "{text}"
    );
    press(&mut app, "PageUp");
    assert!(render_app(&app, (120, 40)).contains("Partition label"));
    // PED services have a third step, Activate Roles.
    let (app, _) = init_app(false, AuthMethod::Ped, true);
    assert!(render_app(&app, (120, 40)).contains("3. Activate Roles"));
}
