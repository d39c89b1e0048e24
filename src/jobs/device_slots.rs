//! One slot per device: a fair async lock (one operation at a time per device, FIFO) that owns
//! the device's session, so sessions are reused across steps and jobs without a shared mutex.

use super::cancel_token::CancelToken;
use super::event::JobEvent;
use crate::domain::ids::{HsmSerial, JobId};
use crate::luna::shell::Shell;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use tokio::sync::mpsc;

/// What the holder of a device's lock owns: its session, opened on first use.
#[derive(Default)]
pub struct DeviceSlot {
    pub shell: Option<Box<dyn Shell>>,
}

pub type SlotGuard = tokio::sync::OwnedMutexGuard<DeviceSlot>;
type SlotLock = Arc<tokio::sync::Mutex<DeviceSlot>>;

#[derive(Default)]
pub struct DeviceSlots {
    slots: Mutex<HashMap<HsmSerial, SlotLock>>,
}

impl DeviceSlots {
    fn slot(&self, device: &HsmSerial) -> SlotLock {
        let mut map = self.slots.lock().unwrap_or_else(|e| e.into_inner());
        map.entry(device.clone()).or_default().clone()
    }

    /// Devices whose lock is held right now (by a running job).
    pub fn busy(&self) -> Vec<HsmSerial> {
        let map = self.slots.lock().unwrap_or_else(|e| e.into_inner());
        let mut out: Vec<HsmSerial> = map
            .iter()
            .filter(|(_, lock)| lock.try_lock().is_err())
            .map(|(d, _)| d.clone())
            .collect();
        out.sort();
        out
    }

    /// Takes the device's lock for `job`. When another job holds it, sends `Waiting` first and
    /// waits in line; returns None if the job is cancelled while waiting.
    pub async fn lock(
        &self,
        job: JobId,
        device: &HsmSerial,
        device_name: &str,
        events: &mpsc::Sender<JobEvent>,
        cancel: &CancelToken,
    ) -> Option<SlotGuard> {
        let slot = self.slot(device);
        if let Ok(guard) = slot.clone().try_lock_owned() {
            return Some(guard);
        }
        let _ = events
            .send(JobEvent::Waiting {
                job,
                device: device.clone(),
                device_name: device_name.to_string(),
            })
            .await;
        tokio::select! {
            guard = slot.lock_owned() => Some(guard),
            _ = cancel.cancelled() => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn x_1_second_locker_waits_visibly_and_cancel_frees_it() {
        let slots = DeviceSlots::default();
        let (tx, mut rx) = mpsc::channel(8);
        let dev = HsmSerial::new("1");
        let cancel = CancelToken::new();
        let first = slots.lock(JobId(1), &dev, "hsm-1", &tx, &cancel).await;
        assert!(first.is_some());
        assert!(rx.try_recv().is_err(), "no Waiting when the device is free");
        assert_eq!(slots.busy(), vec![dev.clone()]);
        let other = CancelToken::new();
        other.cancel();
        let second = slots.lock(JobId(2), &dev, "hsm-1", &tx, &other).await;
        assert!(second.is_none());
        assert_eq!(
            rx.try_recv().ok(),
            Some(JobEvent::Waiting {
                job: JobId(2),
                device: dev.clone(),
                device_name: "hsm-1".into()
            })
        );
        drop(first);
        assert!(slots.busy().is_empty());
    }
}
