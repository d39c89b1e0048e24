//! The dialog open over a registered screen: one of its forms, a dialog of its own, the
//! host-key question, a confirmation, or a message. One at a time (the slot is `Panels::dialog`).

use super::host_key_bridge::HostKeyPrompt;
use crate::kit::{ConfirmModal, FormState, HostKeyModal, MessageModal};

#[derive(Debug)]
pub struct FormDialog {
    /// Which screen's form, and for what (its `Screen::submit` decides what Submit sends).
    pub kind: crate::screens::ScreenForm,
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
    /// A screen's own dialog (`Screen::Dialog`): its keys and drawing are the screen's.
    Screen(crate::screens::ScreenDialog),
}

impl Dialog {
    pub fn form(
        kind: crate::screens::ScreenForm,
        title: impl Into<String>,
        form: FormState,
    ) -> Dialog {
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
