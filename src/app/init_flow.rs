//! How the Initialize dialog moves (INIT-1..3): opened from the Services list when the row
//! offers "Initialize", filled once the service is read, its keys, the job and the challenge.

use super::action::Command;
use super::init_dialog::{InitDialog, challenge_modal, submit, wipe_modal};
use super::services_msg::ServicesRequest;
use super::services_state::ServicesDialog;
use super::state::App;
use super::update_services::ask;
use crate::domain::DomainError;
use crate::domain::ids::{JobId, ServiceId};
use crate::domain::lifecycle::InitializationAction;
use crate::domain::service::Service;
use crate::kit::DialogInput;
use crate::kit::FormKey;
use secrecy::SecretString;

/// `i` on the list: opens the dialog (the service is read first) or says why not.
pub(super) fn open(app: &mut App) -> Vec<Command> {
    let Some(row) = app.services.table.selected_row() else {
        return Vec::new();
    };
    match row.initialization {
        Some(InitializationAction::Initialize) => {}
        Some(other) => {
            app.notice = Some(format!(
                "Service '{}' offers {other}: only a service with no initialized partition \
                 is initialized here (INIT-1).",
                row.name
            ));
            return Vec::new();
        }
        None => {
            app.notice = Some(format!(
                "Service '{}' is {}: there is nothing to initialize (INIT-1).",
                row.name, row.state
            ));
            return Vec::new();
        }
    }
    let (id, name) = (row.id, row.name.clone());
    app.services.dialog = Some(ServicesDialog::Init(InitDialog::loading(id, name)));
    vec![ask(ServicesRequest::Detail(id))]
}

/// The service was read: an Initialize dialog waiting for it gets its fields.
pub(super) fn on_detail(app: &mut App, service: &Service) {
    if let Some(ServicesDialog::Init(d)) = app.services.dialog.as_mut() {
        if d.id == service.id && d.form.is_none() {
            d.set_service(service);
        }
    }
}

/// A key of the dialog: Esc closes (wiping the secrets), Enter submits.
pub(super) fn key(d: &mut InitDialog, key: DialogInput) -> (bool, Vec<Command>) {
    if key == DialogInput::Cancel {
        d.wipe();
        return (true, Vec::new());
    }
    let Some(form) = d.form.as_mut() else {
        return (false, Vec::new());
    };
    match form.handle(key) {
        FormKey::Submit => (false, submit(d).into_iter().collect()),
        _ => (false, Vec::new()),
    }
}

/// The backend refused (PERM, state, device version): the reason shows in the dialog.
pub(super) fn refused(d: &mut InitDialog, err: &DomainError) {
    d.sent = false;
    d.show_error(err);
}

/// The job started: the dialog closes; progress shows as for every job.
pub(super) fn started(app: &mut App, job: JobId) {
    if let Some(ServicesDialog::Init(_)) = app.services.dialog.as_ref() {
        closing(app.services.dialog.take());
    }
    app.notice = Some(format!("Job {job}: initializing the service…"));
}

/// The job ended: the list (and an open service) are read again.
pub(super) fn done(app: &mut App, id: ServiceId, summary: &str) -> Vec<Command> {
    app.notice = Some(format!("Initialize: {summary}"));
    let mut out = vec![ask(ServicesRequest::List)];
    if app.services.detail.as_ref().is_some_and(|d| d.id == id) {
        out.push(ask(ServicesRequest::Detail(id)));
    }
    out
}

/// INIT-3: the generated challenge is shown once, in a modal that wipes it when closed.
pub(super) fn challenge(app: &mut App, id: ServiceId, c: &SecretString) {
    let name = app
        .services
        .table
        .rows()
        .iter()
        .find(|r| r.id == id)
        .map_or_else(|| format!("{id}"), |r| r.name.clone());
    let modal = challenge_modal(&name, c);
    closing(
        app.services
            .dialog
            .replace(ServicesDialog::Challenge(modal)),
    );
}

/// A dialog leaves the screen: secrets it still holds are wiped.
pub(super) fn closing(dialog: Option<ServicesDialog>) {
    match dialog {
        Some(ServicesDialog::Init(mut d)) => d.wipe(),
        Some(ServicesDialog::Challenge(m)) => wipe_modal(m),
        _ => {}
    }
}
