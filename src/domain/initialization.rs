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
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct ConfirmedSecret {
    #[serde(with = "super::secret_serde")]
    pub value: SecretString,
    #[serde(with = "super::secret_serde")]
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

    /// Neither typed (an optional secret left out).
    pub fn is_empty(&self) -> bool {
        use secrecy::ExposeSecret;
        self.value.expose_secret().is_empty() && self.confirm.expose_secret().is_empty()
    }
}

/// What the Initialize Service wizard collected.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
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
mod tests;
