//! The backend thread's engine events (issue 16): the events waiting when one arrives are saved
//! in one store batch, each shown to the screens as it is handled, the lists read once after.

use super::backend::{Events, answer, device_rows};
use super::message::{BackendEvent, BackendRequest};
use crate::jobs::JobEvent;
use crate::ops::Console;

/// What the screens must read again once a batch of engine events is saved.
#[derive(Default)]
struct AfterEvents {
    devices: bool,
    jobs: bool,
}

/// `first` and the engine events already waiting after it, persisted in one store batch (one
/// disk sync for many), each shown as it is handled; the lists they change are read again once
/// for the whole batch.
pub(super) fn engine_events(console: &mut Console, first: JobEvent, events: &Events) {
    let batch = console.with_ready_events(first);
    let saved = console.in_store_batch(|c| {
        let mut after = AfterEvents::default();
        for e in batch {
            engine_event(c, e, events, &mut after);
        }
        after
    });
    match saved {
        Ok(after) => {
            if after.devices {
                // Owners may not list devices (no error).
                if let Ok(rows) = device_rows(console) {
                    let _ = events.send(BackendEvent::Devices(rows));
                }
            }
            if after.jobs {
                answer(console, BackendRequest::ListJobs, events);
                answer(console, BackendRequest::StatusCounts, events);
            }
        }
        Err(err) => {
            let _ = events.send(BackendEvent::Failed {
                message: format!("job events could not be saved: {err}"),
            });
        }
    }
}

fn engine_event(console: &mut Console, e: JobEvent, events: &Events, after: &mut AfterEvents) {
    let _ = events.send(BackendEvent::Job(e.clone()));
    let started = matches!(e, JobEvent::Started { .. });
    let finished_device = matches!(e, JobEvent::DeviceFinished { .. });
    match console.handle_event(e) {
        Ok(Some(done)) => {
            let _ = events.send(BackendEvent::JobDone {
                job: done.job,
                state: done.outcome.job_state(),
                summary: done.summary,
            });
            // A finished job may have changed devices.
            after.devices = true;
        }
        // One device of a per-device job is done: its row shows its result.
        Ok(None) if finished_device => after.devices = true,
        Ok(None) if !started => return,
        Ok(None) => {}
        Err(err) => {
            let _ = events.send(BackendEvent::Failed {
                message: err.to_string(),
            });
        }
    }
    after.jobs = true;
}
