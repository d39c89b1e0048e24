//! The Create Service Template wizard (TPL-2: General → Set Capabilities → Summary), also
//! prefilled for Copy (TPL-3) and, as its one Set Capabilities step, the Capabilities Edit (TPL-4).

use crate::domain::DomainError;
use crate::domain::device::{AuthMethod, Performance};
use crate::domain::error::Field;
use crate::domain::ids::TemplateId;
use crate::domain::template::{Capabilities, HsmLine, ServiceType};
use crate::domain::template_rules::normalize_capabilities;
use crate::domain::template_rules::options::{
    CapabilityOption, apply_line, fixed_by_line, requirement,
};
use crate::domain::validation::{
    MAX_PARTITION_SIZE, MIN_PARTITION_SIZE, parse_partition_size, validate_description,
    validate_template_name,
};
use crate::kit::{CancelGuard, FormField, FormState};
use crate::ops::templates::TemplateDraft;

const SERVICE_TYPES: [ServiceType; 2] = [ServiceType::Partition, ServiceType::HaGroup];
const PERFORMANCE: [Performance; 3] = [
    Performance::Standard,
    Performance::Enterprise,
    Performance::Maximum,
];
const AUTH: [AuthMethod; 2] = [AuthMethod::Password, AuthMethod::Ped];
const LINES: [HsmLine; 3] = [HsmLine::Luna6, HsmLine::Luna7, HsmLine::Luna77];
const CHECKBOXES: [(&str, CapabilityOption); 3] = [
    ("ppso", CapabilityOption::Ppso),
    ("sks", CapabilityOption::Sks),
    ("stc", CapabilityOption::Stc),
];

/// The seed's steps.
const CREATE_STEPS: [&str; 3] = ["General", "Set Capabilities", "Summary"];
const EDIT_STEPS: [&str; 1] = ["Set Capabilities"];

/// What the wizard is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Purpose {
    Create,
    /// TPL-3: prefilled from the template named.
    Copy {
        from: String,
    },
    /// TPL-4: the Capabilities tab's Edit of this template.
    EditCapabilities {
        id: TemplateId,
        name: String,
    },
}

/// The wizard's state (in the console's one dialog slot).
#[derive(Debug)]
pub struct TemplateWizard {
    pub purpose: Purpose,
    pub step: usize,
    pub form: FormState,
    /// A refusal that names no field (permission, the store), shown above the form.
    pub refusal: Option<String>,
    /// Finish was sent; the wizard waits for the answer.
    pub sent: bool,
    /// The draft as the backend checked it, for the Summary (None while it checks).
    pub checked: Option<TemplateDraft>,
    pub cancel: CancelGuard,
    /// Which check the Summary waits for (an older answer is dropped).
    pub asked: u64,
    /// Every other template's name (the name must be unique).
    names: Vec<(TemplateId, String)>,
    opened_with: Vec<String>,
}

/// What a key asked of the screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Next {
    Stay,
    /// The Summary came up: check the draft with the backend (question number `.0`).
    Check(u64, TemplateDraft),
    Create(TemplateDraft),
    SaveCapabilities(TemplateId, Capabilities),
}

fn labels<T: ToString>(items: &[T]) -> Vec<String> {
    items.iter().map(ToString::to_string).collect()
}

fn index_of<T: PartialEq>(items: &[T], v: &T) -> usize {
    items.iter().position(|i| i == v).unwrap_or(0)
}

/// The step a field belongs to in the three-step wizard.
fn step_of(id: &str) -> usize {
    match id {
        "name" | "description" => 0,
        _ => 1,
    }
}

fn fields(draft: &TemplateDraft, general: bool) -> Vec<FormField> {
    let c = &draft.capabilities;
    let mut f = Vec::new();
    if general {
        f.push(
            FormField::text("name", "Name")
                .value(draft.name.clone())
                .bound_to(Field::TemplateName),
        );
        f.push(
            FormField::text("description", "Description")
                .value(draft.description.clone())
                .bound_to(Field::Description),
        );
    }
    f.push(
        FormField::choice("service_type", "Service type", labels(&SERVICE_TYPES))
            .selected(index_of(&SERVICE_TYPES, &c.service_type))
            .note("HSM Partition: one device. HA Group: two or more devices."),
    );
    f.push(
        FormField::choice("performance", "Performance", labels(&PERFORMANCE))
            .selected(index_of(&PERFORMANCE, &c.performance))
            .note("Devices must offer at least this performance."),
    );
    f.push(
        FormField::choice("auth", "Authentication", labels(&AUTH))
            .selected(index_of(&AUTH, &c.auth)),
    );
    f.push(
        FormField::choice("line", "HSM model", labels(&LINES))
            .selected(index_of(&LINES, &c.line))
            .note("Devices must run firmware of this line."),
    );
    f.push(
        FormField::number("size", "Partition size (bytes)")
            .value(c.partition_size.to_string())
            .bound_to(Field::PartitionSize)
            .note(format!(
                "Digits only, {MIN_PARTITION_SIZE}-{MAX_PARTITION_SIZE}."
            )),
    );
    for (id, option) in CHECKBOXES {
        let label = match option {
            CapabilityOption::Ppso => "Per-Partition SO",
            CapabilityOption::Sks => "Scalable Key Storage",
            CapabilityOption::Stc => "Secure Trusted Channel",
        };
        let on = match option {
            CapabilityOption::Ppso => c.ppso,
            CapabilityOption::Sks => c.sks,
            CapabilityOption::Stc => c.stc,
        };
        f.push(
            FormField::checkbox(id, label)
                .checked(on)
                .note(requirement(option)),
        );
    }
    f
}

/// The defaults of a new template: a standalone password partition for Luna 7.7+.
pub fn blank_draft() -> TemplateDraft {
    TemplateDraft {
        name: String::new(),
        description: String::new(),
        capabilities: Capabilities {
            service_type: ServiceType::Partition,
            performance: Performance::Standard,
            auth: AuthMethod::Password,
            line: HsmLine::Luna77,
            partition_size: 100_000,
            ppso: true,
            sks: false,
            stc: false,
        },
    }
}

impl TemplateWizard {
    pub fn new(purpose: Purpose, draft: &TemplateDraft, names: Vec<(TemplateId, String)>) -> Self {
        let general = !matches!(purpose, Purpose::EditCapabilities { .. });
        let form = FormState::new(fields(draft, general));
        let opened_with = Vec::new();
        let mut w = TemplateWizard {
            purpose,
            step: 0,
            form,
            refusal: None,
            sent: false,
            checked: None,
            cancel: CancelGuard::default(),
            asked: 0,
            names,
            opened_with,
        };
        w.apply_rules();
        // What the rules set on opening is not something typed.
        w.opened_with = w.form.snapshot();
        w.go_to(0);
        w
    }

    pub fn steps(&self) -> &'static [&'static str] {
        match self.purpose {
            Purpose::EditCapabilities { .. } => &EDIT_STEPS,
            _ => &CREATE_STEPS,
        }
    }

    pub fn title(&self) -> String {
        match &self.purpose {
            Purpose::Create => "Create Service Template".into(),
            Purpose::Copy { from } => format!("Create Service Template (copy of {from})"),
            Purpose::EditCapabilities { name, .. } => {
                format!("Edit template {name} (Capabilities)")
            }
        }
    }

    pub fn on_summary(&self) -> bool {
        self.steps().get(self.step) == Some(&"Summary")
    }

    /// Whether anything was typed or chosen since the wizard opened.
    pub fn typed(&self) -> bool {
        self.form.snapshot() != self.opened_with
    }

    fn go_to(&mut self, step: usize) {
        self.step = step.min(self.steps().len().saturating_sub(1));
        let general = self.steps().len() > 1;
        let shown = self.step;
        self.form.show_only(|id| !general || step_of(id) == shown);
    }

    /// After every change: the options the chosen line fixes are set and locked, with why.
    pub fn apply_rules(&mut self) {
        let line = self
            .form
            .choice("line")
            .and_then(|i| LINES.get(i).copied())
            .unwrap_or(HsmLine::Luna77);
        for (id, option) in CHECKBOXES {
            match fixed_by_line(line, option) {
                Some(fixed) => {
                    self.form.set_checked(id, fixed.value);
                    self.form.set_locked(id, Some(fixed.reason));
                }
                None => self.form.set_locked(id, None),
            }
        }
    }

    fn capabilities(&self) -> Result<Capabilities, DomainError> {
        let pick = |id: &str| self.form.choice(id).unwrap_or(0);
        let size = parse_partition_size(self.form.text("size").unwrap_or(""))?;
        let caps = Capabilities {
            service_type: SERVICE_TYPES
                .get(pick("service_type"))
                .copied()
                .unwrap_or(ServiceType::Partition),
            performance: PERFORMANCE
                .get(pick("performance"))
                .copied()
                .unwrap_or(Performance::Standard),
            auth: AUTH
                .get(pick("auth"))
                .copied()
                .unwrap_or(AuthMethod::Password),
            line: LINES.get(pick("line")).copied().unwrap_or(HsmLine::Luna77),
            partition_size: size,
            ppso: self.form.checked("ppso").unwrap_or(false),
            sks: self.form.checked("sks").unwrap_or(false),
            stc: self.form.checked("stc").unwrap_or(false),
        };
        normalize_capabilities(apply_line(caps))
    }

    /// Checks the step shown by the domain rules; an error goes under its field.
    fn check_step(&mut self) -> Result<(), DomainError> {
        self.form.clear_errors();
        self.refusal = None;
        let result = match self.steps().get(self.step).copied() {
            Some("General") => {
                let existing: Vec<(TemplateId, &str)> =
                    self.names.iter().map(|(i, n)| (*i, n.as_str())).collect();
                validate_template_name(self.form.text("name").unwrap_or(""), &existing, None)
                    .and_then(|_| validate_description(self.form.text("description").unwrap_or("")))
                    .map(|_| ())
            }
            Some("Set Capabilities") => self.capabilities().map(|_| ()),
            _ => Ok(()),
        };
        if let Err(e) = &result {
            self.show_error(e);
        }
        result
    }

    fn draft(&self) -> Result<TemplateDraft, DomainError> {
        Ok(TemplateDraft {
            name: self.form.text("name").unwrap_or("").to_string(),
            description: self.form.text("description").unwrap_or("").to_string(),
            capabilities: self.capabilities()?,
        })
    }

    /// A refusal from the domain or the backend: under its field (that step comes to the
    /// front), else above the form.
    pub fn show_error(&mut self, err: &DomainError) {
        self.sent = false;
        let bound = matches!(err, DomainError::Invalid { field, .. }
            if self.form.fields().iter().any(|f| f.domain == Some(*field)));
        if bound {
            self.form.apply_domain_error(err);
            let step = self.form.focused_id().map_or(0, step_of);
            if self.steps().len() > 1 {
                self.go_to(step);
            }
        } else {
            self.refusal = Some(err.to_string());
        }
    }

    /// Next (Enter or PgDn): checks the step and moves on; on the last step, Finish.
    pub fn advance(&mut self) -> Next {
        if self.sent || self.check_step().is_err() {
            return Next::Stay;
        }
        if let Purpose::EditCapabilities { id, .. } = self.purpose {
            return match self.capabilities() {
                Ok(caps) => {
                    self.sent = true;
                    Next::SaveCapabilities(id, caps)
                }
                Err(e) => {
                    self.show_error(&e);
                    Next::Stay
                }
            };
        }
        if self.on_summary() {
            return match self.checked.clone() {
                Some(d) => {
                    self.sent = true;
                    Next::Create(d)
                }
                None => Next::Stay,
            };
        }
        self.go_to(self.step + 1);
        if !self.on_summary() {
            return Next::Stay;
        }
        self.checked = None;
        match self.draft() {
            Ok(d) => {
                self.asked += 1;
                Next::Check(self.asked, d)
            }
            Err(e) => {
                self.show_error(&e);
                Next::Stay
            }
        }
    }

    /// Go Back (PgUp): the step before, everything typed kept.
    pub fn back(&mut self) {
        if self.step > 0 && !self.sent {
            self.refusal = None;
            self.checked = None;
            self.go_to(self.step - 1);
        }
    }
}
