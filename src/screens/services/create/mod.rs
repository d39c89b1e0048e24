//! The Create Service wizard (SVC-1, SVC-2): General → Choose Template → Add Devices → Assign
//! Organization → (Initialize at Creation, 5.x/6.x) → Summary with the dry run, then the job.

pub mod credentials;
pub(super) mod draw;
pub mod flow;

use crate::domain::DomainError;
use crate::domain::device::AuthMethod;
use crate::domain::error::Field;
use crate::domain::ids::{JobId, ServiceId, TemplateId};
use crate::domain::organization::Organization;
use crate::domain::template::Template;
use crate::domain::validation::{
    MAX_SERVICE_NAME_CHARS, validate_description, validate_ha_members, validate_service_name,
};
use crate::kit::{CancelGuard, Column, FormField, FormState, Picker, TableState};
use crate::ops::create_choices::DeviceChoice;
use crate::ops::create_service::CreateServiceRequest;
use crate::screens::services::device_lists::DeviceLists;
use secrecy::SecretString;

/// The seed's steps, and Initialize at Creation when 5.x/6.x devices are chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    General,
    Template,
    Devices,
    Organization,
    /// 5.x/6.x appliances create and initialize in one step: label and credentials first.
    Initialize,
    Summary,
}

impl Step {
    pub fn title(self) -> &'static str {
        match self {
            Step::General => "General",
            Step::Template => "Choose Template",
            Step::Devices => "Add Devices",
            Step::Organization => "Assign Organization",
            Step::Initialize => "Initialize at Creation",
            Step::Summary => "Summary",
        }
    }
}

/// Where the wizard is after the steps.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Phase {
    /// Filling the steps.
    Editing,
    /// Finish was sent.
    Starting,
    /// The create job runs: its progress per device.
    Running(JobId),
    /// It succeeded; `service` once the list shows it ("Initialize now" needs it).
    Created {
        summary: String,
        service: Option<ServiceId>,
    },
    /// It failed: the job's message names the device, the step and what was undone.
    Failed(String),
}

/// The wizard's state (in the console's one dialog slot).
#[derive(Debug)]
pub struct CreateWizard {
    pub step: usize,
    pub general: FormState,
    pub templates: Picker<Template>,
    /// Add Devices: Available and Selected.
    pub lists: DeviceLists,
    pub organizations: Picker<Organization>,
    /// The templates and organizations arrived.
    pub loaded: bool,
    /// The template the device lists were read for.
    pub devices_for: Option<TemplateId>,
    /// SVC-2: the device commands Finish will run, per device (None while planning).
    pub plan: Option<Vec<(String, Vec<String>)>>,
    /// First line of the Summary shown (Up/Down scroll it).
    pub scroll: usize,
    /// A refusal naming no field of the step (the plan, a permission), or why a device
    /// cannot be added.
    pub refusal: Option<String>,
    pub phase: Phase,
    pub cancel: CancelGuard,
    /// Initialize at Creation (5.x/6.x devices): the form, for the template's authentication.
    pub init: Option<(AuthMethod, FormState)>,
    /// A PED 5.x/6.x creation's generated crypto officer challenge, shown once with the result.
    pub challenge: Option<SecretString>,
    /// A question to the backend is unanswered (a refusal then belongs to this wizard).
    pub waiting: bool,
    /// Which plan request the Summary waits for (an older answer is dropped).
    pub plan_asked: u64,
    opened_with: Vec<String>,
}

impl Default for CreateWizard {
    fn default() -> Self {
        let general = FormState::new(vec![
            FormField::text("name", "Name")
                .bound_to(Field::ServiceName)
                .note(format!(
                    "At most {MAX_SERVICE_NAME_CHARS} characters; unique in its organization."
                )),
            FormField::text("description", "Description").bound_to(Field::Description),
        ]);
        let opened_with = general.snapshot();
        CreateWizard {
            step: 0,
            general,
            templates: Picker::new(TableState::new(vec![
                Column::new("Name"),
                Column::new("Description"),
                Column::new("Type"),
                Column::new("Authentication"),
                Column::new("Size (bytes)"),
                Column::new("PPSO"),
                Column::new("SKS"),
                Column::new("STC"),
            ])),
            lists: DeviceLists::default(),
            organizations: Picker::new(TableState::new(vec![
                Column::new("#"),
                Column::new("Organization"),
            ])),
            loaded: false,
            devices_for: None,
            plan: None,
            scroll: 0,
            refusal: None,
            phase: Phase::Editing,
            cancel: CancelGuard::default(),
            init: None,
            challenge: None,
            waiting: true,
            plan_asked: 0,
            opened_with,
        }
    }
}

impl CreateWizard {
    /// The steps for what is chosen so far.
    pub fn steps(&self) -> Vec<Step> {
        let mut steps = vec![
            Step::General,
            Step::Template,
            Step::Devices,
            Step::Organization,
        ];
        if self.legacy() {
            steps.push(Step::Initialize);
        }
        steps.push(Step::Summary);
        steps
    }

    pub fn current(&self) -> Step {
        let steps = self.steps();
        steps
            .get(self.step)
            .or(steps.last())
            .copied()
            .unwrap_or(Step::General)
    }

    /// Keeps `step` on a step that exists (the steps change with the devices chosen).
    fn clamp(&mut self) {
        self.step = self.step.min(self.steps().len().saturating_sub(1));
    }

    /// Shows `step` (when it is one of the steps now).
    pub fn go_to(&mut self, step: Step) {
        if let Some(i) = self.steps().iter().position(|s| *s == step) {
            self.step = i;
        }
    }

    /// Some chosen device creates and initializes in one step (5.x/6.x).
    pub fn legacy(&self) -> bool {
        self.devices().iter().any(|d| d.initializes_at_creation)
    }

    /// Entering Initialize at Creation: its form for the template's authentication (kept
    /// while the authentication stays the same).
    pub fn prepare_init(&mut self) {
        let Some(auth) = self.template().map(|t| t.capabilities.auth) else {
            return;
        };
        if self.init.as_ref().is_some_and(|(a, _)| *a == auth) {
            return;
        }
        self.wipe();
        self.init = Some((auth, credentials::form(auth)));
    }

    /// Wipes every secret the wizard holds (it closes, or its job started).
    pub fn wipe(&mut self) {
        if let Some((_, form)) = self.init.as_mut() {
            form.wipe_secrets();
        }
    }

    /// Whether anything was typed or chosen since the wizard opened.
    pub fn typed(&self) -> bool {
        self.general.snapshot() != self.opened_with || self.lists.selected.table.total_len() > 0
    }

    /// The name typed, as the service will be called.
    pub fn service_name(&self) -> String {
        self.general.text("name").unwrap_or("").trim().to_string()
    }

    pub fn template(&self) -> Option<&Template> {
        self.templates.table.selected_row()
    }

    pub fn organization(&self) -> Option<&Organization> {
        self.organizations.table.selected_row()
    }

    /// The chosen devices in the order they were added (the first is the primary member).
    pub fn devices(&self) -> Vec<&DeviceChoice> {
        self.lists.chosen()
    }

    /// What Finish sends, from the steps as they are.
    pub fn request(&self) -> Option<CreateServiceRequest> {
        Some(CreateServiceRequest {
            name: self.general.text("name").unwrap_or("").to_string(),
            description: self.general.text("description").unwrap_or("").to_string(),
            template: self.template()?.id,
            devices: self.devices().iter().map(|d| d.serial.clone()).collect(),
            organization: self.organization().map(|o| o.id)?,
            init: match (&self.init, self.legacy()) {
                (Some((auth, form)), true) => credentials::credentials(form, *auth).ok(),
                _ => None,
            },
        })
    }

    /// Checks the step shown by the domain rules; a refusal stays in the step.
    pub fn check_step(&mut self) -> Result<(), DomainError> {
        self.general.clear_errors();
        self.refusal = None;
        if let Some((_, form)) = self.init.as_mut() {
            form.clear_errors();
        }
        let result = match self.current() {
            Step::General => {
                validate_service_name(self.general.text("name").unwrap_or(""), &[], None)
                    .and_then(|_| {
                        validate_description(self.general.text("description").unwrap_or(""))
                    })
                    .map(|_| ())
            }
            Step::Template if self.template().is_none() => Err(DomainError::refused(
                "choose a template: none is highlighted (clear the search?)",
            )),
            Step::Devices if self.devices_for != self.template().map(|t| t.id) => Err(
                DomainError::refused("the devices are still being read for this template"),
            ),
            Step::Devices => match self.template() {
                Some(t) => {
                    let serials: Vec<_> = self.devices().iter().map(|d| d.serial.clone()).collect();
                    validate_ha_members(t.capabilities.service_type, &serials)
                }
                None => Ok(()),
            },
            Step::Organization if self.organization().is_none() => Err(DomainError::refused(
                "choose the organization that will own the service",
            )),
            Step::Initialize => match &self.init {
                Some((auth, form)) => credentials::credentials(form, *auth).map(|_| ()),
                None => Ok(()),
            },
            _ => Ok(()),
        };
        if let Err(e) = &result {
            self.show_error(e);
        }
        result
    }

    /// A refusal: under the General field it names, else above the step.
    pub fn show_error(&mut self, err: &DomainError) {
        self.waiting = false;
        if matches!(self.phase, Phase::Starting) {
            self.phase = Phase::Editing;
        }
        let general_field = matches!(err, DomainError::Invalid { field, .. }
            if self.general.fields().iter().any(|f| f.domain == Some(*field)));
        let init_field = matches!((err, &self.init), (DomainError::Invalid { field, .. }, Some((_, f)))
            if f.fields().iter().any(|x| x.domain == Some(*field)));
        if general_field {
            self.general.apply_domain_error(err);
            self.go_to(Step::General);
        } else if init_field {
            if let Some((_, form)) = self.init.as_mut() {
                form.apply_domain_error(err);
            }
            self.go_to(Step::Initialize);
        } else {
            self.refusal = Some(err.to_string());
        }
    }

    /// Add / Remove on the Add Devices step: moves the highlighted device to the other list;
    /// a device that does not fit stays, and why is shown.
    pub fn toggle_device(&mut self) {
        self.refusal = self.lists.toggle().err();
        self.clamp();
    }

    /// The template changed since the devices were read: the lists are emptied until the
    /// devices for the new template arrive.
    pub fn forget_devices(&mut self) {
        self.lists.clear();
        self.devices_for = None;
        self.clamp();
    }

    /// The device lists for the chosen template arrived: what was chosen and still exists stays
    /// chosen (in order) when it fits.
    pub fn set_devices(&mut self, template: TemplateId, devices: Vec<DeviceChoice>) {
        self.lists.set(devices);
        self.devices_for = Some(template);
        self.clamp();
    }
}
