//! Service templates (TPL-1..5): list, create, copy (prefilled draft), edit General and
//! Capabilities, delete. Database only; every change audited.

use super::console::Console;
use super::error::{OpsError, OpsResult};
use crate::domain::audit_event::Outcome;
use crate::domain::confirmation::confirm_typed;
use crate::domain::ids::TemplateId;
use crate::domain::operation::Operation;
use crate::domain::template::{Capabilities, Template};
use crate::domain::template_rules::normalize_capabilities;
use crate::domain::validation::{
    MAX_TEMPLATE_NAME_CHARS, validate_description, validate_template_name,
};

/// What deleting a template touches (TPL-5): a template services use is deleted only after
/// its name is typed.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct TemplateUse {
    pub name: String,
    /// Services created from it (they keep their capabilities).
    pub services: usize,
}

impl TemplateUse {
    pub fn needs_typed_name(&self) -> bool {
        self.services > 0
    }
}

/// What the Add Service Template wizard holds (TPL-2), also the prefilled copy (TPL-3).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct TemplateDraft {
    pub name: String,
    pub description: String,
    pub capabilities: Capabilities,
}

impl Console {
    /// TPL-1: every template, by name (Owners read them too: their services show them).
    pub fn templates(&self) -> OpsResult<Vec<Template>> {
        self.authorize(Operation::ViewTemplates, None)?;
        Ok(self.store.list_templates()?)
    }

    pub fn template(&self, id: TemplateId) -> OpsResult<Template> {
        self.authorize(Operation::ViewTemplates, None)?;
        self.store
            .load_template(id)?
            .ok_or_else(|| OpsError::NotFound(format!("no service template with id {id}")))
    }

    fn template_names(&self) -> OpsResult<Vec<(TemplateId, String)>> {
        Ok(self
            .store
            .list_templates()?
            .into_iter()
            .map(|t| (t.id, t.name))
            .collect())
    }

    /// The name checked against every other template (TPL-2, TPL-4).
    fn checked_name(&self, name: &str, editing: Option<TemplateId>) -> OpsResult<String> {
        let names = self.template_names()?;
        let existing: Vec<(TemplateId, &str)> =
            names.iter().map(|(id, n)| (*id, n.as_str())).collect();
        Ok(validate_template_name(name, &existing, editing)?)
    }

    /// Validates a wizard draft the way Finish will (for the Summary step): the cleaned name
    /// and the capabilities after the TPL-2 rules (PPSO forced on for Luna 7).
    pub fn check_template_draft(&self, draft: &TemplateDraft) -> OpsResult<TemplateDraft> {
        self.authorize(Operation::ManageTemplates, None)?;
        Ok(TemplateDraft {
            name: self.checked_name(&draft.name, None)?,
            description: validate_description(&draft.description)?,
            capabilities: normalize_capabilities(draft.capabilities)?,
        })
    }

    /// TPL-2 Finish: creates the template.
    pub fn create_template(&mut self, draft: &TemplateDraft) -> OpsResult<TemplateId> {
        self.atomically(|c| c.create_template_unit(draft))
    }

    fn create_template_unit(&mut self, draft: &TemplateDraft) -> OpsResult<TemplateId> {
        let checked = self.check_template_draft(draft)?;
        let id = self.store.save_template(&Template {
            id: TemplateId(0),
            name: checked.name.clone(),
            description: checked.description,
            capabilities: checked.capabilities,
        })?;
        self.audit(
            Operation::ManageTemplates,
            None,
            None,
            &format!("template '{}' created", checked.name),
            Outcome::Success,
        )?;
        Ok(id)
    }

    /// TPL-3: the wizard prefilled from template `id`, named "Copy of <name>" (with a number
    /// when that name is taken, shortened to fit 64 characters).
    pub fn template_copy(&self, id: TemplateId) -> OpsResult<TemplateDraft> {
        self.authorize(Operation::ManageTemplates, None)?;
        let t = self.template(id)?;
        let names = self.template_names()?;
        let taken = |n: &str| names.iter().any(|(_, o)| o.eq_ignore_ascii_case(n));
        let mut name = copy_name(&t.name, 1);
        let mut n = 1;
        while taken(&name) && n < 1000 {
            n += 1;
            name = copy_name(&t.name, n);
        }
        Ok(TemplateDraft {
            name,
            description: t.description,
            capabilities: t.capabilities,
        })
    }

    /// TPL-4 General tab Save: new name and description.
    pub fn edit_template_general(
        &mut self,
        id: TemplateId,
        name: &str,
        description: &str,
    ) -> OpsResult<Template> {
        self.atomically(|c| c.edit_template_general_unit(id, name, description))
    }

    fn edit_template_general_unit(
        &mut self,
        id: TemplateId,
        name: &str,
        description: &str,
    ) -> OpsResult<Template> {
        self.authorize(Operation::ManageTemplates, None)?;
        let mut t = self.template(id)?;
        let old = t.name.clone();
        t.name = self.checked_name(name, Some(id))?;
        t.description = validate_description(description)?;
        self.store.save_template(&t)?;
        let what = if old == t.name {
            format!("template '{old}': general edited")
        } else {
            format!("template '{old}' renamed to '{}'", t.name)
        };
        self.audit(
            Operation::ManageTemplates,
            None,
            None,
            &what,
            Outcome::Success,
        )?;
        Ok(t)
    }

    /// TPL-4 Capabilities tab Save. Existing services keep what they were created with.
    pub fn edit_template_capabilities(
        &mut self,
        id: TemplateId,
        capabilities: Capabilities,
    ) -> OpsResult<Template> {
        self.atomically(|c| c.edit_template_capabilities_unit(id, capabilities))
    }

    fn edit_template_capabilities_unit(
        &mut self,
        id: TemplateId,
        capabilities: Capabilities,
    ) -> OpsResult<Template> {
        self.authorize(Operation::ManageTemplates, None)?;
        let mut t = self.template(id)?;
        t.capabilities = normalize_capabilities(capabilities)?;
        self.store.save_template(&t)?;
        self.audit(
            Operation::ManageTemplates,
            None,
            None,
            &format!("template '{}': capabilities edited", t.name),
            Outcome::Success,
        )?;
        Ok(t)
    }

    /// TPL-5: what deleting template `id` touches, for its confirmation.
    pub fn template_use(&self, id: TemplateId) -> OpsResult<TemplateUse> {
        self.authorize_read(Operation::ManageTemplates, None)?;
        let t = self.template(id)?;
        let services = self
            .store
            .list_services(None)?
            .iter()
            .filter(|s| s.template == Some(id))
            .count();
        Ok(TemplateUse {
            name: t.name,
            services,
        })
    }

    /// TPL-5: deletes a template (the caller asked for confirmation). The seed allows it "at
    /// any time": services created from it keep their own capabilities and show the template
    /// as deleted (see `services_view`). When services use it, `typed` must be its name.
    /// Returns the number of services that used it.
    pub fn delete_template(&mut self, id: TemplateId, typed: Option<&str>) -> OpsResult<usize> {
        self.atomically(|c| c.delete_template_unit(id, typed))
    }

    fn delete_template_unit(&mut self, id: TemplateId, typed: Option<&str>) -> OpsResult<usize> {
        self.authorize(Operation::ManageTemplates, None)?;
        let TemplateUse {
            name,
            services: users,
        } = self.template_use(id)?;
        if users > 0 || typed.is_some() {
            confirm_typed(&name, typed.unwrap_or(""), "template name")?;
        }
        let t = self.template(id)?;
        self.store.delete_template(id)?;
        self.audit(
            Operation::ManageTemplates,
            None,
            None,
            &format!("template '{}' deleted ({users} service(s) used it)", t.name),
            Outcome::Success,
        )?;
        Ok(users)
    }
}

/// "Copy of X", or "Copy of X (n)" for n > 1, shortening X so the whole fits the limit.
fn copy_name(name: &str, n: u32) -> String {
    let suffix = if n > 1 {
        format!(" ({n})")
    } else {
        String::new()
    };
    let room = MAX_TEMPLATE_NAME_CHARS
        .saturating_sub("Copy of ".chars().count())
        .saturating_sub(suffix.chars().count());
    let base: String = name.trim().chars().take(room).collect();
    format!("Copy of {}{suffix}", base.trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tpl_3_copy_names_fit_the_limit() {
        assert_eq!(copy_name("Gold", 1), "Copy of Gold");
        assert_eq!(copy_name(" Gold ", 2), "Copy of Gold (2)");
        let long = "x".repeat(64);
        let c = copy_name(&long, 12);
        assert_eq!(c.chars().count(), 64);
        assert!(c.ends_with("x (12)"), "{c}");
    }
}
