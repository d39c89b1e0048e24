//! `lunadeck account ...` (NAV-4, PERM): `init` creates the first Admin of a new database; the
//! other verbs manage organizations and accounts through Console operations (Admin only).
//! New passwords are typed twice: two prompts, or two stdin lines with --password-stdin.

use super::error::{CliError, CliResult};
use super::output::Table;
use super::run::Ctx;
use crate::domain::ids::OrganizationId;
use crate::domain::organization::{Role, User};
use crate::ops::OpsError;
use clap::{Subcommand, ValueEnum};
use secrecy::SecretString;
use serde_json::json;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RoleArg {
    Admin,
    Owner,
}

#[derive(Debug, Clone, PartialEq, Eq, Subcommand)]
pub enum AccountCmd {
    /// Create the first Admin (named by --user) in a database that has no account yet.
    /// The password is typed twice, or read as two stdin lines with --password-stdin (or
    /// LUNADECK_PASSWORD_STDIN=1).
    Init {
        #[arg(long)]
        password_stdin: bool,
    },
    /// Create an organization.
    OrgAdd { name: String },
    /// Organizations you can see.
    OrgList,
    /// Create an account: an Admin, or the Owner of one organization (--org).
    UserAdd {
        name: String,
        #[arg(long, value_enum)]
        role: RoleArg,
        /// The organization an Owner belongs to (name).
        #[arg(long, value_name = "ORG", required_if_eq("role", "owner"))]
        org: Option<String>,
        /// Read the new password and its confirmation from the next two stdin lines.
        #[arg(long)]
        password_stdin: bool,
    },
    /// Every account.
    UserList,
    /// Disable an account (it can no longer log in).
    Disable { name: String },
    /// Re-enable an account.
    Enable { name: String },
    /// Set a new password on an account (typed twice).
    Passwd {
        name: String,
        #[arg(long)]
        password_stdin: bool,
    },
}

fn org_by_name(ctx: &mut Ctx<'_>, name: &str) -> CliResult<OrganizationId> {
    ctx.console()
        .organizations()?
        .into_iter()
        .find(|o| o.name.eq_ignore_ascii_case(name.trim()))
        .map(|o| o.id)
        .ok_or_else(|| CliError::refused(format!("no organization named '{name}'")))
}

fn user_by_name(ctx: &mut Ctx<'_>, name: &str) -> CliResult<User> {
    ctx.console()
        .users()?
        .into_iter()
        .find(|u| u.username == name)
        .ok_or_else(|| CliError::Ops(OpsError::NotFound(format!("no account named '{name}'"))))
}

fn new_password(
    ctx: &mut Ctx<'_>,
    user: &str,
    from_stdin: bool,
) -> CliResult<(SecretString, SecretString)> {
    let what = format!("new password for {user}");
    let first = ctx.secrets.read(&what, from_stdin, "--password-stdin")?;
    let again = ctx
        .secrets
        .read(&format!("{what} again"), from_stdin, "--password-stdin")?;
    Ok((first, again))
}

pub fn run(cmd: &AccountCmd, ctx: &mut Ctx<'_>) -> CliResult<()> {
    match cmd {
        // Handled before login by `run::dispatch` (there is nobody to log in as yet).
        AccountCmd::Init { .. } => Err(CliError::refused(
            "account init runs before login; nothing was done",
        )),
        AccountCmd::OrgAdd { name } => {
            let id = ctx.console().create_organization(name)?;
            let msg = format!("organization '{}' created", name.trim());
            ctx.out
                .done(&msg, json!({"organization": id.0, "name": name.trim()}));
            Ok(())
        }
        AccountCmd::OrgList => {
            let orgs = ctx.console().organizations()?;
            let mut table = Table::new(&["ID", "NAME"]);
            for o in &orgs {
                table.row(vec![o.id.0.to_string(), o.name.clone()]);
            }
            ctx.out.list(&table, "no organizations", json!(orgs));
            Ok(())
        }
        AccountCmd::UserAdd {
            name,
            role,
            org,
            password_stdin,
        } => {
            let role = match (role, org) {
                (RoleArg::Admin, None) => Role::Admin,
                (RoleArg::Admin, Some(_)) => {
                    return Err(CliError::refused(
                        "an Admin belongs to no organization: drop --org",
                    ));
                }
                (RoleArg::Owner, Some(o)) => Role::Owner(org_by_name(ctx, o)?),
                (RoleArg::Owner, None) => {
                    return Err(CliError::refused("an Owner needs --org ORG"));
                }
            };
            let (pw, confirm) = new_password(ctx, name, *password_stdin)?;
            let user = ctx.console().create_user(name, &pw, &confirm, role)?;
            let msg = format!("account '{}' created ({})", user.username, user.role);
            ctx.out.done(&msg, json!({"user": user}));
            Ok(())
        }
        AccountCmd::UserList => {
            let users = ctx.console().users()?;
            let orgs = ctx.console().organizations()?;
            let mut table = Table::new(&["NAME", "ROLE", "ORGANIZATION", "STATE"]);
            for u in &users {
                let org = match u.role {
                    Role::Admin => "-".to_string(),
                    Role::Owner(id) => orgs
                        .iter()
                        .find(|o| o.id == id)
                        .map_or_else(|| id.0.to_string(), |o| o.name.clone()),
                };
                let state = if u.disabled { "disabled" } else { "enabled" };
                table.row(vec![
                    u.username.clone(),
                    u.role.to_string(),
                    org,
                    state.into(),
                ]);
            }
            ctx.out.list(&table, "no accounts", json!(users));
            Ok(())
        }
        AccountCmd::Disable { name } | AccountCmd::Enable { name } => {
            let disabled = matches!(cmd, AccountCmd::Disable { .. });
            let user = user_by_name(ctx, name)?;
            ctx.console().set_user_disabled(user.id, disabled)?;
            let word = if disabled { "disabled" } else { "enabled" };
            ctx.out.done(
                &format!("account '{name}' {word}"),
                json!({"user": name, "disabled": disabled}),
            );
            Ok(())
        }
        AccountCmd::Passwd {
            name,
            password_stdin,
        } => {
            let user = user_by_name(ctx, name)?;
            let (pw, confirm) = new_password(ctx, name, *password_stdin)?;
            ctx.console().set_user_password(user.id, &pw, &confirm)?;
            ctx.out.done(
                &format!("account '{name}': password changed"),
                json!({"user": name}),
            );
            Ok(())
        }
    }
}
