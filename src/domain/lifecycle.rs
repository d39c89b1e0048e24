//! The service life cycle as a state machine: uninitialized → initialized → activated →
//! deployed, partially initialized services, and view-only imported STC+PPSO services (IMP-6).

use super::device::AuthMethod;
use super::error::{DomainError, DomainResult};
use super::operation::Operation;
use super::service::Service;
use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ServiceState {
    /// Created; no member initialized yet.
    Uninitialized,
    /// Some members initialized, others added and still uninitialized (HA-1).
    PartiallyInitialized,
    /// Every member initialized (roles set).
    Initialized,
    /// PED roles activated (challenge alone authenticates).
    Activated,
    /// An application owner deployed it (STC link established, if STC).
    Deployed,
    /// Imported with both STC and PPSO: rename, describe, change organization, detach, delete only.
    ViewOnly,
}

impl fmt::Display for ServiceState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ServiceState::Uninitialized => "Uninitialized",
            ServiceState::PartiallyInitialized => "Partially initialized",
            ServiceState::Initialized => "Initialized",
            ServiceState::Activated => "Activated",
            ServiceState::Deployed => "Deployed",
            ServiceState::ViewOnly => "View only",
        })
    }
}

/// Something that happened to a service on its devices; `ServiceState::apply` gives the new
/// state or refuses the transition.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ServiceEvent {
    /// Every member was initialized (INIT-2, INIT-3).
    Initialized,
    /// Partitions were added and are not initialized yet (HA-1).
    PartitionsAdded,
    /// The added partitions were initialized (HA-2).
    NewPartitionsInitialized,
    /// A partition was removed (HA-3); says what remains.
    PartitionRemoved {
        pending_left: bool,
        initialized_left: bool,
    },
    /// PED roles were activated (INIT-3, INIT-5).
    RolesActivated,
    /// An application owner deployed the service.
    Deployed,
}

impl ServiceState {
    /// Whether every member has been initialized at least once (roles set).
    pub fn is_initialized(self) -> bool {
        matches!(
            self,
            ServiceState::Initialized | ServiceState::Activated | ServiceState::Deployed
        )
    }

    /// The state after `event`: uninitialized → initialized → activated → deployed; adding
    /// partitions to an initialized service makes it partially initialized until the new ones
    /// are initialized (then Initialized again); a view-only service accepts no device event.
    /// A transition the life cycle does not allow is `IllegalTransition`, never a panic.
    pub fn apply(self, event: ServiceEvent) -> DomainResult<ServiceState> {
        use ServiceEvent as E;
        use ServiceState as S;
        let illegal = |what: &str| {
            Err(DomainError::illegal(format!(
                "A service that is {} cannot {what}",
                self.to_string().to_lowercase()
            )))
        };
        if self == S::ViewOnly {
            return Err(DomainError::illegal(
                "A service imported with STC and per-partition SO is view only: \
                 the console makes no change to its partitions",
            ));
        }
        match (self, event) {
            (S::Uninitialized, E::Initialized) => Ok(S::Initialized),
            (S::PartiallyInitialized, E::Initialized) => {
                illegal("be initialized again; initialize the new partitions instead")
            }
            (_, E::Initialized) => illegal("be initialized again"),

            (S::Uninitialized, E::PartitionsAdded) => Ok(S::Uninitialized),
            (_, E::PartitionsAdded) => Ok(S::PartiallyInitialized),

            (S::PartiallyInitialized, E::NewPartitionsInitialized) => Ok(S::Initialized),
            (_, E::NewPartitionsInitialized) => {
                illegal("initialize new partitions: it has no uninitialized partition")
            }

            (
                _,
                E::PartitionRemoved {
                    pending_left: false,
                    initialized_left: false,
                },
            ) => illegal("lose its last partition"),
            (
                S::PartiallyInitialized,
                E::PartitionRemoved {
                    pending_left,
                    initialized_left,
                },
            ) => Ok(match (pending_left, initialized_left) {
                (true, true) => S::PartiallyInitialized,
                (false, _) => S::Initialized,
                (true, false) => S::Uninitialized,
            }),
            (state, E::PartitionRemoved { .. }) => Ok(state),

            (S::Initialized | S::Activated, E::RolesActivated) => Ok(S::Activated),
            (S::Deployed, E::RolesActivated) => Ok(S::Deployed),
            (S::PartiallyInitialized, E::RolesActivated) => {
                illegal("activate roles before its new partitions are initialized")
            }
            (_, E::RolesActivated) => illegal("activate roles before it is initialized"),

            (S::Initialized | S::Activated | S::Deployed, E::Deployed) => Ok(S::Deployed),
            (_, E::Deployed) => illegal("be deployed before all its partitions are initialized"),
        }
    }
}

/// The LunaCM steps that activate the crypto officer of a non-PPSO PED partition (INIT-5).
pub const NON_PPSO_ACTIVATION_HINT: &str = "Activate Roles in the console is for per-partition SO \
     services only. Activate this service with LunaCM on the client host: select the slot, run \
     `partition changepolicy -policy 22 -value 1`, then `role login -name co`";

/// The seed's reason for refusing changes to a deployed PPSO + STC service (INIT-5, INIT-6).
pub const STC_DEPLOYED_REASON: &str = "after the STC link is established, the partition SO can \
     only reach the partition through the STC link with the Luna client, not through the console";

/// Operations a view-only (STC + PPSO imported) service still allows (IMP-6).
const VIEW_ONLY_ALLOWED: [Operation; 5] = [
    Operation::ViewService,
    Operation::EditNameDescription,
    Operation::ChangeOrganization,
    Operation::DetachService,
    Operation::DeleteService,
];

/// Whether the service's state and flags allow `op` (independently of who asks, see the
/// permission matrix). The refusal names the service and says what to do instead.
pub fn permits(service: &Service, op: Operation) -> DomainResult<()> {
    use ServiceState as S;
    let name = &service.name;
    let state = service.state;
    let refuse = |reason: String| Err(DomainError::refused(reason));
    if state == S::ViewOnly {
        if VIEW_ONLY_ALLOWED.contains(&op) {
            return Ok(());
        }
        return refuse(format!(
            "Service '{name}' was imported with STC and per-partition SO: view only; rename, \
             describe, change organization, detach or delete only"
        ));
    }
    let stc_deployed = service.ppso && service.stc && state == S::Deployed;
    match op {
        Operation::InitializeService => match state {
            S::Uninitialized => Ok(()),
            S::PartiallyInitialized => refuse(format!(
                "Service '{name}' is already initialized; use Initialize New Partitions for the \
                 partitions added to it"
            )),
            _ => refuse(format!("Service '{name}' is already initialized")),
        },
        Operation::InitializeNewPartitions => match state {
            S::PartiallyInitialized => Ok(()),
            S::Uninitialized => refuse(format!(
                "Service '{name}' is not initialized yet; use Initialize"
            )),
            _ => refuse(format!("Service '{name}' has no uninitialized partitions")),
        },
        Operation::ActivateRoles => {
            if service.auth != AuthMethod::Ped {
                return refuse(format!(
                    "Service '{name}' uses password authentication; only PED roles are activated"
                ));
            }
            if !service.ppso {
                return refuse(NON_PPSO_ACTIVATION_HINT.to_string());
            }
            if !state.is_initialized() {
                return refuse(not_initialized(name, state));
            }
            if stc_deployed {
                return refuse(format!(
                    "Service '{name}' uses STC and per-partition SO and is deployed: its roles \
                     cannot be activated any more, because {STC_DEPLOYED_REASON}"
                ));
            }
            Ok(())
        }
        Operation::InitializeCryptoUser => {
            if !service.ppso {
                return refuse(format!(
                    "Service '{name}' has no per-partition SO; Initialize Crypto User applies \
                     to per-partition SO services only"
                ));
            }
            if !state.is_initialized() {
                return refuse(not_initialized(name, state));
            }
            if stc_deployed {
                return refuse(format!(
                    "Service '{name}' uses STC and per-partition SO and is deployed: the crypto \
                     user cannot be initialized through the console, because {STC_DEPLOYED_REASON}"
                ));
            }
            Ok(())
        }
        Operation::ViewKeys | Operation::MigrateService => {
            if state.is_initialized() {
                Ok(())
            } else {
                refuse(not_initialized(name, state))
            }
        }
        Operation::RemovePartition => {
            if !service.kind.is_ha() {
                return refuse(format!(
                    "Service '{name}' is a single-partition service; partitions can only be \
                     removed from HA services"
                ));
            }
            if service.members.len() <= 1 {
                return refuse(format!(
                    "Service '{name}' has only one partition left; the last partition cannot be \
                     removed (delete the service instead)"
                ));
            }
            Ok(())
        }
        _ => Ok(()),
    }
}

fn not_initialized(name: &str, state: ServiceState) -> String {
    match state {
        ServiceState::PartiallyInitialized => {
            format!(
                "Service '{name}' has new partitions to initialize first (Initialize New Partitions)"
            )
        }
        _ => format!("Service '{name}' is not initialized yet (Initialize it first)"),
    }
}

/// The link shown in the Services list's Initialization State column (MNG-1), if any.
pub fn initialization_action(state: ServiceState) -> Option<&'static str> {
    match state {
        ServiceState::Uninitialized => Some("Initialize"),
        ServiceState::PartiallyInitialized => Some("Initialize New Partitions"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ids::{OrganizationId, PartitionSerial, ServiceId};
    use crate::domain::service::{Member, ServiceKind};
    use crate::domain::timestamp::Timestamp;
    use ServiceEvent as E;
    use ServiceState as S;

    const REMOVED_BOTH: E = E::PartitionRemoved {
        pending_left: true,
        initialized_left: true,
    };
    const REMOVED_LAST_PENDING: E = E::PartitionRemoved {
        pending_left: false,
        initialized_left: true,
    };
    const REMOVED_LAST_INITIALIZED: E = E::PartitionRemoved {
        pending_left: true,
        initialized_left: false,
    };
    const REMOVED_ALL: E = E::PartitionRemoved {
        pending_left: false,
        initialized_left: false,
    };

    fn service(state: ServiceState, auth: AuthMethod, ppso: bool, stc: bool) -> Service {
        Service {
            id: ServiceId(1),
            name: "payments".into(),
            description: String::new(),
            kind: ServiceKind::HaGroup {
                label: "payHA".into(),
            },
            template: None,
            organization: OrganizationId(1),
            created_by: "admin".into(),
            created_at: Timestamp(0),
            members: vec![
                Member {
                    partition: PartitionSerial::new("1582775433934"),
                    pending_init: false,
                },
                Member {
                    partition: PartitionSerial::new("1582775433935"),
                    pending_init: false,
                },
            ],
            state,
            auth,
            ppso,
            stc,
            partition_size: 100_000,
        }
    }

    #[test]
    fn init_2_life_cycle_legal_transitions() {
        let table = [
            (S::Uninitialized, E::Initialized, S::Initialized),
            (S::Initialized, E::RolesActivated, S::Activated),
            (S::Activated, E::RolesActivated, S::Activated),
            (S::Initialized, E::Deployed, S::Deployed),
            (S::Activated, E::Deployed, S::Deployed),
            (S::Deployed, E::Deployed, S::Deployed),
            (S::Deployed, E::RolesActivated, S::Deployed),
            (S::Uninitialized, E::PartitionsAdded, S::Uninitialized),
            (S::Initialized, E::PartitionsAdded, S::PartiallyInitialized),
            (S::Activated, E::PartitionsAdded, S::PartiallyInitialized),
            (S::Deployed, E::PartitionsAdded, S::PartiallyInitialized),
            (
                S::PartiallyInitialized,
                E::PartitionsAdded,
                S::PartiallyInitialized,
            ),
            (
                S::PartiallyInitialized,
                E::NewPartitionsInitialized,
                S::Initialized,
            ),
            (
                S::PartiallyInitialized,
                REMOVED_BOTH,
                S::PartiallyInitialized,
            ),
            (
                S::PartiallyInitialized,
                REMOVED_LAST_PENDING,
                S::Initialized,
            ),
            (
                S::PartiallyInitialized,
                REMOVED_LAST_INITIALIZED,
                S::Uninitialized,
            ),
            (S::Deployed, REMOVED_LAST_PENDING, S::Deployed),
            (S::Uninitialized, REMOVED_LAST_INITIALIZED, S::Uninitialized),
        ];
        for (from, event, want) in table {
            assert_eq!(from.apply(event), Ok(want), "{from:?} + {event:?}");
        }
    }

    #[test]
    fn init_2_life_cycle_illegal_transitions_are_sentences() {
        let table = [
            (
                S::Initialized,
                E::Initialized,
                "A service that is initialized cannot be initialized again",
            ),
            (
                S::PartiallyInitialized,
                E::Initialized,
                "A service that is partially initialized cannot be initialized again; initialize the new partitions instead",
            ),
            (
                S::Initialized,
                E::NewPartitionsInitialized,
                "A service that is initialized cannot initialize new partitions: it has no uninitialized partition",
            ),
            (
                S::Uninitialized,
                E::RolesActivated,
                "A service that is uninitialized cannot activate roles before it is initialized",
            ),
            (
                S::PartiallyInitialized,
                E::RolesActivated,
                "A service that is partially initialized cannot activate roles before its new partitions are initialized",
            ),
            (
                S::Uninitialized,
                E::Deployed,
                "A service that is uninitialized cannot be deployed before all its partitions are initialized",
            ),
            (
                S::Initialized,
                REMOVED_ALL,
                "A service that is initialized cannot lose its last partition",
            ),
        ];
        for (from, event, want) in table {
            let err = from.apply(event).unwrap_err();
            assert!(
                matches!(err, DomainError::IllegalTransition { .. }),
                "{err:?}"
            );
            assert_eq!(err.to_string(), want);
        }
    }

    #[test]
    fn imp_6_view_only_accepts_no_device_event() {
        for event in [
            E::Initialized,
            E::PartitionsAdded,
            E::NewPartitionsInitialized,
            REMOVED_BOTH,
            E::RolesActivated,
            E::Deployed,
        ] {
            let err = S::ViewOnly.apply(event).unwrap_err();
            assert!(err.to_string().contains("view only"), "{err}");
        }
    }

    #[test]
    fn imp_6_view_only_permits_only_five_operations() {
        let svc = service(S::ViewOnly, AuthMethod::Password, true, true);
        for op in Operation::ALL {
            let got = permits(&svc, op);
            if VIEW_ONLY_ALLOWED.contains(&op) {
                assert_eq!(got, Ok(()), "{op:?}");
            } else {
                assert_eq!(
                    got.unwrap_err().to_string(),
                    "Service 'payments' was imported with STC and per-partition SO: view only; \
                     rename, describe, change organization, detach or delete only",
                    "{op:?}"
                );
            }
        }
        for op in [
            Operation::ResizeService,
            Operation::AddPartitions,
            Operation::EditHaLabel,
        ] {
            assert!(permits(&svc, op).is_err(), "{op:?}");
        }
    }

    #[test]
    fn mng_1_initialization_state_column() {
        let table = [
            (S::Uninitialized, Some("Initialize")),
            (S::PartiallyInitialized, Some("Initialize New Partitions")),
            (S::Initialized, None),
            (S::Activated, None),
            (S::Deployed, None),
            (S::ViewOnly, None),
        ];
        for (state, want) in table {
            assert_eq!(initialization_action(state), want, "{state:?}");
        }
    }

    #[test]
    fn init_1_initialize_only_when_uninitialized() {
        let pw = |s| service(s, AuthMethod::Password, false, false);
        assert_eq!(
            permits(&pw(S::Uninitialized), Operation::InitializeService),
            Ok(())
        );
        assert_eq!(
            permits(
                &pw(S::PartiallyInitialized),
                Operation::InitializeNewPartitions
            ),
            Ok(())
        );
        let table = [
            (
                S::Initialized,
                Operation::InitializeService,
                "Service 'payments' is already initialized",
            ),
            (
                S::PartiallyInitialized,
                Operation::InitializeService,
                "Service 'payments' is already initialized; use Initialize New Partitions for the partitions added to it",
            ),
            (
                S::Uninitialized,
                Operation::InitializeNewPartitions,
                "Service 'payments' is not initialized yet; use Initialize",
            ),
            (
                S::Deployed,
                Operation::InitializeNewPartitions,
                "Service 'payments' has no uninitialized partitions",
            ),
            (
                S::Uninitialized,
                Operation::ViewKeys,
                "Service 'payments' is not initialized yet (Initialize it first)",
            ),
            (
                S::PartiallyInitialized,
                Operation::ViewKeys,
                "Service 'payments' has new partitions to initialize first (Initialize New Partitions)",
            ),
        ];
        for (state, op, want) in table {
            assert_eq!(
                permits(&pw(state), op).unwrap_err().to_string(),
                want,
                "{state:?} {op:?}"
            );
        }
        for state in [S::Initialized, S::Activated, S::Deployed] {
            assert_eq!(permits(&pw(state), Operation::ViewKeys), Ok(()));
        }
    }

    #[test]
    fn init_5_activate_roles_rules() {
        for state in [S::Initialized, S::Activated] {
            assert_eq!(
                permits(
                    &service(state, AuthMethod::Ped, true, true),
                    Operation::ActivateRoles
                ),
                Ok(())
            );
        }
        assert_eq!(
            permits(
                &service(S::Deployed, AuthMethod::Ped, true, false),
                Operation::ActivateRoles
            ),
            Ok(())
        );
        let non_ppso = permits(
            &service(S::Initialized, AuthMethod::Ped, false, false),
            Operation::ActivateRoles,
        )
        .unwrap_err()
        .to_string();
        assert!(
            non_ppso.contains("partition changepolicy -policy 22 -value 1"),
            "{non_ppso}"
        );
        assert!(non_ppso.contains("role login -name co"), "{non_ppso}");
        assert!(non_ppso.contains("LunaCM on the client host"), "{non_ppso}");
        let table = [
            (
                service(S::Initialized, AuthMethod::Password, true, false),
                "Service 'payments' uses password authentication; only PED roles are activated",
            ),
            (
                service(S::Uninitialized, AuthMethod::Ped, true, false),
                "Service 'payments' is not initialized yet (Initialize it first)",
            ),
            (
                service(S::Deployed, AuthMethod::Ped, true, true),
                "Service 'payments' uses STC and per-partition SO and is deployed: its roles cannot be \
                 activated any more, because after the STC link is established, the partition SO can \
                 only reach the partition through the STC link with the Luna client, not through the console",
            ),
        ];
        for (svc, want) in table {
            assert_eq!(
                permits(&svc, Operation::ActivateRoles)
                    .unwrap_err()
                    .to_string(),
                want
            );
        }
    }

    #[test]
    fn init_6_initialize_crypto_user_rules() {
        for (state, auth, stc) in [
            (S::Initialized, AuthMethod::Password, false),
            (S::Activated, AuthMethod::Ped, true),
            (S::Deployed, AuthMethod::Password, false),
        ] {
            assert_eq!(
                permits(
                    &service(state, auth, true, stc),
                    Operation::InitializeCryptoUser
                ),
                Ok(()),
                "{state:?}"
            );
        }
        let table = [
            (
                service(S::Initialized, AuthMethod::Password, false, false),
                "Service 'payments' has no per-partition SO; Initialize Crypto User applies to \
                 per-partition SO services only",
            ),
            (
                service(S::Uninitialized, AuthMethod::Password, true, false),
                "Service 'payments' is not initialized yet (Initialize it first)",
            ),
            (
                service(S::Deployed, AuthMethod::Password, true, true),
                "Service 'payments' uses STC and per-partition SO and is deployed: the crypto user \
                 cannot be initialized through the console, because after the STC link is \
                 established, the partition SO can only reach the partition through the STC link \
                 with the Luna client, not through the console",
            ),
        ];
        for (svc, want) in table {
            assert_eq!(
                permits(&svc, Operation::InitializeCryptoUser)
                    .unwrap_err()
                    .to_string(),
                want
            );
        }
    }

    #[test]
    fn ha_3_remove_partition_only_from_ha_with_more_than_one() {
        let mut svc = service(S::Initialized, AuthMethod::Password, false, false);
        assert_eq!(permits(&svc, Operation::RemovePartition), Ok(()));
        svc.members.truncate(1);
        assert_eq!(
            permits(&svc, Operation::RemovePartition)
                .unwrap_err()
                .to_string(),
            "Service 'payments' has only one partition left; the last partition cannot be \
             removed (delete the service instead)"
        );
        svc.kind = ServiceKind::Standalone;
        assert_eq!(
            permits(&svc, Operation::RemovePartition)
                .unwrap_err()
                .to_string(),
            "Service 'payments' is a single-partition service; partitions can only be removed \
             from HA services"
        );
    }

    #[test]
    fn imp_6_other_states_allow_resize_and_add() {
        for state in [
            S::Uninitialized,
            S::PartiallyInitialized,
            S::Initialized,
            S::Deployed,
        ] {
            let svc = service(state, AuthMethod::Password, true, true);
            assert_eq!(permits(&svc, Operation::ResizeService), Ok(()));
            assert_eq!(permits(&svc, Operation::AddPartitions), Ok(()));
        }
    }
}
