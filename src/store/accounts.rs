//! Local console accounts (NAV-4): argon2id password hashes that never leave this module, one
//! error for unknown user and wrong password, the first administrator created exactly once.

use super::Store;
use super::codec::rows;
use super::error::{Context, StoreError, conflict_or};
use crate::domain::ids::{OrganizationId, UserId};
use crate::domain::organization::{Role, User};
use crate::domain::timestamp::Timestamp;
use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use rand_core::OsRng;
use rusqlite::{Connection, params};
use secrecy::{ExposeSecret, SecretString};
use std::path::Path;
use std::sync::OnceLock;

mod throttle;

const USER_COLUMNS: &str = "id, username, role, organization, disabled";

fn hash_password(password: &SecretString) -> Result<String, StoreError> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.expose_secret().as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| StoreError::PasswordHash {
            reason: e.to_string(),
        })
}

fn password_matches(password: &SecretString, stored: &str) -> bool {
    PasswordHash::new(stored).is_ok_and(|h| {
        Argon2::default()
            .verify_password(password.expose_secret().as_bytes(), &h)
            .is_ok()
    })
}

/// A hash checked against when the user does not exist, so both failures take as long.
fn dummy_hash() -> &'static str {
    static DUMMY: OnceLock<String> = OnceLock::new();
    DUMMY.get_or_init(|| {
        hash_password(&SecretString::from("lunadeck-no-such-user")).unwrap_or_default()
    })
}

fn check_input(username: &str, password: &SecretString) -> Result<(), StoreError> {
    if username.trim().is_empty() {
        return Err(StoreError::Invalid {
            message: "Username: enter a username.".into(),
        });
    }
    if password.expose_secret().is_empty() {
        return Err(StoreError::Invalid {
            message: "Password: enter a password.".into(),
        });
    }
    Ok(())
}

fn role_columns(role: Role) -> (&'static str, Option<i64>) {
    match role {
        Role::Admin => ("admin", None),
        Role::Owner(org) => ("owner", Some(org.0)),
    }
}

fn user_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<User> {
    let role: String = r.get(2)?;
    let org: Option<i64> = r.get(3)?;
    let role = match (role.as_str(), org) {
        ("owner", Some(org)) => Role::Owner(OrganizationId(org)),
        _ => Role::Admin,
    };
    Ok(User {
        id: UserId(r.get(0)?),
        username: r.get(1)?,
        role,
        disabled: r.get(4)?,
    })
}

fn insert_account(
    c: &Connection,
    path: &Path,
    username: &str,
    hash: &str,
    role: Role,
    at: Timestamp,
) -> Result<User, StoreError> {
    let what = "creating an account";
    let (role_name, org) = role_columns(role);
    let id: i64 = c
        .query_row(
            "INSERT INTO accounts (username, password_hash, role, organization, disabled,
             created_at, password_changed_at) VALUES (?1, ?2, ?3, ?4, 0, ?5, ?5) RETURNING id",
            params![username, hash, role_name, org, at.0],
            |r| r.get(0),
        )
        .map_err(|e| {
            conflict_or(path, what, e, |v| match v {
                super::error::Violation::ForeignKey => {
                    format!("Organization {} does not exist.", org.unwrap_or_default())
                }
                _ => format!("An account named '{username}' already exists."),
            })
        })?;
    Ok(User {
        id: UserId(id),
        username: username.to_string(),
        role,
        disabled: false,
    })
}

fn count_accounts(c: &Connection, path: &Path) -> Result<i64, StoreError> {
    c.query_row("SELECT count(*) FROM accounts", [], |r| r.get(0))
        .ctx(path, "counting accounts")
}

impl Store {
    /// Whether any account exists (if not, the first start asks for an administrator).
    pub fn has_accounts(&self) -> Result<bool, StoreError> {
        Ok(count_accounts(&self.conn, &self.path)? > 0)
    }

    /// Creates an account; usernames are unique case-insensitively.
    pub fn create_account(
        &mut self,
        username: &str,
        password: &SecretString,
        role: Role,
        at: Timestamp,
    ) -> Result<User, StoreError> {
        check_input(username, password)?;
        let hash = hash_password(password)?;
        self.write("creating an account", |tx, path| {
            insert_account(tx, path, username, &hash, role, at)
        })
    }

    /// Creates the first administrator; refused once any account exists (checked inside the
    /// write transaction, so two processes cannot both succeed).
    pub fn create_first_admin(
        &mut self,
        username: &str,
        password: &SecretString,
        at: Timestamp,
    ) -> Result<User, StoreError> {
        check_input(username, password)?;
        let hash = hash_password(password)?;
        self.write("creating the first administrator", |tx, path| {
            if count_accounts(tx, path)? > 0 {
                return Err(StoreError::AccountsExist);
            }
            insert_account(tx, path, username, &hash, Role::Admin, at)
        })
    }

    /// Checks a login. Unknown user and wrong password give the same `BadLogin`; a disabled
    /// account is refused only after its password was verified.
    pub fn verify_login(
        &self,
        username: &str,
        password: &SecretString,
    ) -> Result<User, StoreError> {
        let found = self.read("checking a login", |c, path| {
            let mut v = rows(
                c,
                path,
                "checking a login",
                "SELECT id, username, role, organization, disabled, password_hash
                 FROM accounts WHERE username = ?1",
                [username],
                |r| Ok((user_from_row(r)?, r.get::<_, String>(5)?)),
            )?;
            Ok(v.pop())
        })?;
        let Some((user, hash)) = found else {
            let _ = password_matches(password, dummy_hash());
            return Err(StoreError::BadLogin);
        };
        if !password_matches(password, &hash) {
            return Err(StoreError::BadLogin);
        }
        if user.disabled {
            return Err(StoreError::AccountDisabled {
                username: user.username,
            });
        }
        Ok(user)
    }

    /// Every account, by username.
    pub fn list_users(&self) -> Result<Vec<User>, StoreError> {
        self.read("listing accounts", |c, path| {
            rows(
                c,
                path,
                "listing accounts",
                &format!("SELECT {USER_COLUMNS} FROM accounts ORDER BY username"),
                [],
                user_from_row,
            )
        })
    }

    pub fn load_user(&self, id: UserId) -> Result<Option<User>, StoreError> {
        Ok(self.list_users()?.into_iter().find(|u| u.id == id))
    }

    /// Disables or re-enables an account. The last enabled administrator cannot be disabled.
    pub fn set_disabled(&mut self, id: UserId, disabled: bool) -> Result<(), StoreError> {
        self.write("changing an account", |tx, path| {
            let what = "changing an account";
            if disabled {
                let other_admins: i64 = tx
                    .query_row(
                        "SELECT count(*) FROM accounts WHERE role = 'admin' AND disabled = 0
                         AND id <> ?1",
                        [id.0],
                        |r| r.get(0),
                    )
                    .ctx(path, what)?;
                let is_admin: i64 = tx
                    .query_row(
                        "SELECT count(*) FROM accounts WHERE id = ?1 AND role = 'admin'",
                        [id.0],
                        |r| r.get(0),
                    )
                    .ctx(path, what)?;
                if is_admin > 0 && other_admins == 0 {
                    return Err(StoreError::Conflict {
                        message: "The last enabled administrator cannot be disabled.".into(),
                    });
                }
            }
            let n = tx
                .execute(
                    "UPDATE accounts SET disabled = ?2 WHERE id = ?1",
                    params![id.0, disabled],
                )
                .ctx(path, what)?;
            if n == 0 {
                return Err(StoreError::NotFound {
                    message: format!("Account {id} does not exist."),
                });
            }
            Ok(())
        })
    }

    /// Replaces an account's password (new salt, new hash).
    pub fn change_password(
        &mut self,
        id: UserId,
        password: &SecretString,
        at: Timestamp,
    ) -> Result<(), StoreError> {
        check_input("-", password)?;
        let hash = hash_password(password)?;
        self.write("changing a password", |tx, path| {
            let n = tx
                .execute(
                    "UPDATE accounts SET password_hash = ?2, password_changed_at = ?3 WHERE id = ?1",
                    params![id.0, hash, at.0],
                )
                .ctx(path, "changing a password")?;
            if n == 0 {
                return Err(StoreError::NotFound {
                    message: format!("Account {id} does not exist."),
                });
            }
            Ok(())
        })
    }
}
