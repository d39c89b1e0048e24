//! The Import screen on the backend thread: each request is one `ops::Console` call; a change
//! is answered with the table as saved.

use super::{Event, Request};
use crate::app::screen::Answers;
use crate::domain::DomainError;
use crate::ops::{Console, OpsError};

/// A rule's refusal goes back to the screen (under the cell); other failures to the notice.
fn fail(out: &mut Answers<'_>, e: OpsError) {
    match e {
        OpsError::Refused(d) => out.answer(Event::Refused(d)),
        other => out.failed(other.to_string()),
    }
}

pub(super) fn serve(console: &mut Console, request: Request, out: &mut Answers<'_>) {
    match request {
        Request::Table => table(console, out),
        Request::Discover => match console.submit_discovery() {
            Ok(job) => out.answer(Event::DiscoveryStarted(job)),
            Err(e) => fail(out, e),
        },
        Request::Edit { partition, edit } => match console.edit_import_row(&partition, edit) {
            Ok(_) => table(console, out),
            Err(e) => fail(out, e),
        },
        Request::DeleteRow(partition) => match console.delete_import_row(&partition) {
            Ok(()) => table(console, out),
            Err(e) => fail(out, e),
        },
        Request::Finish => finish(console, out),
        Request::Cancel => match console.cancel_import() {
            Ok(()) => out.answer(Event::Cancelled),
            Err(e) => fail(out, e),
        },
    }
}

fn table(console: &Console, out: &mut Answers<'_>) {
    match console.import_draft() {
        Ok(draft) => {
            let warnings = draft
                .as_ref()
                .map(|d| crate::domain::import::warnings(&d.rows))
                .unwrap_or_default();
            // Organizations an Admin may pick; an Owner gets none.
            let organizations = console.organizations().unwrap_or_default();
            out.answer(Event::Table {
                draft,
                warnings,
                organizations,
            });
        }
        Err(e) => fail(out, e),
    }
}

/// IMP-5: the row errors first (listed under the table), then the import itself.
fn finish(console: &mut Console, out: &mut Answers<'_>) {
    let licences = console.partition_licences();
    match console.check_import(licences) {
        Ok(errors) if !errors.is_empty() => out.answer(Event::Errors(
            errors.iter().map(ToString::to_string).collect(),
        )),
        Ok(_) => match console.finish_import(licences) {
            Ok(services) => out.answer(Event::Finished(
                services.into_iter().map(|s| s.name).collect(),
            )),
            Err(OpsError::Refused(DomainError::Refused { reason })) => {
                out.answer(Event::Errors(reason.lines().map(str::to_string).collect()))
            }
            Err(e) => fail(out, e),
        },
        Err(e) => fail(out, e),
    }
}
