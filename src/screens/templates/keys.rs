//! The Service Templates screen's keys and answers: the list, the General/Capabilities tabs
//! with Edit, Add and Copy opening the wizard, Delete after a confirmation.

use super::wizard::{Next, Purpose, TemplateWizard, blank_draft};
use super::{DetailTab, Dialog, Event, Form, Request, Templates, TemplatesKey};
use crate::app::panel_dialog::Dialog as PanelDialog;
use crate::app::screen::{Cx, ScreenInput};
use crate::domain::error::Field;
use crate::domain::ids::TemplateId;
use crate::domain::operation::Operation;
use crate::domain::template::Template;
use crate::kit::{
    ConfirmModal, DialogInput, FormField, FormState, Guarded, MessageModal, ModalOutcome,
    TypedConfirmModal,
};
use crate::ops::templates::TemplateDraft;
use crate::ops::templates::TemplateUse;

/// The General tab's form, filled with the template's values.
fn general_form(t: &Template) -> FormState {
    FormState::new(vec![
        FormField::text("name", "Name")
            .value(t.name.clone())
            .bound_to(Field::TemplateName),
        FormField::text("description", "Description")
            .value(t.description.clone())
            .bound_to(Field::Description),
    ])
}

/// Why the signed-in user may never manage templates (an Owner), by the PERM rule.
fn refusal(cx: &Cx<'_, Templates>) -> Option<String> {
    let role = cx.session.map(|s| s.role)?;
    crate::domain::permission::never_for(role, Operation::ManageTemplates)
}

pub(super) fn input(p: &mut Templates, input: ScreenInput, cx: &mut Cx<'_, Templates>) -> bool {
    match input {
        ScreenInput::Move(m) => p.table.apply_motion(m),
        // Enter: the selected template in full.
        ScreenInput::Open => {
            let lines = p.table.selected_details();
            if lines.is_empty() {
                return false;
            }
            cx.open(PanelDialog::Message(MessageModal::details(
                "Service template",
                lines,
            )));
        }
        ScreenInput::Key(k) => match k.get::<TemplatesKey>() {
            Some(k) => key(p, k, cx),
            None => return false,
        },
        _ => return false,
    }
    true
}

fn key(p: &mut Templates, k: TemplatesKey, cx: &mut Cx<'_, Templates>) {
    match k {
        TemplatesKey::Refresh => return cx.ask(Request::List),
        TemplatesKey::Sort | TemplatesKey::SortReverse => {
            return p.table.sort_next(k == TemplatesKey::SortReverse);
        }
        TemplatesKey::General => return p.tab = DetailTab::General,
        TemplatesKey::Capabilities => return p.tab = DetailTab::Capabilities,
        _ => {}
    }
    // Every other key changes templates: an Owner is told why not.
    if let Some(why) = refusal(cx) {
        return cx.say(format!("{why}."));
    }
    if k == TemplatesKey::Add {
        let wizard = TemplateWizard::new(Purpose::Create, &blank_draft(), p.names());
        return cx.open_own(Dialog::Wizard(wizard));
    }
    let Some(t) = p.table.selected_row() else {
        return cx.say("No template is selected.");
    };
    match k {
        TemplatesKey::Copy => cx.ask(Request::Copy(t.id)),
        TemplatesKey::Edit if p.tab == DetailTab::General => {
            let title = format!("Edit template {} (General)", t.name);
            cx.open_form(Form::General(t.id), title, general_form(t));
        }
        TemplatesKey::Edit => {
            let purpose = Purpose::EditCapabilities {
                id: t.id,
                name: t.name.clone(),
            };
            let draft = TemplateDraft {
                name: t.name.clone(),
                description: t.description.clone(),
                capabilities: t.capabilities,
            };
            cx.open_own(Dialog::Wizard(TemplateWizard::new(
                purpose,
                &draft,
                p.names(),
            )));
        }
        TemplatesKey::Delete => cx.ask(Request::AskDelete(t.id)),
        _ => {}
    }
}

pub(super) fn event(p: &mut Templates, event: Event, cx: &mut Cx<'_, Templates>) {
    match event {
        Event::Listed(list) => {
            p.table.replace_rows(list);
            p.loaded = true;
            p.refused = None;
        }
        Event::Refused(m) => p.refused = Some(m),
        Event::CopyDraft { from, draft } => {
            let wizard = TemplateWizard::new(Purpose::Copy { from }, &draft, p.names());
            cx.open_own(Dialog::Wizard(wizard));
        }
        Event::DraftChecked(n, draft) => {
            if let Some(Dialog::Wizard(w)) = cx.own_dialog()
                && w.on_summary()
                && w.asked == n
            {
                w.checked = Some(draft);
            }
        }
        Event::WizardRefused(e) => match cx.own_dialog() {
            Some(Dialog::Wizard(w)) => w.show_error(&e),
            _ => cx.say(e.to_string()),
        },
        Event::WizardDone(message) => {
            if let Some(Dialog::Wizard(_)) = cx.own_dialog() {
                cx.close_own(|_| {});
            }
            cx.say(message);
        }
        Event::DeleteAsk(id, usage) => ask_delete(id, &usage, cx),
    }
}

/// TPL-5: Keep it (the default) or Delete; the template's name typed when services use it.
fn ask_delete(id: TemplateId, usage: &TemplateUse, cx: &mut Cx<'_, Templates>) {
    let keep = format!(
        "{} service(s) created from it keep their own capabilities and show the template as \
         deleted.",
        usage.services
    );
    if usage.needs_typed_name() {
        let modal = TypedConfirmModal::new(
            format!("Delete template {}", usage.name),
            usage.name.clone(),
            "Delete the template",
        )
        .destroying(vec![format!(
            "the service template '{}' ({keep})",
            usage.name
        )]);
        return cx.open_own(Dialog::Delete { id, modal });
    }
    let modal = ConfirmModal::new(
        "Delete template",
        vec![
            format!("Delete the service template '{}'?", usage.name),
            "No service was created from it.".into(),
        ],
        "Delete the template",
    )
    .keeping("Keep it")
    .destructive();
    let then = Cx::<Templates>::request(Request::Delete { id, typed: None });
    cx.open(PanelDialog::Confirm { modal, then });
}

/// A key for the typed delete: false closes it.
pub(super) fn delete_key(
    id: TemplateId,
    modal: &mut TypedConfirmModal,
    key: DialogInput,
    cx: &mut Cx<'_, Templates>,
) -> bool {
    match modal.handle(key) {
        ModalOutcome::Pending => true,
        ModalOutcome::Cancelled => false,
        ModalOutcome::Confirmed => {
            let typed = Some(modal.typed().to_string());
            cx.ask(Request::Delete { id, typed });
            false
        }
    }
}

/// A key for the open wizard: false closes it.
pub(super) fn wizard_key(
    w: &mut TemplateWizard,
    key: DialogInput,
    cx: &mut Cx<'_, Templates>,
) -> bool {
    match w.cancel.key(key, w.typed()) {
        Guarded::Close => return false,
        Guarded::Consumed => return true,
        Guarded::Pass => {}
    }
    let next = match key {
        DialogInput::Submit | DialogInput::NextStep => w.advance(),
        DialogInput::PrevStep => {
            w.back();
            Next::Stay
        }
        // The Summary has no field: other keys mean nothing there.
        _ if w.on_summary() => Next::Stay,
        other => {
            w.form.handle(other);
            w.apply_rules();
            Next::Stay
        }
    };
    match next {
        Next::Stay => {}
        Next::Check(n, draft) => cx.ask(Request::CheckDraft(n, draft)),
        Next::Create(draft) => cx.ask(Request::Create(draft)),
        Next::SaveCapabilities(id, capabilities) => {
            cx.ask(Request::EditCapabilities { id, capabilities })
        }
    }
    true
}
