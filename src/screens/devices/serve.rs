//! The Devices screen on the backend thread: each request is one `ops::Console` call (rules,
//! permissions and the SO login policy live there), one per device for the marked devices'
//! authorize; after a removal the lists are re-sent.

use super::{Event, Request};
use crate::app::message::BackendRequest;
use crate::app::screen::Answers;
use crate::app::wire_secret::WireSecret;
use crate::domain::device::SshAuth;
use crate::domain::ids::HsmSerial;
use crate::ops::Console;
use crate::ops::device_batch::LeftOut;
use crate::ops::devices::DeviceForm;

pub(super) fn serve(console: &mut Console, request: Request, out: &mut Answers<'_>) {
    match request {
        Request::Add {
            name,
            host,
            port,
            user,
            key_path,
            ssh_password,
        } => {
            let auth = match key_path {
                Some(path) => SshAuth::Key { path },
                None => SshAuth::Password,
            };
            let shown = name.trim().to_string();
            let form = DeviceForm {
                name,
                host,
                port,
                user,
                auth,
                ssh_password: ssh_password.map(|s| s.into_secret()),
            };
            match console.submit_add_device(form) {
                Ok(job) => out.form_done(format!("Adding {shown}: job {job} reads the appliance.")),
                Err(e) => out.form_refused(e),
            }
        }
        Request::Authorize { serial, secret } => {
            match console.submit_authorize(&serial, secret.into_secret()) {
                Ok(job) => out.form_done(format!(
                    "Authorizing {}: job {job} runs one hsm login.",
                    console.device_label(&serial)
                )),
                Err(e) => out.form_refused(e),
            }
        }
        Request::AuthorizeChoices { serials } => match console.authorize_choices(&serials) {
            Ok(choices) => out.answer(Event::AuthorizeChoices(choices)),
            Err(e) => out.failed(e.to_string()),
        },
        Request::AuthorizeMany { serials, secret } => authorize_many(console, serials, secret, out),
        Request::Refresh { serials } => match console.submit_refresh(&serials) {
            Ok(job) if serials.is_empty() => {
                out.say(format!("Refreshing: job {job} reads the devices."))
            }
            Ok(job) => out.say(format!(
                "Refreshing the {} marked device(s): job {job} reads them.",
                serials.len()
            )),
            Err(e) => out.failed(e.to_string()),
        },
        Request::Discover { serials } => match console.submit_discovery_of(&serials) {
            Ok(job) => {
                let names: Vec<String> = serials.iter().map(|s| console.device_label(s)).collect();
                out.say(format!(
                    "Discovering the partitions of {}: job {job}; Import Partitions shows the \
                     table it fills.",
                    names.join(", ")
                ))
            }
            Err(e) => out.failed(e.to_string()),
        },
        Request::Detail { serial } => match console.device_detail(&serial) {
            Ok(d) => out.answer(super::Event::Detail(Box::new(d))),
            Err(e) => out.answer(super::Event::DetailRefused {
                message: e.to_string(),
            }),
        },
        Request::EditStart { serial } => match console.device_detail(&serial) {
            Ok(d) => out.answer(super::Event::EditForm(Box::new(d))),
            Err(e) => out.failed(e.to_string()),
        },
        Request::Edit {
            serial,
            name,
            host,
            port,
            user,
            ped_server,
        } => {
            let edit = crate::ops::device_edit::DeviceEdit {
                name: Some(name),
                host: Some(host),
                port: Some(port),
                user: Some(user),
                auth: None,
                ped_server,
            };
            match console.edit_device(&serial, edit) {
                Ok(d) => out.form_done(format!(
                    "Device {} saved; the next refresh checks that the same HSM serial answers.",
                    d.name
                )),
                Err(e) => return out.form_refused(e),
            }
            out.frame(console, BackendRequest::ListDevices);
        }
        Request::Remove { serial } => {
            // Named before it is gone.
            let name = console.device_label(&serial);
            match console.remove_device(&serial) {
                Ok(()) => out.say(format!(
                    "Device {name} (HSM serial {serial}) removed from the console."
                )),
                Err(e) => out.failed(e.to_string()),
            }
            out.frame(console, BackendRequest::ListDevices);
            out.frame(console, BackendRequest::StatusCounts);
        }
    }
}

/// Issue 16: one `Console::submit_authorize` per device, all at once, with the same secret:
/// each job runs exactly one `hsm login` (never retried, whatever the others do). The secret
/// is wiped when the last copy handed to a job is dropped.
fn authorize_many(
    console: &mut Console,
    serials: Vec<HsmSerial>,
    secret: WireSecret,
    out: &mut Answers<'_>,
) {
    let secret = secret.into_secret();
    let mut started = Vec::new();
    let mut refused = Vec::new();
    // The job rows in one store batch: one disk sync for the whole fleet.
    let saved = console.in_store_batch(|console| {
        for serial in serials {
            let name = console.device_label(&serial);
            match console.submit_authorize(&serial, secret.clone()) {
                Ok(job) => started.push((serial, name, job)),
                Err(e) => refused.push(LeftOut {
                    serial,
                    name,
                    reason: e.to_string(),
                }),
            }
        }
    });
    drop(secret);
    if let Err(e) = saved {
        // The logins went out; only the console's record of their jobs is missing.
        out.say(format!(
            "The authorizations' job records could not be saved: {e}"
        ));
    }
    out.answer(Event::AuthorizeStarted { started, refused });
}
