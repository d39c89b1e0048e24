//! The Define Partition and Initialize Roles forms of the Migrate Service wizard (MIG-2), by the
//! source's authentication, their checks, and the credentials they give the migration.
//!
//! Password: label and cloning domain, then SO and crypto officer passwords and the source's;
//! PED: label, then the remote PED server, the source's crypto officer challenge and, for a
//! non-PPSO source, the operator's word that it is not the default challenge.

use crate::domain::DomainError;
use crate::domain::device::{AuthMethod, DEFAULT_PED_PORT};
use crate::domain::error::Field;
use crate::domain::migration::default_challenge_refusal;
use crate::domain::validation::{validate_partition_label, validate_ped_server};
use crate::kit::{FormField, FormState};
use crate::ops::migrate::MigrateRoles;
use crate::ops::migrate_records::SourceChoice;
use secrecy::{ExposeSecret, SecretString};

/// The forms for a source: PED when `ped`; the default-challenge question when it is also
/// non-PPSO.
pub fn forms(ped: bool, ppso: bool) -> (FormState, FormState) {
    let mut partition = vec![
        FormField::text("label", "Partition label")
            .bound_to(Field::PartitionLabel)
            .note("Also the new partitions' name on each target."),
    ];
    let mut roles = Vec::new();
    if ped {
        roles.push(FormField::text("ped_host", "Remote PED server").bound_to(Field::PedServer));
        roles.push(
            FormField::number("ped_port", "PED port")
                .value(DEFAULT_PED_PORT.to_string())
                .bound_to(Field::PedPort),
        );
        roles.extend(FormField::secret_pair(
            "co_challenge",
            "co_challenge_confirm",
            "Crypto officer challenge",
            Field::CoChallenge,
        ));
        if let Some(last) = roles.pop() {
            roles.push(
                last.note(
                    "The source's: it activates the new partitions and logs in to the source.",
                ),
            );
        }
        if !ppso {
            roles.push(
                FormField::checkbox("challenge_changed", "Source challenge changed")
                    .note("A non-PPSO source must no longer have the challenge its PED generated (MIG-3)."),
            );
        }
    } else {
        partition.extend(FormField::secret_pair(
            "domain",
            "domain_confirm",
            "Cloning domain",
            Field::CloningDomain,
        ));
        roles.extend(FormField::secret_pair(
            "so",
            "so_confirm",
            "Partition SO password",
            Field::SoPassword,
        ));
        roles.extend(FormField::secret_pair(
            "co",
            "co_confirm",
            "Crypto officer password",
            Field::CoPassword,
        ));
        roles.push(
            FormField::secret("source_co", "Source crypto officer password")
                .note("The source partition's, to clone its objects from it."),
        );
    }
    (FormState::new(partition), FormState::new(roles))
}

/// Whether `roles` is the PED form (remote PED server, challenge).
pub fn is_ped_form(roles: &FormState) -> bool {
    roles.fields().iter().any(|f| f.id == "ped_host")
}

/// Whether the source migrates with PED credentials.
pub fn is_ped(s: &SourceChoice) -> bool {
    s.facts.auth == AuthMethod::Ped
}

/// Define Partition's check: the label, and the domain twice on password devices.
pub fn check_partition(partition: &FormState) -> Result<(), DomainError> {
    validate_partition_label(partition.text("label").unwrap_or(""))?;
    if partition.fields().iter().any(|f| f.id == "domain") {
        partition
            .confirmed("domain", "domain_confirm")
            .check(Field::CloningDomain)?;
    }
    Ok(())
}

/// Initialize Roles' check (`source_partition` names the source in the domain's refusals); a
/// refusal that names no domain field is set on the form's field.
pub fn check_roles(roles: &mut FormState, source_partition: &str) -> Result<(), DomainError> {
    if is_ped_form(roles) {
        validate_ped_server(
            roles.text("ped_host").unwrap_or(""),
            roles.text("ped_port").unwrap_or(""),
        )?;
        roles
            .confirmed("co_challenge", "co_challenge_confirm")
            .check(Field::CoChallenge)?;
        if roles.checked("challenge_changed") == Some(false) {
            roles.set_error(
                "challenge_changed",
                "required (the PED-generated challenge cannot be used)",
            );
            return Err(default_challenge_refusal(source_partition));
        }
        return Ok(());
    }
    for (id, confirm, field) in [
        ("so", "so_confirm", Field::SoPassword),
        ("co", "co_confirm", Field::CoPassword),
    ] {
        roles.confirmed(id, confirm).check(field)?;
    }
    if roles
        .secret("source_co")
        .is_none_or(|s| s.expose_secret().is_empty())
    {
        roles.set_error("source_co", "required: cloning logs in to the source");
        return Err(DomainError::refused(
            "the source crypto officer password is required",
        ));
    }
    Ok(())
}

/// The credentials the forms hold; Err names the PED server field that does not parse (Initialize
/// Roles refuses it before the Summary).
pub fn roles_of(partition: &FormState, roles: &FormState) -> Result<MigrateRoles, DomainError> {
    if is_ped_form(roles) {
        let ped = validate_ped_server(
            roles.text("ped_host").unwrap_or(""),
            roles.text("ped_port").unwrap_or(""),
        )?;
        return Ok(MigrateRoles::Ped {
            ped,
            co_challenge: roles.confirmed("co_challenge", "co_challenge_confirm"),
            challenge_changed: roles.checked("challenge_changed").unwrap_or(true),
        });
    }
    Ok(MigrateRoles::Password {
        domain: partition.confirmed("domain", "domain_confirm"),
        so: roles.confirmed("so", "so_confirm"),
        co: roles.confirmed("co", "co_confirm"),
        source_co: roles
            .secret("source_co")
            .unwrap_or_else(|| SecretString::from("")),
    })
}
