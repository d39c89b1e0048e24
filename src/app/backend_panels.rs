//! The backend side of the frame's own dialog: the host-key answer goes back to the SSH
//! transport that waits for it (no other request is the frame's; screens serve their own).

use super::message::BackendEvent;
use super::panel_message::PanelRequest;
use crate::luna::ssh::TrustDecision;
use crate::ops::Console;
use tokio::sync::mpsc::UnboundedSender;

type Events = UnboundedSender<BackendEvent>;

pub(super) fn answer(_console: &mut Console, r: PanelRequest, events: &Events) {
    match r {
        PanelRequest::AnswerHostKey { reply, trust } => {
            let decision = if trust {
                TrustDecision::Trust
            } else {
                TrustDecision::Reject
            };
            if !reply.send(decision) {
                let _ = events.send(BackendEvent::Failed {
                    message: "The host-key question had already timed out; nothing was trusted."
                        .into(),
                });
            }
        }
    }
}
