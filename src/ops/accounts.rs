//! Accounts (NAV-4): organizations and users for the Admin, the login check and the first
//! administrator (both without a `Console`). Audited; passwords never reach events or errors.

use super::console::{Console, system_clock};
use super::error::{OpsError, OpsResult};
use crate::domain::DomainError;
use crate::domain::audit_event::{AuditEvent, Outcome};
use crate::domain::error::Field;
use crate::domain::ids::{OrganizationId, UserId};
use crate::domain::operation::Operation;
use crate::domain::organization::{Organization, Role, User};
use crate::domain::permission::can_see;
use crate::domain::validation::{account_password_twice, validate_username};
use crate::store::Store;
use secrecy::SecretString;

/// Longest organization name (assumed: the seed gives no limit).
pub const MAX_ORGANIZATION_NAME_CHARS: usize = 64;

/// Audit action names of sign-in events (no `Operation`: nobody is signed in yet).
pub const LOGIN_ACTION: &str = "account.login";
/// The audit action of a user changing their own password.
pub const OWN_PASSWORD_ACTION: &str = "account.own_password";
/// The audit action of a sign-out (the console stays open for the next user).
pub const LOGOUT_ACTION: &str = "account.logout";

fn check_password_twice(password: &SecretString, confirm: &SecretString) -> OpsResult<()> {
    match account_password_twice(password, confirm).into_iter().next() {
        Some(e) => Err(e.into()),
        None => Ok(()),
    }
}

/// Organization name: trimmed, 1–64 characters, no control characters, unique ignoring case.
fn check_org_name(
    name: &str,
    existing: &[Organization],
    editing: Option<OrganizationId>,
) -> OpsResult<String> {
    let field = Field::Organization;
    let name = name.trim();
    let count = name.chars().count();
    if count == 0 {
        return Err(DomainError::invalid(field, "required").into());
    }
    if count > MAX_ORGANIZATION_NAME_CHARS {
        return Err(DomainError::invalid(
            field,
            format!("{count} characters, at most {MAX_ORGANIZATION_NAME_CHARS} allowed"),
        )
        .into());
    }
    crate::domain::validation::reject_control(field, name)?;
    if let Some(o) = existing
        .iter()
        .find(|o| Some(o.id) != editing && o.name.eq_ignore_ascii_case(name))
    {
        return Err(DomainError::invalid(
            field,
            format!("an organization named '{}' already exists", o.name),
        )
        .into());
    }
    Ok(name.to_string())
}

pub use super::login::{login, login_with_clock};

/// Whether the database has no account yet (the first start asks for an administrator).
pub fn needs_first_admin(store: &Store) -> OpsResult<bool> {
    Ok(!store.has_accounts()?)
}

/// First start: creates the administrator, password typed twice; refused once any account
/// exists.
pub fn first_start_admin(
    store: &mut Store,
    username: &str,
    password: &SecretString,
    confirm: &SecretString,
) -> OpsResult<User> {
    validate_username(username)?;
    check_password_twice(password, confirm)?;
    // The account and its audit event: one transaction.
    store.atomically(|store| {
        let user = store.create_first_admin(username, password, system_clock()())?;
        store.append_audit(AuditEvent {
            at: system_clock()(),
            actor: user.username.clone(),
            organization: None,
            action: Operation::ManageAccounts.name().to_string(),
            device: None,
            target: format!("first administrator '{}' created", user.username),
            outcome: Outcome::Success,
        })?;
        Ok::<_, OpsError>(user)
    })
}

impl Console {
    /// Organizations the signed-in user may see: all for an Admin, their own for an Owner.
    pub fn organizations(&self) -> OpsResult<Vec<Organization>> {
        Ok(self
            .store
            .list_organizations()?
            .into_iter()
            .filter(|o| can_see(self.session(), Some(o.id)))
            .collect())
    }

    fn organization(&self, id: OrganizationId) -> OpsResult<Organization> {
        self.store
            .load_organization(id)?
            .ok_or_else(|| OpsError::NotFound(format!("no organization with id {id}")))
    }

    pub fn create_organization(&mut self, name: &str) -> OpsResult<OrganizationId> {
        self.atomically(|c| c.create_organization_unit(name))
    }

    fn create_organization_unit(&mut self, name: &str) -> OpsResult<OrganizationId> {
        self.authorize(Operation::ManageAccounts, None)?;
        let name = check_org_name(name, &self.store.list_organizations()?, None)?;
        let id = self.store.save_organization(&Organization {
            id: OrganizationId(0),
            name: name.clone(),
        })?;
        let what = format!("organization '{name}' created");
        self.audit(
            Operation::ManageAccounts,
            Some(id),
            None,
            &what,
            Outcome::Success,
        )?;
        Ok(id)
    }

    pub fn rename_organization(&mut self, id: OrganizationId, name: &str) -> OpsResult<()> {
        self.atomically(|c| c.rename_organization_unit(id, name))
    }

    fn rename_organization_unit(&mut self, id: OrganizationId, name: &str) -> OpsResult<()> {
        self.authorize(Operation::ManageAccounts, None)?;
        let old = self.organization(id)?;
        let name = check_org_name(name, &self.store.list_organizations()?, Some(id))?;
        self.store.save_organization(&Organization {
            id,
            name: name.clone(),
        })?;
        let what = format!("organization '{}' renamed to '{name}'", old.name);
        self.audit(
            Operation::ManageAccounts,
            Some(id),
            None,
            &what,
            Outcome::Success,
        )
    }

    /// Refused while services or accounts belong to the organization (named, with counts).
    pub fn delete_organization(&mut self, id: OrganizationId) -> OpsResult<()> {
        self.atomically(|c| c.delete_organization_unit(id))
    }

    fn delete_organization_unit(&mut self, id: OrganizationId) -> OpsResult<()> {
        self.authorize(Operation::ManageAccounts, None)?;
        let org = self.organization(id)?;
        let services = self.store.list_services(Some(id))?.len();
        let users = self
            .store
            .list_users()?
            .into_iter()
            .filter(|u| u.role == Role::Owner(id))
            .count();
        if services > 0 || users > 0 {
            return Err(DomainError::refused(format!(
                "organization '{}' still owns {services} service(s) and has {users} account(s): \
                 move or delete them first",
                org.name
            ))
            .into());
        }
        self.store.delete_organization(id)?;
        let what = format!("organization '{}' deleted", org.name);
        self.audit(
            Operation::ManageAccounts,
            Some(id),
            None,
            &what,
            Outcome::Success,
        )
    }

    /// Every account (Admin only; a read, so also in read-only mode).
    pub fn users(&self) -> OpsResult<Vec<User>> {
        self.authorize_read(Operation::ManageAccounts, None)?;
        Ok(self.store.list_users()?)
    }

    fn user(&self, id: UserId) -> OpsResult<User> {
        self.store
            .load_user(id)?
            .ok_or_else(|| OpsError::NotFound(format!("no account with id {id}")))
    }

    /// Creates an Admin, or an Owner of one existing organization; password typed twice.
    pub fn create_user(
        &mut self,
        username: &str,
        password: &SecretString,
        confirm: &SecretString,
        role: Role,
    ) -> OpsResult<User> {
        self.atomically(|c| c.create_user_unit(username, password, confirm, role))
    }

    fn create_user_unit(
        &mut self,
        username: &str,
        password: &SecretString,
        confirm: &SecretString,
        role: Role,
    ) -> OpsResult<User> {
        self.authorize(Operation::ManageAccounts, None)?;
        validate_username(username)?;
        check_password_twice(password, confirm)?;
        let org = match role {
            Role::Admin => None,
            Role::Owner(id) => Some(self.organization(id).map_err(|_| {
                DomainError::invalid(
                    Field::Organization,
                    format!("organization {id} does not exist"),
                )
            })?),
        };
        let user = self
            .store
            .create_account(username, password, role, self.now())?;
        let what = match &org {
            Some(o) => format!("account '{username}' created (Owner of '{}')", o.name),
            None => format!("account '{username}' created (Admin)"),
        };
        self.audit(
            Operation::ManageAccounts,
            org.map(|o| o.id),
            None,
            &what,
            Outcome::Success,
        )?;
        Ok(user)
    }

    /// Disables or re-enables an account. Your own account cannot be disabled; the store
    /// refuses to disable the last enabled Admin.
    pub fn set_user_disabled(&mut self, id: UserId, disabled: bool) -> OpsResult<()> {
        self.atomically(|c| c.set_user_disabled_unit(id, disabled))
    }

    fn set_user_disabled_unit(&mut self, id: UserId, disabled: bool) -> OpsResult<()> {
        self.authorize(Operation::ManageAccounts, None)?;
        let user = self.user(id)?;
        if disabled && id == self.session().user.id {
            return Err(DomainError::refused("you cannot disable your own account").into());
        }
        self.store.set_disabled(id, disabled)?;
        let what = format!(
            "account '{}' {}",
            user.username,
            if disabled { "disabled" } else { "enabled" }
        );
        self.audit(
            Operation::ManageAccounts,
            org_of(&user),
            None,
            &what,
            Outcome::Success,
        )
    }

    /// The signed-in user changes their own password (issue 11.12; Owners too): the current
    /// one is checked like a sign-in (throttled, audited), the new one typed twice; the change
    /// and its audit event are one transaction.
    pub fn change_own_password(
        &mut self,
        current: &SecretString,
        password: &SecretString,
        confirm: &SecretString,
    ) -> OpsResult<()> {
        if self.session().read_only {
            return Err(DomainError::refused(
                "read-only mode: changing a password writes the database",
            )
            .into());
        }
        let me = self.session().user.clone();
        check_password_twice(password, confirm)?;
        super::login::login(&mut self.store, &me.username, current)?;
        self.atomically(|c| {
            c.store.change_password(me.id, password, c.now())?;
            let event = AuditEvent {
                at: c.now(),
                actor: me.username.clone(),
                organization: org_of(&me),
                action: OWN_PASSWORD_ACTION.to_string(),
                device: None,
                target: format!("account '{}': own password changed", me.username),
                outcome: Outcome::Success,
            };
            c.store.append_audit(event)?;
            Ok(())
        })
    }

    /// Sets a new password on an account (typed twice).
    pub fn set_user_password(
        &mut self,
        id: UserId,
        password: &SecretString,
        confirm: &SecretString,
    ) -> OpsResult<()> {
        self.atomically(|c| c.set_user_password_unit(id, password, confirm))
    }

    fn set_user_password_unit(
        &mut self,
        id: UserId,
        password: &SecretString,
        confirm: &SecretString,
    ) -> OpsResult<()> {
        self.authorize(Operation::ManageAccounts, None)?;
        let user = self.user(id)?;
        check_password_twice(password, confirm)?;
        self.store.change_password(id, password, self.now())?;
        let what = format!("account '{}': password changed", user.username);
        self.audit(
            Operation::ManageAccounts,
            org_of(&user),
            None,
            &what,
            Outcome::Success,
        )
    }
}

fn org_of(user: &User) -> Option<OrganizationId> {
    match user.role {
        Role::Owner(o) => Some(o),
        Role::Admin => None,
    }
}
