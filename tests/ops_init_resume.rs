//! Initialization over the demo fleet as the console runs it (INIT-2..4, issue 8.7): the crypto
//! user of an imported partition and the PED initialization of a created service reach the
//! client host; a failure midway says what the devices hold and a second run completes.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod lifecycle_support;
mod ops_support;

use lifecycle_support::{ok, password_creds, ped_creds};
use lunadeck::domain::device::{AuthMethod, Performance};
use lunadeck::domain::ids::{ServiceId, TemplateId};
use lunadeck::domain::lifecycle::ServiceState;
use lunadeck::domain::template::{Capabilities, HsmLine, ServiceType, Template};
use lunadeck::ops::Finished;
use lunadeck::ops::create_service::CreateServiceRequest;
use lunadeck::sim::model::Role as SimRole;
use ops_support::{Rig, rig_with};

const DEMO: &str = include_str!("../fixtures/fleets/demo.toml");

/// The demo fleet bootstrapped as `--demo` does (devices, discovery, import).
fn demo() -> Rig {
    let mut r = rig_with(DEMO);
    lunadeck::ops::demo::bootstrap(&mut r.console).unwrap();
    r
}

fn service(r: &Rig, name: &str) -> ServiceId {
    r.console
        .store
        .find_service_by_name(name)
        .unwrap()
        .unwrap_or_else(|| panic!("no service {name}"))
        .id
}

fn state(r: &Rig, id: ServiceId) -> ServiceState {
    r.console.store.load_service(id).unwrap().unwrap().state
}

fn initialize(
    r: &mut Rig,
    id: ServiceId,
    creds: lunadeck::domain::initialization::InitCredentials,
) -> Finished {
    let started = r.console.submit_initialize(id, creds).unwrap();
    r.console.wait(started.job, |_| {}).unwrap()
}

fn sim_cu(r: &Rig, app: &str, name: &str) -> SimRole {
    let f = r.fleet.lock().unwrap();
    f.appliance(app).unwrap().partition(name).unwrap().cu
}

fn client_sees(r: &Rig, serial: &str) -> bool {
    let f = r.fleet.lock().unwrap();
    f.client_host.slots.iter().any(|s| s.serial == serial)
}

const EMPTY: &str = "lon-hsm-01-sp_empty01";
const EMPTY_SERIAL: &str = "1582775433958";

#[test]
fn init_2_crypto_user_of_an_imported_partition_reaches_the_client_host() {
    let mut r = demo();
    let id = service(&r, EMPTY);
    assert!(!client_sees(&r, EMPTY_SERIAL), "not assigned before");
    let done = initialize(&mut r, id, password_creds("empty01", true, true));
    assert!(ok(&done), "{}", done.summary);
    assert!(client_sees(&r, EMPTY_SERIAL), "assigned to the client host");
    assert_eq!(sim_cu(&r, "lon-hsm-01", "sp_empty01"), SimRole::Initialized);
    assert_eq!(state(&r, id), ServiceState::Initialized);
}

#[test]
fn init_4_a_failure_midway_says_what_the_devices_hold_and_a_second_run_completes() {
    let mut r = demo();
    let id = service(&r, EMPTY);
    r.fleet
        .lock()
        .unwrap()
        .faults_mut("luna-client")
        .unwrap()
        .unreachable = true;
    let first = initialize(&mut r, id, password_creds("empty01", true, true));
    assert!(!ok(&first), "{}", first.summary);
    let s = &first.summary;
    assert!(!s.contains("Nothing had been changed"), "{s}");
    assert!(
        s.contains("Done before the failure and kept (no undo exists)"),
        "{s}"
    );
    assert!(
        s.contains(&format!(
            "The devices now hold: sp_empty01 ({EMPTY_SERIAL}): initialized with label 'empty01', \
             crypto officer initialized, crypto user not initialized"
        )),
        "{s}"
    );
    // What the appliance holds is kept: the list still offers Initialize.
    let p = r
        .console
        .store
        .load_partition(&lunadeck::domain::ids::PartitionSerial::new(EMPTY_SERIAL))
        .unwrap()
        .unwrap();
    assert!(p.initialized, "{p:?}");
    assert_eq!(p.label.as_deref(), Some("empty01"));
    assert_eq!(state(&r, id), ServiceState::Uninitialized);
    // A different label would destroy the partition: refused before anything is sent.
    let err = r
        .console
        .submit_initialize(id, password_creds("other", true, true))
        .err()
        .unwrap();
    assert!(
        err.to_string()
            .contains("already initialized with label 'empty01'"),
        "{err}"
    );
    // The second run continues from the appliance's state (no proceed question, no re-init).
    r.fleet
        .lock()
        .unwrap()
        .faults_mut("luna-client")
        .unwrap()
        .unreachable = false;
    let second = initialize(&mut r, id, password_creds("empty01", true, true));
    assert!(ok(&second), "{}", second.summary);
    assert_eq!(sim_cu(&r, "lon-hsm-01", "sp_empty01"), SimRole::Initialized);
    assert_eq!(state(&r, id), ServiceState::Initialized);
}

#[test]
fn init_3_ped_initialization_of_a_created_service_reaches_the_client_host() {
    let mut r = demo();
    let template = r
        .console
        .store
        .save_template(&Template {
            id: TemplateId(0),
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
    let par = r.console.device_by_name("par-hsm-01").unwrap();
    let org = r.console.store.list_organizations().unwrap()[0].id;
    let started = r
        .console
        .submit_create_service(CreateServiceRequest {
            name: "ped-created".into(),
            description: "made by the test".into(),
            template,
            devices: vec![par.serial.clone()],
            organization: org,
            init: None,
        })
        .unwrap();
    let made = r.console.wait(started.job, |_| {}).unwrap();
    assert!(ok(&made), "{}", made.summary);
    let id = service(&r, "ped-created");
    let done = initialize(&mut r, id, ped_creds("pedcreated", true, false));
    assert!(ok(&done), "{}", done.summary);
    assert_eq!(state(&r, id), ServiceState::Initialized);
}
