//! Authorize the marked devices (issue 16, DEV-2): one dialog naming the password devices and
//! those set apart, one masked SO password sent once, then each device's result as its job ends.

use super::{Devices, Request};
use crate::app::screen::Cx;
use crate::app::wire_secret::WireSecret;
use crate::domain::ids::{HsmSerial, JobId};
use crate::domain::job::JobState;
use crate::kit::{DialogInput, FormKey, FormState};
use crate::ops::device_batch::{AuthorizeChoices, LeftOut};

/// Where one device of the batch is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TargetState {
    /// Not sent yet (the password is being typed, or the request is on its way).
    Waiting,
    /// Its one `hsm login` runs in this job.
    Running(JobId),
    Authorized,
    /// Refused, with the reason (a wrong password, a refusal before anything was sent...).
    Refused(String),
}

/// One marked password device the SO password goes to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub serial: HsmSerial,
    pub name: String,
    pub state: TargetState,
}

/// The open dialog. Each device gets exactly one `hsm login` (one job each, never retried): a
/// refused device is listed with the reason and nothing is sent again. Every result is also
/// its job's notice, so the message log keeps them all. The password leaves the form (wiped)
/// when it is sent.
#[derive(Debug)]
pub struct FleetAuthorize {
    pub targets: Vec<Target>,
    /// Marked devices sent nothing (PED, already authorized), with the reason.
    pub apart: Vec<LeftOut>,
    /// One masked field: the HSM SO password (`authorize_form`).
    pub form: FormState,
    /// The request went to the backend (the form is done with).
    pub sent: bool,
}

impl FleetAuthorize {
    /// Every target has its result.
    pub fn finished(&self) -> bool {
        self.sent
            && self
                .targets
                .iter()
                .all(|t| matches!(t.state, TargetState::Authorized | TargetState::Refused(_)))
    }

    /// (authorized, refused, still running).
    pub fn counts(&self) -> (usize, usize, usize) {
        let count =
            |f: fn(&TargetState) -> bool| self.targets.iter().filter(|t| f(&t.state)).count();
        (
            count(|s| *s == TargetState::Authorized),
            count(|s| matches!(s, TargetState::Refused(_))),
            count(|s| matches!(s, TargetState::Waiting | TargetState::Running(_))),
        )
    }
}

/// The backend sorted the marked devices: the dialog opens when one takes a password; when none
/// does, the notice says why for each.
pub(super) fn open(choices: AuthorizeChoices, cx: &mut Cx<'_, Devices>) {
    // A late answer never takes the place of a dialog opened meanwhile.
    if cx.dialogs.dialog.is_some() {
        return;
    }
    if choices.send.is_empty() {
        let why: Vec<String> = choices
            .apart
            .iter()
            .map(|l| format!("{} ({})", l.name, l.reason))
            .collect();
        return cx.say(format!(
            "No marked device takes an HSM SO password, nothing was sent: {}.",
            why.join("; ")
        ));
    }
    let targets = choices
        .send
        .into_iter()
        .map(|(serial, name)| Target {
            serial,
            name,
            state: TargetState::Waiting,
        })
        .collect();
    cx.open_own(FleetAuthorize {
        targets,
        apart: choices.apart,
        form: super::authorize_form(),
        sent: false,
    });
}

/// A key of the dialog: false closes it (its secret wiped first).
pub(super) fn key(d: &mut FleetAuthorize, key: DialogInput, cx: &mut Cx<'_, Devices>) -> bool {
    let close = key == DialogInput::Cancel || (d.finished() && key == DialogInput::Submit);
    if close {
        d.form.wipe_secrets();
        if d.sent && !d.finished() {
            cx.say("The logins go on: each device's result goes to the message log.");
        }
        return false;
    }
    if d.sent || d.form.handle(key) != FormKey::Submit {
        return true;
    }
    d.form.clear_errors();
    let secret = d.form.take_secret("so").unwrap_or_default();
    if secrecy::ExposeSecret::expose_secret(&secret).is_empty() {
        d.form.set_error("so", "type the HSM SO password");
        return true;
    }
    // The domain's rule before anything is sent: a password no HSM takes costs no login.
    if let Err(e) = crate::domain::validation::validate_so_password(&secret) {
        d.form.apply_domain_error(&e);
        return true;
    }
    d.sent = true;
    cx.ask(Request::AuthorizeMany {
        serials: d.targets.iter().map(|t| t.serial.clone()).collect(),
        secret: WireSecret::from(secret),
    });
    true
}

/// The backend submitted one job per device (`started`: serial, name, job) and refused the
/// others before any login (`refused`).
pub(super) fn started(
    started: Vec<(HsmSerial, String, JobId)>,
    refused: Vec<LeftOut>,
    cx: &mut Cx<'_, Devices>,
) {
    if let Some(d) = cx.own_dialog() {
        for t in &mut d.targets {
            if let Some((_, _, job)) = started.iter().find(|(s, _, _)| s == &t.serial) {
                t.state = TargetState::Running(*job);
            } else if let Some(r) = refused.iter().find(|r| r.serial == t.serial) {
                t.state = TargetState::Refused(r.reason.clone());
            }
        }
    }
    let mut said = if started.is_empty() {
        "Nothing was sent".to_string()
    } else {
        let jobs: Vec<String> = started
            .iter()
            .map(|(_, name, job)| format!("{name} (job {job})"))
            .collect();
        format!(
            "Authorizing {} device(s) with one SO password, one hsm login each, never retried: {}",
            started.len(),
            jobs.join(", ")
        )
    };
    if !refused.is_empty() {
        let why: Vec<String> = refused
            .iter()
            .map(|r| format!("{}: {}", r.name, r.reason))
            .collect();
        said.push_str(&format!("; refused before any login: {}", why.join("; ")));
    }
    cx.say(format!("{said}."));
}

/// A job ended: the result of the device whose login it ran.
pub(super) fn job_done(job: JobId, state: &JobState, cx: &mut Cx<'_, Devices>) {
    let Some(d) = cx.own_dialog() else {
        return;
    };
    let Some(t) = d
        .targets
        .iter_mut()
        .find(|t| t.state == TargetState::Running(job))
    else {
        return;
    };
    t.state = match state {
        JobState::Succeeded => TargetState::Authorized,
        JobState::Failed { message } => TargetState::Refused(message.clone()),
        JobState::Cancelled => TargetState::Refused("cancelled before its login ended".into()),
        JobState::Queued | JobState::Running => return,
    };
}
