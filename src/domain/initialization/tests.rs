//! Tests for service initialization (INIT-2/3/4/6): table-driven good and bad credentials,
//! asserting the exact messages and that no secret ever reaches a message or the summary.

use super::*;
use crate::domain::ids::OrganizationId;
use crate::domain::lifecycle::ServiceState;
use crate::domain::service::{Member, ServiceKind};
use crate::domain::timestamp::Timestamp;

fn svc(auth: AuthMethod, ppso: bool, members: usize) -> Service {
    Service {
        id: ServiceId(4),
        name: "payments".into(),
        description: String::new(),
        kind: if members > 1 {
            ServiceKind::HaGroup {
                label: "payHA".into(),
            }
        } else {
            ServiceKind::Standalone
        },
        template: None,
        organization: OrganizationId(1),
        created_by: "admin".into(),
        created_at: Timestamp(0),
        members: (0..members)
            .map(|i| Member {
                partition: PartitionSerial::new(format!("15827754339{i:02}")),
                pending_init: false,
            })
            .collect(),
        state: ServiceState::Uninitialized,
        auth,
        ppso,
        stc: false,
        partition_size: 100_000,
    }
}

fn pair(a: &str, b: &str) -> ConfirmedSecret {
    ConfirmedSecret::new(SecretString::from(a), SecretString::from(b))
}
fn same(a: &str) -> Option<ConfirmedSecret> {
    Some(pair(a, a))
}

fn password(so: Option<ConfirmedSecret>, cu: Option<ConfirmedSecret>) -> InitCredentials {
    InitCredentials::Password {
        label: "payLabel".into(),
        domain: pair("domain-secret", "domain-secret"),
        so,
        co: pair("co-secret-1", "co-secret-1"),
        cu,
    }
}

fn ped(
    co: Option<ConfirmedSecret>,
    cu: Option<ConfirmedSecret>,
    activate_co: bool,
    activate_cu: bool,
) -> InitCredentials {
    InitCredentials::Ped {
        label: "payLabel".into(),
        ped: PedServer {
            host: "ped.example.com".into(),
            port: 1503,
        },
        co_challenge: co,
        cu_challenge: cu,
        activate_co,
        activate_cu,
    }
}

fn roles(summary: &InitPlanSummary) -> Vec<(PartitionRole, RoleCredential, bool)> {
    summary
        .roles
        .iter()
        .map(|r| (r.role, r.credential, r.activate))
        .collect()
}

#[test]
fn init_2_password_roles_by_ppso() {
    use PartitionRole::*;
    let pw = RoleCredential::Password;
    let table = [
        (
            false,
            password(None, None),
            vec![(CryptoOfficer, pw, false)],
        ),
        (
            true,
            password(same("so-secret-1"), None),
            vec![(PartitionSo, pw, false), (CryptoOfficer, pw, false)],
        ),
        (
            true,
            password(same("so-secret-1"), same("cu-secret-1")),
            vec![
                (PartitionSo, pw, false),
                (CryptoOfficer, pw, false),
                (CryptoUser, pw, false),
            ],
        ),
    ];
    for (ppso, creds, want) in table {
        let got = validate_init(&svc(AuthMethod::Password, ppso, 1), &creds).unwrap();
        assert_eq!(roles(&got), want, "ppso={ppso}");
        assert_eq!(got.cloning_domain, CloningDomainSource::Typed);
        assert_eq!(got.ped, None);
    }
}

#[test]
fn init_2_password_refusals_name_the_field() {
    let bad_label = InitCredentials::Password {
        label: " lead".into(),
        domain: pair("domain-secret", "domain-secret"),
        so: None,
        co: pair("co-secret-1", "co-secret-1"),
        cu: None,
    };
    let bad_domain = InitCredentials::Password {
        label: "payLabel".into(),
        domain: pair("domain-secret", "domain-secreT"),
        so: None,
        co: pair("co-secret-1", "co-secret-1"),
        cu: None,
    };
    let short_co = InitCredentials::Password {
        label: "payLabel".into(),
        domain: pair("domain-secret", "domain-secret"),
        so: None,
        co: pair("short", "short"),
        cu: None,
    };
    let table = [
        (
            false,
            bad_label,
            "Partition Label: must not start or end with a space",
        ),
        (
            false,
            bad_domain,
            "Cloning domain: the confirmation does not match; type it again",
        ),
        (
            false,
            short_co,
            "Crypto Officer password: must be 8 to 132 characters (its length is not shown)",
        ),
        (
            true,
            password(None, None),
            "Partition SO password: required for a per-partition SO service",
        ),
        (
            false,
            password(same("so-secret-1"), None),
            "Partition SO password: not used: this service has no per-partition SO, so it has no partition SO",
        ),
        (
            true,
            password(Some(pair("so-secret-1", "so-secret-2")), None),
            "Partition SO password: the confirmation does not match; type it again",
        ),
        (
            true,
            password(same("so-secret-1"), same("cu")),
            "Crypto User password: must be 8 to 132 characters (its length is not shown)",
        ),
    ];
    for (ppso, creds, want) in table {
        let err = validate_init(&svc(AuthMethod::Password, ppso, 1), &creds).unwrap_err();
        assert_eq!(err.to_string(), want);
        for secret in ["domain-secret", "co-secret-1", "so-secret-1", "so-secret-2"] {
            assert!(!err.to_string().contains(secret), "{err}");
        }
    }
}

#[test]
fn init_2_auth_must_match_and_state_must_allow() {
    let err = validate_init(&svc(AuthMethod::Ped, false, 1), &password(None, None)).unwrap_err();
    assert_eq!(
        err.to_string(),
        "Service 'payments' uses PED authentication; Password credentials do not apply"
    );
    let err = validate_init(
        &svc(AuthMethod::Password, true, 1),
        &ped(same("co-chall-1"), None, false, false),
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "Service 'payments' uses Password authentication; PED credentials do not apply"
    );
    let mut done = svc(AuthMethod::Password, false, 1);
    done.state = ServiceState::Initialized;
    assert_eq!(
        validate_init(&done, &password(None, None))
            .unwrap_err()
            .to_string(),
        "Service 'payments' is already initialized"
    );
    let empty = svc(AuthMethod::Password, false, 0);
    assert_eq!(
        validate_init(&empty, &password(None, None))
            .unwrap_err()
            .to_string(),
        "Service 'payments' has no partitions to initialize"
    );
}

#[test]
fn init_3_ped_roles_challenges_and_activation() {
    use PartitionRole::*;
    use RoleCredential::*;
    let table = [
        (
            false,
            ped(None, None, true, false),
            vec![(CryptoOfficer, PedKeyAndGeneratedChallenge, true)],
        ),
        (
            true,
            ped(same("co-chall-1"), None, false, false),
            vec![
                (PartitionSo, PedKey, false),
                (CryptoOfficer, PedKeyAndChallenge, false),
            ],
        ),
        (
            true,
            ped(same("co-chall-1"), same("cu-chall-1"), true, true),
            vec![
                (PartitionSo, PedKey, false),
                (CryptoOfficer, PedKeyAndChallenge, true),
                (CryptoUser, PedKeyAndChallenge, true),
            ],
        ),
        (
            true,
            ped(same("co-chall-1"), same("cu-chall-1"), true, false),
            vec![
                (PartitionSo, PedKey, false),
                (CryptoOfficer, PedKeyAndChallenge, true),
                (CryptoUser, PedKeyAndChallenge, false),
            ],
        ),
    ];
    for (ppso, creds, want) in table {
        let got = validate_init(&svc(AuthMethod::Ped, ppso, 1), &creds).unwrap();
        assert_eq!(roles(&got), want, "ppso={ppso}");
        assert_eq!(got.cloning_domain, CloningDomainSource::RedPedKey);
        assert_eq!(
            got.ped,
            Some(PedServer {
                host: "ped.example.com".into(),
                port: 1503
            })
        );
    }
}

#[test]
fn init_3_ped_refusals() {
    let bad_ped = InitCredentials::Ped {
        label: "payLabel".into(),
        ped: PedServer {
            host: "ped host".into(),
            port: 1503,
        },
        co_challenge: same("co-chall-1"),
        cu_challenge: None,
        activate_co: false,
        activate_cu: false,
    };
    let table = [
        (
            false,
            ped(same("co-chall-1"), None, false, false),
            "Crypto Officer challenge: not typed for a non-PPSO PED service: the PED generates \
             a 16-digit challenge and shows it once, to be recorded",
        ),
        (
            false,
            ped(None, same("cu-chall-1"), false, false),
            "Crypto User challenge: not used: this service has no per-partition SO, so it has no crypto user",
        ),
        (
            true,
            ped(None, None, false, false),
            "Crypto Officer challenge: required for a per-partition SO service",
        ),
        (
            true,
            ped(Some(pair("co-chall-1", "co-chall-2")), None, false, false),
            "Crypto Officer challenge: the confirmation does not match; type it again",
        ),
        (
            true,
            ped(same("co-chall-1"), same("cu-chall-1"), false, true),
            "Activate Roles: the crypto user can only be activated together with the crypto officer",
        ),
        (
            false,
            ped(None, None, false, true),
            "Activate Roles: the crypto user can only be activated together with the crypto officer",
        ),
        (
            true,
            ped(same("co-chall-1"), None, true, true),
            "Activate Roles: there is no crypto user to activate: type a crypto user challenge \
             or leave Activate Crypto User off",
        ),
        (
            true,
            bad_ped,
            "Remote PED server: character space is not allowed in a host name or address",
        ),
    ];
    for (ppso, creds, want) in table {
        let err = validate_init(&svc(AuthMethod::Ped, ppso, 1), &creds).unwrap_err();
        assert_eq!(err.to_string(), want);
    }
}

#[test]
fn init_4_one_set_of_credentials_for_every_member() {
    let service = svc(AuthMethod::Password, true, 3);
    let got = validate_init(&service, &password(same("so-secret-1"), None)).unwrap();
    assert_eq!(got.members.len(), 3);
    assert_eq!(got.members[0], PartitionSerial::new("1582775433900"));
    assert_eq!(got.label, "payLabel");
    let lines = got.lines();
    assert_eq!(
        lines[0],
        "Partition label: payLabel (the same on all 3 partitions)"
    );
    assert_eq!(
        lines,
        vec![
            "Partition label: payLabel (the same on all 3 partitions)",
            "Cloning domain: as typed (hidden)",
            "Partition SO: password as typed (hidden)",
            "Crypto Officer: password as typed (hidden)",
        ]
    );
    let joined = lines.join("\n");
    for secret in ["domain-secret", "so-secret-1", "co-secret-1"] {
        assert!(!joined.contains(secret));
        assert!(!format!("{got:?}").contains(secret));
    }
}

#[test]
fn init_3_summary_lines_for_non_ppso_ped() {
    let got = validate_init(
        &svc(AuthMethod::Ped, false, 1),
        &ped(None, None, true, false),
    )
    .unwrap();
    assert_eq!(
        got.lines(),
        vec![
            "Partition label: payLabel",
            "Cloning domain: red PED key",
            "Remote PED server: ped.example.com:1503",
            "Crypto Officer: PED key; the PED shows a 16-digit challenge once: record it, then activated",
        ]
    );
}

#[test]
fn init_6_crypto_user_optional_and_ppso_only() {
    let ok = validate_init(
        &svc(AuthMethod::Password, true, 2),
        &password(same("so-secret-1"), None),
    )
    .unwrap();
    assert!(ok.roles.iter().all(|r| r.role != PartitionRole::CryptoUser));
    let err = validate_init(
        &svc(AuthMethod::Password, false, 2),
        &password(None, same("cu-secret-1")),
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "Crypto User password: not used: this service has no per-partition SO, so it has no crypto user"
    );
}

#[test]
fn init_2_route_by_software_and_firmware() {
    let v = Version::new;
    let table = [
        (v(7, 8, 5), v(7, 8, 4), InitRoute::LunaShPartitionInit),
        (v(7, 8, 1), v(7, 7, 1), InitRoute::LunaShPartitionInit),
        (v(7, 7, 1), v(7, 7, 0), InitRoute::LunaShPartitionInit),
        (v(7, 7, 0), v(7, 7, 0), InitRoute::LunaCm),
        (v(7, 2, 0), v(7, 0, 3), InitRoute::LunaCm),
        (v(7, 0, 0), v(7, 0, 1), InitRoute::LunaCm),
        (v(6, 2, 1), v(6, 24, 2), InitRoute::LegacyCreate),
        (v(5, 3, 1), v(6, 10, 9), InitRoute::LegacyCreate),
    ];
    for (software, firmware, want) in table {
        assert_eq!(
            init_route(software, firmware),
            want,
            "{software} {firmware}"
        );
    }
}

#[test]
fn init_2_credentials_debug_never_shows_secrets() {
    let creds = password(same("so-secret-1"), same("cu-secret-1"));
    let shown = format!("{creds:?}");
    for secret in ["domain-secret", "so-secret-1", "co-secret-1", "cu-secret-1"] {
        assert!(!shown.contains(secret), "{shown}");
    }
    assert!(shown.contains("REDACTED"), "{shown}");
}
