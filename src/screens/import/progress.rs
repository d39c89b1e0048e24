//! The discovery job's progress on the Import screen (IMP-1): one line per device, from the
//! engine's events.

use super::state::{DeviceRun, DiscoveryDevice, Import};
use crate::domain::ids::HsmSerial;
use crate::jobs::{DeviceEnd, JobEvent};

/// Engine progress of the discovery job, one line per device (IMP-1).
pub(super) fn on_job_event(s: &mut Import, e: &JobEvent) {
    let Some(job) = s.discovery.as_ref().and_then(|d| d.job) else {
        return;
    };
    if e.job() != Some(job) {
        return;
    }
    let serials: Vec<HsmSerial> = match e {
        JobEvent::Started { devices, .. } => devices.clone(),
        JobEvent::Progress { device, .. } | JobEvent::StepFailed { device, .. } => {
            vec![device.clone()]
        }
        _ => Vec::new(),
    };
    let Some(d) = s.discovery.as_mut() else {
        return;
    };
    for serial in serials {
        if !d.devices.iter().any(|x| x.serial == serial) {
            d.devices.push(DiscoveryDevice {
                serial,
                done: 0,
                total: 0,
                step: "waiting".into(),
                run: DeviceRun::Running,
            });
        }
    }
    match e {
        JobEvent::Progress {
            device,
            step,
            done,
            total,
            ..
        } => {
            if let Some(x) = d.devices.iter_mut().find(|x| &x.serial == device) {
                x.done = *done;
                x.total = *total;
                x.step = step.clone();
            }
        }
        JobEvent::StepFailed {
            device,
            error,
            retrying: false,
            ..
        } => {
            if let Some(x) = d.devices.iter_mut().find(|x| &x.serial == device) {
                x.run = DeviceRun::Failed(error.clone());
            }
        }
        JobEvent::DeviceFinished { device, end, .. } => {
            if let Some(x) = d.devices.iter_mut().find(|x| &x.serial == device) {
                match end {
                    DeviceEnd::Done => {
                        x.run = DeviceRun::Done;
                        x.done = x.total.max(x.done);
                        x.step = "done".into();
                    }
                    DeviceEnd::Failed(why) => x.run = DeviceRun::Failed(why.clone()),
                    DeviceEnd::Cancelled => x.run = DeviceRun::Failed("cancelled".into()),
                }
            }
        }
        JobEvent::Finished { .. } => {
            d.finished = true;
            for x in d.devices.iter_mut().filter(|x| x.run == DeviceRun::Running) {
                x.run = DeviceRun::Done;
                x.done = x.total.max(x.done);
                x.step = "done".into();
            }
        }
        _ => {}
    }
}
