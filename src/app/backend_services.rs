//! The backend side of the Services screen: each request calls the
//! `ops::Console` method (never a rule of its own) and answers with a `ServicesEvent`.

use super::message::BackendEvent;
use super::services_msg::{OnceSecret, ScreenJob, ServicesEvent, ServicesRequest};
use crate::domain::organization::Organization;
use crate::ops::{Console, OpsError, OpsResult};
use tokio::sync::mpsc::UnboundedSender;

type Events = UnboundedSender<BackendEvent>;

fn send(events: &Events, e: ServicesEvent) {
    let _ = events.send(BackendEvent::Services(e));
}

/// Refusals by a rule go back to the dialog (inline errors); other failures become a notice.
fn fail(events: &Events, e: OpsError) {
    match e {
        OpsError::Refused(d) => send(events, ServicesEvent::Refused(d)),
        other => {
            let _ = events.send(BackendEvent::Failed {
                message: other.to_string(),
            });
        }
    }
}

fn reply<T>(events: &Events, r: OpsResult<T>, ok: impl FnOnce(T) -> ServicesEvent) {
    match r {
        Ok(v) => send(events, ok(v)),
        Err(e) => fail(events, e),
    }
}

fn started(events: &Events, r: OpsResult<crate::domain::ids::JobId>, kind: ScreenJob) {
    reply(events, r, |job| ServicesEvent::JobStarted { kind, job });
}

/// Organizations an Admin may pick; an Owner gets none (they may not change it).
fn organizations(console: &Console) -> Vec<Organization> {
    console.organizations().unwrap_or_default()
}

pub fn answer(console: &mut Console, r: ServicesRequest, events: &Events) {
    match r {
        ServicesRequest::List => reply(events, console.services(), ServicesEvent::List),
        ServicesRequest::Detail(id) => {
            let orgs = organizations(console);
            reply(events, console.service_detail(id), |d| {
                ServicesEvent::Detail {
                    detail: Box::new(d),
                    organizations: orgs,
                }
            })
        }
        ServicesRequest::Clients(id) => reply(events, console.service_clients(id), |rows| {
            ServicesEvent::Clients(id, rows)
        }),
        ServicesRequest::ReadClients(id) => started(
            events,
            console.submit_read_clients(id),
            ScreenJob::Clients(id),
        ),
        ServicesRequest::KeysLogin { id, login } => started(
            events,
            console.open_keys_session(id, login),
            ScreenJob::Keys(id),
        ),
        ServicesRequest::Keys(id) => match console.keys(id) {
            Ok(rows) => send(events, ServicesEvent::Keys(id, rows)),
            Err(e) => send(events, ServicesEvent::KeysFailed(id, e.to_string())),
        },
        ServicesRequest::LogOff(id) => {
            console.log_off_keys(id);
            send(events, ServicesEvent::LoggedOff(id));
        }
        ServicesRequest::Edit {
            id,
            name,
            description,
            organization,
            ha_label,
        } => {
            let r = (|| {
                console.edit_service_general(id, &name, &description)?;
                if let Some(label) = ha_label {
                    console.edit_ha_label(id, &label)?;
                }
                if let Some(org) = organization {
                    console.change_service_organization(id, org)?;
                }
                Ok(())
            })();
            reply(events, r, |()| ServicesEvent::Edited(id));
        }
        ServicesRequest::Detach(id) => {
            let name = console
                .service_detail(id)
                .map(|d| d.service.name)
                .unwrap_or_else(|_| format!("service {id}"));
            reply(events, console.detach_service(id), |()| {
                ServicesEvent::Detached(name)
            })
        }
        ServicesRequest::Initialize { id, creds } => match console.submit_initialize(id, creds) {
            Ok(s) => {
                let kind = ScreenJob::Initialize(id);
                send(events, ServicesEvent::JobStarted { kind, job: s.job });
                if let Some(c) = s.generated_challenge {
                    send(events, ServicesEvent::Challenge(id, OnceSecret(c)));
                }
            }
            Err(e) => fail(events, e),
        },
        ServicesRequest::Delete { id, typed } => started(
            events,
            console.submit_delete_service(id, &typed),
            ScreenJob::Delete(id),
        ),
    }
}
