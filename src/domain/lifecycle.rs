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

/// The action the Services list's Initialization State column offers (MNG-1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum InitializationAction {
    /// No partition is initialized yet (INIT-1).
    Initialize,
    /// Members were added and are not initialized yet.
    InitializeNewPartitions,
}

impl fmt::Display for InitializationAction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            InitializationAction::Initialize => "Initialize",
            InitializationAction::InitializeNewPartitions => "Initialize New Partitions",
        })
    }
}

/// The link shown in the Services list's Initialization State column (MNG-1), if any.
pub fn initialization_action(state: ServiceState) -> Option<InitializationAction> {
    match state {
        ServiceState::Uninitialized => Some(InitializationAction::Initialize),
        ServiceState::PartiallyInitialized => Some(InitializationAction::InitializeNewPartitions),
        _ => None,
    }
}

#[cfg(test)]
mod tests;
