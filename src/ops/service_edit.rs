//! MNG-2 edits of a service's General tab: name and description, organization (Admin), HA
//! group label; each checked by the domain, audited in the same transaction.

use super::console::Console;
use super::error::OpsResult;
use crate::domain::DomainError;
use crate::domain::audit_event::Outcome;
use crate::domain::error::Field;
use crate::domain::ids::{OrganizationId, ServiceId};
use crate::domain::lifecycle::permits;
use crate::domain::operation::Operation;
use crate::domain::service::{Service, ServiceKind};
use crate::domain::validation::{validate_ha_group_label, validate_service_name};

impl Console {
    /// MNG-2: new name and description (Admin, or Owner of the owning organization).
    pub fn edit_service_general(
        &mut self,
        id: ServiceId,
        name: &str,
        description: &str,
    ) -> OpsResult<Service> {
        self.atomically(|c| c.edit_service_general_unit(id, name, description))
    }

    fn edit_service_general_unit(
        &mut self,
        id: ServiceId,
        name: &str,
        description: &str,
    ) -> OpsResult<Service> {
        let mut s = self.visible_service(id, Operation::EditNameDescription)?;
        permits(&s, Operation::EditNameDescription)?;
        // PERM: names are unique per organization, so a refusal never tells an Owner about a
        // service of another organization.
        let all = self.store.list_services(Some(s.organization))?;
        let existing: Vec<(ServiceId, &str)> =
            all.iter().map(|x| (x.id, x.name.as_str())).collect();
        let old = s.name.clone();
        s.name = validate_service_name(name, &existing, Some(id))?;
        s.description = crate::domain::validation::validate_description(description)?;
        self.store.save_service(&s)?;
        let what = if old == s.name {
            format!("service '{old}': description edited")
        } else {
            format!("service '{old}' renamed to '{}'", s.name)
        };
        let org = Some(s.organization);
        self.audit(
            Operation::EditNameDescription,
            org,
            None,
            &what,
            Outcome::Success,
        )?;
        Ok(s)
    }

    /// MNG-2: moves the service to another organization (Admin only).
    pub fn change_service_organization(
        &mut self,
        id: ServiceId,
        organization: OrganizationId,
    ) -> OpsResult<Service> {
        self.atomically(|c| c.change_service_organization_unit(id, organization))
    }

    fn change_service_organization_unit(
        &mut self,
        id: ServiceId,
        organization: OrganizationId,
    ) -> OpsResult<Service> {
        let mut s = self.visible_service(id, Operation::ChangeOrganization)?;
        permits(&s, Operation::ChangeOrganization)?;
        let to = self.store.load_organization(organization)?.ok_or_else(|| {
            DomainError::invalid(
                Field::Organization,
                format!("organization {organization} does not exist"),
            )
        })?;
        let from = self.org_name(s.organization)?;
        let there = self.store.list_services(Some(to.id))?;
        if there
            .iter()
            .any(|x| x.id != s.id && x.name.eq_ignore_ascii_case(&s.name))
        {
            return Err(DomainError::refused(format!(
                "organization '{}' already has a service named '{}': rename one of them first",
                to.name, s.name
            ))
            .into());
        }
        let old_org = s.organization;
        s.organization = to.id;
        self.store.save_service(&s)?;
        let what = format!("service '{}' moved from '{from}' to '{}'", s.name, to.name);
        for org in [old_org, to.id] {
            self.audit(
                Operation::ChangeOrganization,
                Some(org),
                None,
                &what,
                Outcome::Success,
            )?;
        }
        Ok(s)
    }

    /// MNG-2: the HA group label the console records for an HA service (Admin only).
    pub fn edit_ha_label(&mut self, id: ServiceId, label: &str) -> OpsResult<Service> {
        self.atomically(|c| c.edit_ha_label_unit(id, label))
    }

    fn edit_ha_label_unit(&mut self, id: ServiceId, label: &str) -> OpsResult<Service> {
        let mut s = self.visible_service(id, Operation::EditHaLabel)?;
        permits(&s, Operation::EditHaLabel)?;
        let ServiceKind::HaGroup { label: old } = &s.kind else {
            return Err(DomainError::refused(format!(
                "Service '{}' is a single-partition service; only HA services have an HA group label",
                s.name
            ))
            .into());
        };
        let old = old.clone();
        let label = validate_ha_group_label(label)?;
        s.kind = ServiceKind::HaGroup {
            label: label.clone(),
        };
        self.store.save_service(&s)?;
        let what = format!("service '{}': HA group label '{old}' → '{label}'", s.name);
        let org = Some(s.organization);
        self.audit(Operation::EditHaLabel, org, None, &what, Outcome::Success)?;
        Ok(s)
    }
}
