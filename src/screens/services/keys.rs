//! The Services screen's keys (MNG-1..6, DEL-1/2): the list (open, sort, refresh, detach,
//! initialize, delete) and an open service's tabs (edit, crypto-officer login, log off).

use super::state::{AttrTab, DetailState, Dialog, KeysView};
use super::{Request, Services, dialogs, init_flow};
use crate::app::key_action::KeyAction;
use crate::app::screen::{Cx, ScreenInput};
use crate::kit::{ConfirmModal, TypedConfirmModal};

/// A key on the list; false leaves it to the frame (Esc, Tab, the filter).
pub(super) fn list(s: &mut Services, input: ScreenInput, cx: &mut Cx<'_, Services>) -> bool {
    match input {
        ScreenInput::Move(m) => s.table.apply_motion(m),
        ScreenInput::Open => {
            let Some(row) = s.table.selected_row() else {
                return false;
            };
            let (id, name) = (row.id, row.name.clone());
            s.detail = Some(DetailState::new(id, name));
            cx.ask(Request::Detail(id));
            cx.ask(Request::Clients(id));
        }
        ScreenInput::Key(k @ (KeyAction::Sort | KeyAction::SortReverse)) => {
            s.table.sort_next(k == KeyAction::SortReverse);
        }
        ScreenInput::Key(KeyAction::Refresh) => cx.ask(Request::List),
        ScreenInput::Key(KeyAction::Detach) => {
            let Some(row) = s.table.selected_row() else {
                return false;
            };
            let modal = ConfirmModal::new(
                "Detach service",
                vec![
                    format!("Detach service '{}'?", row.name),
                    "The console forgets the service. Its partitions and every object in \
                     them stay on the devices (DEL-1)."
                        .into(),
                ],
                "Detach",
            );
            cx.open_own(Dialog::Detach { id: row.id, modal });
        }
        ScreenInput::Key(KeyAction::Initialize) => init_flow::open(s, cx),
        ScreenInput::Key(KeyAction::Delete) => {
            let Some(row) = s.table.selected_row() else {
                return false;
            };
            let modal = TypedConfirmModal::new(
                format!("Delete service {}", row.name),
                row.name.clone(),
                "Delete",
            )
            .destroying(vec![format!(
                "the partitions of service '{}' (reading them…)",
                row.name
            )]);
            let id = row.id;
            cx.open_own(Dialog::Delete { id, modal });
            cx.ask(Request::Detail(id));
        }
        _ => return false,
    }
    true
}

/// A key on an open service; false leaves it to the frame.
pub(super) fn detail(s: &mut Services, input: ScreenInput, cx: &mut Cx<'_, Services>) -> bool {
    let Some(d) = s.detail.as_mut() else {
        return false;
    };
    let id = d.id;
    match input {
        ScreenInput::Back => {
            s.detail = None;
            cx.ask(Request::List);
        }
        ScreenInput::FocusNext | ScreenInput::FocusPrev => {
            d.tab = d.tab.step(input == ScreenInput::FocusNext);
        }
        ScreenInput::Key(
            k @ (KeyAction::AttrGeneral
            | KeyAction::AttrCapabilities
            | KeyAction::AttrPartitions
            | KeyAction::AttrKeys
            | KeyAction::AttrClients),
        ) => d.tab = AttrTab::of_key(k),
        ScreenInput::Key(KeyAction::Edit) => {
            d.tab = AttrTab::General;
            if let Some(dialog) = dialogs::edit_dialog(d, cx.session) {
                cx.open_own(Dialog::Edit(dialog));
            }
        }
        ScreenInput::Key(KeyAction::CoLogin) => dialogs::co_login(d, cx),
        ScreenInput::Open if d.tab == AttrTab::Keys => dialogs::co_login(d, cx),
        ScreenInput::Key(KeyAction::LogOff) => cx.ask(Request::LogOff(id)),
        ScreenInput::Key(KeyAction::Refresh) => cx.ask(match d.tab {
            AttrTab::Clients => Request::ReadClients(id),
            AttrTab::Keys if matches!(d.keys, KeysView::Ready(_)) => Request::Keys(id),
            _ => Request::Detail(id),
        }),
        ScreenInput::Move(_) | ScreenInput::Open => {}
        _ => return false,
    }
    true
}
