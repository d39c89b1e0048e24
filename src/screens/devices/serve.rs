//! The Devices screen on the backend thread: each request is one `ops::Console` call (rules,
//! permissions and the SO login policy live there); after a removal the lists are re-sent.

use super::Request;
use crate::app::message::BackendRequest;
use crate::app::screen::Answers;
use crate::domain::device::SshAuth;
use crate::ops::Console;
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
        Request::Refresh { serials } => match console.submit_refresh(&serials) {
            Ok(job) => out.say(format!("Refreshing: job {job} reads the devices.")),
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
