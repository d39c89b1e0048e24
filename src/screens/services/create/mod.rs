//! The Create Service wizard (SVC-1, SVC-2): General → Choose Template → Add Devices → Assign
//! Organization → Summary (the dry run of the plan Finish runs), then the job and its result.

pub(super) mod draw;
pub mod flow;
mod rows;

use crate::domain::DomainError;
use crate::domain::error::Field;
use crate::domain::ids::{JobId, ServiceId, TemplateId};
use crate::domain::organization::Organization;
use crate::domain::template::Template;
use crate::domain::validation::{validate_description, validate_ha_members, validate_service_name};
use crate::kit::{CancelGuard, Column, FormField, FormState, Picker, TableState};
use crate::ops::create_choices::DeviceChoice;
use crate::ops::create_service::CreateServiceRequest;

/// The seed's steps.
pub const STEPS: [&str; 5] = [
    "General",
    "Choose Template",
    "Add Devices",
    "Assign Organization",
    "Summary",
];
pub const GENERAL: usize = 0;
pub const TEMPLATE: usize = 1;
pub const DEVICES: usize = 2;
pub const ORGANIZATION: usize = 3;
pub const SUMMARY: usize = 4;

/// Which list of the Add Devices step has the keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Available,
    Selected,
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
    pub available: Picker<DeviceChoice>,
    pub selected: Picker<DeviceChoice>,
    pub side: Side,
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
    opened_with: Vec<String>,
}

impl Default for CreateWizard {
    fn default() -> Self {
        let general = FormState::new(vec![
            FormField::text("name", "Name")
                .bound_to(Field::ServiceName)
                .note("At most 28 characters; unique in its organization."),
            FormField::text("description", "Description").bound_to(Field::Description),
        ]);
        let opened_with = general.snapshot();
        CreateWizard {
            step: GENERAL,
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
            available: Picker::new(rows::device_table()),
            selected: Picker::new(rows::device_table()),
            side: Side::Available,
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
            opened_with,
        }
    }
}

impl CreateWizard {
    /// Whether anything was typed or chosen since the wizard opened.
    pub fn typed(&self) -> bool {
        self.general.snapshot() != self.opened_with || self.selected.table.total_len() > 0
    }

    pub fn template(&self) -> Option<&Template> {
        self.templates.table.selected_row()
    }

    pub fn organization(&self) -> Option<&Organization> {
        self.organizations.table.selected_row()
    }

    /// The chosen devices in the order they were added (the first is the primary member).
    pub fn devices(&self) -> Vec<&DeviceChoice> {
        self.selected.table.rows().iter().collect()
    }

    /// What Finish sends, from the steps as they are.
    pub fn request(&self) -> Option<CreateServiceRequest> {
        Some(CreateServiceRequest {
            name: self.general.text("name").unwrap_or("").to_string(),
            description: self.general.text("description").unwrap_or("").to_string(),
            template: self.template()?.id,
            devices: self.devices().iter().map(|d| d.serial.clone()).collect(),
            organization: self.organization().map(|o| o.id)?,
            init: None,
        })
    }

    /// Checks the step shown by the domain rules; a refusal stays in the step.
    pub fn check_step(&mut self) -> Result<(), DomainError> {
        self.general.clear_errors();
        self.refusal = None;
        let result = match self.step {
            GENERAL => validate_service_name(self.general.text("name").unwrap_or(""), &[], None)
                .and_then(|_| validate_description(self.general.text("description").unwrap_or("")))
                .map(|_| ()),
            TEMPLATE if self.template().is_none() => Err(DomainError::refused(
                "choose a template: none is highlighted (clear the search?)",
            )),
            DEVICES => match self.template() {
                Some(t) => {
                    let serials: Vec<_> = self.devices().iter().map(|d| d.serial.clone()).collect();
                    validate_ha_members(t.capabilities.service_type, &serials)
                }
                None => Ok(()),
            },
            ORGANIZATION if self.organization().is_none() => Err(DomainError::refused(
                "choose the organization that will own the service",
            )),
            _ => Ok(()),
        };
        if let Err(e) = &result {
            self.show_error(e);
        }
        result
    }

    /// A refusal: under the General field it names, else above the step.
    pub fn show_error(&mut self, err: &DomainError) {
        if matches!(self.phase, Phase::Starting) {
            self.phase = Phase::Editing;
        }
        let general_field = matches!(err, DomainError::Invalid { field, .. }
            if self.general.fields().iter().any(|f| f.domain == Some(*field)));
        if general_field {
            self.general.apply_domain_error(err);
            self.step = GENERAL;
        } else {
            self.refusal = Some(err.to_string());
        }
    }

    /// Add / Remove on the Add Devices step: moves the highlighted device to the other list;
    /// a device that does not fit stays, and why is shown.
    pub fn toggle_device(&mut self) {
        self.refusal = None;
        let (from, to) = match self.side {
            Side::Available => (&mut self.available, &mut self.selected),
            Side::Selected => (&mut self.selected, &mut self.available),
        };
        let Some(row) = from.table.selected_row().cloned() else {
            return;
        };
        if self.side == Side::Available
            && let Some(why) = &row.unfit
        {
            self.refusal = Some(format!("{} cannot be added: {why}", row.name));
            return;
        }
        let rest: Vec<DeviceChoice> = from
            .table
            .rows()
            .iter()
            .filter(|d| d.serial != row.serial)
            .cloned()
            .collect();
        from.table.replace_rows(rest);
        let mut moved: Vec<DeviceChoice> = to.table.rows().to_vec();
        moved.push(row);
        if self.side == Side::Selected {
            moved.sort_by(|a, b| a.name.cmp(&b.name));
        }
        to.table.replace_rows(moved);
    }

    /// The device lists for the chosen template arrived: what was chosen and still exists stays
    /// chosen (in order) when it fits.
    pub fn set_devices(&mut self, template: TemplateId, devices: Vec<DeviceChoice>) {
        let kept: Vec<DeviceChoice> = self
            .selected
            .table
            .rows()
            .iter()
            .filter_map(|s| devices.iter().find(|d| d.serial == s.serial && d.unfit.is_none()))
            .cloned()
            .collect();
        let available = devices
            .into_iter()
            .filter(|d| !kept.iter().any(|k| k.serial == d.serial))
            .collect();
        self.available.table.replace_rows(available);
        self.selected.table.replace_rows(kept);
        self.devices_for = Some(template);
    }
}
