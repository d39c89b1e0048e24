//! Initializing a service (INIT-2/3/4/6): the credentials typed in the wizard, their validation
//! against the service (auth, PPSO, confirmations), the summary shown, and the device route.
//!
//! INIT-4: a service is initialized as a whole. Every member of an HA service gets the same
//! label, cloning domain and role credentials, so `validate_init` checks one set of credentials
//! per service (never per member) and the summary lists every member it will be applied to.

use super::device::{AuthMethod, PedServer};
use super::error::{DomainError, DomainResult, Field};
use super::ids::{PartitionSerial, ServiceId};
use super::lifecycle::permits;
use super::operation::Operation;
use super::service::Service;
use super::validation::{validate_partition_label, validate_ped_server, validate_secret};
use super::version::Version;
use secrecy::SecretString;
use std::fmt;

/// A secret typed twice in masked fields. `Debug` shows only `[REDACTED]` (secrecy).
#[derive(Debug, Clone)]
pub struct ConfirmedSecret {
    pub value: SecretString,
    pub confirm: SecretString,
}

impl ConfirmedSecret {
    pub fn new(value: SecretString, confirm: SecretString) -> Self {
        ConfirmedSecret { value, confirm }
    }
    /// 8–132 characters and the confirmation equal (`validate_secret`).
    pub fn check(&self, field: Field) -> DomainResult<()> {
        validate_secret(&self.value, &self.confirm, field)
    }
}

/// What the Initialize Service wizard collected.
#[derive(Debug, Clone)]
pub enum InitCredentials {
    /// Password service (INIT-2): label, cloning domain, partition SO (PPSO only), crypto
    /// officer, optional crypto user (PPSO only).
    Password {
        label: String,
        domain: ConfirmedSecret,
        so: Option<ConfirmedSecret>,
        co: ConfirmedSecret,
        cu: Option<ConfirmedSecret>,
    },
    /// PED service (INIT-3): the cloning domain and the roles come from PED keys. PPSO services
    /// type the crypto officer challenge and optionally the crypto user's; non-PPSO services
    /// type none (the PED generates a 16-digit challenge and shows it once).
    Ped {
        label: String,
        ped: PedServer,
        co_challenge: Option<ConfirmedSecret>,
        cu_challenge: Option<ConfirmedSecret>,
        activate_co: bool,
        activate_cu: bool,
    },
}

/// A partition role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PartitionRole {
    PartitionSo,
    CryptoOfficer,
    CryptoUser,
}

impl fmt::Display for PartitionRole {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            PartitionRole::PartitionSo => "Partition SO",
            PartitionRole::CryptoOfficer => "Crypto Officer",
            PartitionRole::CryptoUser => "Crypto User",
        })
    }
}

/// How a role will be authenticated after initialization.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RoleCredential {
    Password,
    /// PED key, without a typed challenge (partition SO on PED).
    PedKey,
    /// PED key plus a challenge typed in the wizard (PPSO).
    PedKeyAndChallenge,
    /// PED key plus a 16-digit challenge the PED generates and shows once (non-PPSO).
    PedKeyAndGeneratedChallenge,
}

/// One role to initialize, without any secret.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct RoleInit {
    pub role: PartitionRole,
    pub credential: RoleCredential,
    /// PED only: activate the role after initialization (INIT-3).
    pub activate: bool,
}

/// Where the cloning domain comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CloningDomainSource {
    Typed,
    RedPedKey,
}

/// What initialization will do, with no secret in it: for the wizard's summary and the audit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InitPlanSummary {
    pub service: ServiceId,
    pub auth: AuthMethod,
    pub label: String,
    /// Every member gets the same label, domain and credentials (INIT-4).
    pub members: Vec<PartitionSerial>,
    pub cloning_domain: CloningDomainSource,
    pub roles: Vec<RoleInit>,
    pub ped: Option<PedServer>,
}

impl InitPlanSummary {
    /// The summary as lines for a screen or `--json`-less CLI output.
    pub fn lines(&self) -> Vec<String> {
        let mut out = vec![match self.members.len() {
            1 => format!("Partition label: {}", self.label),
            n => format!(
                "Partition label: {} (the same on all {n} partitions)",
                self.label
            ),
        }];
        out.push(match self.cloning_domain {
            CloningDomainSource::Typed => "Cloning domain: as typed (hidden)".to_string(),
            CloningDomainSource::RedPedKey => "Cloning domain: red PED key".to_string(),
        });
        if let Some(ped) = &self.ped {
            out.push(format!("Remote PED server: {}:{}", ped.host, ped.port));
        }
        for r in &self.roles {
            let how = match r.credential {
                RoleCredential::Password => "password as typed (hidden)",
                RoleCredential::PedKey => "PED key",
                RoleCredential::PedKeyAndChallenge => "PED key and challenge as typed (hidden)",
                RoleCredential::PedKeyAndGeneratedChallenge => {
                    "PED key; the PED shows a 16-digit challenge once: record it"
                }
            };
            let act = if r.activate { ", then activated" } else { "" };
            out.push(format!("{}: {how}{act}", r.role));
        }
        out
    }
}

fn required(field: Field) -> DomainError {
    DomainError::invalid(field, "required for a per-partition SO service")
}

fn ppso_only(field: Field, what: &str) -> DomainError {
    DomainError::invalid(
        field,
        format!("not used: this service has no per-partition SO, so it has no {what}"),
    )
}

/// Validates the wizard's credentials against the service (INIT-2, INIT-3): the service may be
/// initialized; the authentication matches; the label is valid; PPSO requires a partition SO
/// password and non-PPSO forbids it; a crypto user only with PPSO; every secret typed twice and
/// 8–132 characters; a non-PPSO PED service types no crypto officer challenge; the crypto user is
/// activated only together with the crypto officer. Applies to the whole service (INIT-4).
pub fn validate_init(service: &Service, creds: &InitCredentials) -> DomainResult<InitPlanSummary> {
    permits(service, Operation::InitializeService)?;
    if service.members.is_empty() {
        return Err(DomainError::refused(format!(
            "Service '{}' has no partitions to initialize",
            service.name
        )));
    }
    let ppso = service.ppso;
    let (auth, label, cloning_domain, roles, ped) = match creds {
        InitCredentials::Password {
            label,
            domain,
            so,
            co,
            cu,
        } => {
            if service.auth != AuthMethod::Password {
                return Err(auth_mismatch(service, AuthMethod::Password));
            }
            validate_partition_label(label)?;
            domain.check(Field::CloningDomain)?;
            let mut roles = Vec::new();
            match (ppso, so) {
                (true, None) => return Err(required(Field::SoPassword)),
                (false, Some(_)) => return Err(ppso_only(Field::SoPassword, "partition SO")),
                (true, Some(so)) => {
                    so.check(Field::SoPassword)?;
                    roles.push(role(
                        PartitionRole::PartitionSo,
                        RoleCredential::Password,
                        false,
                    ));
                }
                (false, None) => {}
            }
            co.check(Field::CoPassword)?;
            roles.push(role(
                PartitionRole::CryptoOfficer,
                RoleCredential::Password,
                false,
            ));
            if let Some(cu) = cu {
                if !ppso {
                    return Err(ppso_only(Field::CuPassword, "crypto user"));
                }
                cu.check(Field::CuPassword)?;
                roles.push(role(
                    PartitionRole::CryptoUser,
                    RoleCredential::Password,
                    false,
                ));
            }
            (
                AuthMethod::Password,
                label,
                CloningDomainSource::Typed,
                roles,
                None,
            )
        }
        InitCredentials::Ped {
            label,
            ped,
            co_challenge,
            cu_challenge,
            activate_co,
            activate_cu,
        } => {
            if service.auth != AuthMethod::Ped {
                return Err(auth_mismatch(service, AuthMethod::Ped));
            }
            validate_partition_label(label)?;
            let ped = validate_ped_server(&ped.host, &ped.port.to_string())?;
            let mut roles = Vec::new();
            if ppso {
                roles.push(role(
                    PartitionRole::PartitionSo,
                    RoleCredential::PedKey,
                    false,
                ));
                let co = co_challenge
                    .as_ref()
                    .ok_or_else(|| required(Field::CoChallenge))?;
                co.check(Field::CoChallenge)?;
                roles.push(role(
                    PartitionRole::CryptoOfficer,
                    RoleCredential::PedKeyAndChallenge,
                    *activate_co,
                ));
                if let Some(cu) = cu_challenge {
                    cu.check(Field::CuChallenge)?;
                }
            } else {
                if co_challenge.is_some() {
                    return Err(DomainError::invalid(
                        Field::CoChallenge,
                        "not typed for a non-PPSO PED service: the PED generates a 16-digit \
                         challenge and shows it once, to be recorded",
                    ));
                }
                if cu_challenge.is_some() {
                    return Err(ppso_only(Field::CuChallenge, "crypto user"));
                }
                roles.push(role(
                    PartitionRole::CryptoOfficer,
                    RoleCredential::PedKeyAndGeneratedChallenge,
                    *activate_co,
                ));
            }
            if *activate_cu && !*activate_co {
                return Err(DomainError::invalid(
                    Field::ActivateRoles,
                    "the crypto user can only be activated together with the crypto officer",
                ));
            }
            if *activate_cu && cu_challenge.is_none() {
                return Err(DomainError::invalid(
                    Field::ActivateRoles,
                    "there is no crypto user to activate: type a crypto user challenge or leave \
                     Activate Crypto User off",
                ));
            }
            if cu_challenge.is_some() {
                roles.push(role(
                    PartitionRole::CryptoUser,
                    RoleCredential::PedKeyAndChallenge,
                    *activate_cu,
                ));
            }
            (
                AuthMethod::Ped,
                label,
                CloningDomainSource::RedPedKey,
                roles,
                Some(ped),
            )
        }
    };
    Ok(InitPlanSummary {
        service: service.id,
        auth,
        label: label.clone(),
        members: service
            .members
            .iter()
            .map(|m| m.partition.clone())
            .collect(),
        cloning_domain,
        roles,
        ped,
    })
}

fn role(role: PartitionRole, credential: RoleCredential, activate: bool) -> RoleInit {
    RoleInit {
        role,
        credential,
        activate,
    }
}

fn auth_mismatch(service: &Service, typed: AuthMethod) -> DomainError {
    DomainError::refused(format!(
        "Service '{}' uses {} authentication; {} credentials do not apply",
        service.name, service.auth, typed
    ))
}

/// How a partition is initialized on its appliance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum InitRoute {
    /// LunaSH `partition init` on the appliance (software 7.7.1 and above).
    LunaShPartitionInit,
    /// LunaCM `partition init` on the Luna client host (other 7.x software).
    LunaCm,
    /// 5.x/6.x software: `partition create` creates and initializes in one step.
    LegacyCreate,
}

/// The first appliance software with LunaSH `partition init` (7.7.1; 7.8.1+ has it too).
pub const LUNASH_INIT_MIN_SOFTWARE: Version = Version::new(7, 7, 1);

/// Chooses the initialization route from the appliance software and HSM firmware versions.
pub fn init_route(software: Version, firmware: Version) -> InitRoute {
    if software.major < 7 || firmware.major < 7 {
        InitRoute::LegacyCreate
    } else if software >= LUNASH_INIT_MIN_SOFTWARE {
        InitRoute::LunaShPartitionInit
    } else {
        InitRoute::LunaCm
    }
}

#[cfg(test)]
mod tests {
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
                "Crypto Officer password: must be 8 to 132 characters, 5 typed",
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
                "Crypto User password: must be 8 to 132 characters, 2 typed",
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
        let err =
            validate_init(&svc(AuthMethod::Ped, false, 1), &password(None, None)).unwrap_err();
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
}
