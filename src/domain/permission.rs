//! The PERM matrix of FEATURES.md as one function every caller goes through (`authorize`), and
//! the visibility rule every list is filtered with (`can_see`): Owners see their organization only.

use super::error::{DomainError, DomainResult};
use super::ids::OrganizationId;
use super::operation::Operation;
use super::organization::{Role, User};

/// The signed-in user and whether the console runs `--read-only`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    pub user: User,
    pub read_only: bool,
}

/// What an Owner may do on a target their organization owns (PERM table, "Owner" column).
fn owner_may_on_own(op: Operation) -> bool {
    matches!(
        op,
        Operation::ViewService
            | Operation::ViewKeys
            | Operation::InitializeService
            | Operation::InitializeNewPartitions
            | Operation::ActivateRoles
            | Operation::InitializeCryptoUser
            | Operation::EditNameDescription
            | Operation::DeleteService
            | Operation::ViewAudit
            | Operation::VerifyAudit
    )
}

/// What an Owner may do whatever the target. Owners read the template list because their
/// services show the template's name and capabilities; templates belong to no organization.
/// Devices stay Admin-only (host names, SSH users and licences are fleet administration).
fn owner_may_anywhere(op: Operation) -> bool {
    matches!(op, Operation::ViewTemplates)
}

/// The words used in refusals ("only an Admin can resize a service").
fn describe(op: Operation) -> &'static str {
    match op {
        Operation::ViewDevices => "view devices",
        Operation::AddDevice => "add a device",
        Operation::AuthorizeDevice => "authorize a device",
        Operation::EditDevice => "edit a device",
        Operation::RefreshDevice => "refresh a device",
        Operation::RemoveDevice => "remove a device",
        Operation::ManageAccounts => "manage accounts",
        Operation::ViewTemplates => "view service templates",
        Operation::ManageTemplates => "manage service templates",
        Operation::ImportPartitions => "import partitions",
        Operation::CreateService => "create a service",
        Operation::MigrateService => "migrate a service",
        Operation::ResizeService => "resize a service",
        Operation::AddPartitions => "add partitions to a service",
        Operation::RemovePartition => "remove a partition from a service",
        Operation::DetachService => "detach a service",
        Operation::ViewService => "view this service",
        Operation::ViewKeys => "view the keys of this service",
        Operation::InitializeService => "initialize this service",
        Operation::InitializeNewPartitions => "initialize the new partitions of this service",
        Operation::ActivateRoles => "activate the roles of this service",
        Operation::InitializeCryptoUser => "initialize the crypto user of this service",
        Operation::EditNameDescription => "edit the name and description of this service",
        Operation::EditHaLabel => "edit the HA group label",
        Operation::ChangeOrganization => "change the owning organization",
        Operation::DeleteService => "delete this service",
        Operation::ViewAudit => "view this audit event",
        Operation::VerifyAudit => "verify this audit event",
    }
}

/// Whether `session` may run `op` on a target owned by `owner` (None: the target belongs to no
/// organization, e.g. a device, a template, an audit event about a device).
///
/// A disabled account may do nothing; read-only mode refuses every writing operation;
/// an Admin may do everything else; an Owner may do the Owner column of PERM, and only on
/// targets of their own organization.
pub fn authorize(
    session: &Session,
    op: Operation,
    owner: Option<OrganizationId>,
) -> DomainResult<()> {
    check(session, op, owner, true)
}

/// Whether `session` may look at what `op` works on, or see a dry run of it, without doing it:
/// the import table before Finish, the migration sources, the devices a partition could be
/// added on, the plan of a creation, the account list. The same PERM rule as `authorize`, but
/// read-only mode does not refuse it: nothing changes (X-7 refuses changes, not reads).
pub fn authorize_read(
    session: &Session,
    op: Operation,
    owner: Option<OrganizationId>,
) -> DomainResult<()> {
    check(session, op, owner, false)
}

fn check(
    session: &Session,
    op: Operation,
    owner: Option<OrganizationId>,
    doing: bool,
) -> DomainResult<()> {
    let user = &session.user;
    if user.disabled {
        return Err(DomainError::not_permitted(format!(
            "account '{}' is disabled",
            user.username
        )));
    }
    if doing && session.read_only && op.writes() {
        return Err(DomainError::refused(format!(
            "read-only mode: {} ({}) is not allowed",
            op.name(),
            describe(op)
        )));
    }
    match user.role {
        Role::Admin => Ok(()),
        Role::Owner(_) if owner_may_anywhere(op) => Ok(()),
        Role::Owner(org) if owner_may_on_own(op) => {
            if owner == Some(org) {
                Ok(())
            } else {
                Err(DomainError::not_permitted(format!(
                    "an Owner can only {} when it belongs to their own organization",
                    describe(op)
                )))
            }
        }
        Role::Owner(_) => Err(DomainError::not_permitted(format!(
            "only an Admin can {}",
            describe(op)
        ))),
    }
}

/// Why a user of `role` may never do `op`, whatever the target (None: they may, at least on
/// their own organization's targets). The console uses it to leave closed the forms a user
/// could not submit, and to say so on the key (issue 11.13); `authorize` still decides.
pub fn never_for(role: Role, op: Operation) -> Option<String> {
    match role {
        Role::Admin => None,
        Role::Owner(_) if owner_may_anywhere(op) || owner_may_on_own(op) => None,
        Role::Owner(_) => Some(format!("only an Admin can {}", describe(op))),
    }
}

/// Whether `session` may open a list screen for `op` (the Services list, the Audit tab): an
/// Admin always, an Owner for the lists they have rows in. Every row is then filtered with
/// `can_see`, and acting on a row goes through `authorize` with the row's organization.
pub fn authorize_list(session: &Session, op: Operation) -> DomainResult<()> {
    match session.user.role {
        Role::Owner(org) if owner_may_on_own(op) && !op.writes() => {
            authorize(session, op, Some(org))
        }
        _ => authorize(session, op, None),
    }
}

/// Whether a row owned by `owner` appears at all for `session` (lists, counts, search results).
/// Owners see their own organization's rows only; a disabled account sees nothing.
pub fn can_see(session: &Session, owner: Option<OrganizationId>) -> bool {
    if session.user.disabled {
        return false;
    }
    match session.user.role {
        Role::Admin => true,
        Role::Owner(org) => owner == Some(org),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ids::UserId;

    const OWN: OrganizationId = OrganizationId(1);
    const OTHER: OrganizationId = OrganizationId(2);

    fn session(role: Role) -> Session {
        Session {
            user: User {
                id: UserId(7),
                username: "alice".into(),
                role,
                disabled: false,
            },
            read_only: false,
        }
    }

    use Operation as O;
    /// (operation, Admin, Owner of the owning organization, Owner of another organization)
    const MATRIX: [(Operation, bool, bool, bool); 28] = [
        (O::ViewDevices, true, false, false),
        (O::AddDevice, true, false, false),
        (O::AuthorizeDevice, true, false, false),
        (O::EditDevice, true, false, false),
        (O::RefreshDevice, true, false, false),
        (O::RemoveDevice, true, false, false),
        (O::ManageAccounts, true, false, false),
        (O::ViewTemplates, true, true, true),
        (O::ManageTemplates, true, false, false),
        (O::ImportPartitions, true, false, false),
        (O::CreateService, true, false, false),
        (O::MigrateService, true, false, false),
        (O::ResizeService, true, false, false),
        (O::AddPartitions, true, false, false),
        (O::RemovePartition, true, false, false),
        (O::DetachService, true, false, false),
        (O::ViewService, true, true, false),
        (O::ViewKeys, true, true, false),
        (O::InitializeService, true, true, false),
        (O::InitializeNewPartitions, true, true, false),
        (O::ActivateRoles, true, true, false),
        (O::InitializeCryptoUser, true, true, false),
        (O::EditNameDescription, true, true, false),
        (O::EditHaLabel, true, false, false),
        (O::ChangeOrganization, true, false, false),
        (O::DeleteService, true, true, false),
        (O::ViewAudit, true, true, false),
        (O::VerifyAudit, true, true, false),
    ];

    #[test]
    fn perm_matrix_covers_every_operation() {
        for op in Operation::ALL {
            assert!(MATRIX.iter().any(|row| row.0 == op), "{op:?} missing");
        }
    }

    #[test]
    fn perm_matrix_admin_owner_own_owner_other() {
        let admin = session(Role::Admin);
        let owner = session(Role::Owner(OWN));
        for (op, want_admin, want_own, want_other) in MATRIX {
            assert_eq!(
                authorize(&admin, op, Some(OWN)).is_ok(),
                want_admin,
                "admin {op:?}"
            );
            assert_eq!(
                authorize(&owner, op, Some(OWN)).is_ok(),
                want_own,
                "own {op:?}"
            );
            let other = authorize(&owner, op, Some(OTHER));
            assert_eq!(other.is_ok(), want_other, "other {op:?}");
            if let Err(e) = other {
                assert!(matches!(e, DomainError::NotPermitted { .. }), "{op:?}: {e}");
                assert!(e.to_string().contains(describe(op)), "{e}");
            }
        }
    }

    #[test]
    fn perm_never_for_agrees_with_the_matrix() {
        // never_for says "no" exactly where an Owner may not act even on their own targets.
        for (op, _, want_own, _) in MATRIX {
            assert_eq!(never_for(Role::Admin, op), None, "{op:?}");
            let never = never_for(Role::Owner(OWN), op);
            assert_eq!(never.is_none(), want_own, "{op:?}: {never:?}");
        }
        assert_eq!(
            never_for(Role::Owner(OWN), O::AddDevice).as_deref(),
            Some("only an Admin can add a device")
        );
    }

    #[test]
    fn perm_owner_refusal_messages() {
        let owner = session(Role::Owner(OWN));
        let e = authorize(&owner, O::ResizeService, Some(OWN)).unwrap_err();
        assert_eq!(
            e.to_string(),
            "Not permitted: only an Admin can resize a service"
        );
        let e = authorize(&owner, O::DeleteService, Some(OTHER)).unwrap_err();
        assert_eq!(
            e.to_string(),
            "Not permitted: an Owner can only delete this service when it belongs to their own organization"
        );
    }

    #[test]
    fn perm_owner_refused_on_targets_without_organization() {
        let owner = session(Role::Owner(OWN));
        for op in [
            O::ViewAudit,
            O::VerifyAudit,
            O::ViewService,
            O::DeleteService,
        ] {
            assert!(authorize(&owner, op, None).is_err(), "{op:?}");
        }
        assert!(authorize(&owner, O::ViewTemplates, None).is_ok());
        assert!(authorize(&session(Role::Admin), O::ViewAudit, None).is_ok());
    }

    #[test]
    fn perm_read_only_refuses_every_write() {
        for role in [Role::Admin, Role::Owner(OWN)] {
            let mut s = session(role);
            s.read_only = true;
            for op in Operation::ALL {
                let got = authorize(&s, op, Some(OWN));
                if op.writes() {
                    let e = got.unwrap_err();
                    assert!(matches!(e, DomainError::Refused { .. }));
                    assert_eq!(
                        e.to_string(),
                        format!(
                            "read-only mode: {} ({}) is not allowed",
                            op.name(),
                            describe(op)
                        )
                    );
                }
            }
            assert!(authorize(&s, O::ViewService, Some(OWN)).is_ok());
            assert!(authorize(&s, O::VerifyAudit, Some(OWN)).is_ok());
        }
    }

    #[test]
    fn x_7_read_only_allows_reads_and_dry_runs_of_every_operation_with_the_same_perm_rule() {
        for role in [Role::Admin, Role::Owner(OWN)] {
            let writer = session(role);
            let mut reader = session(role);
            reader.read_only = true;
            for op in Operation::ALL {
                for owner in [Some(OWN), Some(OTHER), None] {
                    assert_eq!(
                        authorize_read(&reader, op, owner).is_ok(),
                        authorize(&writer, op, owner).is_ok(),
                        "{role:?} {op:?} {owner:?}"
                    );
                }
            }
        }
        let e = authorize_read(&session(Role::Owner(OWN)), O::ManageAccounts, None).unwrap_err();
        assert_eq!(
            e.to_string(),
            "Not permitted: only an Admin can manage accounts"
        );
        let mut gone = session(Role::Admin);
        gone.user.disabled = true;
        assert!(authorize_read(&gone, O::ViewService, None).is_err());
    }

    #[test]
    fn perm_disabled_user_refused_everything() {
        for role in [Role::Admin, Role::Owner(OWN)] {
            let mut s = session(role);
            s.user.disabled = true;
            for op in Operation::ALL {
                let e = authorize(&s, op, Some(OWN)).unwrap_err();
                assert_eq!(e.to_string(), "Not permitted: account 'alice' is disabled");
            }
            assert!(!can_see(&s, Some(OWN)));
            assert!(authorize_list(&s, O::ViewService).is_err());
        }
    }

    #[test]
    fn perm_can_see_filters_other_organizations() {
        let admin = session(Role::Admin);
        let owner = session(Role::Owner(OWN));
        for (target, admin_sees, owner_sees) in [
            (Some(OWN), true, true),
            (Some(OTHER), true, false),
            (None, true, false),
        ] {
            assert_eq!(can_see(&admin, target), admin_sees, "{target:?}");
            assert_eq!(can_see(&owner, target), owner_sees, "{target:?}");
        }
        let visible = [Some(OWN), Some(OTHER), Some(OTHER), None]
            .into_iter()
            .filter(|o| can_see(&owner, *o))
            .count();
        assert_eq!(visible, 1);
    }

    #[test]
    fn perm_list_screens() {
        let owner = session(Role::Owner(OWN));
        for (op, ok) in [
            (O::ViewService, true),
            (O::ViewAudit, true),
            (O::VerifyAudit, true),
            (O::ViewTemplates, true),
            (O::ViewDevices, false),
            (O::DeleteService, false),
        ] {
            assert_eq!(authorize_list(&owner, op).is_ok(), ok, "{op:?}");
        }
        assert!(authorize_list(&session(Role::Admin), O::ViewDevices).is_ok());
    }
}
