//! Console-owned records: organizations, service templates and services with their ordered
//! members. Names are unique case-insensitively (`COLLATE NOCASE` in the schema).

use super::Store;
use super::codec::{exec, id_json_rows, rows, to_json};
use super::error::{StoreError, Violation, conflict_or};
use crate::domain::ids::{OrganizationId, PartitionSerial, ServiceId, TemplateId};
use crate::domain::organization::Organization;
use crate::domain::service::{Member, Service};
use crate::domain::template::Template;
use rusqlite::{Connection, OptionalExtension, params};
use std::collections::HashMap;
use std::path::Path;

/// `NULL` for a new record (id 0) so SQLite assigns one.
fn new_or(id: i64) -> Option<i64> {
    (id != 0).then_some(id)
}

fn load_members(c: &Connection, path: &Path, service: i64) -> Result<Vec<Member>, StoreError> {
    rows(
        c,
        path,
        "loading service members",
        "SELECT partition, pending_init FROM service_members WHERE service = ?1 ORDER BY position",
        [service],
        |r| {
            Ok(Member {
                partition: PartitionSerial(r.get(0)?),
                pending_init: r.get(1)?,
            })
        },
    )
}

fn services_where(
    c: &Connection,
    path: &Path,
    sql: &str,
    param: Option<i64>,
) -> Result<Vec<Service>, StoreError> {
    let mut list: Vec<Service> = id_json_rows(
        c,
        path,
        "loading services",
        sql,
        [param],
        |s: &mut Service, id| s.id = ServiceId(id),
    )?;
    for s in &mut list {
        s.members = load_members(c, path, s.id.0)?;
    }
    Ok(list)
}

/// The members of every service (of one organization when `org` is set), in their order.
fn members_by_service(
    c: &Connection,
    path: &Path,
    org: Option<i64>,
) -> Result<HashMap<i64, Vec<Member>>, StoreError> {
    let all = rows(
        c,
        path,
        "loading service members",
        "SELECT m.service, m.partition, m.pending_init FROM service_members m
         JOIN services s ON s.id = m.service
         WHERE ?1 IS NULL OR s.organization = ?1 ORDER BY m.service, m.position",
        [org],
        |r| {
            Ok((
                r.get::<_, i64>(0)?,
                Member {
                    partition: PartitionSerial(r.get(1)?),
                    pending_init: r.get(2)?,
                },
            ))
        },
    )?;
    let mut map: HashMap<i64, Vec<Member>> = HashMap::new();
    for (service, m) in all {
        map.entry(service).or_default().push(m);
    }
    Ok(map)
}

impl Store {
    /// Inserts (id 0) or replaces an organization; returns its id.
    pub fn save_organization(&mut self, org: &Organization) -> Result<OrganizationId, StoreError> {
        self.write("saving an organization", |tx, path| {
            let what = "saving an organization";
            let id: i64 = tx
                .query_row(
                    "INSERT INTO organizations (id, name) VALUES (?1, ?2)
                     ON CONFLICT (id) DO UPDATE SET name = excluded.name RETURNING id",
                    params![new_or(org.id.0), org.name],
                    |r| r.get(0),
                )
                .map_err(|e| {
                    conflict_or(path, what, e, |_| {
                        format!("An organization named '{}' already exists.", org.name)
                    })
                })?;
            Ok(OrganizationId(id))
        })
    }

    pub fn load_organization(
        &self,
        id: OrganizationId,
    ) -> Result<Option<Organization>, StoreError> {
        Ok(self.list_organizations()?.into_iter().find(|o| o.id == id))
    }

    /// Every organization, by name.
    pub fn list_organizations(&self) -> Result<Vec<Organization>, StoreError> {
        self.read("listing organizations", |c, path| {
            rows(
                c,
                path,
                "listing organizations",
                "SELECT id, name FROM organizations ORDER BY name",
                [],
                |r| {
                    Ok(Organization {
                        id: OrganizationId(r.get(0)?),
                        name: r.get(1)?,
                    })
                },
            )
        })
    }

    /// Removes an organization; refused while services or accounts belong to it.
    pub fn delete_organization(&mut self, id: OrganizationId) -> Result<bool, StoreError> {
        self.write("removing an organization", |tx, path| {
            let what = "removing an organization";
            let n = tx
                .execute("DELETE FROM organizations WHERE id = ?1", [id.0])
                .map_err(|e| {
                    conflict_or(path, what, e, |_| {
                        format!("Organization {id} still owns services or accounts.")
                    })
                })?;
            Ok(n > 0)
        })
    }

    /// Inserts (id 0) or replaces a template; returns its id.
    pub fn save_template(&mut self, t: &Template) -> Result<TemplateId, StoreError> {
        self.write("saving a template", |tx, path| {
            let what = "saving a template";
            let data = to_json(path, what, t)?;
            let id: i64 = tx
                .query_row(
                    "INSERT INTO templates (id, name, data) VALUES (?1, ?2, ?3)
                     ON CONFLICT (id) DO UPDATE SET name = excluded.name, data = excluded.data
                     RETURNING id",
                    params![new_or(t.id.0), t.name, data],
                    |r| r.get(0),
                )
                .map_err(|e| {
                    conflict_or(path, what, e, |_| {
                        format!("A template named '{}' already exists.", t.name)
                    })
                })?;
            Ok(TemplateId(id))
        })
    }

    pub fn load_template(&self, id: TemplateId) -> Result<Option<Template>, StoreError> {
        self.read("loading a template", |c, path| {
            let mut v = id_json_rows(
                c,
                path,
                "loading a template",
                "SELECT id, data FROM templates WHERE id = ?1",
                [id.0],
                |t: &mut Template, id| t.id = TemplateId(id),
            )?;
            Ok(v.pop())
        })
    }

    /// Every template, by name.
    pub fn list_templates(&self) -> Result<Vec<Template>, StoreError> {
        self.read("listing templates", |c, path| {
            id_json_rows(
                c,
                path,
                "listing templates",
                "SELECT id, data FROM templates ORDER BY name",
                [],
                |t: &mut Template, id| t.id = TemplateId(id),
            )
        })
    }

    pub fn delete_template(&mut self, id: TemplateId) -> Result<bool, StoreError> {
        self.write("removing a template", |tx, path| {
            let n = exec(
                tx,
                path,
                "removing a template",
                "DELETE FROM templates WHERE id = ?1",
                [id.0],
            )?;
            Ok(n > 0)
        })
    }

    /// Inserts (id 0) or replaces a service with its members in their order; returns its id.
    /// Refused when the name is taken (case-insensitively), the organization does not exist,
    /// or a member partition already belongs to another service.
    pub fn save_service(&mut self, s: &Service) -> Result<ServiceId, StoreError> {
        self.write("saving a service", |tx, path| {
            let what = "saving a service";
            let mut stored = s.clone();
            stored.members.clear();
            let data = to_json(path, what, &stored)?;
            let id: i64 = tx
                .query_row(
                    "INSERT INTO services (id, name, organization, template, state, data)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                     ON CONFLICT (id) DO UPDATE SET name = excluded.name,
                     organization = excluded.organization, template = excluded.template,
                     state = excluded.state, data = excluded.data
                     RETURNING id",
                    params![
                        new_or(s.id.0),
                        s.name,
                        s.organization.0,
                        s.template.map(|t| t.0),
                        s.state.to_string(),
                        data
                    ],
                    |r| r.get(0),
                )
                .map_err(|e| {
                    conflict_or(path, what, e, |v| match v {
                        Violation::ForeignKey => {
                            format!("Organization {} does not exist.", s.organization)
                        }
                        _ => format!("A service named '{}' already exists.", s.name),
                    })
                })?;
            exec(
                tx,
                path,
                what,
                "DELETE FROM service_members WHERE service = ?1",
                [id],
            )?;
            for (pos, m) in s.members.iter().enumerate() {
                let pos = i64::try_from(pos).unwrap_or(i64::MAX);
                tx.execute(
                    "INSERT INTO service_members (service, position, partition, pending_init)
                     VALUES (?1, ?2, ?3, ?4)",
                    params![id, pos, m.partition.as_str(), m.pending_init],
                )
                .map_err(|e| {
                    conflict_or(path, what, e, |_| {
                        format!(
                            "Partition {} already belongs to another service.",
                            m.partition
                        )
                    })
                })?;
            }
            Ok(ServiceId(id))
        })
    }

    pub fn load_service(&self, id: ServiceId) -> Result<Option<Service>, StoreError> {
        self.read("loading a service", |c, path| {
            let mut v = services_where(
                c,
                path,
                "SELECT id, data FROM services WHERE id = ?1",
                Some(id.0),
            )?;
            Ok(v.pop())
        })
    }

    /// The service with this name, compared case-insensitively.
    pub fn find_service_by_name(&self, name: &str) -> Result<Option<Service>, StoreError> {
        let id: Option<i64> = self
            .conn
            .query_row("SELECT id FROM services WHERE name = ?1", [name], |r| {
                r.get(0)
            })
            .optional()
            .map_err(|e| StoreError::sqlite(&self.path, "finding a service", e))?;
        match id {
            Some(id) => self.load_service(ServiceId(id)),
            None => Ok(None),
        }
    }

    /// Services of one organization, or all of them, by name.
    pub fn list_services(&self, org: Option<OrganizationId>) -> Result<Vec<Service>, StoreError> {
        self.read("listing services", |c, path| {
            let org = org.map(|o| o.0);
            let mut list: Vec<Service> = id_json_rows(
                c,
                path,
                "listing services",
                "SELECT id, data FROM services WHERE ?1 IS NULL OR organization = ?1 ORDER BY name",
                [org],
                |s: &mut Service, id| s.id = ServiceId(id),
            )?;
            // Every member in one query, grouped by service (no query per service).
            let mut members = members_by_service(c, path, org)?;
            for s in &mut list {
                s.members = members.remove(&s.id.0).unwrap_or_default();
            }
            Ok(list)
        })
    }

    /// Removes a service and its member list (the partitions stay). Returns whether it existed.
    pub fn delete_service(&mut self, id: ServiceId) -> Result<bool, StoreError> {
        self.write("removing a service", |tx, path| {
            let n = exec(
                tx,
                path,
                "removing a service",
                "DELETE FROM services WHERE id = ?1",
                [id.0],
            )?;
            Ok(n > 0)
        })
    }
}
