//! What the console frame asks the backend for a dialog (`PanelRequest`: the host-key answer)
//! and the answers any screen's open form gets (`PanelEvent`: done, or refused with the field).

use super::host_key_bridge::HostKeyReply;
use crate::domain::DomainError;

/// The frame's own dialog request.
#[derive(Debug, Clone)]
pub enum PanelRequest {
    /// The user's answer to a host-key question (DEV-1).
    AnswerHostKey { reply: HostKeyReply, trust: bool },
}

/// The answer to the open form's request (sent by `Answers::form_done` / `form_refused`).
#[derive(Debug, Clone, PartialEq)]
pub enum PanelEvent {
    /// The open form's request was accepted: close it and say so.
    Done { message: String },
    /// The open form's request was refused: a field error goes under its field.
    Refused {
        message: String,
        error: Option<DomainError>,
    },
}
