//! How the Initialize dialog moves (INIT-1..3): opened from the Services list when the row
//! offers "Initialize", filled once the service is read, its keys, the job and the challenge.

use super::init_dialog::{InitDialog, challenge_modal, submit, wipe_modal};
use super::state::Dialog;
use super::{Request, Services};
use crate::app::screen::Cx;
use crate::domain::DomainError;
use crate::domain::ids::{JobId, ServiceId};
use crate::domain::lifecycle::InitializationAction;
use crate::domain::service::Service;
use crate::kit::DialogInput;
use crate::kit::FormKey;
use secrecy::SecretString;

/// `i` on the list: opens the dialog (the service is read first) or says why not.
pub(super) fn open(s: &mut Services, cx: &mut Cx<'_, Services>) {
    let Some(row) = s.table.selected_row() else {
        return;
    };
    match row.initialization {
        Some(InitializationAction::Initialize) => {}
        // HA-2 (MNG-1): the service opens on its Partitions tab, then the wizard.
        Some(InitializationAction::InitializeNewPartitions) => {
            let mut d = super::state::DetailState::new(row.id, row.name.clone());
            d.tab = super::state::AttrTab::Partitions;
            d.open_init_new = true;
            cx.ask(Request::Detail(row.id));
            cx.ask(Request::Clients(row.id));
            s.detail = Some(d);
            return;
        }
        None => {
            cx.say(format!(
                "Service '{}' is {}: there is nothing to initialize (INIT-1).",
                row.name, row.state
            ));
            return;
        }
    }
    let (id, name) = (row.id, row.name.clone());
    cx.open_own(Dialog::Init(InitDialog::loading(id, name)));
    cx.ask(Request::Detail(id));
}

/// The service was read: an Initialize dialog waiting for it gets its fields.
pub(super) fn on_detail(service: &Service, cx: &mut Cx<'_, Services>) {
    if let Some(Dialog::Init(d)) = cx.own_dialog()
        && d.id == service.id
        && d.form.is_none()
    {
        d.set_service(service);
    }
}

/// A key of the dialog: Esc closes (wiping the secrets), Enter submits.
pub(super) fn key(d: &mut InitDialog, key: DialogInput) -> (bool, Option<Request>) {
    if key == DialogInput::Cancel {
        d.wipe();
        return (true, None);
    }
    // While the job runs the dialog only shows its progress (Esc hides it; the job goes on).
    if d.job.is_some() || d.sent {
        return (false, None);
    }
    match key {
        DialogInput::NextStep => {
            d.go_to(d.step + 1);
            return (false, None);
        }
        DialogInput::PrevStep => {
            d.go_to(d.step.saturating_sub(1));
            return (false, None);
        }
        // Enter is Next until the last step, where it initializes.
        DialogInput::Submit if !d.last_step() => {
            d.go_to(d.step + 1);
            return (false, None);
        }
        _ => {}
    }
    let Some(form) = d.form.as_mut() else {
        return (false, None);
    };
    match form.handle(key) {
        FormKey::Submit => (false, submit(d)),
        _ => (false, None),
    }
}

/// The backend refused (PERM, state, device version): the reason shows in the dialog.
pub(super) fn refused(d: &mut InitDialog, err: &DomainError) {
    d.sent = false;
    d.show_error(err);
}

/// The job started: the dialog wipes the secrets it held and shows the job's progress per
/// partition until it ends (issue 11.9); Esc hides it, the job goes on (Jobs tab).
pub(super) fn started(job: JobId, cx: &mut Cx<'_, Services>) {
    // A question waiting for its turn goes first: the view would only stand in its way.
    let waiting = !cx.dialogs.host_keys.is_empty() || !cx.dialogs.waiting.is_empty();
    if let Some(Dialog::Init(d)) = cx.own_dialog() {
        d.wipe();
        d.sent = false;
        d.job = Some(job);
    }
    if waiting {
        yield_progress(cx);
    }
    cx.say(format!("Job {job}: initializing the service…"));
}

/// The progress view gives way to a question that needs an answer (it holds no secret).
pub(super) fn yield_progress(cx: &mut Cx<'_, Services>) {
    use super::add_partitions::Phase as AddPhase;
    use super::create::Phase as CreatePhase;
    // Only views that merely follow a job (no secret, nothing typed) step aside; a create
    // that holds a PED challenge to show keeps its place.
    let watching = match cx.own_dialog() {
        Some(Dialog::Init(d)) => d.job.is_some(),
        Some(Dialog::Resize(r)) => r.job.is_some(),
        Some(Dialog::InitNew(w)) => w.job.is_some() && w.result.is_none(),
        Some(Dialog::AddPartitions(a)) => matches!(a.phase, AddPhase::Running(_)),
        Some(Dialog::Create(w)) => {
            matches!(w.phase, CreatePhase::Running(_)) && w.challenge.is_none()
        }
        _ => false,
    };
    if watching {
        cx.close_own(closing);
    }
}

/// The job ended: the list (and an open service) are read again.
pub(super) fn done(s: &mut Services, id: ServiceId, summary: &str, cx: &mut Cx<'_, Services>) {
    if matches!(cx.own_dialog(), Some(Dialog::Init(d)) if d.id == id && d.job.is_some()) {
        cx.close_own(closing);
    }
    cx.say(format!("Initialize: {summary}"));
    cx.ask(Request::List);
    if s.detail.as_ref().is_some_and(|d| d.id == id) {
        cx.ask(Request::Detail(id));
    }
}

/// INIT-3: the generated challenge is shown once, in a modal that wipes it when closed.
pub(super) fn challenge(s: &Services, id: ServiceId, c: &SecretString, cx: &mut Cx<'_, Services>) {
    let name = s
        .table
        .rows()
        .iter()
        .find(|r| r.id == id)
        .map_or_else(|| format!("{id}"), |r| r.name.clone());
    let modal = challenge_modal(&name, c);
    if let Some(Dialog::Init(_)) = cx.own_dialog() {
        cx.close_own(closing);
    }
    // Shown after any dialog open now (a host-key question), never dropped.
    cx.open_own(Dialog::Challenge(modal));
}

/// A dialog leaves the screen: secrets it still holds are wiped.
pub(super) fn closing(dialog: &mut Dialog) {
    match dialog {
        Dialog::Init(d) => d.wipe(),
        Dialog::Challenge(m) => wipe_modal(m),
        Dialog::Create(w) => {
            w.wipe();
            w.challenge = None;
        }
        Dialog::InitNew(w) => w.form.wipe_secrets(),
        Dialog::Roles(r) => r.form.wipe_secrets(),
        _ => {}
    }
}
