//! The backend side of the Migrate Service screen: each request calls its `ops::Console`
//! method (the rules and permissions are decided there) and answers with an `Event`.

use super::{Event, Request};
use crate::app::screen::Answers;
use crate::ops::{Console, OpsError};

/// A refusal goes back to the wizard (under its field when it names one).
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
        Request::Sources => {
            let r = console.migration_source_choices().and_then(|s| {
                let orgs = console.organizations()?;
                Ok(Event::Sources(s, orgs))
            });
            match r {
                Ok(e) => out.answer(e),
                Err(e) => out.answer(Event::Refused(e.to_string())),
            }
            return;
        }
        Request::Targets(id, model) => {
            match console.migration_target_choices(id, model) {
                Ok(t) => out.answer(Event::Targets(id, t)),
                Err(e) => out.answer(Event::Refused(e.to_string())),
            }
            return;
        }
        Request::Plan(n, id, form) => {
            match console.plan_migrate(id, &form) {
                Ok(s) => out.answer(Event::Planned(n, s)),
                Err(e) => wizard_refused(out, e),
            }
            return;
        }
        Request::Start(id, form) => match console.submit_migrate(id, *form) {
            Ok((job, warnings)) => out.answer(Event::Started(job, warnings)),
            Err(e) => return wizard_refused(out, e),
        },
        Request::Repair { service, devices } => {
            match console.submit_add_partitions(service, &devices) {
                Ok(job) => out.say(format!(
                    "Job {job}: adding partitions on the failed targets; then initialize them \
                     (Services → the new service → Partitions → i) with the same cloning \
                     domain and credentials."
                )),
                Err(e) => out.failed(e.to_string()),
            }
        }
    }
    match console.migration_overview() {
        Ok(o) => out.answer(Event::Overview(o, console.now())),
        Err(e) => out.answer(Event::Refused(e.to_string())),
    }
}
