//! Accounts (NAV-4), the Services list and tabs (MNG-1..4) and the Audit tab, checked as the
//! PERM matrix: Admin, Owner of the owning organization, Owner of another organization.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod ops_support;

use lunadeck::domain::device::SshAuth;
use lunadeck::domain::ids::{OrganizationId, ServiceId};
use lunadeck::domain::organization::{Role, User};
use lunadeck::domain::permission::Session;
use lunadeck::domain::service::ServiceKind;
use lunadeck::domain::timestamp::Timestamp;
use lunadeck::jobs::EngineConfig;
use lunadeck::ops::Console;
use lunadeck::ops::accounts::{first_start_admin, login, login_with_clock, needs_first_admin};
use lunadeck::ops::devices::DeviceForm;
use lunadeck::ops::import_ops::ImportEdit;
use lunadeck::ops::services_view::ServiceStatus;
use lunadeck::store::{AuditFilter, Store};
use ops_support::{Rig, finish, rig_with};
use secrecy::SecretString;
use std::sync::Arc;

const IMPORT_FLEET: &str = include_str!("../fixtures/fleets/import.toml");

fn pw(s: &str) -> SecretString {
    SecretString::from(s)
}

fn console_as(r: &Rig, user: User) -> Console {
    let store = Store::open(&r.dir.path().join("lunadeck.sqlite")).unwrap();
    Console::new(
        store,
        r.console.access.clone(),
        Session {
            user,
            read_only: false,
        },
        r.runtime.handle().clone(),
        EngineConfig::default(),
        Arc::new(|| Timestamp(1_800_000_500)),
    )
}

/// The import fleet with its two partitions imported as services of Acme; returns
/// (Acme, Other, the Owner of Acme, the Owner of Other).
fn world() -> (Rig, OrganizationId, OrganizationId, User, User) {
    let mut r = rig_with(IMPORT_FLEET);
    let job = r.console.submit_add_device(DeviceForm {
        name: "stc-hsm".into(),
        host: "stc-hsm.test".into(),
        port: "22".into(),
        user: "admin".into(),
        auth: SshAuth::Password,
        ssh_password: Some(pw("ssh-pw")),
    });
    finish(&mut r, job);
    let d = r.console.device_by_name("stc-hsm").unwrap();
    let job = r.console.submit_authorize(&d.serial, pw("stc-so-pass"));
    finish(&mut r, job);
    let job = r.console.submit_discovery();
    finish(&mut r, job);
    let acme = r.console.create_organization("Acme").unwrap();
    let other = r.console.create_organization(" Other ").unwrap();
    for row in r.console.import_draft().unwrap().unwrap().rows {
        let name = format!("svc-{}", row.partition_name);
        r.console
            .edit_import_row(&row.partition, ImportEdit::ServiceName(name))
            .unwrap();
        r.console
            .edit_import_row(&row.partition, ImportEdit::Organization(Some(acme)))
            .unwrap();
    }
    r.console.finish_import(100).unwrap();
    let olive = r
        .console
        .create_user(
            "olive",
            &pw("olive-pass-1"),
            &pw("olive-pass-1"),
            Role::Owner(acme),
        )
        .unwrap();
    let oscar = r
        .console
        .create_user(
            "oscar",
            &pw("oscar-pass-1"),
            &pw("oscar-pass-1"),
            Role::Owner(other),
        )
        .unwrap();
    (r, acme, other, olive, oscar)
}

fn service_id(r: &Rig, name: &str) -> ServiceId {
    r.console
        .store
        .find_service_by_name(name)
        .unwrap()
        .unwrap()
        .id
}

#[test]
fn nav_4_first_admin_login_and_audit_without_passwords() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("db.sqlite");
    let mut store = Store::open(&path).unwrap();
    assert!(needs_first_admin(&store).unwrap());
    let err = first_start_admin(&mut store, "root", &pw("short"), &pw("short")).unwrap_err();
    assert_eq!(
        err.to_string(),
        "Password: 5 characters, at least 8 required"
    );
    let err =
        first_start_admin(&mut store, "root", &pw("root-pass-1"), &pw("root-pass-2")).unwrap_err();
    assert_eq!(
        err.to_string(),
        "Confirm password: the confirmation does not match; type it again"
    );
    let err =
        first_start_admin(&mut store, "ro ot", &pw("root-pass-1"), &pw("root-pass-1")).unwrap_err();
    assert!(
        err.to_string().starts_with("Username: character space"),
        "{err}"
    );
    let admin =
        first_start_admin(&mut store, "root", &pw("root-pass-1"), &pw("root-pass-1")).unwrap();
    assert_eq!(admin.role, Role::Admin);
    assert!(!needs_first_admin(&store).unwrap());
    assert!(first_start_admin(&mut store, "two", &pw("root-pass-1"), &pw("root-pass-1")).is_err());
    assert_eq!(
        login(&mut store, "root", &pw("root-pass-1")).unwrap().id,
        admin.id
    );
    let bad = login(&mut store, "root", &pw("root-pass-X")).unwrap_err();
    assert_eq!(bad.to_string(), "Unknown username or wrong password.");
    let typo = login(&mut store, "root-pass-1", &pw("root-pass-1")).unwrap_err();
    assert_eq!(typo.to_string(), bad.to_string());
    let events = store.list_audit(&AuditFilter::default()).unwrap();
    let actors: Vec<&str> = events.iter().map(|e| e.event.actor.as_str()).collect();
    assert_eq!(actors, ["unknown user", "root", "root", "root"]);
    drop(store);
    let db = std::fs::read(&path).unwrap();
    let wal = std::fs::read(dir.path().join("db.sqlite-wal")).unwrap_or_default();
    for secret in ["root-pass-1", "root-pass-X"] {
        for bytes in [&db, &wal] {
            assert!(
                !bytes.windows(secret.len()).any(|w| w == secret.as_bytes()),
                "{secret}"
            );
        }
    }
}

#[test]
fn nav_4_organizations_and_users_lifecycle() {
    let (mut r, acme, other, olive, _) = world();
    let err = r.console.create_organization("ACME").unwrap_err();
    assert_eq!(
        err.to_string(),
        "Organization: an organization named 'Acme' already exists"
    );
    assert_eq!(
        r.console.create_organization("").unwrap_err().to_string(),
        "Organization: required"
    );
    let err = r.console.delete_organization(acme).unwrap_err();
    assert_eq!(
        err.to_string(),
        "organization 'Acme' still owns 2 service(s) and has 1 account(s): move or delete them first"
    );
    r.console.rename_organization(other, "Umbrella").unwrap();
    let names: Vec<String> = r
        .console
        .organizations()
        .unwrap()
        .into_iter()
        .map(|o| o.name)
        .collect();
    assert_eq!(names, ["Acme", "Umbrella"]);
    let err = r
        .console
        .create_user(
            "eve",
            &pw("eve-pass-1"),
            &pw("eve-pass-1"),
            Role::Owner(OrganizationId(77)),
        )
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "Organization: organization 77 does not exist"
    );
    let err = r
        .console
        .create_user("OLIVE", &pw("eve-pass-1"), &pw("eve-pass-1"), Role::Admin)
        .unwrap_err();
    assert_eq!(err.to_string(), "An account named 'OLIVE' already exists.");
    r.console.set_user_disabled(olive.id, true).unwrap();
    let err = login(&mut r.console.store, "olive", &pw("olive-pass-1")).unwrap_err();
    assert_eq!(
        err.to_string(),
        "The account 'olive' is disabled; ask an administrator."
    );
    r.console.set_user_disabled(olive.id, false).unwrap();
    r.console
        .set_user_password(olive.id, &pw("olive-pass-2"), &pw("olive-pass-2"))
        .unwrap();
    // Each attempt after a refused one is made once the throttle's wait is over (an hour on).
    let hours = |h: i64| move || lunadeck::ops::login::unix_millis() + h * 3_600_000;
    let old = login_with_clock(
        &mut r.console.store,
        "olive",
        &pw("olive-pass-1"),
        &hours(1),
    );
    assert_eq!(
        old.unwrap_err().to_string(),
        "Unknown username or wrong password."
    );
    assert_eq!(
        login_with_clock(
            &mut r.console.store,
            "olive",
            &pw("olive-pass-2"),
            &hours(2)
        )
        .unwrap()
        .id,
        olive.id
    );
    let me = r.console.session().user.id;
    assert_eq!(
        r.console
            .set_user_disabled(me, true)
            .unwrap_err()
            .to_string(),
        "you cannot disable your own account"
    );
    let empty = r.console.create_organization("Empty").unwrap();
    r.console.delete_organization(empty).unwrap();
    let targets: Vec<String> = r
        .console
        .store
        .list_audit(&AuditFilter {
            action: Some("account.manage".into()),
            ..AuditFilter::default()
        })
        .unwrap()
        .into_iter()
        .map(|e| e.event.target)
        .collect();
    assert!(targets.contains(&"account 'olive': password changed".to_string()));
    assert!(targets.contains(&"organization 'Empty' deleted".to_string()));
    assert!(targets.iter().all(|t| !t.contains("pass-")), "{targets:?}");
}

#[test]
fn perm_accounts_are_admin_only() {
    let (r, acme, _, olive, _) = world();
    let mut c = console_as(&r, olive);
    let want = "Not permitted: only an Admin can manage accounts";
    assert_eq!(c.users().unwrap_err().to_string(), want);
    assert_eq!(c.create_organization("Mine").unwrap_err().to_string(), want);
    assert_eq!(
        c.rename_organization(acme, "x").unwrap_err().to_string(),
        want
    );
    assert_eq!(c.delete_organization(acme).unwrap_err().to_string(), want);
    let err = c
        .create_user("x", &pw("x-pass-123"), &pw("x-pass-123"), Role::Admin)
        .unwrap_err();
    assert_eq!(err.to_string(), want);
    let me = c.session().user.id;
    assert_eq!(
        c.set_user_disabled(me, false).unwrap_err().to_string(),
        want
    );
    let names: Vec<String> = c
        .organizations()
        .unwrap()
        .into_iter()
        .map(|o| o.name)
        .collect();
    assert_eq!(names, ["Acme"], "an Owner sees only their organization");
}

#[test]
fn mng_1_services_list_filtered_by_organization_with_status() {
    let (r, _, _, olive, oscar) = world();
    let rows = r.console.services().unwrap();
    let names: Vec<&str> = rows.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["svc-plain_part", "svc-stc_part"]);
    assert!(
        rows.iter()
            .all(|s| s.organization == "Acme" && s.template == "imported")
    );
    assert!(
        rows.iter()
            .all(|s| s.status == ServiceStatus::AllUp && s.initialization.is_none())
    );
    assert_eq!(console_as(&r, olive).services().unwrap().len(), 2);
    assert!(console_as(&r, oscar).services().unwrap().is_empty());
    // Status follows the member devices' reachability (a refresh finds the device down).
    let mut r = r;
    r.fleet
        .lock()
        .unwrap()
        .faults_mut("stc-hsm")
        .unwrap()
        .unreachable = true;
    let job = r.console.submit_refresh(&[]);
    finish(&mut r, job);
    let rows = r.console.services().unwrap();
    assert!(
        rows.iter().all(|s| s.status == ServiceStatus::Down),
        "{rows:?}"
    );
    assert_eq!(ServiceStatus::Down.to_string(), "down");
}

#[test]
fn mng_4_detail_tabs_and_perm_for_other_organization() {
    let (r, _, _, olive, oscar) = world();
    let id = service_id(&r, "svc-plain_part");
    let d = r.console.service_detail(id).unwrap();
    assert_eq!(d.organization, "Acme");
    assert_eq!(d.initialized.len(), 1);
    assert!(d.uninitialized.is_empty());
    let row = &d.initialized[0];
    assert_eq!(
        (
            row.device.as_str(),
            row.partition.as_str(),
            row.label.as_str(),
            row.serial.as_str()
        ),
        ("stc-hsm", "plain_part", "plain_part", "700001000002")
    );
    assert_eq!(
        (row.software.as_str(), row.firmware.as_str()),
        ("7.2.0", "7.0.3")
    );
    assert_eq!(d.devices.len(), 1);
    assert_eq!(d.service.partition_size, 150000);
    assert_eq!(
        console_as(&r, olive).service_detail(id).unwrap().service.id,
        id
    );
    let err = console_as(&r, oscar).service_detail(id).unwrap_err();
    assert_eq!(err.to_string(), format!("no service with id {id}"));
    let missing = r.console.service_detail(ServiceId(999)).unwrap_err();
    assert_eq!(missing.to_string(), "no service with id 999");
}

#[test]
fn mng_2_edits_follow_the_perm_matrix() {
    let (r, acme, other, olive, oscar) = world();
    let plain = service_id(&r, "svc-plain_part");
    let stc = service_id(&r, "svc-stc_part");
    let mut admin = console_as(&r, r.console.session().user.clone());
    let mut own = console_as(&r, olive);
    let mut foreign = console_as(&r, oscar);
    // Name and description: Admin and the owning Owner; never the other organization.
    let s = own
        .edit_service_general(plain, " Plain keys ", " for batch ")
        .unwrap();
    assert_eq!(
        (s.name.as_str(), s.description.as_str()),
        ("Plain keys", "for batch")
    );
    let err = own
        .edit_service_general(plain, "SVC-STC_PART", "")
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "Service Name: a service named 'svc-stc_part' already exists"
    );
    let err = foreign.edit_service_general(plain, "mine", "").unwrap_err();
    assert_eq!(err.to_string(), format!("no service with id {plain}"));
    // IMP-6: a view-only service can still be renamed and moved.
    admin.edit_service_general(stc, "stc view", "").unwrap();
    // Change organization: Admin only.
    let err = own.change_service_organization(plain, other).unwrap_err();
    assert_eq!(
        err.to_string(),
        "Not permitted: only an Admin can change the owning organization"
    );
    let moved = admin.change_service_organization(plain, other).unwrap();
    assert_eq!(moved.organization, other);
    assert_eq!(own.services().unwrap().len(), 1);
    assert_eq!(foreign.services().unwrap().len(), 1);
    assert!(
        admin
            .change_service_organization(plain, OrganizationId(99))
            .is_err()
    );
    // HA label: Admin only, HA services only.
    let err = admin.edit_ha_label(plain, "myHA").unwrap_err();
    assert!(
        err.to_string().contains("single-partition service"),
        "{err}"
    );
    let mut ha = admin.store.load_service(plain).unwrap().unwrap();
    ha.kind = ServiceKind::HaGroup {
        label: "old".into(),
    };
    admin.store.save_service(&ha).unwrap();
    let err = foreign.edit_ha_label(plain, "x").unwrap_err();
    assert_eq!(
        err.to_string(),
        "Not permitted: only an Admin can edit the HA group label"
    );
    let s = admin.edit_ha_label(plain, " newHA ").unwrap();
    assert_eq!(
        s.kind,
        ServiceKind::HaGroup {
            label: "newHA".into()
        }
    );
    assert!(admin.edit_ha_label(plain, "bad\"label").is_err());
    let _ = acme;
}

#[test]
fn mng_2_ha_label_outside_the_lunacm_rule_is_refused_and_nothing_saved() {
    let (r, _, _, _, _) = world();
    let plain = service_id(&r, "svc-plain_part");
    let mut admin = console_as(&r, r.console.session().user.clone());
    let mut ha = admin.store.load_service(plain).unwrap().unwrap();
    ha.kind = ServiceKind::HaGroup {
        label: "myHA".into(),
    };
    admin.store.save_service(&ha).unwrap();
    let events = admin.audit_events(&AuditFilter::default()).unwrap().len();
    let use_ = "use ASCII letters, digits and !#$%'()*+,-./:=@[]^_{}~";
    for (label, want) in [
        (
            "ha-ü-label",
            format!("HA Group: 'ü' (character 4) is not allowed; {use_}"),
        ),
        (
            "has space",
            format!("HA Group: space (character 4) is not allowed; {use_}"),
        ),
        ("  ", "HA Group: required".to_string()),
    ] {
        let err = admin.edit_ha_label(plain, label).unwrap_err();
        assert_eq!(err.to_string(), want, "{label:?}");
    }
    assert_eq!(admin.store.load_service(plain).unwrap().unwrap(), ha);
    assert_eq!(
        admin.audit_events(&AuditFilter::default()).unwrap().len(),
        events
    );
    let s = admin.edit_ha_label(plain, "ha-group.prod").unwrap();
    assert_eq!(
        s.kind,
        ServiceKind::HaGroup {
            label: "ha-group.prod".into()
        }
    );
}

#[test]
fn perm_audit_owner_sees_own_organization_only() {
    let (r, acme, other, olive, oscar) = world();
    let all = r.console.audit_events(&AuditFilter::default()).unwrap();
    assert!(all.iter().any(|e| e.event.organization.is_none()));
    let own = console_as(&r, olive);
    let mine = own
        .audit_events(&AuditFilter {
            organization: Some(other),
            ..AuditFilter::default()
        })
        .unwrap();
    assert!(!mine.is_empty());
    assert!(mine.iter().all(|e| e.event.organization == Some(acme)));
    let foreign = console_as(&r, oscar);
    let theirs = foreign.audit_events(&AuditFilter::default()).unwrap();
    assert!(theirs.iter().all(|e| e.event.organization == Some(other)));
    assert_eq!(r.console.verify_audit().unwrap().events, all.len() as u64);
    assert_eq!(own.verify_audit().unwrap().events, mine.len() as u64);
    assert_eq!(foreign.verify_audit().unwrap().events, theirs.len() as u64);
}

#[test]
fn perm_service_names_are_unique_per_organization_so_no_refusal_reveals_another() {
    let (r, _acme, other, olive, _oscar) = world();
    let plain = service_id(&r, "svc-plain_part");
    let stc = service_id(&r, "svc-stc_part");
    let mut admin = console_as(&r, r.console.session().user.clone());
    admin.change_service_organization(plain, other).unwrap();
    // 'svc-plain_part' now lives in the other organization: the Owner of Acme may use the
    // name, and learns nothing about the other organization's service.
    let mut own = console_as(&r, olive);
    let s = own.edit_service_general(stc, "svc-plain_part", "").unwrap();
    assert_eq!(s.name, "svc-plain_part");
    // Moving one into the other organization meets the name there: refused, for the Admin.
    let err = admin.change_service_organization(stc, other).unwrap_err();
    assert!(
        err.to_string()
            .contains("already has a service named 'svc-plain_part'"),
        "{err}"
    );
}

#[test]
fn x_11_13_refused_attempts_are_in_the_audit_trail_reads_are_not() {
    let (r, acme, _other, olive, _oscar) = world();
    let mut c = console_as(&r, olive);
    // The Owner of Acme may not detach her own service (Admins only), nor create an
    // organization; listing devices is refused too, but a read is not an attempt.
    let acme_service = r.console.store.list_services(Some(acme)).unwrap()[0].id;
    assert!(c.detach_service(acme_service).is_err());
    assert!(c.create_organization("Mine").is_err());
    assert!(c.devices().is_err(), "a read: refused, not an attempt");
    assert_eq!(c.record_refusals().unwrap(), 2);
    assert_eq!(c.record_refusals().unwrap(), 0, "written once");
    let refused: Vec<_> = c
        .store
        .list_audit(&AuditFilter {
            actor: Some("olive".into()),
            ..AuditFilter::default()
        })
        .unwrap()
        .into_iter()
        .filter(|e| e.event.target == "refused attempt")
        .collect();
    assert_eq!(refused.len(), 2, "{refused:?}");
    assert!(refused.iter().all(|e| matches!(
        e.event.outcome,
        lunadeck::domain::audit_event::Outcome::Failure { .. }
    )));
}
