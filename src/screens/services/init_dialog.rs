//! The Initialize dialog of the Services list (INIT-1..3): its form per authentication, the
//! credentials it builds, inline validation by `validate_init`, and the once-shown challenge.
//!
//! Secrets live only in masked, zeroized secret fields; after a refused submit the secrets that
//! were fine are typed back into their fields, the one in error (and its confirmation) is emptied.

use super::Request;
use crate::domain::device::{AuthMethod, DEFAULT_PED_PORT, PedServer};
use crate::domain::error::Field;
use crate::domain::ids::ServiceId;
use crate::domain::initialization::{ConfirmedSecret, InitCredentials, validate_init};
use crate::domain::service::Service;
use crate::domain::validation::validate_ped_server;
use crate::domain::{DomainError, DomainResult};
use crate::kit::{FormField, FormState, MessageKind, MessageModal};
use secrecy::{ExposeSecret, SecretString};
use zeroize::Zeroize;

/// Secret field ids with their confirmation and domain field, in form order.
const SECRETS: [(&str, &str, Field); 6] = [
    ("domain", "domain_confirm", Field::CloningDomain),
    ("so", "so_confirm", Field::SoPassword),
    ("co", "co_confirm", Field::CoPassword),
    ("cu", "cu_confirm", Field::CuPassword),
    ("co_challenge", "co_challenge_confirm", Field::CoChallenge),
    ("cu_challenge", "cu_challenge_confirm", Field::CuChallenge),
];

/// The Initialize dialog: empty (`form` None) until the service has been read.
#[derive(Debug)]
pub struct InitDialog {
    pub id: ServiceId,
    pub name: String,
    pub service: Option<Box<Service>>,
    pub form: Option<FormState>,
    /// A refusal that names no field of the form (PERM, state, device), shown wrapped.
    pub refusal: Option<String>,
    /// True while the backend works on the request (the dialog stays until it answers).
    pub sent: bool,
    /// The wizard step shown (issue 11.9: the seed's Define Partition → Initialize Roles →
    /// Activate Roles for PED).
    pub step: usize,
    /// The initialization job once started: the dialog shows its progress per partition.
    pub job: Option<crate::domain::ids::JobId>,
}

/// The seed's steps (INIT-2 password, INIT-3 PED).
const PASSWORD_STEPS: [&str; 2] = ["Define Partition", "Initialize Roles"];
const PED_STEPS: [&str; 3] = ["Define Partition", "Initialize Roles", "Activate Roles"];

/// The step a field of the form belongs to.
fn step_of(id: &str) -> usize {
    match id {
        "label" | "domain" | "domain_confirm" => 0,
        "activate_co" | "activate_cu" => 2,
        _ => 1,
    }
}

impl InitDialog {
    /// The dialog while the service is being read.
    pub fn loading(id: ServiceId, name: String) -> InitDialog {
        InitDialog {
            id,
            name,
            service: None,
            form: None,
            refusal: None,
            sent: false,
            step: 0,
            job: None,
        }
    }

    /// The wizard's steps for this service's authentication.
    pub fn steps(&self) -> &'static [&'static str] {
        if self.ped() {
            &PED_STEPS
        } else {
            &PASSWORD_STEPS
        }
    }

    pub fn last_step(&self) -> bool {
        self.step + 1 >= self.steps().len()
    }

    /// Shows step `step` (clamped): only its fields are drawn and focused.
    pub fn go_to(&mut self, step: usize) {
        self.step = step.min(self.steps().len().saturating_sub(1));
        let shown = self.step;
        if let Some(form) = self.form.as_mut() {
            form.show_only(|id| step_of(id) == shown);
        }
    }

    /// The dialog for `service`, its fields chosen by authentication and PPSO.
    pub fn for_service(service: &Service) -> InitDialog {
        let mut d = InitDialog::loading(service.id, service.name.clone());
        d.set_service(service);
        d
    }

    pub fn set_service(&mut self, service: &Service) {
        self.name = service.name.clone();
        self.form = Some(FormState::new(fields(service)));
        self.service = Some(Box::new(service.clone()));
        self.go_to(0);
    }

    pub fn ped(&self) -> bool {
        self.service
            .as_ref()
            .is_some_and(|s| s.auth == AuthMethod::Ped)
    }

    pub fn ppso(&self) -> bool {
        self.service.as_ref().is_some_and(|s| s.ppso)
    }

    /// Shows `err` under its field, or (naming no field of the form) above the form.
    pub fn show_error(&mut self, err: &DomainError) {
        let Some(form) = self.form.as_mut() else {
            self.refusal = Some(err.to_string());
            return;
        };
        match err {
            DomainError::Invalid { field, .. }
                if form.fields().iter().any(|f| f.domain == Some(*field)) =>
            {
                form.apply_domain_error(err);
                // The step of the field in error comes to the front.
                let step = form.focused_id().map_or(0, step_of);
                self.go_to(step);
            }
            _ => self.refusal = Some(err.to_string()),
        }
    }

    /// Wipes every secret field (Esc, or the dialog closing).
    pub fn wipe(&mut self) {
        if let Some(form) = self.form.as_mut() {
            for (a, b, _) in SECRETS {
                drop(form.take_secret(a));
                drop(form.take_secret(b));
            }
        }
    }
}

fn fields(s: &Service) -> Vec<FormField> {
    let mut f = vec![FormField::text("label", "Partition label").bound_to(Field::PartitionLabel)];
    if s.auth == AuthMethod::Ped {
        f.push(FormField::text("ped_host", "Remote PED server").bound_to(Field::PedServer));
        f.push(
            FormField::number("ped_port", "PED port")
                .value(DEFAULT_PED_PORT.to_string())
                .bound_to(Field::PedPort),
        );
        if s.ppso {
            f.extend(FormField::secret_pair(
                "co_challenge",
                "co_challenge_confirm",
                "Crypto officer challenge",
                Field::CoChallenge,
            ));
            f.push(FormField::checkbox("with_cu", "Crypto user"));
            f.extend(FormField::secret_pair(
                "cu_challenge",
                "cu_challenge_confirm",
                "Crypto user challenge",
                Field::CuChallenge,
            ));
        }
        f.push(
            FormField::checkbox("activate_co", "Activate crypto officer")
                .bound_to(Field::ActivateRoles),
        );
        if s.ppso {
            f.push(FormField::checkbox("activate_cu", "Activate crypto user"));
        }
        return f;
    }
    f.extend(FormField::secret_pair(
        "domain",
        "domain_confirm",
        "Cloning domain",
        Field::CloningDomain,
    ));
    if s.ppso {
        f.extend(FormField::secret_pair(
            "so",
            "so_confirm",
            "Partition SO password",
            Field::SoPassword,
        ));
    }
    f.extend(FormField::secret_pair(
        "co",
        "co_confirm",
        "Crypto officer password",
        Field::CoPassword,
    ));
    if s.ppso {
        f.push(FormField::checkbox("with_cu", "Crypto user"));
        f.extend(FormField::secret_pair(
            "cu",
            "cu_confirm",
            "Crypto user password",
            Field::CuPassword,
        ));
    }
    f
}

/// The secrets taken out of the form, by field id.
struct Taken(Vec<(&'static str, SecretString)>);

impl Taken {
    fn take(form: &mut FormState) -> Taken {
        let mut out = Vec::new();
        for (a, b, _) in SECRETS {
            for id in [a, b] {
                if let Some(s) = form.take_secret(id) {
                    out.push((id, s));
                }
            }
        }
        Taken(out)
    }

    fn get(&self, id: &str) -> SecretString {
        self.0
            .iter()
            .find(|(i, _)| *i == id)
            .map_or_else(|| SecretString::from(""), |(_, s)| s.clone())
    }

    fn pair(&self, id: &str, confirm: &str) -> ConfirmedSecret {
        ConfirmedSecret::new(self.get(id), self.get(confirm))
    }

    /// Types the secrets back, except those of the field in error.
    fn restore(self, form: &mut FormState, err: &DomainError) {
        let bad = match err {
            DomainError::Invalid { field, .. } => SECRETS
                .iter()
                .find(|(_, _, f)| f == field)
                .map(|(a, b, _)| (*a, *b)),
            _ => None,
        };
        for (id, secret) in self.0 {
            if bad.is_some_and(|(a, b)| a == id || b == id) || !form.focus_id(id) {
                continue;
            }
            for c in secret.expose_secret().chars() {
                form.handle(crate::kit::DialogInput::Type(c));
            }
        }
    }
}

fn credentials(form: &FormState, service: &Service, t: &Taken) -> DomainResult<InitCredentials> {
    let label = form.text("label").unwrap_or("").trim().to_string();
    let with_cu = form.checked("with_cu").unwrap_or(false);
    if service.auth == AuthMethod::Ped {
        let host = form.text("ped_host").unwrap_or("");
        let port = form.text("ped_port").unwrap_or("");
        let ped: PedServer = validate_ped_server(host, port)?;
        return Ok(InitCredentials::Ped {
            label,
            ped,
            co_challenge: service
                .ppso
                .then(|| t.pair("co_challenge", "co_challenge_confirm")),
            cu_challenge: (service.ppso && with_cu)
                .then(|| t.pair("cu_challenge", "cu_challenge_confirm")),
            activate_co: form.checked("activate_co").unwrap_or(false),
            activate_cu: form.checked("activate_cu").unwrap_or(false),
        });
    }
    Ok(InitCredentials::Password {
        label,
        domain: t.pair("domain", "domain_confirm"),
        so: service.ppso.then(|| t.pair("so", "so_confirm")),
        co: t.pair("co", "co_confirm"),
        cu: (service.ppso && with_cu).then(|| t.pair("cu", "cu_confirm")),
    })
}

/// Enter: builds and validates the credentials; an error stays in the form and nothing is sent.
pub(super) fn submit(d: &mut InitDialog) -> Option<Request> {
    let (Some(form), Some(service)) = (d.form.as_mut(), d.service.as_deref()) else {
        return None;
    };
    if d.sent {
        return None;
    }
    form.clear_errors();
    d.refusal = None;
    let focus = form.focus_index();
    let taken = Taken::take(form);
    let checked =
        credentials(form, service, &taken).and_then(|c| validate_init(service, &c).map(|_| c));
    match checked {
        Ok(creds) => {
            d.sent = true;
            Some(Request::Initialize { id: d.id, creds })
        }
        Err(e) => {
            taken.restore(form, &e);
            let _ = form
                .fields()
                .get(focus)
                .map(|f| f.id)
                .map(|id| form.focus_id(id));
            d.show_error(&e);
            None
        }
    }
}

/// The generated PED challenge of a non-PPSO PED service, shown once (INIT-3).
pub fn challenge_modal(service: &str, challenge: &SecretString) -> MessageModal {
    MessageModal::new(
        MessageKind::Info,
        "Record the PED challenge",
        vec![
            format!("Service '{service}': the PED generated this crypto officer challenge:"),
            challenge.expose_secret().to_string(),
            "Record it now: lunadeck shows it this once and never stores it.".into(),
        ],
    )
}

/// Closing the challenge modal: its text is wiped before it is dropped.
pub fn wipe_modal(modal: &mut MessageModal) {
    modal.text.iter_mut().for_each(Zeroize::zeroize);
}
