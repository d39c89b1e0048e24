//! The host-key trust question (DEV-1) from the SSH transport to the screen: the decider sends a
//! `BackendEvent::HostKeyQuestion` and blocks on a reply channel; no answer in time is a Reject.

use super::message::BackendEvent;
use crate::luna::ssh::{HostKeyDecider, HostKeyQuestion, TrustDecision};
use std::sync::mpsc::{SyncSender, sync_channel};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::mpsc::UnboundedSender;

/// How long the transport waits for the user before rejecting the key.
pub const HOST_KEY_TIMEOUT: Duration = Duration::from_secs(300);

/// Where the answer to one question goes. Compared by identity; Debug shows nothing.
#[derive(Clone)]
pub struct HostKeyReply(Arc<SyncSender<TrustDecision>>);

impl HostKeyReply {
    /// Sends the answer; false when nobody waits any more (timed out).
    pub fn send(&self, decision: TrustDecision) -> bool {
        self.0.try_send(decision).is_ok()
    }
}

impl std::fmt::Debug for HostKeyReply {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("HostKeyReply")
    }
}

impl PartialEq for HostKeyReply {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

/// One question for the UI: which device, its address, the key, and where to answer.
#[derive(Debug, Clone, PartialEq)]
pub struct HostKeyPrompt {
    pub device: String,
    pub host: String,
    pub port: u16,
    pub algorithm: String,
    /// `SHA256:...`
    pub fingerprint: String,
    pub reply: HostKeyReply,
}

impl HostKeyPrompt {
    /// A prompt and the receiver of its answer (tests and the decider).
    pub fn new(q: &HostKeyQuestion) -> (HostKeyPrompt, std::sync::mpsc::Receiver<TrustDecision>) {
        let (tx, rx) = sync_channel(1);
        let prompt = HostKeyPrompt {
            device: q.target.clone(),
            host: q.host.clone(),
            port: q.port,
            algorithm: q.algorithm.clone(),
            fingerprint: q.fingerprint.clone(),
            reply: HostKeyReply(Arc::new(tx)),
        };
        (prompt, rx)
    }
}

/// Connects the SSH transport's decider to the UI's event channel once the console runs.
#[derive(Clone, Default)]
pub struct HostKeyBridge {
    events: Arc<Mutex<Option<UnboundedSender<BackendEvent>>>>,
}

impl HostKeyBridge {
    pub fn new() -> HostKeyBridge {
        HostKeyBridge::default()
    }

    /// Questions go to `events` from now on (the backend thread calls this at start).
    pub fn connect(&self, events: UnboundedSender<BackendEvent>) {
        if let Ok(mut slot) = self.events.lock() {
            *slot = Some(events);
        }
    }

    /// The decider for `Transport::Ssh`: asks the user and waits up to `timeout` (then
    /// rejects). Without a connected UI it rejects at once.
    pub fn decider(&self, timeout: Duration) -> HostKeyDecider {
        let events = self.events.clone();
        Arc::new(move |q: &HostKeyQuestion| {
            let sender = events.lock().ok().and_then(|s| s.clone());
            match sender {
                Some(tx) => ask(&tx, q, timeout),
                None => TrustDecision::Reject,
            }
        })
    }
}

fn ask(
    events: &UnboundedSender<BackendEvent>,
    q: &HostKeyQuestion,
    timeout: Duration,
) -> TrustDecision {
    let (prompt, answer) = HostKeyPrompt::new(q);
    if events.send(BackendEvent::HostKeyQuestion(prompt)).is_err() {
        return TrustDecision::Reject;
    }
    answer
        .recv_timeout(timeout)
        .unwrap_or(TrustDecision::Reject)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use super::*;

    fn question() -> HostKeyQuestion {
        HostKeyQuestion {
            target: "hsm-paris".into(),
            host: "10.0.0.5".into(),
            port: 22,
            algorithm: "ssh-ed25519".into(),
            fingerprint: "SHA256:abc".into(),
        }
    }

    #[test]
    fn dev_1_decider_rejects_without_a_ui() {
        let decider = HostKeyBridge::new().decider(Duration::from_secs(1));
        assert_eq!(decider(&question()), TrustDecision::Reject);
    }

    #[test]
    fn dev_1_decider_asks_the_ui_and_returns_its_answer() {
        for want in [TrustDecision::Trust, TrustDecision::Reject] {
            let bridge = HostKeyBridge::new();
            let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
            bridge.connect(tx);
            let decider = bridge.decider(HOST_KEY_TIMEOUT);
            let ui = std::thread::spawn(move || match rx.blocking_recv() {
                Some(BackendEvent::HostKeyQuestion(p)) => {
                    assert_eq!(
                        (p.device.as_str(), p.host.as_str(), p.port),
                        ("hsm-paris", "10.0.0.5", 22)
                    );
                    assert_eq!(p.fingerprint, "SHA256:abc");
                    assert!(p.reply.send(want));
                }
                other => panic!("{other:?}"),
            });
            assert_eq!(decider(&question()), want);
            ui.join().unwrap();
        }
    }

    #[test]
    fn dev_1_no_answer_in_time_is_a_reject() {
        let bridge = HostKeyBridge::new();
        let (tx, _rx) = tokio::sync::mpsc::unbounded_channel();
        bridge.connect(tx);
        let decider = bridge.decider(Duration::from_millis(10));
        assert_eq!(decider(&question()), TrustDecision::Reject);
    }
}
