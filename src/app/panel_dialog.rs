//! The dialog open over the Devices, Jobs, Audit or Accounts screens: a form (add device, SO
//! secret, accounts), the host-key question, a confirmation, or a message. One at a time.

use super::host_key_bridge::HostKeyPrompt;
use crate::domain::ids::UserId;
use crate::kit::{ConfirmModal, FormState, HostKeyModal, MessageModal};

/// What a form dialog is for (decides what Enter sends).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormKind {
    /// A registered screen's form (`Screen::submit` decides what Submit sends).
    Screen(crate::screens::ScreenForm),
    NewOrganization,
    NewUser,
    Password {
        user: UserId,
        username: String,
    },
}

#[derive(Debug)]
pub struct FormDialog {
    pub kind: FormKind,
    pub title: String,
    pub form: FormState,
    /// Sent, waiting for the backend's answer (keys are ignored meanwhile).
    pub waiting: bool,
}

#[derive(Debug)]
pub enum Dialog {
    Form(FormDialog),
    /// DEV-1: trust or reject an unknown host key (default Reject).
    HostKey {
        modal: HostKeyModal,
        prompt: HostKeyPrompt,
    },
    /// Confirmed: `then` goes to the backend; cancelled: nothing happens.
    Confirm {
        modal: ConfirmModal,
        then: super::message::BackendRequest,
    },
    Message(MessageModal),
}

impl Dialog {
    pub fn form(kind: FormKind, title: impl Into<String>, form: FormState) -> Dialog {
        Dialog::Form(FormDialog {
            kind,
            title: title.into(),
            form,
            waiting: false,
        })
    }

    pub fn host_key(prompt: HostKeyPrompt) -> Dialog {
        let modal = HostKeyModal::new(
            prompt.device.clone(),
            prompt.host.clone(),
            prompt.port,
            prompt.algorithm.clone(),
            prompt.fingerprint.clone(),
        );
        Dialog::HostKey { modal, prompt }
    }
}
