//! Add and remove partitions (HA-1, HA-3) against fixtures/fleets/manage.toml: the simulator's
//! partitions, the service's members and state, and the clients' re-registration flag.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod ops_manage_support;
mod ops_support;

use lunadeck::domain::ids::{HsmSerial, PartitionSerial, ServiceId};
use lunadeck::domain::lifecycle::ServiceState;
use lunadeck::domain::organization::Role;
use ops_manage_support::{add_devices, clock_at, console_as, ok, org, save_service, wait};
use ops_support::{Rig, rig_with};

const MANAGE: &str = include_str!("../fixtures/fleets/manage.toml");
const P1: &str = "1700001000001";
const P2: &str = "1700002000001";

fn svc(members: &[&str]) -> (Rig, ServiceId) {
    let mut r = rig_with(MANAGE);
    add_devices(&mut r, &["m1", "m2", "m3", "m4"]);
    let o = org(&mut r, "apps");
    let id = save_service(&mut r, "apps", Some("svcHA"), members, o);
    let job = r.console.submit_read_clients(id).unwrap();
    assert!(ok(&wait(&mut r.console, job)));
    (r, id)
}

fn sim_names(r: &Rig, app: &str) -> Vec<String> {
    let f = r.fleet.lock().unwrap();
    f.appliance(app)
        .unwrap()
        .partitions
        .iter()
        .map(|p| p.name.clone())
        .collect()
}

fn service(r: &Rig, id: ServiceId) -> lunadeck::domain::service::Service {
    r.console.store.load_service(id).unwrap().unwrap()
}

#[test]
fn ha_1_candidates_are_the_other_devices_with_reasons() {
    let (r, id) = svc(&[P1, P2]);
    let choices = r.console.add_partition_choices(id).unwrap();
    let got: Vec<(String, Option<String>)> =
        choices.into_iter().map(|(d, why)| (d.name, why)).collect();
    assert_eq!(got[0], ("m3".to_string(), None));
    assert_eq!(got[1].0, "m4");
    assert!(
        got[1]
            .1
            .as_deref()
            .unwrap()
            .contains("no free partition licence"),
        "{got:?}"
    );
}

#[test]
fn ha_1_add_partition_creates_pending_member_and_marks_clients() {
    let (mut r, id) = svc(&[P1, P2]);
    let m3 = HsmSerial::new("1700003");
    let job = r
        .console
        .submit_add_partitions(id, std::slice::from_ref(&m3))
        .unwrap();
    let done = wait(&mut r.console, job);
    assert!(ok(&done), "{}", done.summary);
    assert!(
        done.summary.contains("Initialize New Partitions"),
        "{}",
        done.summary
    );
    assert_eq!(sim_names(&r, "m3"), vec!["svc".to_string()]);
    let s = service(&r, id);
    assert_eq!(s.members.len(), 3);
    let last = s.members.last().unwrap();
    assert!(last.pending_init);
    let p = r
        .console
        .store
        .load_partition(&last.partition)
        .unwrap()
        .unwrap();
    assert_eq!(
        (p.device.clone(), p.size, p.initialized),
        (m3, 200000, false)
    );
    assert_eq!(s.state, ServiceState::PartiallyInitialized);
    let clients = r.console.service_clients(id).unwrap();
    assert_eq!(clients.len(), 1);
    assert_eq!(
        clients[0].status,
        lunadeck::ops::clients::ClientStatus::NeedsReregistration
    );
}

#[test]
fn ha_1_refusals_member_device_no_licence_unauthorized() {
    let (mut r, id) = svc(&[P1, P2]);
    let e = r
        .console
        .submit_add_partitions(id, &[HsmSerial::new("1700002")])
        .unwrap_err();
    assert!(
        e.to_string()
            .contains("already hosts a partition of service 'apps'"),
        "{e}"
    );
    let e = r
        .console
        .submit_add_partitions(id, &[HsmSerial::new("1700004")])
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "Device m4: no free partition licence (1 of 1 used)"
    );
    let e = r.console.submit_add_partitions(id, &[]).unwrap_err();
    assert_eq!(e.to_string(), "choose at least one device");
    assert!(sim_names(&r, "m3").is_empty());
}

#[test]
fn ha_1_failure_on_second_device_deletes_the_first_and_records_nothing() {
    let (mut r, id) = svc(&[P1]);
    // m2 already has a partition named "svc" on the device (not known to the console): the
    // device refuses, the partition just created on m3 is deleted again.
    let devs = [HsmSerial::new("1700003"), HsmSerial::new("1700002")];
    let job = r.console.submit_add_partitions(id, &devs).unwrap();
    let done = wait(&mut r.console, job);
    assert!(!ok(&done));
    assert!(
        done.summary.starts_with("no partition was added"),
        "{}",
        done.summary
    );
    assert!(
        done.summary.contains("RC_OBJECT_ALREADY_EXISTS"),
        "{}",
        done.summary
    );
    assert!(sim_names(&r, "m3").is_empty(), "undone on m3");
    assert_eq!(service(&r, id).members.len(), 1);
    assert_eq!(service(&r, id).state, ServiceState::Initialized);
    assert_eq!(
        r.console.service_clients(id).unwrap()[0].status,
        lunadeck::ops::clients::ClientStatus::Ok
    );
}

#[test]
fn ha_3_remove_partition_after_typed_confirmation() {
    let (mut r, id) = svc(&[P1, P2]);
    let p2 = PartitionSerial::new(P2);
    let e = r
        .console
        .submit_remove_partition(id, &p2, "SVC")
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "'SVC' does not match: type the partition name 'svc' exactly to confirm"
    );
    assert_eq!(sim_names(&r, "m2"), vec!["svc".to_string()]);
    let job = r.console.submit_remove_partition(id, &p2, "svc").unwrap();
    let done = wait(&mut r.console, job);
    assert!(ok(&done), "{}", done.summary);
    assert!(sim_names(&r, "m2").is_empty());
    let s = service(&r, id);
    assert_eq!(s.members.len(), 1);
    assert_eq!(s.state, ServiceState::Initialized);
    assert!(r.console.store.load_partition(&p2).unwrap().is_none());
    assert!(
        r.console
            .service_clients(id)
            .unwrap()
            .iter()
            .all(|c| c.status == lunadeck::ops::clients::ClientStatus::NeedsReregistration)
    );
    // now the last partition
    let e = r
        .console
        .submit_remove_partition(id, &PartitionSerial::new(P1), "svc")
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        format!(
            "partition {P1} is the last partition of service 'apps': delete the service instead"
        )
    );
}

#[test]
fn ha_1_adding_a_partition_converts_a_single_partition_service_to_ha() {
    let mut r = rig_with(MANAGE);
    add_devices(&mut r, &["m1", "m3"]);
    let o = org(&mut r, "apps");
    let id = save_service(&mut r, "solo", None, &[P1], o);
    assert!(!service(&r, id).kind.is_ha());
    let job = r
        .console
        .submit_add_partitions(id, &[HsmSerial::new("1700003")])
        .unwrap();
    let done = wait(&mut r.console, job);
    assert!(ok(&done), "{}", done.summary);
    assert!(
        done.summary
            .contains("(now an HA service, HA group label 'solo')"),
        "{}",
        done.summary
    );
    let s = service(&r, id);
    assert_eq!(s.members.len(), 2);
    assert_eq!(
        s.kind,
        lunadeck::domain::service::ServiceKind::HaGroup {
            label: "solo".into()
        }
    );
}

#[test]
fn ha_3_single_partition_service_refused() {
    let mut r = rig_with(MANAGE);
    add_devices(&mut r, &["m1"]);
    let o = org(&mut r, "apps");
    let id = save_service(&mut r, "solo", None, &[P1], o);
    let e = r
        .console
        .submit_remove_partition(id, &PartitionSerial::new(P1), "svc")
        .unwrap_err();
    assert!(e.to_string().contains("single-partition service"), "{e}");
}

#[test]
fn perm_add_and_remove_partition_admin_only() {
    let (mut r, id) = svc(&[P1, P2]);
    let own = service(&r, id).organization;
    let other = org(&mut r, "retail");
    for (user, role, want) in [
        ("owner1", Role::Owner(own), "only an Admin can"),
        ("owner2", Role::Owner(other), "no service with id"),
    ] {
        let mut c = console_as(&mut r, user, role, clock_at(1_800_000_000));
        let e = c
            .submit_remove_partition(id, &PartitionSerial::new(P2), "svc")
            .unwrap_err();
        assert!(e.to_string().contains(want), "{user}: {e}");
        let e = c
            .submit_add_partitions(id, &[HsmSerial::new("1700003")])
            .unwrap_err();
        assert!(e.to_string().contains(want), "{user}: {e}");
    }
    assert_eq!(sim_names(&r, "m2"), vec!["svc".to_string()]);
    assert!(sim_names(&r, "m3").is_empty());
}
