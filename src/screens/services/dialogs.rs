//! The Services screen's dialogs (MNG-2 edit, MNG-5 crypto-officer login, DEL-1 detach,
//! DEL-2 typed delete): opening them, their keys, and inline validation by the domain rules.

use super::state::{AttrTab, CoLoginDialog, DetailState, Dialog, EditDialog};
use super::{Request, Services, init_flow};
use crate::app::message::SessionInfo;
use crate::app::screen::Cx;
use crate::domain::device::AuthMethod;
use crate::domain::error::Field;
use crate::domain::ids::ServiceId;
use crate::domain::operation::Operation;
use crate::domain::service::ServiceKind;
use crate::domain::validation::{
    validate_description, validate_ha_group_label, validate_service_name,
};
use crate::kit::DialogInput;
use crate::kit::{FormField, FormKey, FormState, ModalOutcome};
use crate::ops::keys::KeysLogin;
use crate::ops::services_view::ServiceDetail;
use secrecy::ExposeSecret;

pub(super) fn co_login(d: &mut DetailState, cx: &mut Cx<'_, Services>) {
    d.tab = AttrTab::Keys;
    let Some(detail) = d.ready() else {
        cx.say("The service is still being read; try again in a moment.");
        return;
    };
    let ped = detail.auth == AuthMethod::Ped;
    let fields = if ped {
        vec![
            FormField::text("ped_host", "Remote PED server").bound_to(Field::PedServer),
            FormField::number("ped_port", "PED port")
                .value("1503")
                .bound_to(Field::PedPort),
        ]
    } else {
        vec![FormField::secret("co", "Crypto officer password").bound_to(Field::CoPassword)]
    };
    cx.open_own(Dialog::CoLogin(CoLoginDialog {
        id: d.id,
        service: d.name.clone(),
        ped,
        form: FormState::new(fields),
        sent: false,
    }));
}

pub(super) fn edit_dialog(d: &DetailState, who: Option<&SessionInfo>) -> Option<EditDialog> {
    let detail: &ServiceDetail = d.ready()?;
    let s = &detail.service;
    // The PERM rule decides which fields are editable; the backend checks it again on Save.
    let refusal = |op| match who {
        Some(w) => w.refusal_on(op, Some(s.organization)),
        None => Some("nobody is signed in".to_string()),
    };
    let mut fields = vec![
        FormField::text("name", "Name")
            .value(s.name.clone())
            .bound_to(Field::ServiceName),
        FormField::text("description", "Description")
            .value(s.description.clone())
            .bound_to(Field::Description),
    ];
    let mut read_only = Vec::new();
    let mut organizations = Vec::new();
    let org_refusal = refusal(Operation::ChangeOrganization);
    if org_refusal.is_none() && !d.organizations.is_empty() {
        let names = d.organizations.iter().map(|o| o.name.clone()).collect();
        let at = d
            .organizations
            .iter()
            .position(|o| o.id == s.organization)
            .unwrap_or(0);
        organizations = d.organizations.iter().map(|o| o.id).collect();
        fields.push(
            FormField::choice("organization", "Organization", names)
                .selected(at)
                .bound_to(Field::Organization),
        );
    } else {
        let why = org_refusal.unwrap_or_else(|| "no other organization exists".into());
        read_only.push(format!(
            "Organization: {} (read-only: {why})",
            detail.organization
        ));
    }
    let mut original_label = None;
    if let ServiceKind::HaGroup { label } = &s.kind {
        let label_refusal = refusal(Operation::EditHaLabel);
        if label_refusal.is_none() {
            original_label = Some(label.clone());
            fields.push(
                FormField::text("ha_label", "HA group label")
                    .value(label.clone())
                    .bound_to(Field::HaGroup),
            );
        } else if let Some(why) = label_refusal {
            read_only.push(format!("HA group label: {label} (read-only: {why})"));
        }
    }
    Some(EditDialog {
        id: d.id,
        form: FormState::new(fields),
        organizations,
        original_org: s.organization,
        original_label,
        read_only,
        sent: false,
    })
}

/// A key of the open dialog: false when it closes (confirmed or cancelled); it may send its
/// request.
pub(super) fn key(
    s: &mut Services,
    current: &mut Dialog,
    key: DialogInput,
    cx: &mut Cx<'_, Services>,
) -> bool {
    if let Dialog::AddPartitions(a) = current {
        // "Initialize now" after a success: the service is read again, then HA-2 opens.
        let init_now = key == DialogInput::Submit
            && matches!(a.phase, super::add_partitions::Phase::Done { ok: true, .. });
        let keep = super::add_partitions::key(a, key, cx);
        if init_now && let Some(d) = s.detail.as_mut() {
            d.open_init_new = true;
            cx.ask(Request::Detail(d.id));
        }
        return keep;
    }
    if let Dialog::Roles(r) = current {
        let keep = super::roles::key(r, key, cx);
        if !keep {
            init_flow::closing(current);
        }
        return keep;
    }
    if let Dialog::InitNew(w) = current {
        let keep = super::init_new::key(w, key, cx);
        if !keep {
            init_flow::closing(current);
        }
        return keep;
    }
    if let Dialog::Resize(r) = current {
        return super::resize::key(r, key, cx);
    }
    if let Dialog::Create(w) = current {
        let keep = super::create::flow::key(w, key, cx);
        if !keep {
            init_flow::closing(current);
        }
        return keep;
    }
    let editing = match &*current {
        Dialog::Edit(d) => Some(d.id),
        _ => None,
    };
    let others: Vec<(ServiceId, String)> = editing
        .map(|id| s.other_names(id))
        .unwrap_or_default()
        .into_iter()
        .map(|(i, n)| (i, n.to_string()))
        .collect();
    let (close, request) = match current {
        Dialog::Detach { id, modal } => match modal.handle(key) {
            ModalOutcome::Confirmed => (true, Some(Request::Detach(*id))),
            ModalOutcome::Cancelled => (true, None),
            ModalOutcome::Pending => (false, None),
        },
        Dialog::Delete { id, modal } => match modal.handle(key) {
            ModalOutcome::Confirmed => {
                let typed = modal.typed().to_string();
                (true, Some(Request::Delete { id: *id, typed }))
            }
            ModalOutcome::Cancelled => (true, None),
            ModalOutcome::Pending => (false, None),
        },
        Dialog::RemovePartition {
            id,
            partition,
            modal,
        } => match modal.handle(key) {
            ModalOutcome::Confirmed => {
                let typed = modal.typed().to_string();
                let (id, partition) = (*id, partition.clone());
                let request = Request::RemovePartition {
                    id,
                    partition,
                    typed,
                };
                (true, Some(request))
            }
            ModalOutcome::Cancelled => (true, None),
            ModalOutcome::Pending => (false, None),
        },
        Dialog::CoLogin(d) if key == DialogInput::Cancel => {
            let _ = d.form.take_secret("co");
            (true, None)
        }
        Dialog::CoLogin(d) => match d.form.handle(key) {
            FormKey::Submit if !d.sent => (false, submit_co_login(d)),
            _ => (false, None),
        },
        Dialog::Init(d) => init_flow::key(d, key),
        Dialog::Challenge(modal) => match modal.handle(key) {
            ModalOutcome::Pending => (false, None),
            _ => (true, None),
        },
        // Routed above; never here.
        Dialog::Create(_)
        | Dialog::Resize(_)
        | Dialog::AddPartitions(_)
        | Dialog::InitNew(_)
        | Dialog::Roles(_) => (false, None),
        Dialog::Edit(_) if key == DialogInput::Cancel => (true, None),
        Dialog::Edit(d) => match d.form.handle(key) {
            FormKey::Submit if !d.sent => (false, submit_edit(d, &others)),
            _ => (false, None),
        },
    };
    if close {
        init_flow::closing(current);
    }
    if let Some(r) = request {
        cx.ask(r);
    }
    !close
}

fn submit_co_login(d: &mut CoLoginDialog) -> Option<Request> {
    d.form.clear_errors();
    let login = if d.ped {
        let host = d.form.text("ped_host").unwrap_or("").trim().to_string();
        if host.is_empty() {
            KeysLogin::Ped(None)
        } else {
            let port = d.form.text("ped_port").unwrap_or("");
            match crate::domain::validation::validate_ped_server(&host, port) {
                Ok(server) => KeysLogin::Ped(Some(server)),
                Err(e) => {
                    d.form.apply_domain_error(&e);
                    return None;
                }
            }
        }
    } else {
        let secret = d.form.take_secret("co")?;
        if secret.expose_secret().is_empty() {
            d.form
                .set_error("co", "type the crypto officer password of the service");
            return None;
        }
        KeysLogin::Password(secret)
    };
    d.sent = true;
    Some(Request::KeysLogin { id: d.id, login })
}

fn submit_edit(d: &mut EditDialog, others: &[(ServiceId, String)]) -> Option<Request> {
    d.form.clear_errors();
    let existing: Vec<(ServiceId, &str)> = others.iter().map(|(i, n)| (*i, n.as_str())).collect();
    let name = d.form.text("name").unwrap_or("").to_string();
    let description = d.form.text("description").unwrap_or("").to_string();
    if let Err(e) = validate_service_name(&name, &existing, Some(d.id)) {
        d.form.apply_domain_error(&e);
    }
    if let Err(e) = validate_description(&description) {
        d.form.apply_domain_error(&e);
    }
    let organization = d
        .form
        .choice("organization")
        .and_then(|i| d.organizations.get(i).copied())
        .filter(|o| *o != d.original_org);
    let ha_label = match (&d.original_label, d.form.text("ha_label")) {
        (Some(old), Some(new)) if new.trim() != old => match validate_ha_group_label(new) {
            Ok(label) => Some(label),
            Err(e) => {
                d.form.apply_domain_error(&e);
                None
            }
        },
        _ => None,
    };
    if d.form.has_errors() {
        return None;
    }
    d.sent = true;
    Some(Request::Edit {
        id: d.id,
        name,
        description,
        organization,
        ha_label,
    })
}
