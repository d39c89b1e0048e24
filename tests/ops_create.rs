//! Create Service against the simulated fleet (SVC-1, SVC-2): standalone and HA on 7.x, the
//! all-or-nothing rollback, refusals before anything runs, and the dry run's exact commands.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod lifecycle_support;
mod ops_support;

use lifecycle_support::{World, ok, serial, world};
use lunadeck::domain::device::AuthMethod;
use lunadeck::domain::ids::{PartitionSerial, TemplateId};
use lunadeck::domain::lifecycle::ServiceState;
use lunadeck::domain::service::ServiceKind;
use lunadeck::domain::template::{HsmLine, ServiceType};

fn run_create(
    w: &mut World,
    req: lunadeck::ops::create_service::CreateServiceRequest,
) -> lunadeck::ops::Finished {
    let started = w.rig.console.submit_create_service(req).unwrap();
    assert!(started.generated_challenge.is_none());
    w.rig.console.wait(started.job, |_| {}).unwrap()
}

fn nothing_saved(w: &World) {
    let c = &w.rig.console;
    assert!(c.store.list_services(None).unwrap().is_empty());
    assert!(c.store.list_partitions(None).unwrap().is_empty());
}

#[test]
fn svc_1_standalone_on_luna78_creates_one_uninitialized_partition() {
    let mut w = world();
    let t = w.template(
        HsmLine::Luna77,
        ServiceType::Partition,
        AuthMethod::Password,
    );
    let id = w.create("Payments API", t, &["hsm78a"]);
    let sim = w
        .sim_partition("hsm78a", "Payments_API")
        .expect("created on the appliance");
    assert_eq!(sim.size, 100_000);
    assert!(!sim.initialized);
    assert!(sim.ppso);
    let s = w.rig.console.store.load_service(id).unwrap().unwrap();
    assert_eq!(s.state, ServiceState::Uninitialized);
    assert_eq!(s.kind, ServiceKind::Standalone);
    assert_eq!(s.organization, w.org);
    assert_eq!(s.members.len(), 1);
    assert_eq!(
        s.members[0].partition,
        PartitionSerial::new(sim.serial.clone())
    );
    let p = w
        .rig
        .console
        .store
        .load_partition(&s.members[0].partition)
        .unwrap()
        .unwrap();
    assert_eq!(p.name, "Payments_API");
    assert_eq!(p.device, serial("hsm78a"));
    let audit = w.rig.console.store.export_audit().unwrap();
    assert!(
        audit
            .iter()
            .any(|e| e.event.action == "service.create" && e.event.target.contains("Payments API")),
        "create is audited"
    );
}

#[test]
fn svc_1_ha_service_gets_one_partition_per_device_in_order() {
    let mut w = world();
    let t = w.template(HsmLine::Luna77, ServiceType::HaGroup, AuthMethod::Password);
    let id = w.create("orders-ha", t, &["hsm78b", "hsm78a"]);
    let a = w.sim_partition("hsm78a", "orders-ha").unwrap();
    let b = w.sim_partition("hsm78b", "orders-ha").unwrap();
    let s = w.rig.console.store.load_service(id).unwrap().unwrap();
    let members: Vec<String> = s.members.iter().map(|m| m.partition.to_string()).collect();
    assert_eq!(
        members,
        vec![b.serial, a.serial],
        "primary is the first device chosen"
    );
    assert!(s.kind.is_ha());
}

#[test]
fn svc_1_second_partition_on_a_device_gets_a_unique_name() {
    let mut w = world();
    let t = w.template(
        HsmLine::Luna77,
        ServiceType::Partition,
        AuthMethod::Password,
    );
    w.create("web", t, &["hsm78a"]);
    w.create("web!", t, &["hsm78a"]);
    assert!(w.sim_partition("hsm78a", "web").is_some());
    assert!(w.sim_partition("hsm78a", "web!").is_some());
    // Same derived name: "web tls" and "web_tls" both map to web_tls.
    w.create("web tls", t, &["hsm78a"]);
    w.create("web_tls", t, &["hsm78a"]);
    assert!(w.sim_partition("hsm78a", "web_tls_2").is_some());
}

#[test]
fn svc_1_licence_exhausted_on_second_device_deletes_the_first_partition() {
    let mut w = world();
    let t = w.template(HsmLine::Luna77, ServiceType::HaGroup, AuthMethod::Password);
    w.rig
        .fleet
        .lock()
        .unwrap()
        .appliance_mut("hsm78b")
        .unwrap()
        .licences = 0;
    let req = w.request("ha-x", t, &["hsm78a", "hsm78b"]);
    let done = run_create(&mut w, req);
    assert!(!ok(&done));
    assert!(done.summary.contains("was not created"), "{}", done.summary);
    assert!(done.summary.contains("hsm78b"), "{}", done.summary);
    assert!(done.summary.contains("licen"), "{}", done.summary);
    assert_eq!(w.sim_partition_count("hsm78a"), 0, "rolled back on hsm78a");
    assert_eq!(w.sim_partition_count("hsm78b"), 0);
    nothing_saved(&w);
}

#[test]
fn svc_1_storage_exhausted_on_second_device_deletes_the_first_partition() {
    let mut w = world();
    let t = w.template(HsmLine::Luna77, ServiceType::HaGroup, AuthMethod::Password);
    w.rig
        .fleet
        .lock()
        .unwrap()
        .appliance_mut("hsm78b")
        .unwrap()
        .storage_total = 50_000;
    let req = w.request("ha-y", t, &["hsm78a", "hsm78b"]);
    let done = run_create(&mut w, req);
    assert!(!ok(&done));
    assert!(done.summary.contains("storage"), "{}", done.summary);
    assert_eq!(w.sim_partition_count("hsm78a"), 0);
    nothing_saved(&w);
}

#[test]
fn svc_1_device_offline_before_start_changes_nothing() {
    let mut w = world();
    let t = w.template(HsmLine::Luna77, ServiceType::HaGroup, AuthMethod::Password);
    w.rig
        .fleet
        .lock()
        .unwrap()
        .faults_mut("hsm78b")
        .unwrap()
        .unreachable = true;
    let req = w.request("ha-z", t, &["hsm78a", "hsm78b"]);
    let done = run_create(&mut w, req);
    assert!(!ok(&done));
    assert!(done.summary.contains("hsm78b"), "{}", done.summary);
    assert_eq!(
        w.sim_partition_count("hsm78a"),
        0,
        "nothing created before the check"
    );
    nothing_saved(&w);
}

#[test]
fn svc_2_dry_run_shows_the_exact_commands_per_device_and_sends_nothing() {
    let mut w = world();
    let t = w.template(HsmLine::Luna77, ServiceType::HaGroup, AuthMethod::Password);
    let plan = w
        .rig
        .console
        .plan_create_service(&w.request("Pay 1", t, &["hsm78a", "hsm78b"]))
        .unwrap();
    let lines = w.rig.console.dry_run_lines(&plan);
    let want = |_: &str| {
        vec![
            "hsm show".to_string(),
            "hsm login".to_string(),
            "partition create -partition Pay_1 -size 100000 -version 0 -force".to_string(),
            "client list".to_string(),
            "client register -client client-host -hostname client-host (when not registered)"
                .to_string(),
            "client assignPartition -client client-host -partition Pay_1".to_string(),
            "partition list".to_string(),
            "partition show -partition <each partition>".to_string(),
        ]
    };
    assert_eq!(
        lines,
        vec![
            ("hsm78a".to_string(), want("hsm78a")),
            ("hsm78b".to_string(), want("hsm78b"))
        ]
    );
    assert_eq!(w.sim_partition_count("hsm78a"), 0);
    let undo: Vec<_> = plan.steps.iter().filter_map(|s| s.undo.as_ref()).collect();
    assert_eq!(
        undo.len(),
        4,
        "every create has its delete, every assignment its revoke"
    );
}

#[test]
fn svc_1_legacy_appliance_without_credentials_is_refused_with_the_way_out() {
    let mut w = world();
    let t = w.template(HsmLine::Luna6, ServiceType::Partition, AuthMethod::Password);
    let err = w
        .rig
        .console
        .submit_create_service(w.request("old", t, &["hsm62"]))
        .err()
        .unwrap();
    let msg = err.to_string();
    assert!(msg.contains("Device hsm62 runs software 5.x/6.x"), "{msg}");
    assert!(msg.contains("initialize at creation"), "{msg}");
    assert!(msg.contains("template for Luna 7"), "{msg}");
    assert_eq!(w.sim_partition_count("hsm62"), 0);
}

#[test]
fn svc_1_refusals_name_the_field_or_the_device() {
    let mut w = world();
    let t = w.template(
        HsmLine::Luna77,
        ServiceType::Partition,
        AuthMethod::Password,
    );
    let ha = w.template(HsmLine::Luna77, ServiceType::HaGroup, AuthMethod::Password);
    w.create("taken", t, &["hsm78a"]);
    let cases: Vec<(lunadeck::ops::create_service::CreateServiceRequest, &str)> = vec![
        (
            w.request("Taken", t, &["hsm78b"]),
            "Service Name: a service named 'taken' already exists",
        ),
        (w.request("", t, &["hsm78b"]), "Service Name: required"),
        (
            w.request("x", TemplateId(999), &["hsm78b"]),
            "no template 999",
        ),
        (
            w.request("x", ha, &["hsm78a"]),
            "Devices: an HA group needs at least 2 devices, 1 selected",
        ),
        (
            w.request("x", t, &["ped78"]),
            "Device ped78: authentication is PED, the template needs Password",
        ),
        (
            w.request("x", t, &["hsm72"]),
            "Device hsm72: firmware 7.0.3 is not in the template's line",
        ),
    ];
    for (req, want) in cases {
        let err = w.rig.console.submit_create_service(req).err().unwrap();
        assert!(err.to_string().contains(want), "{err} / {want}");
        assert_eq!(err.exit_code(), 2);
    }
    assert_eq!(w.sim_partition_count("hsm78b"), 0);
}

#[test]
fn svc_1_owner_may_not_create_a_service() {
    let mut w = world();
    let t = w.template(
        HsmLine::Luna77,
        ServiceType::Partition,
        AuthMethod::Password,
    );
    let org = w.org;
    w.sign_in_owner("olivia", org);
    let err = w
        .rig
        .console
        .submit_create_service(w.request("mine", t, &["hsm78a"]))
        .err()
        .unwrap();
    assert!(err.to_string().starts_with("Not permitted"), "{err}");
    assert_eq!(w.sim_partition_count("hsm78a"), 0);
}
