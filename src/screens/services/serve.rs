//! The backend side of the Services screen: each request calls the
//! `ops::Console` method (never a rule of its own) and answers with an `Event`.

use super::init_new::NewCredentials;
use super::{Event, JobKind, OnceSecret, Request};
use crate::app::screen::Answers;
use crate::domain::organization::Organization;
use crate::ops::{Console, OpsError, OpsResult};

type Events<'a, 'b> = &'a mut Answers<'b>;

fn send(events: Events<'_, '_>, e: Event) {
    events.answer(e);
}

/// Every failure goes back as a refusal: the dialog that asked shows it (inline when it names
/// a field) and can be corrected or closed; with no dialog open it is said on the notice line.
fn fail(events: Events<'_, '_>, e: OpsError) {
    match e {
        OpsError::Refused(d) => send(events, Event::Refused(d)),
        other => send(
            events,
            Event::Refused(crate::domain::DomainError::refused(other.to_string())),
        ),
    }
}

fn reply<T>(events: Events<'_, '_>, r: OpsResult<T>, ok: impl FnOnce(T) -> Event) {
    match r {
        Ok(v) => send(events, ok(v)),
        Err(e) => fail(events, e),
    }
}

fn started(events: Events<'_, '_>, r: OpsResult<crate::domain::ids::JobId>, kind: JobKind) {
    reply(events, r, |job| Event::JobStarted { kind, job });
}

/// Organizations an Admin may pick; an Owner gets none (they may not change it).
fn organizations(console: &Console) -> Vec<Organization> {
    console.organizations().unwrap_or_default()
}

pub(super) fn serve(console: &mut Console, r: Request, events: &mut Answers<'_>) {
    match r {
        Request::List => reply(events, console.services(), Event::List),
        Request::Detail(id) => {
            let orgs = organizations(console);
            reply(events, console.service_detail(id), |d| Event::Detail {
                detail: Box::new(d),
                organizations: orgs,
            })
        }
        Request::Clients(id) => reply(events, console.service_clients(id), |rows| {
            Event::Clients(id, rows)
        }),
        Request::ReadClients(id) => started(
            events,
            console.submit_read_clients(id),
            JobKind::Clients(id),
        ),
        Request::KeysLogin { id, login } => started(
            events,
            console.open_keys_session(id, login),
            JobKind::Keys(id),
        ),
        Request::Keys(id) => match console.keys(id) {
            Ok(rows) => send(events, Event::Keys(id, rows)),
            Err(e) => send(events, Event::KeysFailed(id, e.to_string())),
        },
        Request::LogOff(id) => {
            console.log_off_keys(id);
            send(events, Event::LoggedOff(id));
        }
        Request::Edit {
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
            reply(events, r, |()| Event::Edited(id));
        }
        Request::Detach(id) => {
            let name = console
                .service_detail(id)
                .map(|d| d.service.name)
                .unwrap_or_else(|_| format!("service {id}"));
            reply(events, console.detach_service(id), |()| {
                Event::Detached(name)
            })
        }
        Request::Initialize { id, creds } => match console.submit_initialize(id, creds) {
            Ok(s) => {
                let kind = JobKind::Initialize(id);
                send(events, Event::JobStarted { kind, job: s.job });
                if let Some(c) = s.generated_challenge {
                    send(events, Event::Challenge(id, OnceSecret(c)));
                }
            }
            Err(e) => fail(events, e),
        },
        Request::Create(ask) => super::create::flow::serve(console, ask, events),
        Request::Activate { id, co, cu } => {
            let r =
                console.submit_activate_roles(id, co.into_secret(), cu.map(|c| c.into_secret()));
            started(events, r.map(|s| s.job), JobKind::Roles(id));
        }
        Request::InitCu { id, co, cu } => {
            let r = console.submit_initialize_crypto_user(id, co.into_secret(), cu);
            started(events, r.map(|s| s.job), JobKind::Roles(id));
        }
        Request::InitNew { id, form } => {
            let r = match form {
                NewCredentials::Password(f) => console.submit_init_new_partitions(id, f),
                NewCredentials::Ped(f) => console.submit_init_new_ped_partitions(id, f),
            };
            match r {
                Ok((job, cu)) => send(
                    events,
                    Event::InitNewStarted {
                        id,
                        job,
                        crypto_user: cu.status_line(),
                    },
                ),
                Err(e) => fail(events, e),
            }
        }
        Request::AddChoices(id) => reply(events, console.add_partition_choices(id), |rows| {
            let rows = rows
                .iter()
                .map(|(d, why)| crate::ops::create_choices::DeviceChoice::of(d, why.clone()))
                .collect();
            Event::AddChoices(id, rows)
        }),
        Request::AddPartitions { id, devices } => started(
            events,
            console.submit_add_partitions(id, &devices),
            JobKind::AddPartitions(id),
        ),
        Request::RemovePartition {
            id,
            partition,
            typed,
        } => started(
            events,
            console.submit_remove_partition(id, &partition, &typed),
            JobKind::RemovePartition(id),
        ),
        Request::Resize { id, size } => started(
            events,
            console.submit_resize(id, &size),
            JobKind::Resize(id),
        ),
        Request::Delete { id, typed } => started(
            events,
            console.submit_delete_service(id, &typed),
            JobKind::Delete(id),
        ),
    }
}
