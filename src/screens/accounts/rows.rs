//! The Accounts screen's rows (organizations, users with their organization's name) and its
//! forms: create an organization, create a user (Admin or Owner), change a password.

use super::{Accounts, Request};
use crate::domain::error::Field;
use crate::domain::ids::OrganizationId;
use crate::domain::organization::{Organization, Role, User};
use crate::kit::{CellValue, FormField, FormState, Status, StatusKind, TableRow};
use secrecy::SecretString;

impl TableRow for Organization {
    type Key = OrganizationId;

    fn key(&self) -> OrganizationId {
        self.id
    }

    fn cells(&self) -> Vec<CellValue> {
        vec![
            CellValue::number(self.id.0),
            CellValue::text(self.name.clone()),
        ]
    }
}

/// A user with the name of their organization, as the table shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserRow {
    pub user: User,
    pub organization: String,
}

impl TableRow for UserRow {
    type Key = crate::domain::ids::UserId;

    fn key(&self) -> Self::Key {
        self.user.id
    }

    fn cells(&self) -> Vec<CellValue> {
        let role = match self.user.role {
            Role::Admin => "Admin",
            Role::Owner(_) => "Owner",
        };
        let status = if self.user.disabled {
            Status::worded(StatusKind::Down, "disabled")
        } else {
            Status::worded(StatusKind::Up, "enabled")
        };
        vec![
            CellValue::text(self.user.username.clone()),
            CellValue::text(role),
            CellValue::text(self.organization.clone()),
            CellValue::status(status),
        ]
    }
}

impl Accounts {
    pub fn set(&mut self, organizations: Vec<Organization>, users: Vec<User>) {
        let name = |r: Role| match r {
            Role::Admin => "—".to_string(),
            Role::Owner(id) => organizations
                .iter()
                .find(|o| o.id == id)
                .map(|o| o.name.clone())
                .unwrap_or_else(|| format!("organization {id}")),
        };
        let rows = users
            .into_iter()
            .map(|u| UserRow {
                organization: name(u.role),
                user: u,
            })
            .collect();
        self.users.replace_rows(rows);
        self.organizations.replace_rows(organizations);
        self.loaded = true;
        self.refused = None;
    }
}

/// The create-organization form.
pub fn organization_form() -> FormState {
    FormState::new(vec![
        FormField::text("name", "Organization name").bound_to(Field::Organization),
    ])
}

/// The create-user form: username, role (Admin or Owner of one organization), password twice.
pub fn user_form(organizations: &[Organization]) -> FormState {
    let mut roles = vec!["Admin".to_string()];
    roles.extend(organizations.iter().map(|o| format!("Owner of {}", o.name)));
    FormState::new(vec![
        FormField::text("username", "Username").bound_to(Field::Username),
        FormField::choice("role", "Role", roles),
        FormField::secret("password", "Password").bound_to(Field::Password),
        FormField::secret("confirm", "Password again").bound_to(Field::SecretConfirmation),
    ])
}

/// The change-password form.
pub fn password_form() -> FormState {
    FormState::new(vec![
        FormField::secret("password", "New password").bound_to(Field::Password),
        FormField::secret("confirm", "New password again").bound_to(Field::SecretConfirmation),
    ])
}

/// The signed-in user's own password: the current one, then the new one twice.
pub fn own_password_form() -> FormState {
    FormState::new(vec![
        FormField::secret("current", "Current password"),
        FormField::secret("password", "New password").bound_to(Field::Password),
        FormField::secret("confirm", "New password again").bound_to(Field::SecretConfirmation),
    ])
}

/// The request of a filled create-user form, or None with every field's error under it (the
/// domain's rules; `ops` checks again). Secrets are wiped either way; what was typed stays.
pub fn user_request(form: &mut FormState, organizations: &[Organization]) -> Option<Request> {
    let username = form.text("username").unwrap_or_default().trim().to_string();
    let organization = form
        .choice("role")
        .and_then(|i| i.checked_sub(1))
        .and_then(|i| organizations.get(i))
        .map(|o| o.id);
    let (password, confirm) = take_twice(form);
    if !checked(form, Some(&username), &password, &confirm) {
        return None;
    }
    Some(Request::CreateUser {
        username,
        password: password.into(),
        confirm: confirm.into(),
        organization,
    })
}

/// The new password typed twice, taken out of the form (its fields are wiped).
pub fn take_twice(form: &mut FormState) -> (SecretString, SecretString) {
    let password = form.take_secret("password").unwrap_or_default();
    let confirm = form.take_secret("confirm").unwrap_or_default();
    (password, confirm)
}

/// Every account-form error at once (issue 11.8): the username, the password's policy and its
/// confirmation, each under its field, the first of them focused. True when none fails.
pub fn checked(
    form: &mut FormState,
    username: Option<&str>,
    password: &SecretString,
    confirm: &SecretString,
) -> bool {
    use crate::domain::validation::{account_password_twice, validate_username};
    let mut errors = Vec::new();
    if let Some(Err(e)) = username.map(validate_username) {
        errors.push(e);
    }
    // The same rules `ops` applies, every problem at once.
    errors.extend(account_password_twice(password, confirm));
    // In reverse, so the focus ends on the first field in error.
    for e in errors.iter().rev() {
        form.apply_domain_error(e);
    }
    errors.is_empty()
}
