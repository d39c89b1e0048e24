//! Partitions → Activate Roles (INIT-5, PPSO PED: the crypto officer challenge, the crypto
//! user's optionally) and Initialize Crypto User (INIT-6, PPSO), each a masked form.
//!
//! The domain's refusal is said instead of opening (a non-PPSO service gets the LunaCM
//! commands to run; a deployed PPSO + STC service the seed's reason). Secrets are wiped on close.

use super::state::{AttrTab, DetailState, Dialog};
use super::{Request, Services};
use crate::app::App;
use crate::app::screen::Cx;
use crate::app::wire_secret::WireSecret;
use crate::domain::DomainError;
use crate::domain::device::AuthMethod;
use crate::domain::error::Field;
use crate::domain::ids::ServiceId;
use crate::domain::lifecycle::permits;
use crate::domain::operation::Operation;
use crate::kit::{DialogInput, FormField, FormKey, FormState};
use ratatui::Frame;
use ratatui::text::Line;
use secrecy::{ExposeSecret, SecretString};

/// Which form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RolesKind {
    Activate,
    InitCu,
}

/// The open form.
#[derive(Debug)]
pub struct RolesDialog {
    pub id: ServiceId,
    pub name: String,
    pub kind: RolesKind,
    pub form: FormState,
    pub sent: bool,
}

/// `v` (Activate Roles) or `u` (Initialize Crypto User) on the Partitions tab.
pub(super) fn open(d: &mut DetailState, kind: RolesKind, cx: &mut Cx<'_, Services>) {
    d.tab = AttrTab::Partitions;
    let op = match kind {
        RolesKind::Activate => Operation::ActivateRoles,
        RolesKind::InitCu => Operation::InitializeCryptoUser,
    };
    if let Some(why) = cx
        .session
        .and_then(|s| crate::domain::permission::never_for(s.role, op))
    {
        return cx.say(format!("{why}."));
    }
    let Some(detail) = d.ready() else {
        return cx.say("The service is still being read; try again in a moment.");
    };
    if let Err(e) = permits(&detail.service, op) {
        return cx.say(format!("{e}."));
    }
    let ped = detail.auth == AuthMethod::Ped;
    let fields = match kind {
        RolesKind::Activate => vec![
            FormField::secret("co", "Crypto officer challenge").bound_to(Field::CoChallenge),
            FormField::checkbox("with_cu", "Activate crypto user too"),
            FormField::secret("cu", "Crypto user challenge").bound_to(Field::CuChallenge),
        ],
        RolesKind::InitCu => {
            let (label, field) = if ped {
                ("Crypto user challenge", Field::CuChallenge)
            } else {
                ("Crypto user password", Field::CuPassword)
            };
            let mut fields = vec![
                FormField::secret("co", "Crypto officer password").bound_to(Field::CoPassword),
            ];
            fields.extend(FormField::secret_pair("cu", "cu_confirm", label, field));
            fields
        }
    };
    cx.open_own(Dialog::Roles(RolesDialog {
        id: d.id,
        name: detail.service.name.clone(),
        kind,
        form: FormState::new(fields),
        sent: false,
    }));
}

fn copy(form: &FormState, id: &str) -> SecretString {
    form.secret(id).unwrap_or_else(|| SecretString::from(""))
}

/// A key of the form: false closes it (the caller wipes its secrets).
pub(super) fn key(r: &mut RolesDialog, key: DialogInput, cx: &mut Cx<'_, Services>) -> bool {
    if key == DialogInput::Cancel {
        return false;
    }
    if r.sent || r.form.handle(key) != FormKey::Submit {
        return true;
    }
    r.form.clear_errors();
    let request = match r.kind {
        RolesKind::Activate => {
            let co = copy(&r.form, "co");
            if co.expose_secret().is_empty() {
                r.form.set_error("co", "type the crypto officer challenge");
                return true;
            }
            let with_cu = r.form.checked("with_cu").unwrap_or(false);
            Request::Activate {
                id: r.id,
                co: WireSecret(co),
                cu: with_cu.then(|| WireSecret(copy(&r.form, "cu"))),
            }
        }
        RolesKind::InitCu => {
            let cu = r.form.confirmed("cu", "cu_confirm");
            let field = r
                .form
                .fields()
                .get(1)
                .and_then(|f| f.domain)
                .unwrap_or(Field::CuPassword);
            if let Err(e) = cu.check(field) {
                r.form.apply_domain_error(&e);
                return true;
            }
            Request::InitCu {
                id: r.id,
                co: WireSecret(copy(&r.form, "co")),
                cu,
            }
        }
    };
    r.sent = true;
    cx.ask(request);
    true
}

/// The backend refused: under its field, or in the summary.
pub(super) fn refused(r: &mut RolesDialog, err: &DomainError) {
    r.sent = false;
    r.form.apply_domain_error(err);
}

pub(super) fn draw(r: &RolesDialog, app: &App, frame: &mut Frame) {
    let theme = crate::ui::screens::panel_common::theme(app);
    let name = crate::domain::text::neutralize_line(&r.name);
    let (title, intro) = match r.kind {
        RolesKind::Activate => (
            format!("Activate Roles — {name}"),
            "The PED challenges of the service's roles (INIT-5): the crypto officer's, and the \
             crypto user's when ticked (a crypto user is activated only with the crypto officer).",
        ),
        RolesKind::InitCu => (
            format!("Initialize Crypto User — {name}"),
            "Logs in as the crypto officer on the Luna client host and initializes the crypto \
             user of every partition (INIT-6).",
        ),
    };
    let mut lines = vec![Line::raw(intro)];
    if r.sent {
        lines.push(Line::styled("Starting…", theme.focus));
    }
    let hints = super::draw_dialogs::dialog_hints(app, "start");
    super::draw_dialogs::form_box(frame, frame.area(), &title, lines, &r.form, hints, &theme);
}
