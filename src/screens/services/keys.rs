//! The Services screen's keys (MNG-1..6, DEL-1/2): the list (open, sort, refresh, detach,
//! initialize, delete) and an open service's tabs (edit, crypto-officer login, log off).

use super::key_table::{ServiceKey, ServicesKey};
use super::state::{AttrTab, DetailState, Dialog, KeysView};
use super::{Request, Services, dialogs, init_flow};
use crate::app::screen::{Cx, ScreenInput};
use crate::domain::ids::ServiceId;
use crate::domain::migration_record::MigrationRecord;
use crate::kit::{ConfirmModal, TypedConfirmModal};

/// A key on the list; false leaves it to the frame (Esc, Tab, the filter).
pub(super) fn list(s: &mut Services, input: ScreenInput, cx: &mut Cx<'_, Services>) -> bool {
    match input {
        ScreenInput::Key(k) => return k.get::<ServicesKey>().is_some_and(|k| list_key(s, k, cx)),
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
        _ => return false,
    }
    true
}

/// Says why a changing key does nothing on a service a running migration locks (MIG-5), and
/// reads the list again (the lock may have ended meanwhile); true when it is locked.
fn refused_while_locked(s: &Services, id: ServiceId, cx: &mut Cx<'_, Services>) -> bool {
    let Some((name, m)) = s
        .table
        .rows()
        .iter()
        .find(|r| r.id == id)
        .and_then(|r| r.locked_by.map(|m| (r.name.clone(), m)))
    else {
        return false;
    };
    cx.say(MigrationRecord::locked_refusal(&name, m));
    cx.ask(Request::List);
    true
}

/// A key of `[keys.services]` on the list; false when it does not apply (no row selected).
fn list_key(s: &mut Services, k: ServicesKey, cx: &mut Cx<'_, Services>) -> bool {
    let changes = matches!(
        k,
        ServicesKey::Detach | ServicesKey::Delete | ServicesKey::Initialize
    );
    if let Some(id) = s.table.selected_row().map(|r| r.id).filter(|_| changes)
        && refused_while_locked(s, id, cx)
    {
        return true;
    }
    match k {
        ServicesKey::Sort | ServicesKey::SortReverse => {
            s.table.sort_next(k == ServicesKey::SortReverse);
        }
        ServicesKey::Refresh => cx.ask(Request::List),
        ServicesKey::Detach => {
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
            )
            .keeping("Keep it");
            cx.open_own(Dialog::Detach { id: row.id, modal });
        }
        ServicesKey::Initialize => init_flow::open(s, cx),
        ServicesKey::Create => super::create::flow::open(cx),
        ServicesKey::Delete => {
            let Some(row) = s.table.selected_row() else {
                return false;
            };
            let modal = TypedConfirmModal::new(
                format!("Delete service {}", row.name),
                row.name.clone(),
                "Delete the service",
            )
            .destroying(vec![format!(
                "the partitions of service '{}' (reading them…)",
                row.name
            )]);
            let id = row.id;
            cx.open_own(Dialog::Delete { id, modal });
            cx.ask(Request::Detail(id));
        }
    }
    true
}

/// A key on an open service; false leaves it to the frame.
pub(super) fn detail(s: &mut Services, input: ScreenInput, cx: &mut Cx<'_, Services>) -> bool {
    let changing = matches!(
        input,
        ScreenInput::Key(k) if k.get::<ServiceKey>().is_some_and(ServiceKey::changes)
    );
    if let Some(id) = s.detail.as_ref().map(|d| d.id).filter(|_| changing)
        && refused_while_locked(s, id, cx)
    {
        return true;
    }
    let Some(d) = s.detail.as_mut() else {
        return false;
    };
    match input {
        ScreenInput::Back => {
            s.detail = None;
            cx.ask(Request::List);
        }
        ScreenInput::FocusNext | ScreenInput::FocusPrev => {
            d.tab = d.tab.step(input == ScreenInput::FocusNext);
        }
        ScreenInput::Key(k) => match k.get::<ServiceKey>() {
            Some(k) => detail_key(d, k, cx),
            None => return false,
        },
        ScreenInput::Open if d.tab == AttrTab::Keys => dialogs::co_login(d, cx),
        ScreenInput::Move(m) if d.tab == AttrTab::Partitions => move_partition(d, m),
        ScreenInput::Move(_) | ScreenInput::Open => {}
        _ => return false,
    }
    true
}

/// A key of `[keys.service]` on an open service.
fn detail_key(d: &mut DetailState, k: ServiceKey, cx: &mut Cx<'_, Services>) {
    let id = d.id;
    match k {
        ServiceKey::General
        | ServiceKey::Capabilities
        | ServiceKey::Partitions
        | ServiceKey::Keys
        | ServiceKey::Clients => d.tab = AttrTab::of_key(k),
        ServiceKey::Edit if d.tab == AttrTab::Capabilities => super::resize::open(d, cx),
        ServiceKey::Edit => {
            d.tab = AttrTab::General;
            if let Some(dialog) = dialogs::edit_dialog(d, cx.session) {
                cx.open_own(Dialog::Edit(dialog));
            }
        }
        ServiceKey::CoLogin => dialogs::co_login(d, cx),
        ServiceKey::RemovePartition => remove_partition(d, cx),
        ServiceKey::AddPartitions => super::add_partitions::open(d, cx),
        ServiceKey::InitializeNew => super::init_new::open(d, cx),
        ServiceKey::ActivateRoles => super::roles::open(d, super::roles::RolesKind::Activate, cx),
        ServiceKey::InitializeCu => super::roles::open(d, super::roles::RolesKind::InitCu, cx),
        ServiceKey::LogOff => cx.ask(Request::LogOff(id)),
        ServiceKey::Refresh => cx.ask(match d.tab {
            AttrTab::Clients => Request::ReadClients(id),
            AttrTab::Keys if matches!(d.keys, KeysView::Ready(_)) => Request::Keys(id),
            _ => Request::Detail(id),
        }),
    }
}

/// Up/Down on the Partitions tab: the highlighted partition (initialized, then uninitialized).
fn move_partition(d: &mut DetailState, m: crate::kit::Motion) {
    let n = d
        .ready()
        .map_or(0, |s| s.initialized.len() + s.uninitialized.len());
    let last = n.saturating_sub(1);
    d.partition = match m {
        crate::kit::Motion::Up => d.partition.saturating_sub(1),
        crate::kit::Motion::Down => (d.partition + 1).min(last),
        crate::kit::Motion::Top | crate::kit::Motion::PageUp => 0,
        crate::kit::Motion::Bottom | crate::kit::Motion::PageDown => last,
    };
}

/// HA-3: `d` on the Partitions tab asks for the highlighted partition's name; the domain's
/// refusal (the last partition, a single-partition service) is said instead, and an Owner is
/// told why not.
fn remove_partition(d: &mut DetailState, cx: &mut Cx<'_, Services>) {
    use crate::domain::operation::Operation;
    d.tab = AttrTab::Partitions;
    let never = cx
        .session
        .and_then(|s| crate::domain::permission::never_for(s.role, Operation::RemovePartition));
    if let Some(why) = never {
        return cx.say(format!("{why}."));
    }
    let Some(detail) = d.ready() else {
        return cx.say("The service is still being read; try again in a moment.");
    };
    let rows: Vec<_> = detail
        .initialized
        .iter()
        .chain(&detail.uninitialized)
        .collect();
    let Some(p) = rows.get(d.partition) else {
        return cx.say("No partition is highlighted.");
    };
    if let Err(e) = crate::domain::ha::check_remove_partition(&detail.service, &p.serial) {
        return cx.say(format!("{e}."));
    }
    let modal = crate::kit::TypedConfirmModal::new(
        format!(
            "Remove partition {} from {}",
            p.partition, detail.service.name
        ),
        p.partition.clone(),
        "Remove the partition",
    )
    .destroying(vec![format!(
        "partition {} ({}) on {} and every key and object in it (clone the key material to \
         another member first if this is its only copy; the clients register again afterwards)",
        p.partition, p.serial, p.device
    )]);
    let (id, partition) = (d.id, p.serial.clone());
    cx.open_own(Dialog::RemovePartition {
        id,
        partition,
        modal,
    });
}
