//! The Audit screen on the backend thread: each request is one `ops::Console` call (who may
//! read which events is decided there).

use super::{Event, Request};
use crate::app::screen::Answers;
use crate::ops::Console;
use crate::store::AuditFilter;

pub(super) fn serve(console: &mut Console, request: Request, out: &mut Answers<'_>) {
    match request {
        Request::List => match console.audit_events(&AuditFilter::default()) {
            Ok(list) => out.answer(Event::Listed(list)),
            Err(e) => out.failed(e.to_string()),
        },
        Request::Verify => out.answer(match console.verify_audit() {
            Ok(check) => Event::Verified {
                ok: true,
                message: format!(
                    "The audit chain is intact: {} event(s) checked; {}.",
                    check.events,
                    check.notes().join("; ")
                ),
            },
            Err(e) => Event::Verified {
                ok: false,
                message: e.to_string(),
            },
        }),
    }
}
