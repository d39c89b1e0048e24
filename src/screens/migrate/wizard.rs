//! The Migrate Service wizard's state (MIG-2): Select Service → New Service → Select Devices →
//! Define Partition → Initialize Roles → Summary, then the job and its result.
//!
//! Secrets stay in masked fields; the requests carry a copy; they are wiped when the job starts
//! or the wizard closes.

use crate::domain::DomainError;
use crate::domain::error::Field;
use crate::domain::ids::{JobId, ServiceId};
use crate::domain::migration::{MigrationClass, classify, destinations};
use crate::domain::organization::Organization;
use crate::domain::validation::{MAX_SERVICE_NAME_CHARS, validate_description};
use crate::kit::TableState;
use crate::kit::{CancelGuard, CellValue, Column, FormField, FormState, Picker, TableRow};
use crate::ops::migrate::{MigrateForm, MigrateSummary};
use crate::ops::migrate_records::{SourceChoice, TargetChoice, endpoint_of};
use crate::screens::migrate::wizard_forms::{self, check_partition, check_roles, roles_of};
use crate::screens::services::device_lists::DeviceLists;

/// The seed's steps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Source,
    NewService,
    Devices,
    Partition,
    Roles,
    Summary,
}

pub const STEPS: [Step; 6] = [
    Step::Source,
    Step::NewService,
    Step::Devices,
    Step::Partition,
    Step::Roles,
    Step::Summary,
];

impl Step {
    pub fn title(self) -> &'static str {
        match self {
            Step::Source => "Select Service",
            Step::NewService => "New Service",
            Step::Devices => "Select Devices",
            Step::Partition => "Define Partition",
            Step::Roles => "Initialize Roles",
            Step::Summary => "Summary",
        }
    }
}

/// Where the wizard is after the steps.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Phase {
    Editing,
    Starting,
    Running(JobId),
    /// The job ended: its sentence (the repair advice when some targets failed).
    Done {
        ok: bool,
        summary: String,
    },
}

impl TableRow for SourceChoice {
    type Key = ServiceId;

    fn key(&self) -> ServiceId {
        self.service
    }

    fn cells(&self) -> Vec<CellValue> {
        vec![
            CellValue::text(self.name.clone()),
            CellValue::text(self.partition.clone()),
            CellValue::text(self.device.clone()),
            CellValue::text(self.facts.firmware.to_string()),
            CellValue::text(self.facts.auth.to_string()),
            CellValue::text(if self.why_not.is_some() { "no" } else { "yes" }),
        ]
    }
}

/// The wizard's state (in the console's one dialog slot).
#[derive(Debug)]
pub struct MigrateWizard {
    pub step: usize,
    pub sources: Picker<SourceChoice>,
    pub organizations: Vec<Organization>,
    pub general: FormState,
    pub lists: DeviceLists,
    /// The source and HSM model the target lists were read for.
    pub targets_for: Option<(ServiceId, Option<MigrationClass>)>,
    pub warnings_of: Vec<TargetChoice>,
    pub partition: FormState,
    pub roles: FormState,
    pub summary: Option<MigrateSummary>,
    pub asked: u64,
    pub scroll: usize,
    pub refusal: Option<String>,
    pub loaded: bool,
    pub waiting: bool,
    pub phase: Phase,
    pub cancel: CancelGuard,
    /// The source the New Service form was made for (kept while the source stays).
    general_for: Option<ServiceId>,
    /// The Define Partition and Initialize Roles forms as opened (Esc asks once they differ).
    opened_with: (Vec<String>, Vec<String>),
}

impl Default for MigrateWizard {
    fn default() -> Self {
        let (partition, roles) = wizard_forms::forms(false, true);
        let opened_with = (partition.snapshot(), roles.snapshot());
        MigrateWizard {
            step: 0,
            sources: Picker::new(TableState::new(vec![
                Column::new("Service"),
                Column::new("Source partition"),
                Column::new("Device"),
                Column::new("Firmware"),
                Column::new("Auth"),
                Column::new("Can migrate"),
            ])),
            organizations: Vec::new(),
            general: FormState::new(Vec::new()),
            lists: DeviceLists::default(),
            targets_for: None,
            warnings_of: Vec::new(),
            partition,
            roles,
            summary: None,
            asked: 0,
            scroll: 0,
            refusal: None,
            loaded: false,
            waiting: true,
            phase: Phase::Editing,
            cancel: CancelGuard::default(),
            general_for: None,
            opened_with,
        }
    }
}

impl MigrateWizard {
    /// The source migrates with PED credentials (its forms are the PED ones).
    pub fn ped(&self) -> bool {
        wizard_forms::is_ped_form(&self.roles)
    }

    pub fn current(&self) -> Step {
        STEPS[self.step.min(STEPS.len() - 1)]
    }

    /// The sources and organizations arrived: the migratable first, the others after them.
    pub fn set_sources(&mut self, mut sources: Vec<SourceChoice>, orgs: Vec<Organization>) {
        sources.sort_by_key(|s| (s.why_not.is_some(), s.name.to_lowercase()));
        self.sources.table.replace_rows(sources);
        self.organizations = orgs;
        self.loaded = true;
        self.waiting = false;
    }

    pub fn source(&self) -> Option<&SourceChoice> {
        self.sources.table.selected_row()
    }

    /// The New Service form for `source`: the HSM model its class may go to, its size (with
    /// the 6.x → 7.x warning), the organizations.
    fn prepare_general(&mut self, s: &SourceChoice) {
        let to = self.destinations_of(s);
        let models: Vec<String> = to.iter().map(|c| c.to_string()).collect();
        // Migrating is most often upgrading: a 7.x destination is proposed when allowed.
        let proposed = to.iter().position(|c| c.is_luna7()).unwrap_or(0);
        let orgs: Vec<String> = self.organizations.iter().map(|o| o.name.clone()).collect();
        let own = self
            .organizations
            .iter()
            .position(|o| o.id == s.organization)
            .unwrap_or(0);
        let size_note = if s.facts.firmware.major == 6 {
            "A 7.x partition needs more space than the 6.x source for the same objects."
        } else {
            "In bytes; the source's size is proposed."
        };
        self.general = FormState::new(vec![
            FormField::choice("model", "HSM model", models)
                .selected(proposed)
                .note("What the support matrix allows this source; the targets must be of it."),
            FormField::text("name", "Name")
                .bound_to(Field::ServiceName)
                .note(format!(
                    "At most {MAX_SERVICE_NAME_CHARS} characters; unique in its organization."
                )),
            FormField::number("size", "Partition size")
                .value(s.partition_size.to_string())
                .bound_to(Field::PartitionSize)
                .note(size_note),
            FormField::choice("organization", "Organization", orgs).selected(own),
            FormField::text("description", "Description").bound_to(Field::Description),
        ]);
    }

    /// The HSM models `s` may migrate to (the seed's row of its class).
    fn destinations_of(&self, s: &SourceChoice) -> &'static [MigrationClass] {
        classify(&endpoint_of(&s.facts, s.ppso))
            .map(destinations)
            .unwrap_or(&[])
    }

    /// The HSM model chosen on New Service (None before a source).
    pub fn model(&self) -> Option<MigrationClass> {
        let s = self.source()?;
        let i = self.general.choice("model")?;
        self.destinations_of(s).get(i).copied()
    }

    /// Whatever was typed (Esc asks before discarding it).
    pub fn typed(&self) -> bool {
        self.step > 0
            || self.partition.snapshot() != self.opened_with.0
            || self.roles.snapshot() != self.opened_with.1
    }

    /// The step's own check before Next (true: it passes); a refusal is shown and the step
    /// stays.
    pub fn check_step(&mut self) -> bool {
        self.refusal = None;
        let refuse = |w: &mut Self, e: DomainError| {
            w.show_error(&e);
            false
        };
        match self.current() {
            Step::Source => match self.source().cloned() {
                None => {
                    self.refusal = Some("No service to migrate is highlighted.".into());
                    false
                }
                Some(s) => match &s.why_not {
                    Some(why) => {
                        self.refusal = Some(format!("{} cannot be migrated: {why}", s.name));
                        false
                    }
                    None => {
                        if self.general_for != Some(s.service) {
                            // Another source: its own forms, and nothing typed for the old one.
                            self.wipe();
                            self.prepare_general(&s);
                            let (partition, roles) =
                                wizard_forms::forms(wizard_forms::is_ped(&s), s.ppso);
                            self.opened_with = (partition.snapshot(), roles.snapshot());
                            (self.partition, self.roles) = (partition, roles);
                            self.general_for = Some(s.service);
                        }
                        true
                    }
                },
            },
            Step::NewService => {
                self.general.clear_errors();
                let name = self.general.text("name").unwrap_or("").trim().to_string();
                if name.is_empty() {
                    return refuse(self, DomainError::invalid(Field::ServiceName, "required"));
                }
                if name.chars().count() > MAX_SERVICE_NAME_CHARS {
                    return refuse(
                        self,
                        DomainError::invalid(
                            Field::ServiceName,
                            format!("at most {MAX_SERVICE_NAME_CHARS} characters"),
                        ),
                    );
                }
                let size = self.general.text("size").unwrap_or("");
                if let Err(e) = crate::domain::validation::parse_partition_size(size) {
                    return refuse(self, e);
                }
                if let Err(e) = validate_description(self.general.text("description").unwrap_or(""))
                {
                    return refuse(self, e);
                }
                true
            }
            Step::Devices if self.lists.chosen().is_empty() => {
                self.refusal = Some("Choose at least one target device (Enter adds it).".into());
                false
            }
            Step::Partition => {
                self.partition.clear_errors();
                match check_partition(&self.partition) {
                    Ok(()) => true,
                    Err(e) => refuse(self, e),
                }
            }
            Step::Roles => {
                self.roles.clear_errors();
                let source = self
                    .source()
                    .map(|s| s.partition.clone())
                    .unwrap_or_default();
                match check_roles(&mut self.roles, &source) {
                    Ok(()) => true,
                    Err(e) => refuse(self, e),
                }
            }
            _ => true,
        }
    }

    /// The form Migrate sends (None before a source is chosen, or while Initialize Roles holds
    /// a PED server that does not parse: its step refuses it).
    pub fn request(&self) -> Option<(ServiceId, MigrateForm)> {
        let source = self.source()?;
        let roles = roles_of(&self.partition, &self.roles).ok()?;
        let org = self
            .general
            .choice("organization")
            .and_then(|i| self.organizations.get(i))
            .map_or(source.organization, |o| o.id);
        let text = |f: &FormState, id: &str| f.text(id).unwrap_or("").to_string();
        Some((
            source.service,
            MigrateForm {
                name: text(&self.general, "name").trim().to_string(),
                description: text(&self.general, "description"),
                organization: org,
                size: text(&self.general, "size"),
                targets: self
                    .lists
                    .chosen()
                    .iter()
                    .map(|d| d.serial.clone())
                    .collect(),
                label: text(&self.partition, "label"),
                roles,
                model: self.model(),
            },
        ))
    }

    /// A refusal under its field (that step to the front), or above the step.
    pub fn show_error(&mut self, err: &DomainError) {
        self.waiting = false;
        if let DomainError::Invalid { field, .. } = err {
            let mut found = None;
            for (i, form) in [&self.general, &self.partition, &self.roles]
                .into_iter()
                .enumerate()
            {
                if form.fields().iter().any(|f| f.domain == Some(*field)) {
                    found = Some(i);
                }
            }
            if let Some(i) = found {
                let (form, step) = match i {
                    0 => (&mut self.general, Step::NewService),
                    1 => (&mut self.partition, Step::Partition),
                    _ => (&mut self.roles, Step::Roles),
                };
                form.apply_domain_error(err);
                self.step = STEPS.iter().position(|s| *s == step).unwrap_or(0);
                return;
            }
        }
        self.refusal = Some(err.to_string());
    }

    /// Every secret typed, wiped.
    pub fn wipe(&mut self) {
        self.partition.wipe_secrets();
        self.roles.wipe_secrets();
    }
}
