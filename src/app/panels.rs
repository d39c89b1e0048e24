//! `Panels`: the state of the Devices, Jobs, Audit and Accounts screens, held as one field of
//! `App` (`app.panels`): their tables, the open dialog and host-key questions waiting to show.

use super::host_key_bridge::HostKeyPrompt;
use super::panel_dialog::Dialog;
use std::collections::VecDeque;

#[derive(Debug, Default)]
pub struct Panels {
    pub dialog: Option<Dialog>,
    /// Host-key questions that arrived while another dialog was open.
    pub host_keys: VecDeque<HostKeyPrompt>,
}

impl Panels {
    /// Opens `d`, or, when a dialog is open, keeps host-key questions for later; other
    /// dialogs replace nothing (the open one wins).
    pub fn open(&mut self, d: Dialog) {
        if self.dialog.is_none() {
            self.dialog = Some(d);
        }
    }

    /// Closes the dialog; the next waiting host-key question opens.
    pub fn close(&mut self) {
        self.dialog = self.host_keys.pop_front().map(Dialog::host_key);
    }

    pub fn ask_host_key(&mut self, prompt: HostKeyPrompt) {
        if self.dialog.is_none() {
            self.dialog = Some(Dialog::host_key(prompt));
        } else {
            self.host_keys.push_back(prompt);
        }
    }
}
