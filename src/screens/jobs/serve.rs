//! The Jobs screen on the backend thread: the clock, cancel and acknowledge, each one
//! `ops::Console` call (who may see or stop which job is decided there).

use super::{Event, Request};
use crate::app::message::BackendRequest;
use crate::app::screen::Answers;
use crate::ops::Console;

pub(super) fn serve(console: &mut Console, request: Request, out: &mut Answers<'_>) {
    match request {
        Request::Now => out.answer(Event::Now(console.now())),
        Request::Cancel(job) => match console.cancel_job(job) {
            Ok(()) => out.say(format!(
                "Job {job}: cancel requested; what was done is being undone."
            )),
            Err(e) => out.failed(e.to_string()),
        },
        Request::Acknowledge(job) => {
            match console.acknowledge_job(job) {
                Ok(()) => out.say(format!("Job {job} acknowledged.")),
                Err(e) => out.failed(e.to_string()),
            }
            out.frame(console, BackendRequest::ListJobs);
        }
    }
}
