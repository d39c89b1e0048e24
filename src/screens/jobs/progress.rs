//! The Jobs screen's per-device progress: folded from the engine's events (step, done/total,
//! state, times), or one line per device from the stored job when no event was seen.

use super::Jobs;
use crate::domain::ids::{HsmSerial, JobId};
use crate::domain::job::{Job, JobState};
use crate::domain::timestamp::Timestamp;
use crate::jobs::{DeviceEnd, JobEvent, JobOutcome};
use crate::kit::{Status, StatusKind};

/// Where one device of a job is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeviceLine {
    pub device: HsmSerial,
    pub step: String,
    /// Steps this device started (the current one included).
    pub steps: u32,
    pub status: Status,
    pub started: Option<Timestamp>,
    pub finished: Option<Timestamp>,
}

impl DeviceLine {
    pub(super) fn new(device: HsmSerial, status: Status) -> Self {
        DeviceLine {
            device,
            step: String::new(),
            steps: 0,
            status,
            started: None,
            finished: None,
        }
    }
}

impl Jobs {
    fn line(&mut self, job: JobId, device: &HsmSerial) -> Option<&mut DeviceLine> {
        let lines = self.lines.entry(job).or_default();
        if !lines.iter().any(|l| &l.device == device) {
            lines.push(DeviceLine::new(
                device.clone(),
                Status::new(StatusKind::Running),
            ));
        }
        lines.iter_mut().find(|l| &l.device == device)
    }

    /// Folds one engine event into the per-device lines.
    pub fn apply(&mut self, e: &JobEvent) {
        let now = self.now;
        match e {
            JobEvent::Started { job, devices } => {
                let lines = devices
                    .iter()
                    .map(|d| {
                        let mut l = DeviceLine::new(
                            d.clone(),
                            Status::worded(StatusKind::Unknown, "queued"),
                        );
                        l.step = "waiting for its turn".into();
                        l
                    })
                    .collect();
                self.lines.insert(*job, lines);
            }
            JobEvent::Waiting { job, device, .. } => {
                if let Some(l) = self.line(*job, device) {
                    l.status = Status::worded(StatusKind::Unknown, "waiting");
                    l.step = "waits for another job on this device".into();
                }
            }
            JobEvent::Progress {
                job,
                device,
                step,
                done,
                total,
            } => {
                self.totals.insert(*job, (*done, *total));
                if let Some(l) = self.line(*job, device) {
                    l.steps = l.steps.saturating_add(1);
                    l.step = step.clone();
                    l.status = Status::new(StatusKind::Running);
                    l.started = l.started.or(now);
                }
            }
            JobEvent::StepFailed {
                job,
                device,
                error,
                retrying,
                ..
            } => {
                if let Some(l) = self.line(*job, device) {
                    l.step = error.clone();
                    if !retrying {
                        l.status = Status::new(StatusKind::Failed);
                        l.finished = now;
                    }
                }
            }
            JobEvent::Undoing { job, device, step } => {
                if let Some(l) = self.line(*job, device) {
                    l.step = format!("undo: {step}");
                    l.status = Status::worded(StatusKind::Warning, "undoing");
                }
            }
            JobEvent::DeviceFinished {
                job, device, end, ..
            } => {
                if let Some(l) = self.line(*job, device) {
                    match end {
                        DeviceEnd::Done => {
                            l.status = Status::new(StatusKind::Done);
                            l.step = "done".into();
                        }
                        DeviceEnd::Failed(message) => {
                            l.status = Status::new(StatusKind::Failed);
                            l.step = message.clone();
                        }
                        DeviceEnd::Cancelled => l.status = Status::new(StatusKind::Cancelled),
                    }
                    l.finished = l.finished.or(now);
                }
            }
            JobEvent::Finished { job, outcome } => self.finish(*job, outcome),
            JobEvent::Audit(_) => {}
        }
    }

    fn finish(&mut self, job: JobId, outcome: &JobOutcome) {
        let now = self.now;
        if let Some((_, total)) = self.totals.get(&job).copied() {
            self.totals.insert(job, (total, total));
        }
        let Some(lines) = self.lines.get_mut(&job) else {
            return;
        };
        for l in lines.iter_mut() {
            let failed_here =
                matches!(outcome, JobOutcome::Failed { device, .. } if *device == l.device);
            // Failed on its own, or already ended (per-device jobs report each device).
            if l.status.kind == StatusKind::Failed || l.finished.is_some() {
                continue;
            }
            l.status = match outcome {
                _ if failed_here => Status::new(StatusKind::Failed),
                JobOutcome::Succeeded { .. } | JobOutcome::Failed { .. } if l.steps > 0 => {
                    Status::new(StatusKind::Done)
                }
                JobOutcome::Succeeded { .. } => Status::new(StatusKind::Done),
                JobOutcome::Failed { .. } | JobOutcome::Cancelled { .. } => {
                    Status::new(StatusKind::Cancelled)
                }
            };
            if let JobOutcome::Failed { message, .. } = outcome
                && failed_here
            {
                l.step = message.clone();
            }
            l.finished = l.finished.or(now);
        }
    }

    /// Steps a device has finished and the steps it has in all (the job's plan spread over
    /// its devices; exact for one device).
    pub fn device_counts(&self, job: &Job, line: &DeviceLine) -> (u32, u32) {
        let devices = u32::try_from(job.devices.len().max(1)).unwrap_or(1);
        let total_steps = self
            .totals
            .get(&job.id)
            .map(|(_, t)| u32::try_from(*t).unwrap_or(u32::MAX))
            .unwrap_or(0);
        let total = total_steps.div_ceil(devices).max(line.steps);
        let done = match line.status.kind {
            StatusKind::Done => total,
            StatusKind::Running => line.steps.saturating_sub(1),
            _ => line.steps.saturating_sub(1).min(total),
        };
        (done, total)
    }

    /// Lines of a job: the tracked ones, or one per device from the stored job state.
    pub fn lines_of(&self, job: &Job) -> Vec<DeviceLine> {
        if let Some(lines) = self.lines.get(&job.id) {
            return lines.clone();
        }
        job.devices
            .iter()
            .map(|d| {
                let mut l = DeviceLine::new(d.clone(), Status::from(&job.state));
                if let JobState::Failed { message } = &job.state {
                    l.step = message.clone();
                }
                l
            })
            .collect()
    }

    /// Seconds a device has been (or was) at work.
    pub fn elapsed(&self, job: &Job, line: &DeviceLine) -> std::time::Duration {
        let start = line.started.unwrap_or(job.started_at);
        let end = line
            .finished
            .or(job.finished_at)
            .or(self.now)
            .unwrap_or(start);
        std::time::Duration::from_secs(u64::try_from(end.0 - start.0).unwrap_or(0))
    }
}
