//! The backend side of the Service Templates screen: each request calls its `ops::Console`
//! method (the rules and permissions are decided there) and answers with an `Event`.

use super::{Event, Request};
use crate::app::screen::Answers;
use crate::ops::{Console, OpsError};

/// A refusal by a rule goes back to the wizard (inline under its field); anything else too,
/// as a sentence above the form.
fn wizard_refused(out: &mut Answers<'_>, e: OpsError) {
    let error = match e {
        OpsError::Refused(d) => d,
        other => crate::domain::DomainError::refused(other.to_string()),
    };
    out.answer(Event::WizardRefused(error));
}

pub(super) fn serve(console: &mut Console, request: Request, out: &mut Answers<'_>) {
    match request {
        Request::List => {}
        Request::AskDelete(id) => {
            match console.template_use(id) {
                Ok(u) => out.answer(Event::DeleteAsk(id, u)),
                Err(e) => out.failed(e.to_string()),
            }
            return;
        }
        Request::Delete { id, typed } => match console.delete_template(id, typed.as_deref()) {
            Ok(n) => out.say(format!(
                "Template deleted; {n} service(s) created from it keep their capabilities."
            )),
            Err(e) => out.failed(e.to_string()),
        },
        Request::EditGeneral {
            id,
            name,
            description,
        } => match console.edit_template_general(id, &name, &description) {
            Ok(t) => out.form_done(format!("Template '{}' saved.", t.name)),
            // The domain's sentence goes under its field; nothing changed.
            Err(e) => {
                out.form_refused(e);
                return;
            }
        },
        Request::EditCapabilities { id, capabilities } => {
            match console.edit_template_capabilities(id, capabilities) {
                Ok(t) => out.answer(Event::WizardDone(format!(
                    "Template '{}': capabilities saved; services created from it keep theirs.",
                    t.name
                ))),
                Err(e) => return wizard_refused(out, e),
            }
        }
        Request::Copy(id) => {
            let from = console.template(id).map(|t| t.name);
            match from.and_then(|from| Ok((from, console.template_copy(id)?))) {
                Ok((from, draft)) => out.answer(Event::CopyDraft { from, draft }),
                Err(e) => out.failed(e.to_string()),
            }
            return;
        }
        Request::CheckDraft(n, draft) => {
            match console.check_template_draft(&draft) {
                Ok(d) => out.answer(Event::DraftChecked(n, d)),
                Err(e) => wizard_refused(out, e),
            }
            return;
        }
        Request::Create(draft) => match console.create_template(&draft) {
            Ok(_) => out.answer(Event::WizardDone(format!(
                "Service template '{}' created.",
                draft.name.trim()
            ))),
            Err(e) => return wizard_refused(out, e),
        },
    }
    out.answer(match console.templates() {
        Ok(list) => Event::Listed(list),
        Err(e) => Event::Refused(e.to_string()),
    });
}
