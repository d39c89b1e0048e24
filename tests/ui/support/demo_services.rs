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
