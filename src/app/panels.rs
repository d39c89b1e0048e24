//! `Panels` (`app.panels`): the console's one dialog slot, the dialogs waiting their turn (a
//! once-shown secret) and the host-key questions waiting to show. One dialog is open at a time.

use super::host_key_bridge::HostKeyPrompt;
use super::panel_dialog::Dialog;
use std::collections::VecDeque;

#[derive(Debug, Default)]
pub struct Panels {
    pub dialog: Option<Dialog>,
    /// Dialogs that must be seen (a once-shown secret) and came while another was open.
    pub waiting: VecDeque<Dialog>,
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

    /// Opens `d`, or after the open dialog when one is open (it is never dropped).
    pub fn open_next(&mut self, d: Dialog) {
        if self.dialog.is_none() {
            self.dialog = Some(d);
        } else {
            self.waiting.push_back(d);
        }
    }

    /// Closes the dialog; the next waiting dialog, else host-key question, opens.
    pub fn close(&mut self) {
        self.dialog = self
            .waiting
            .pop_front()
            .or_else(|| self.host_keys.pop_front().map(Dialog::host_key));
    }

    pub fn ask_host_key(&mut self, prompt: HostKeyPrompt) {
        if self.dialog.is_none() {
            self.dialog = Some(Dialog::host_key(prompt));
        } else {
            self.host_keys.push_back(prompt);
        }
    }
}
