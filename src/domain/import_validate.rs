//! Finish Imports (IMP-5/7): validates every remaining row of the import table and turns each
//! standalone row and each HA group into one service, or lists every error by row and field.

use super::{ImportedService, RowError, RowRef, row_order};
use crate::domain::error::{DomainError, Field};
use crate::domain::ids::OrganizationId;
use crate::domain::ids::ServiceId;
use crate::domain::import_row::ImportRow;
use crate::domain::service::ServiceKind;
use crate::domain::validation::{validate_ha_group_label, validate_service_name};

fn err(row: &ImportRow, field: Field, message: String) -> RowError {
    RowError {
        row: Some(RowRef::of(row)),
        field: Some(field),
        message,
    }
}

/// One service to be: a standalone row, or the rows of one HA group.
struct Unit<'a> {
    group: Option<&'a str>,
    rows: Vec<&'a ImportRow>,
}

impl Unit<'_> {
    fn what(&self) -> String {
        match self.group {
            Some(g) => format!("HA group '{g}'"),
            None => "this partition".to_string(),
        }
    }
}

/// Validates the rows not deleted (deleted rows are left out of this import, IMP-5) and returns
/// the services to create, in table order.
///
/// Rules: a service name is required, at most 28 characters, unique (ignoring case) among
/// the `existing_service_names` of its organization and among the services of this import
/// going to that organization (names are unique per organization, PERM); the rows of an HA group
/// share one name and one organization (set on one row, or the same on every row); the
/// organization must be one of `organizations`; an HA group label passes
/// `validate_ha_group_label`; an HA group has at least 2 partitions on distinct devices.
/// `licences_available` is the number of partition licences the console can still manage
/// (IMP-7): importing more partitions than that is refused.
pub fn validate_import(
    rows: &[ImportRow],
    existing_service_names: &[(OrganizationId, &str)],
    organizations: &[OrganizationId],
    licences_available: u32,
) -> Result<Vec<ImportedService>, Vec<RowError>> {
    let mut live: Vec<&ImportRow> = rows.iter().filter(|r| !r.deleted).collect();
    live.sort_by(|a, b| row_order(a, b));
    if live.is_empty() {
        return Err(vec![RowError {
            row: None,
            field: None,
            message: "nothing to import: every row was deleted".to_string(),
        }]);
    }
    let mut errors = Vec::new();
    let wanted = u32::try_from(live.len()).unwrap_or(u32::MAX);
    if wanted > licences_available {
        errors.push(RowError {
            row: None,
            field: None,
            message: format!(
                "importing {wanted} partitions needs {wanted} licences; {licences_available} available"
            ),
        });
    }
    for r in live
        .iter()
        .filter(|r| r.presence == crate::domain::import_row::RowPresence::Gone)
    {
        errors.push(RowError {
            row: Some(RowRef::of(r)),
            field: None,
            message: "the last discovery did not find this partition on its device any more: \
                      delete the row"
                .to_string(),
        });
    }
    let units = units_of(&live);
    let mut taken: Vec<((Option<OrganizationId>, String), RowRef)> = Vec::new();
    let mut services = Vec::new();
    for unit in &units {
        let before = errors.len();
        let name = shared_name(unit, &mut errors);
        let organization = shared_organization(unit, organizations, &mut errors);
        if let Some(g) = unit.group {
            check_label(g, &unit.rows, &mut errors);
            check_group(g, &unit.rows, &mut errors);
        }
        let existing: Vec<(ServiceId, &str)> = existing_service_names
            .iter()
            .filter(|(o, _)| Some(*o) == organization)
            .map(|(_, n)| (ServiceId(0), *n))
            .collect();
        if let Some((name, row)) = &name {
            let key = (organization, name.to_lowercase());
            if let Err(e) = validate_service_name(name, &existing, None) {
                let reason = match e {
                    DomainError::Invalid { reason, .. } => reason,
                    other => other.to_string(),
                };
                errors.push(err(row, Field::ServiceName, reason));
            } else if let Some((_, other)) = taken.iter().find(|(k, _)| *k == key) {
                errors.push(err(
                    row,
                    Field::ServiceName,
                    format!("'{name}' is also the service name of {other} in this import"),
                ));
            } else {
                taken.push((key, RowRef::of(row)));
            }
        }
        if let (Some((name, _)), Some(organization), true) =
            (name, organization, errors.len() == before)
        {
            services.push(ImportedService {
                name,
                description: unit
                    .rows
                    .iter()
                    .map(|r| r.description.trim())
                    .find(|d| !d.is_empty())
                    .unwrap_or("")
                    .to_string(),
                organization,
                kind: match unit.group {
                    Some(g) => ServiceKind::HaGroup {
                        label: g.to_string(),
                    },
                    None => ServiceKind::Standalone,
                },
                members: unit.rows.iter().map(|r| r.partition.clone()).collect(),
                view_only: unit.rows.iter().any(|r| r.view_only),
            });
        }
    }
    if errors.is_empty() {
        Ok(services)
    } else {
        Err(errors)
    }
}

/// Standalone rows one by one, then each HA group with all its rows (rows already sorted).
fn units_of<'a>(live: &[&'a ImportRow]) -> Vec<Unit<'a>> {
    let mut units: Vec<Unit<'a>> = Vec::new();
    for row in live {
        let group = row.ha_group.trim();
        if group.is_empty() {
            units.push(Unit {
                group: None,
                rows: vec![row],
            });
        } else if let Some(u) = units.iter_mut().find(|u| u.group == Some(group)) {
            u.rows.push(row);
        } else {
            units.push(Unit {
                group: Some(group),
                rows: vec![row],
            });
        }
    }
    units
}

/// The unit's service name and the row it was typed on, or errors (required, too long,
/// disagreeing rows of a group).
fn shared_name<'a>(unit: &Unit<'a>, errors: &mut Vec<RowError>) -> Option<(String, &'a ImportRow)> {
    let mut named = unit
        .rows
        .iter()
        .map(|r| (r.service_name.trim(), *r))
        .filter(|(n, _)| !n.is_empty());
    let Some((first, first_row)) = named.next() else {
        let row = unit.rows.first()?;
        errors.push(err(
            row,
            Field::ServiceName,
            format!("required: type a service name for {}", unit.what()),
        ));
        return None;
    };
    let mut ok = true;
    for (name, row) in named {
        if name != first {
            ok = false;
            errors.push(err(
                row,
                Field::ServiceName,
                format!(
                    "{} is already named '{first}': give every row of the group the same name, or leave all but one empty",
                    unit.what()
                ),
            ));
        }
    }
    ok.then(|| (first.to_string(), first_row))
}

/// The unit's organization, or errors (required, unknown, disagreeing rows of a group).
fn shared_organization(
    unit: &Unit<'_>,
    organizations: &[OrganizationId],
    errors: &mut Vec<RowError>,
) -> Option<OrganizationId> {
    let mut chosen = unit
        .rows
        .iter()
        .filter_map(|r| r.organization.map(|o| (o, *r)));
    let Some((first, first_row)) = chosen.next() else {
        let row = unit.rows.first()?;
        errors.push(err(
            row,
            Field::Organization,
            format!(
                "required: choose the organization that will own {}",
                unit.what()
            ),
        ));
        return None;
    };
    let mut ok = true;
    for (org, row) in chosen {
        if org != first {
            ok = false;
            errors.push(err(
                row,
                Field::Organization,
                format!(
                    "{} already has another organization: choose the same organization on every row of the group, or on one row only",
                    unit.what()
                ),
            ));
        }
    }
    if !organizations.contains(&first) {
        errors.push(err(
            first_row,
            Field::Organization,
            format!("organization {first} does not exist: choose an existing organization"),
        ));
        ok = false;
    }
    ok.then_some(first)
}

/// The group's label must pass the HA group label rule, wherever it came from: typed, suggested
/// or read from the client host by discovery (a label LunaCM already has that fails the rule is
/// reported here, once per group, on its first row).
fn check_label(group: &str, rows: &[&ImportRow], errors: &mut Vec<RowError>) {
    let (Some(first), Err(e)) = (rows.first(), validate_ha_group_label(group)) else {
        return;
    };
    let reason = match e {
        DomainError::Invalid { reason, .. } => reason,
        other => other.to_string(),
    };
    errors.push(err(
        first,
        Field::HaGroup,
        format!(
            "'{group}' cannot be used: {reason}. Type another label; if the client host already \
             has this group, recreate it there under a valid label and run discovery again"
        ),
    ));
}

/// An HA group needs at least 2 partitions, on distinct devices.
fn check_group(group: &str, rows: &[&ImportRow], errors: &mut Vec<RowError>) {
    if let [only] = rows {
        errors.push(err(
            only,
            Field::HaGroup,
            format!(
                "HA group '{group}' has only this partition: an HA group needs at least 2 partitions on distinct devices (clear the HA Group to import it standalone)"
            ),
        ));
        return;
    }
    for (i, row) in rows.iter().enumerate() {
        if let Some(earlier) = rows.iter().take(i).find(|r| r.device == row.device) {
            errors.push(err(
                row,
                Field::HaGroup,
                format!(
                    "partition '{}' of HA group '{group}' is on the same device '{}': an HA group needs partitions on distinct devices",
                    earlier.partition_name, row.device_name
                ),
            ));
        }
    }
}
