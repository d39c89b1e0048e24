//! The import table (IMP-2/3/4/8) and Finish Imports (IMP-5/6/7): every edit saved at once,
//! errors listed by row and field, one service per standalone row and per HA group.

use super::console::Console;
use super::error::{OpsError, OpsResult};
use crate::domain::DomainError;
use crate::domain::audit_event::Outcome;
use crate::domain::error::Field;
use crate::domain::ids::{OrganizationId, PartitionSerial, ServiceId};
use crate::domain::import::{ImportedService, RowError, RowRef, set_ha_group, validate_import};
use crate::domain::import_row::ImportRow;
use crate::domain::lifecycle::ServiceState;
use crate::domain::operation::Operation;
use crate::domain::partition::Partition;
use crate::domain::service::{Member, Service};
use crate::domain::validation::{validate_ha_group_label, validate_service_name};
use crate::store::ImportDraft;

/// Partition licences of the console itself when the configuration says nothing (IMP-7).
/// These are CCC's own licences (how many partitions the console may manage), not the HSMs'
/// free partition licences: imported partitions already exist on their appliances.
pub const DEFAULT_CONSOLE_LICENCES: u32 = 100;

/// One cell typed into the import table (IMP-3/4).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum ImportEdit {
    /// A group name moves the partition to that group; empty makes it standalone (IMP-4).
    HaGroup(String),
    ServiceName(String),
    Description(String),
    Organization(Option<OrganizationId>),
}

impl ImportEdit {
    fn field(&self) -> Field {
        match self {
            ImportEdit::HaGroup(_) => Field::HaGroup,
            ImportEdit::ServiceName(_) => Field::ServiceName,
            ImportEdit::Description(_) => Field::Description,
            ImportEdit::Organization(_) => Field::Organization,
        }
    }
}

fn no_table() -> OpsError {
    OpsError::NotFound("there is no import table: run discovery first (Get Started)".into())
}

impl Console {
    /// The saved import table (IMP-2): rows in table order (standalone, then HA groups), with
    /// its creation and last-edit times. `None` when no table is saved (show the splash).
    pub fn import_draft(&self) -> OpsResult<Option<ImportDraft>> {
        self.authorize_read(Operation::ImportPartitions, None)?;
        let Some(mut draft) = self.store.load_import_draft()? else {
            return Ok(None);
        };
        crate::domain::import::sort_rows(&mut draft.rows);
        Ok(Some(draft))
    }

    fn draft_rows(&self) -> OpsResult<Vec<ImportRow>> {
        Ok(self.import_draft()?.ok_or_else(no_table)?.rows)
    }

    /// IMP-3/4: applies one edit to the row of `partition` and saves it at once.
    pub fn edit_import_row(
        &mut self,
        partition: &PartitionSerial,
        edit: ImportEdit,
    ) -> OpsResult<ImportRow> {
        self.atomically(|c| c.edit_import_row_unit(partition, edit))
    }

    fn edit_import_row_unit(
        &mut self,
        partition: &PartitionSerial,
        edit: ImportEdit,
    ) -> OpsResult<ImportRow> {
        self.authorize(Operation::ImportPartitions, None)?;
        let mut rows = self.draft_rows()?;
        let Some(row) = rows
            .iter()
            .find(|r| &r.partition == partition && !r.deleted)
        else {
            return Err(OpsError::NotFound(format!(
                "partition {partition} is not in the import table"
            )));
        };
        let field = edit.field();
        let mut row = row.clone();
        match &edit {
            ImportEdit::HaGroup(text) => {
                // Empty makes the row standalone; any other text must be a valid label.
                let label = match text.trim() {
                    "" => String::new(),
                    _ => validate_ha_group_label(text)?,
                };
                set_ha_group(&mut rows, partition, &label);
                row.ha_group = label;
            }
            ImportEdit::ServiceName(text) => {
                let name = text.trim();
                if !name.is_empty() {
                    validate_service_name(name, &[], None)?;
                }
                row.service_name = name.to_string();
            }
            ImportEdit::Description(text) => {
                row.description = crate::domain::validation::validate_description(text)?;
            }
            ImportEdit::Organization(org) => {
                if let Some(id) = org
                    && self.store.load_organization(*id)?.is_none()
                {
                    return Err(DomainError::invalid(
                        Field::Organization,
                        format!("organization {id} does not exist"),
                    )
                    .into());
                }
                row.organization = *org;
            }
        }
        self.store.save_import_row(&row, self.now())?;
        self.audit(
            Operation::ImportPartitions,
            None,
            Some(row.device.clone()),
            &format!(
                "import row {} ({}): {field} edited",
                row.partition_name, partition
            ),
            Outcome::Success,
        )?;
        Ok(row)
    }

    /// IMP-3/5: deletes a row from this import only (discovery finds it again next time).
    pub fn delete_import_row(&mut self, partition: &PartitionSerial) -> OpsResult<()> {
        self.atomically(|c| c.delete_import_row_unit(partition))
    }

    fn delete_import_row_unit(&mut self, partition: &PartitionSerial) -> OpsResult<()> {
        self.authorize(Operation::ImportPartitions, None)?;
        self.draft_rows()?;
        if !self.store.delete_import_row(partition, self.now())? {
            return Err(OpsError::NotFound(format!(
                "partition {partition} is not in the import table"
            )));
        }
        self.audit(
            Operation::ImportPartitions,
            None,
            None,
            &format!("import row {partition}: deleted from this import"),
            Outcome::Success,
        )
    }

    /// IMP-4: one warning per HA group still named `HA_n`.
    pub fn import_warnings(&self) -> OpsResult<Vec<String>> {
        Ok(crate::domain::import::warnings(&self.draft_rows()?))
    }

    /// IMP-8: deletes the saved table (the caller confirmed); the next import runs discovery.
    pub fn cancel_import(&mut self) -> OpsResult<()> {
        self.atomically(|c| c.cancel_import_unit())
    }

    fn cancel_import_unit(&mut self) -> OpsResult<()> {
        self.authorize(Operation::ImportPartitions, None)?;
        if self.store.load_import_draft()?.is_none() {
            return Err(no_table());
        }
        self.store.clear_import_draft()?;
        self.audit(
            Operation::ImportPartitions,
            None,
            None,
            "import table cancelled",
            Outcome::Success,
        )
    }

    /// IMP-5/7: every reason Finish Imports would be refused, by row and field (empty: ready).
    /// `console_licences` is the console's configured partition licence total (see
    /// `DEFAULT_CONSOLE_LICENCES`); partitions already managed use some of them.
    pub fn check_import(&self, console_licences: u32) -> OpsResult<Vec<RowError>> {
        Ok(match self.plan_import(console_licences)? {
            Ok(_) => Vec::new(),
            Err(errors) => errors,
        })
    }

    fn plan_import(
        &self,
        console_licences: u32,
    ) -> OpsResult<Result<Vec<ImportedService>, Vec<RowError>>> {
        let rows = self.draft_rows()?;
        let services = self.store.list_services(None)?;
        let names: Vec<(OrganizationId, &str)> = services
            .iter()
            .map(|s| (s.organization, s.name.as_str()))
            .collect();
        let orgs: Vec<OrganizationId> = self
            .store
            .list_organizations()?
            .into_iter()
            .map(|o| o.id)
            .collect();
        let managed: Vec<&PartitionSerial> = services
            .iter()
            .flat_map(|s| s.members.iter().map(|m| &m.partition))
            .collect();
        let used = u32::try_from(managed.len()).unwrap_or(u32::MAX);
        let available = console_licences.saturating_sub(used);
        let mut errors = Vec::new();
        for row in rows.iter().filter(|r| !r.deleted) {
            let gone = self.store.load_partition(&row.partition)?.is_none();
            let taken = services
                .iter()
                .find(|s| s.members.iter().any(|m| m.partition == row.partition));
            let message = match (gone, taken) {
                (true, _) => Some(
                    "the console no longer knows this partition: cancel and run discovery again"
                        .to_string(),
                ),
                (false, Some(s)) => Some(format!(
                    "already managed by service '{}': delete this row",
                    s.name
                )),
                _ => None,
            };
            if let Some(message) = message {
                errors.push(RowError {
                    row: Some(row_ref(row)),
                    field: None,
                    message,
                });
            }
        }
        match validate_import(&rows, &names, &orgs, available) {
            Ok(planned) if errors.is_empty() => Ok(Ok(planned)),
            Ok(_) => Ok(Err(errors)),
            Err(mut more) => {
                more.extend(errors);
                Ok(Err(more))
            }
        }
    }

    /// IMP-5/6/7 Finish Imports: validates every remaining row, then creates one service per
    /// standalone row and per HA group and deletes the table. Refused with every error listed
    /// one per line (row and field); on a store failure the services already created by this
    /// call are removed again, so nothing is half-imported.
    pub fn finish_import(&mut self, console_licences: u32) -> OpsResult<Vec<Service>> {
        self.atomically(|c| c.finish_import_unit(console_licences))
    }

    fn finish_import_unit(&mut self, console_licences: u32) -> OpsResult<Vec<Service>> {
        self.authorize(Operation::ImportPartitions, None)?;
        let planned = match self.plan_import(console_licences)? {
            Ok(p) => p,
            Err(errors) => {
                let lines: Vec<String> = errors.iter().map(ToString::to_string).collect();
                return Err(DomainError::refused(format!(
                    "Finish Imports refused:\n{}",
                    lines.join("\n")
                ))
                .into());
            }
        };
        let mut built = Vec::with_capacity(planned.len());
        for p in &planned {
            built.push(self.imported_service(p)?);
        }
        // One unit of work (`finish_import`): every service, its audit event and the table it
        // consumes are committed together; a failure or a crash leaves the table as it was.
        let mut created: Vec<Service> = Vec::with_capacity(built.len());
        for mut service in built {
            service.id = self.store.save_service(&service).map_err(|e| {
                OpsError::Failed(format!(
                    "Finish Imports failed while creating '{}': {e}; nothing was imported",
                    service.name
                ))
            })?;
            created.push(service);
        }
        for s in &created {
            let device = match s.primary() {
                Some(p) => self.store.load_partition(p)?.map(|p| p.device),
                None => None,
            };
            self.audit(
                Operation::ImportPartitions,
                Some(s.organization),
                device,
                &format!("imported service '{}' ({})", s.name, s.state),
                Outcome::Success,
            )?;
        }
        self.store.clear_import_draft()?;
        Ok(created)
    }

    /// The service record of one planned import: its state from the partitions' own state.
    fn imported_service(&self, p: &ImportedService) -> OpsResult<Service> {
        let mut partitions: Vec<Partition> = Vec::with_capacity(p.members.len());
        for serial in &p.members {
            let part = self
                .store
                .load_partition(serial)?
                .ok_or_else(|| OpsError::NotFound(format!("partition {serial} is not known")))?;
            partitions.push(part);
        }
        let first = partitions
            .first()
            .ok_or_else(|| OpsError::NotFound(format!("service '{}' has no partition", p.name)))?;
        let device = self.store.load_device(&first.device)?.ok_or_else(|| {
            OpsError::NotFound(format!("device {} is no longer added", first.device))
        })?;
        let (state, members) = imported_state(p.view_only, &partitions);
        Ok(Service {
            id: ServiceId(0),
            name: p.name.clone(),
            description: p.description.clone(),
            kind: p.kind.clone(),
            template: None,
            organization: p.organization,
            created_by: self.session().user.username.clone(),
            created_at: self.now(),
            members,
            state,
            auth: device.facts.auth,
            ppso: partitions.iter().any(|x| x.ppso),
            stc: partitions.iter().any(|x| x.stc),
            partition_size: first.size,
        })
    }
}

/// IMP-6 and the life cycle of an imported service: STC + PPSO → view only; every partition
/// initialized → Initialized; none → Uninitialized; some → PartiallyInitialized with the
/// uninitialized members pending (they appear in their own grid, MNG-4).
pub fn imported_state(view_only: bool, partitions: &[Partition]) -> (ServiceState, Vec<Member>) {
    let members: Vec<Member> = partitions
        .iter()
        .map(|p| Member {
            partition: p.serial.clone(),
            pending_init: !view_only && !p.initialized,
        })
        .collect();
    let initialized = partitions.iter().filter(|p| p.initialized).count();
    let state = if view_only {
        ServiceState::ViewOnly
    } else if initialized == partitions.len() {
        ServiceState::Initialized
    } else if initialized == 0 {
        ServiceState::Uninitialized
    } else {
        ServiceState::PartiallyInitialized
    };
    let members = if state == ServiceState::Uninitialized {
        members
            .into_iter()
            .map(|m| Member {
                pending_init: false,
                ..m
            })
            .collect()
    } else {
        members
    };
    (state, members)
}

fn row_ref(r: &ImportRow) -> RowRef {
    RowRef {
        partition: r.partition.clone(),
        device: r.device.clone(),
        device_name: r.device_name.clone(),
        partition_name: r.partition_name.clone(),
    }
}

#[cfg(test)]
#[path = "import_ops_tests.rs"]
mod tests;
