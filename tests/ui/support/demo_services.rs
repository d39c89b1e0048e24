//! Services made in the demo before the console starts, with the same operations a user runs
//! (create, wait for the job): the starting points of the flow tests of issues 12 and 13.

use lunadeck::ops::Console;
use lunadeck::ops::create_service::CreateServiceRequest;

/// Creates service `name` from template `template` on the demo appliances `devices` (in order)
/// for the first organization, not initialized, and waits for the job to succeed.
pub fn create_on(console: &mut Console, name: &str, template: &str, devices: &[&str]) {
    let template = console
        .templates()
        .unwrap()
        .into_iter()
        .find(|t| t.name == template)
        .unwrap();
    let all = console.devices().unwrap();
    let devices = devices
        .iter()
        .map(|n| all.iter().find(|d| d.name == *n).unwrap().serial.clone())
        .collect();
    let organization = console.organizations().unwrap().first().unwrap().id;
    let started = console
        .submit_create_service(CreateServiceRequest {
            name: name.into(),
            description: String::new(),
            template: template.id,
            devices,
            organization,
            init: None,
        })
        .unwrap();
    let done = console.wait(started.job, |_| {}).unwrap();
    assert!(
        matches!(done.outcome, lunadeck::jobs::JobOutcome::Succeeded { .. }),
        "{}",
        done.summary
    );
}

/// A secret typed twice alike.
pub fn twice(s: &str) -> lunadeck::domain::initialization::ConfirmedSecret {
    let secret = || secrecy::SecretString::from(s);
    lunadeck::domain::initialization::ConfirmedSecret::new(secret(), secret())
}

/// The demo fleet with a second Paris PED appliance (7.0.3, LunaCM route), empty.
pub fn with_par_hsm_02(fleet: &mut lunadeck::sim::model::Fleet) {
    let mut second = fleet
        .appliances
        .iter()
        .find(|a| a.name == "par-hsm-01")
        .unwrap()
        .clone();
    second.name = "par-hsm-02".into();
    second.hostname = "par-hsm-02.hsm.example.net".into();
    second.hsm_serial = "572414".into();
    second.partitions.clear();
    second.clients.clear();
    fleet.appliances.push(second);
}
