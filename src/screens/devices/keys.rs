//! The Devices tab's keys: one device (add, edit, authorize, remove) or, once devices are
//! marked, the marked ones (authorize with one SO password, refresh, discover; issue 16).

use super::{Devices, Form, Request, add_device_form, authorize_form};
use crate::app::message::SessionInfo;
use crate::app::panel_dialog::Dialog;
use crate::app::screen::Cx;
use crate::domain::operation::Operation;
use crate::kit::ConfirmModal;

use super::key_table::DevicesKey;

impl Devices {
    pub(super) fn key(&mut self, k: DevicesKey, cx: &mut Cx<'_, Self>) {
        // A form the user could never submit stays closed; the key says why (issue 11.13).
        if let Some(reason) = refusal(k, cx.session) {
            cx.say(format!("{reason}."));
            return;
        }
        let marked = self.table.marked_keys();
        let selected = self.table.selected_row().cloned();
        match (k, selected) {
            (DevicesKey::Add, _) => cx.open_form(Form::Add, "Add a device", add_device_form()),
            (DevicesKey::Mark, _) => match self.table.toggle_mark() {
                Some(_) => {
                    self.detail = None;
                    self.table.select_next();
                }
                None => cx.say("No device is selected."),
            },
            (DevicesKey::MarkAll, _) => {
                if self.table.toggle_mark_shown().is_none() {
                    cx.say("No device is shown to mark.");
                }
            }
            (DevicesKey::Refresh, _) => cx.ask(Request::Refresh { serials: marked }),
            (DevicesKey::Sort | DevicesKey::SortReverse, _) => {
                self.table.sort_next(k == DevicesKey::SortReverse)
            }
            // With marks, authorize and discover work on the marked devices.
            (DevicesKey::Authorize, _) if !marked.is_empty() => {
                cx.ask(Request::AuthorizeChoices { serials: marked })
            }
            (DevicesKey::Discover, _) if !marked.is_empty() => {
                cx.ask(Request::Discover { serials: marked })
            }
            (
                DevicesKey::Authorize
                | DevicesKey::Discover
                | DevicesKey::Remove
                | DevicesKey::Edit,
                None,
            ) => cx.say("No device is selected."),
            (DevicesKey::Discover, Some(d)) => cx.ask(Request::Discover {
                serials: vec![d.serial],
            }),
            (DevicesKey::Edit, Some(d)) => cx.ask(Request::EditStart { serial: d.serial }),
            (DevicesKey::Authorize, Some(d)) => cx.open_form(
                Form::Authorize {
                    serial: d.serial.clone(),
                    name: d.name.clone(),
                },
                format!("Authorize {} (HSM SO login)", d.name),
                authorize_form(),
            ),
            (DevicesKey::Remove, Some(d)) => {
                let modal = ConfirmModal::new(
                    "Remove device",
                    vec![
                        format!("Remove {} (HSM serial {}) from lunadeck?", d.name, d.serial),
                        "Nothing changes on the appliance; add it again to manage it.".into(),
                    ],
                    "Remove it",
                )
                .keeping("Keep it")
                .destructive();
                let then = Cx::<Self>::request(Request::Remove { serial: d.serial });
                cx.open(Dialog::Confirm { modal, then });
            }
        }
    }
}

/// Why the signed-in user may never do what `k` does (an Owner: devices are fleet
/// administration), by the PERM rule of `domain::permission`.
fn refusal(k: DevicesKey, session: Option<&SessionInfo>) -> Option<String> {
    let op = match k {
        DevicesKey::Add => Operation::AddDevice,
        DevicesKey::Authorize => Operation::AuthorizeDevice,
        DevicesKey::Edit => Operation::EditDevice,
        DevicesKey::Remove => Operation::RemoveDevice,
        DevicesKey::Refresh => Operation::RefreshDevice,
        DevicesKey::Discover => Operation::ImportPartitions,
        DevicesKey::Mark | DevicesKey::MarkAll | DevicesKey::Sort | DevicesKey::SortReverse => {
            Operation::ViewDevices
        }
    };
    crate::domain::permission::never_for(session?.role, op)
}
