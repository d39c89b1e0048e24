//! PED Migrate Service (MIG-1..4) against fixtures/fleets/migrate_ped.toml: a 6.x PPSO PED source
//! to 7.x PED targets on both initialization routes, a 7.x PED source to a 6.x PPSO PED target
//! (created and initialized in one step), and the non-PPSO source rules (activated, no default
//! challenge), each refused before anything is sent.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod ops_manage_support;
mod ops_support;

use lunadeck::domain::device::{AuthMethod, PedServer};
use lunadeck::domain::ids::{HsmSerial, ServiceId};
use lunadeck::domain::lifecycle::ServiceState;
use lunadeck::domain::migration::MigrationClass;
use lunadeck::ops::migrate::{MigrateForm, MigrateRoles};
use lunadeck::sim::model::Role as SimRole;
use ops_manage_support::{ok, org, save_service, twice, wait};
use ops_support::{Rig, add_fleet, rig_with};
use secrecy::SecretString;

const FLEET: &str = include_str!("../fixtures/fleets/migrate_ped.toml");
const TOKENS: &str = "610001001";
const LEGACY: &str = "610002001";
const IDLE: &str = "610002002";
const ON_T78: &str = "1710001000001";
const ON_T72: &str = "1710002000001";
const KEYS72: &str = "1710004000001";
const ON_P6: &str = "610001002";
const CHALLENGE: &str = "tokens-co-challenge";

fn rig() -> Rig {
    let mut r = rig_with(FLEET);
    add_fleet(&mut r);
    r
}

fn service(r: &mut Rig, name: &str, serial: &str) -> ServiceId {
    let o = org(r, name);
    save_service(r, name, None, &[serial], o)
}

fn form(r: &Rig, id: ServiceId, targets: &[&str], challenge_changed: bool) -> MigrateForm {
    let organization = r
        .console
        .store
        .load_service(id)
        .unwrap()
        .unwrap()
        .organization;
    MigrateForm {
        name: "tokens-7".into(),
        description: String::new(),
        organization,
        size: "300000".into(),
        targets: targets.iter().map(|s| HsmSerial::new(*s)).collect(),
        label: "tokens7".into(),
        roles: MigrateRoles::Ped {
            ped: PedServer {
                host: "ped.test".into(),
                port: 1503,
            },
            co_challenge: twice(CHALLENGE),
            challenge_changed,
        },
        model: Some(MigrationClass::Luna7Ped),
    }
}

fn sim_objects_and_co(r: &Rig, serial: &str) -> (Vec<String>, SimRole, Vec<(u32, u32)>) {
    let f = r.fleet.lock().unwrap();
    let (_, p) = f.partition_by_serial(serial).unwrap();
    let labels = p.objects.iter().map(|o| o.label.clone()).collect();
    (labels, p.co, p.policies.clone())
}

fn partitions_on(r: &Rig, device: &str) -> usize {
    r.fleet
        .lock()
        .unwrap()
        .appliance(device)
        .unwrap()
        .partitions
        .len()
}

#[test]
fn mig_2_6x_ppso_ped_to_7x_ped_on_both_initialization_routes() {
    let mut r = rig();
    let id = service(&mut r, "tokens", TOKENS);
    let f = form(&r, id, &["1710001", "1710002"], false);
    let summary = r.console.plan_migrate(id, &f).unwrap();
    let lines: Vec<String> = summary
        .commands
        .iter()
        .flat_map(|(_, l)| l.clone())
        .collect();
    for want in [
        "partition activate -partition tokens7",
        "partition init -partition tokens7",
    ] {
        assert!(lines.iter().any(|l| l.contains(want)), "{want}: {lines:?}");
    }
    assert!(
        summary.warnings.iter().any(|w| w.contains("ped.test:1503")),
        "{:?}",
        summary.warnings
    );
    let (job, _) = r.console.submit_migrate(id, f).unwrap();
    let done = wait(&mut r.console, job);
    assert!(ok(&done), "{}", done.summary);
    for serial in [ON_T78, ON_T72] {
        let (objects, co, policies) = sim_objects_and_co(&r, serial);
        assert_eq!(objects, vec!["token-signing".to_string()], "{serial}");
        assert_eq!(co, SimRole::Activated, "{serial}: CO activated");
        assert!(
            policies.contains(&(22, 1)) && policies.contains(&(23, 1)),
            "{serial}"
        );
    }
    let s = r
        .console
        .store
        .find_service_by_name("tokens-7")
        .unwrap()
        .unwrap();
    assert_eq!(s.auth, AuthMethod::Ped);
    assert_eq!(s.state, ServiceState::Activated);
    assert_eq!(s.members.len(), 2);
    assert!(!done.result.to_string().contains(CHALLENGE));
    assert!(!done.summary.contains(CHALLENGE));
}

#[test]
fn mig_3_non_ppso_ped_source_with_the_default_challenge_is_refused_before_anything() {
    let mut r = rig();
    let id = service(&mut r, "legacy", LEGACY);
    let e = r
        .console
        .submit_migrate(id, form(&r, id, &["1710001"], false))
        .unwrap_err();
    assert!(
        e.to_string().contains("still has the default challenge"),
        "{e}"
    );
    assert_eq!(partitions_on(&r, "t78"), 0, "nothing sent");
    // Once the operator says the challenge was changed, it migrates.
    let (job, _) = r
        .console
        .submit_migrate(id, form(&r, id, &["1710001"], true))
        .unwrap();
    let done = wait(&mut r.console, job);
    assert!(ok(&done), "{}", done.summary);
    assert_eq!(
        sim_objects_and_co(&r, ON_T78).0,
        vec!["legacy-master".to_string()]
    );
}

#[test]
fn mig_3_non_ppso_ped_source_not_activated_is_listed_apart_with_the_reason() {
    let mut r = rig();
    let id = service(&mut r, "idle", IDLE);
    let choices = r.console.migration_source_choices().unwrap();
    let idle = choices.iter().find(|c| c.service == id).unwrap();
    let why = idle.why_not.as_deref().unwrap_or("");
    assert!(why.contains("activate its crypto officer"), "{why}");
    let e = r
        .console
        .submit_migrate(id, form(&r, id, &["1710001"], true))
        .unwrap_err();
    assert!(e.to_string().contains("activate its crypto officer"), "{e}");
}

#[test]
fn mig_1_ped_source_targets_each_with_the_matrix_rule() {
    let mut r = rig();
    let id = service(&mut r, "tokens", TOKENS);
    let targets = r.console.migration_target_choices(id, None).unwrap();
    let why = |name: &str| {
        targets
            .iter()
            .find(|t| t.choice.name == name)
            .unwrap()
            .choice
            .unfit
            .clone()
    };
    assert_eq!(why("t78"), None);
    assert_eq!(why("t72"), None);
    // a password target: unsupported pairing; a 6.x non-PPSO PED target: not in the matrix
    for name in ["w78", "n6"] {
        let w = why(name).unwrap_or_default();
        assert!(w.contains("is not supported"), "{name}: {w}");
    }
    let e = r
        .console
        .submit_migrate(id, form(&r, id, &["1710003"], false))
        .unwrap_err();
    assert!(e.to_string().contains("is not supported"), "{e}");
    assert_eq!(partitions_on(&r, "w78"), 0);
}

#[test]
fn mig_2_credentials_of_the_other_authentication_are_refused_naming_it() {
    let mut r = rig();
    let id = service(&mut r, "tokens", TOKENS);
    let mut f = form(&r, id, &["1710001"], false);
    f.roles = MigrateRoles::Password {
        domain: twice("some-domain"),
        so: twice("some-so-pass"),
        co: twice("some-co-pass"),
        source_co: SecretString::from("some-co-pass"),
    };
    let e = r.console.submit_migrate(id, f).unwrap_err();
    assert!(e.to_string().contains("its migration takes PED"), "{e}");
    assert_eq!(partitions_on(&r, "t78"), 0);
}

#[test]
fn mig_2_the_hsm_model_chosen_refuses_targets_of_another_and_nothing_is_sent() {
    let mut r = rig();
    let id = service(&mut r, "tokens", TOKENS);
    let six = Some(MigrationClass::Luna6PpsoPed);
    let targets = r.console.migration_target_choices(id, six).unwrap();
    let t78 = targets.iter().find(|t| t.choice.name == "t78").unwrap();
    assert_eq!(
        t78.choice.unfit.as_deref(),
        Some("a 7.x PED HSM, not the 6.x PPSO PED chosen as the new service's HSM model")
    );
    let mut f = form(&r, id, &["1710001"], false);
    f.model = six;
    let e = r.console.submit_migrate(id, f).unwrap_err();
    assert!(
        e.to_string()
            .starts_with("device 't78': a 7.x PED HSM, not the 6.x PPSO PED"),
        "{e}"
    );
    assert_eq!(partitions_on(&r, "t78"), 0);
}

#[test]
fn mig_2_7x_ped_below_7_7_to_a_6x_ppso_ped_target_created_and_initialized_in_one_step() {
    let mut r = rig();
    let id = service(&mut r, "keys72", KEYS72);
    let mut f = form(&r, id, &["610001"], false);
    f.model = Some(MigrationClass::Luna6PpsoPed);
    let summary = r.console.plan_migrate(id, &f).unwrap();
    let lines: Vec<String> = summary
        .commands
        .iter()
        .flat_map(|(_, l)| l.clone())
        .collect();
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("partition create -partition tokens7")),
        "{lines:?}"
    );
    assert!(
        !lines.iter().any(|l| l.starts_with("partition init ")),
        "6.x initializes at creation: {lines:?}"
    );
    let (job, _) = r.console.submit_migrate(id, f).unwrap();
    let done = wait(&mut r.console, job);
    assert!(ok(&done), "{}", done.summary);
    let (objects, co, _) = sim_objects_and_co(&r, ON_P6);
    assert_eq!(objects, vec!["keys72-master".to_string()]);
    assert_eq!(co, SimRole::Activated);
}
