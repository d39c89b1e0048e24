//! Initialize New Partitions (HA-2, password services): Important → Define Partition (the
//! service's label, fixed; the cloning domain twice) → Initialize Role → the job → the result.
//!
//! Secrets stay in masked fields; the request carries a copy; they are wiped when the job starts
//! or the wizard closes.

use super::state::{AttrTab, DetailState, Dialog};
use super::{Request, Services};
use crate::app::App;
use crate::app::screen::Cx;
use crate::domain::DomainError;
use crate::domain::device::AuthMethod;
use crate::domain::error::Field;
use crate::domain::ids::{JobId, ServiceId};
use crate::domain::initialization::ConfirmedSecret;
use crate::domain::operation::Operation;
use crate::domain::text::neutralize_line;
use crate::kit::{DialogInput, FormField, FormState};
use crate::ops::ha_init::NewPartitionsForm;
use crate::ui::screens::panel_common::{WizardKeyNames, theme};
use crate::ui::widgets::modal::wrapped_height;
use crate::ui::widgets::{Form, WizardFrame, centered};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout};
use ratatui::text::Line;
use ratatui::widgets::{Clear, Paragraph, Wrap};
use secrecy::SecretString;

const STEPS: [&str; 3] = ["Important", "Define Partition", "Initialize Role"];

/// The wizard's state.
#[derive(Debug)]
pub struct InitNew {
    pub id: ServiceId,
    pub name: String,
    pub ppso: bool,
    pub step: usize,
    pub form: FormState,
    pub refusal: Option<String>,
    pub sent: bool,
    pub job: Option<JobId>,
    /// The result: what the job said and what became of the crypto user.
    pub result: Option<(bool, String)>,
    pub crypto_user: Option<String>,
}

fn step_of(id: &str) -> usize {
    match id {
        "label" | "domain" | "domain_confirm" => 1,
        _ => 2,
    }
}

fn pair(id: &'static str, confirm: &'static str, label: &str, field: Field) -> [FormField; 2] {
    [
        FormField::secret(id, label).bound_to(field),
        FormField::secret(confirm, "  type it again"),
    ]
}

/// HA-2 from the Partitions tab, the Add Partitions result or the Services list: the wizard
/// for an open, read service (Owners of the organization may; PED services are refused).
pub(super) fn open(d: &mut DetailState, cx: &mut Cx<'_, Services>) {
    d.tab = AttrTab::Partitions;
    let never = cx.session.and_then(|s| {
        crate::domain::permission::never_for(s.role, Operation::InitializeNewPartitions)
    });
    if let Some(why) = never {
        return cx.say(format!("{why}."));
    }
    let Some(detail) = d.ready() else {
        return cx.say("The service is still being read; try again in a moment.");
    };
    // The lifecycle rule decides (never initialized: use Initialize; nothing pending; view-only).
    if let Err(e) =
        crate::domain::lifecycle::permits(&detail.service, Operation::InitializeNewPartitions)
    {
        return cx.say(format!("{e}."));
    }
    if detail.auth == AuthMethod::Ped {
        return cx.say(
            "PED services: the new partitions are initialized with the PED and its keys; \
             this wizard is for password services (HA-2)."
                .to_string(),
        );
    }
    // The label ops applies: the first existing member's.
    let label = detail
        .initialized
        .first()
        .map(|p| p.label.clone())
        .unwrap_or_default();
    let ppso = detail.service.ppso;
    let mut fields = vec![FormField::text("label", "Partition label").value(label)];
    fields.extend(pair("domain", "domain_confirm", "Cloning domain", Field::CloningDomain));
    if ppso {
        fields.extend(pair("so", "so_confirm", "Partition SO password", Field::SoPassword));
    }
    fields.extend(pair("co", "co_confirm", "Crypto officer password", Field::CoPassword));
    if ppso {
        fields.push(FormField::checkbox("with_cu", "Initialize Crypto User"));
        fields.extend(pair("cu", "cu_confirm", "Crypto user password", Field::CuPassword));
    }
    let mut form = FormState::new(fields);
    form.set_locked(
        "label",
        Some("the label of the service's partitions: every member has the same".into()),
    );
    let mut w = InitNew {
        id: d.id,
        name: detail.service.name.clone(),
        ppso,
        step: 0,
        form,
        refusal: None,
        sent: false,
        job: None,
        result: None,
        crypto_user: None,
    };
    w.go_to(0);
    cx.open_own(Dialog::InitNew(Box::new(w)));
}

impl InitNew {
    fn go_to(&mut self, step: usize) {
        self.step = step.min(STEPS.len() - 1);
        let shown = self.step;
        self.form.show_only(|id| step_of(id) == shown);
        // The fixed label is read, not typed: the focus starts on the first field to type.
        if self.form.focused_id() == Some("label") {
            self.form.focus_next();
        }
    }

    fn confirmed(&self, id: &str, confirm: &str) -> ConfirmedSecret {
        let get = |i| self.form.secret(i).unwrap_or_else(|| SecretString::from(""));
        ConfirmedSecret::new(get(id), get(confirm))
    }

    /// The credentials typed, each secret checked (8-132 characters, typed twice alike).
    fn credentials(&self) -> Result<NewPartitionsForm, DomainError> {
        let domain = self.confirmed("domain", "domain_confirm");
        domain.check(Field::CloningDomain)?;
        let so = self.ppso.then(|| self.confirmed("so", "so_confirm"));
        if let Some(so) = &so {
            so.check(Field::SoPassword)?;
        }
        let co = self.confirmed("co", "co_confirm");
        co.check(Field::CoPassword)?;
        let with_cu = self.ppso && self.form.checked("with_cu").unwrap_or(false);
        let cu = with_cu.then(|| self.confirmed("cu", "cu_confirm"));
        if let Some(cu) = &cu {
            cu.check(Field::CuPassword)?;
        }
        Ok(NewPartitionsForm { domain, so, co, cu })
    }

    /// A refusal under its field (that step to the front), or above the form.
    pub fn show_error(&mut self, err: &DomainError) {
        self.sent = false;
        let bound = matches!(err, DomainError::Invalid { field, .. }
            if self.form.fields().iter().any(|f| f.domain == Some(*field)));
        if bound {
            self.form.apply_domain_error(err);
            let step = self.form.focused_id().map_or(1, step_of);
            self.go_to(step);
        } else {
            self.refusal = Some(err.to_string());
        }
    }
}

/// A key of the wizard: false closes it (its secrets wiped by the caller).
pub(super) fn key(w: &mut InitNew, key: DialogInput, cx: &mut Cx<'_, Services>) -> bool {
    if w.result.is_some() {
        return !matches!(key, DialogInput::Submit | DialogInput::Cancel);
    }
    if key == DialogInput::Cancel {
        return false;
    }
    if w.sent || w.job.is_some() {
        return true;
    }
    match key {
        DialogInput::PrevStep => w.go_to(w.step.saturating_sub(1)),
        DialogInput::Submit | DialogInput::NextStep if w.step + 1 < STEPS.len() => {
            w.refusal = None;
            w.go_to(w.step + 1);
        }
        DialogInput::Submit | DialogInput::NextStep => {
            w.form.clear_errors();
            w.refusal = None;
            match w.credentials() {
                Ok(form) => {
                    w.sent = true;
                    cx.ask(Request::InitNew { id: w.id, form });
                }
                Err(e) => w.show_error(&e),
            }
        }
        other => {
            w.form.handle(other);
        }
    }
    true
}

/// The job started: the secrets are wiped and the wizard follows it.
pub(super) fn started(job: JobId, crypto_user: String, cx: &mut Cx<'_, Services>) {
    if let Some(Dialog::InitNew(w)) = cx.own_dialog() {
        w.form.wipe_secrets();
        w.sent = false;
        w.job = Some(job);
        w.crypto_user = Some(crypto_user);
    }
    cx.say(format!("Job {job}: initializing the new partitions…"));
}

pub(super) fn done(id: ServiceId, job: JobId, ok: bool, summary: &str, cx: &mut Cx<'_, Services>) {
    if let Some(Dialog::InitNew(w)) = cx.own_dialog()
        && w.job == Some(job)
    {
        w.result = Some((ok, summary.to_string()));
    }
    cx.say(format!("Initialize new partitions: {summary}"));
    cx.ask(Request::Detail(id));
    cx.ask(Request::List);
}

pub(super) fn draw(w: &InitNew, app: &App, frame: &mut Frame) {
    let t = theme(app);
    let area = frame.area();
    let rect = centered(area, 100, area.height.saturating_sub(2));
    frame.render_widget(Clear, rect);
    let names = WizardKeyNames::of(app);
    let title = format!("Initialize New Partitions — {}", neutralize_line(&w.name));
    let mut wizard = WizardFrame::new(&title, &STEPS, w.step, &t).keys(names.keys());
    wizard = match (&w.result, w.job) {
        (Some(_), _) => wizard.custom_hints(vec![(&names.finish, "Close")]),
        (None, Some(_)) => wizard.custom_hints(vec![(&names.cancel, "Hide (the job goes on)")]),
        _ => wizard,
    };
    let areas = wizard.areas(rect);
    frame.render_widget(wizard, rect);
    let body = areas.body;
    if let Some((ok, summary)) = &w.result {
        let mut lines = vec![Line::styled(
            format!("{} {}", if *ok { "✔" } else { "✖" }, neutralize_line(summary)),
            if *ok { t.focus } else { t.error },
        )];
        if let Some(cu) = &w.crypto_user {
            lines.push(Line::raw(""));
            lines.push(Line::raw(format!("Crypto user: {}", neutralize_line(cu))));
        }
        frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), body);
        return;
    }
    if let Some(job) = w.job {
        let view = (job, "initializing the new partitions");
        return super::draw_init::progress(frame, body, app, view, &names.cancel, &t);
    }
    use crate::domain::validation::{MAX_SECRET_CHARS, MIN_SECRET_CHARS};
    let mut intro = vec![Line::styled(
        match w.step {
            0 => "Important: the new partitions must join the same cloning domain, with the \
                  same credentials, as the service's existing partitions — otherwise keys \
                  cannot be cloned between them and the HA group does not synchronize. Type \
                  exactly the cloning domain and passwords the service already uses."
                .to_string(),
            1 => "The label is the service's. Type the service's cloning domain twice.".into(),
            _ => format!(
                "The service's passwords, each typed twice ({MIN_SECRET_CHARS}-{MAX_SECRET_CHARS} \
                 characters). With Initialize Crypto User ticked (Space), the crypto user is \
                 initialized as the seed's table says."
            ),
        },
        if w.step == 0 { t.warning } else { t.muted },
    )];
    if let Some(r) = &w.refusal {
        intro.push(Line::styled(format!("✖ {}", neutralize_line(r)), t.error));
    }
    if w.sent {
        intro.push(Line::styled("Starting…", t.focus));
    }
    let h = wrapped_height(&intro, body.width).saturating_add(1);
    let [top, rest] = Layout::vertical([Constraint::Length(h), Constraint::Min(1)]).areas(body);
    frame.render_widget(Paragraph::new(intro).wrap(Wrap { trim: false }), top);
    if w.step > 0 {
        frame.render_widget(Form::new(&w.form, &t), rest);
    }
}
