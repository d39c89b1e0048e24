//! Tests for the service life cycle and `permits` (INIT-1/5/6, IMP-6, MNG-1, HA-3): every
//! legal and illegal transition, and the exact refusal sentences.

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
        let shown = initialization_action(state).map(|a| a.to_string());
        assert_eq!(shown.as_deref(), want, "{state:?}");
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
