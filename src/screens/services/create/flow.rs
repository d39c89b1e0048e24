//! How the Create Service wizard moves: its keys per step, what it asks the backend (the
//! choices, the device fit for the template, the plan, the job) and what the answers do.

use super::{CreateWizard, Phase, Step};
use crate::app::screen::{Answers, Cx};
use crate::domain::ids::{JobId, ServiceId, TemplateId};
use crate::domain::organization::Organization;
use crate::domain::template::Template;
use crate::kit::{DialogInput, Guarded};
use crate::ops::create_choices::DeviceChoice;
use crate::ops::create_service::CreateServiceRequest;
use crate::ops::{Console, OpsError};
use crate::screens::services::init_dialog::InitDialog;
use crate::screens::services::{Dialog, Event, JobKind, OnceSecret, Request, Services};
use secrecy::SecretString;
use serde::{Deserialize, Serialize};

/// What the wizard asks the backend.
#[derive(Debug, Serialize, Deserialize)]
pub enum Ask {
    /// The templates and the organizations to choose from.
    Choices,
    /// Every device with whether it can host a service of the template.
    Devices(TemplateId),
    /// SVC-2: the plan Finish would run, as device commands (nothing is sent); numbered so
    /// the Summary shows only the answer to its last question.
    Plan(u64, Box<CreateServiceRequest>),
    /// Finish: the create job.
    Run(Box<CreateServiceRequest>),
}

/// What the backend answers it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Answer {
    Choices {
        templates: Vec<Template>,
        organizations: Vec<Organization>,
    },
    Devices(TemplateId, Vec<DeviceChoice>),
    /// The device commands per device, for plan request number `.0`.
    Plan(u64, Vec<(String, Vec<String>)>),
    /// The generated crypto officer challenge of a PED 5.x/6.x creation (shown once).
    Challenge {
        service: String,
        secret: OnceSecret,
    },
}

/// On the backend thread.
pub(in crate::screens::services) fn serve(console: &mut Console, ask: Ask, out: &mut Answers<'_>) {
    let answer = match ask {
        Ask::Choices => console.templates().and_then(|templates| {
            Ok(Answer::Choices {
                templates,
                organizations: console.organizations()?,
            })
        }),
        Ask::Devices(t) => console
            .create_device_choices(t)
            .map(|d| Answer::Devices(t, d)),
        Ask::Plan(n, request) => console
            .plan_create_service(&request)
            .map(|plan| Answer::Plan(n, console.dry_run_lines(&plan))),
        Ask::Run(request) => {
            let service = request.name.trim().to_string();
            match console.submit_create_service(*request) {
                Ok(s) => {
                    out.answer(Event::JobStarted {
                        kind: JobKind::Create,
                        job: s.job,
                    });
                    // PED 5.x/6.x: the challenge the PED was given, shown once with the result.
                    if let Some(c) = s.generated_challenge {
                        let secret = OnceSecret(c);
                        out.answer(Event::Create(Answer::Challenge { service, secret }));
                    }
                }
                Err(e) => refuse(out, e),
            }
            return;
        }
    };
    match answer {
        Ok(a) => out.answer(Event::Create(a)),
        Err(e) => refuse(out, e),
    }
}

fn refuse(out: &mut Answers<'_>, e: OpsError) {
    let error = match e {
        OpsError::Refused(d) => d,
        other => crate::domain::DomainError::refused(other.to_string()),
    };
    out.answer(Event::Refused(error));
}

/// `a` on the Services list: the wizard opens and reads what it offers (an Owner is told why
/// not, by the PERM rule).
pub(in crate::screens::services) fn open(cx: &mut Cx<'_, Services>) {
    let role = cx.session.map(|s| s.role);
    let never = role.and_then(|r| {
        crate::domain::permission::never_for(r, crate::domain::operation::Operation::CreateService)
    });
    if let Some(why) = never {
        return cx.say(format!("{why}."));
    }
    cx.open_own(Dialog::Create(Box::default()));
    cx.ask(Request::Create(Ask::Choices));
}

/// A key for the open wizard: false closes it.
pub(in crate::screens::services) fn key(
    w: &mut CreateWizard,
    key: DialogInput,
    cx: &mut Cx<'_, Services>,
) -> bool {
    match w.phase.clone() {
        Phase::Editing => {}
        // The job goes on when the view is hidden (Jobs shows it); a challenge already given
        // is shown in its own once-shown dialog, never dropped.
        Phase::Starting | Phase::Running(_) => {
            if key != DialogInput::Cancel {
                return true;
            }
            if let Some(c) = w.challenge.take() {
                show_challenge_apart(&w.service_name(), &c, cx);
            }
            return false;
        }
        // Created on 5.x/6.x: already initialized, nothing more to offer.
        Phase::Created { .. } if w.legacy() => {
            return !matches!(key, DialogInput::Submit | DialogInput::Cancel);
        }
        Phase::Created { service, .. } => {
            if key == DialogInput::Submit {
                if let Some(id) = service {
                    initialize_now(w, id, cx);
                    return false;
                }
                return true;
            }
            return key != DialogInput::Cancel;
        }
        Phase::Failed(_) => {
            if key == DialogInput::PrevStep {
                // Go Back: to the devices, read again (one may have been the cause).
                w.phase = Phase::Editing;
                w.challenge = None;
                w.go_to(Step::Devices);
                w.devices_for = None;
                ask_devices(w, cx);
                return true;
            }
            return key != DialogInput::Cancel;
        }
    }
    match w.cancel.key(key, w.typed()) {
        Guarded::Close => return false,
        Guarded::Consumed => return true,
        Guarded::Pass => {}
    }
    match key {
        DialogInput::PrevStep => {
            w.refusal = None;
            // The plan shown belongs to the Summary as it was: asked again on coming back.
            w.plan = None;
            w.step = w.step.saturating_sub(1);
        }
        DialogInput::NextStep => next(w, cx),
        DialogInput::Submit => match w.current() {
            Step::Devices => w.toggle_device(),
            Step::Summary => finish(w, cx),
            _ => next(w, cx),
        },
        other => step_key(w, other),
    }
    true
}

/// A key that is not a step key, to the step shown.
fn step_key(w: &mut CreateWizard, key: DialogInput) {
    match w.current() {
        Step::General => {
            w.general.handle(key);
        }
        Step::Template => {
            w.templates.key(key);
        }
        Step::Initialize => {
            if let Some((_, form)) = w.init.as_mut() {
                form.handle(key);
            }
        }
        Step::Devices => w.lists.key(key),
        Step::Organization => {
            w.organizations.key(key);
        }
        Step::Summary => match key {
            DialogInput::NextField => w.scroll = w.scroll.saturating_add(1),
            DialogInput::PrevField => w.scroll = w.scroll.saturating_sub(1),
            _ => {}
        },
    }
}

fn ask_devices(w: &mut CreateWizard, cx: &mut Cx<'_, Services>) {
    if let Some(t) = w.template().map(|t| t.id) {
        w.waiting = true;
        cx.ask(Request::Create(Ask::Devices(t)));
    }
}

/// Next: the step is checked by the domain rules; the next step reads what it needs.
fn next(w: &mut CreateWizard, cx: &mut Cx<'_, Services>) {
    if w.current() == Step::Summary || w.check_step().is_err() {
        return;
    }
    w.step += 1;
    w.scroll = 0;
    match w.current() {
        Step::Devices if w.devices_for != w.template().map(|t| t.id) => {
            w.forget_devices();
            ask_devices(w, cx);
        }
        Step::Initialize => w.prepare_init(),
        Step::Summary => {
            w.plan = None;
            if let Some(r) = w.request() {
                w.plan_asked += 1;
                w.waiting = true;
                cx.ask(Request::Create(Ask::Plan(w.plan_asked, Box::new(r))));
            }
        }
        _ => {}
    }
}

/// Finish on the Summary: only the plan that was shown is run (the backend plans it again).
fn finish(w: &mut CreateWizard, cx: &mut Cx<'_, Services>) {
    if w.plan.is_none() || w.refusal.is_some() {
        return;
    }
    if let Some(r) = w.request() {
        w.phase = Phase::Starting;
        w.waiting = true;
        cx.ask(Request::Create(Ask::Run(Box::new(r))));
    }
}

/// "Initialize now": the Initialize dialog of the new service opens (it reads the service).
fn initialize_now(w: &CreateWizard, id: ServiceId, cx: &mut Cx<'_, Services>) {
    cx.open_own(Dialog::Init(InitDialog::loading(id, w.service_name())));
    cx.ask(Request::Detail(id));
}

/// The wizard open in the slot, if it is.
fn wizard<'a>(cx: &'a mut Cx<'_, Services>) -> Option<&'a mut CreateWizard> {
    match cx.own_dialog() {
        Some(Dialog::Create(w)) => Some(w),
        _ => None,
    }
}

/// An answer of the backend, to the open wizard.
pub(in crate::screens::services) fn answer(a: Answer, cx: &mut Cx<'_, Services>) {
    let Some(w) = wizard(cx) else {
        // The wizard was hidden: a challenge still gets its once-shown dialog.
        if let Answer::Challenge { service, secret } = a {
            show_challenge_apart(&service, &secret.0, cx);
        }
        return;
    };
    w.waiting = false;
    match a {
        Answer::Choices {
            templates,
            organizations,
        } => {
            w.templates.table.replace_rows(templates);
            w.organizations.table.replace_rows(organizations);
            w.loaded = true;
        }
        // Only while Add Devices is shown: the steps never change under another step.
        Answer::Devices(t, devices) => {
            if w.current() == Step::Devices && w.template().is_some_and(|x| x.id == t) {
                w.set_devices(t, devices);
            }
        }
        Answer::Plan(n, lines) => {
            if w.current() == Step::Summary && n == w.plan_asked {
                w.plan = Some(lines);
            }
        }
        Answer::Challenge { secret, .. } => w.challenge = Some(secret.0),
    }
}

/// The once-shown challenge modal, when the wizard that would show it is gone.
fn show_challenge_apart(service: &str, c: &SecretString, cx: &mut Cx<'_, Services>) {
    let modal = crate::screens::services::init_dialog::challenge_modal(service, c);
    cx.open_own(Dialog::Challenge(modal));
}

/// A refusal for the open wizard; false when no wizard is open (the caller says it).
pub(in crate::screens::services) fn refused(
    err: &crate::domain::DomainError,
    cx: &mut Cx<'_, Services>,
) -> bool {
    match wizard(cx) {
        Some(w) if w.waiting => {
            w.show_error(err);
            true
        }
        _ => false,
    }
}

/// The create job started: the wizard shows its progress per device.
pub(in crate::screens::services) fn started(job: JobId, cx: &mut Cx<'_, Services>) {
    if let Some(w) = wizard(cx).filter(|w| w.phase == Phase::Starting) {
        w.wipe();
        w.waiting = false;
        w.phase = Phase::Running(job);
    }
    cx.say(format!("Job {job}: creating the service…"));
}

/// The create job ended: success offers Initialize now; a failure says what happened and
/// Go Back returns to the devices.
pub(in crate::screens::services) fn done(
    job: JobId,
    succeeded: bool,
    summary: &str,
    cx: &mut Cx<'_, Services>,
) {
    cx.ask(Request::List);
    cx.say(format!("Create service: {summary}"));
    if let Some(w) = wizard(cx).filter(|w| w.phase == Phase::Running(job)) {
        w.phase = if succeeded {
            Phase::Created {
                summary: summary.to_string(),
                service: None,
            }
        } else {
            Phase::Failed(summary.to_string())
        };
    }
}

/// The list arrived: a created service waiting for its id finds it (name and organization).
pub(in crate::screens::services) fn listed(
    rows: &[crate::ops::services_view::ServiceRow],
    cx: &mut Cx<'_, Services>,
) {
    let Some(w) = wizard(cx) else {
        return;
    };
    let name = w.service_name();
    let org = w.organization().map(|o| o.name.clone()).unwrap_or_default();
    if let Phase::Created { service, .. } = &mut w.phase
        && service.is_none()
    {
        *service = rows
            .iter()
            .find(|r| r.name == name && r.organization == org)
            .map(|r| r.id);
    }
}
