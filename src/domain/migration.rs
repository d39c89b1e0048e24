//! Service migration rules (MIG-1/3/4): the seed's supported source → destination table, its two
//! "not possible" rules, the source and licence checks, and the repair advice after a failure.

use super::device::{AuthMethod, Device, FmState};
use super::error::{DomainError, DomainResult};
use super::lifecycle::ServiceState;
use super::partition::{Partition, RoleState};
use super::service::Service;
use super::version::Version;
use std::fmt;

/// What the migration rules need to know about a source or target HSM.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MigrationEndpoint {
    pub firmware: Version,
    pub auth: AuthMethod,
    pub ppso: bool,
    pub fm: FmState,
    /// Source partition created and its roles initialized through LunaSH (6.x password rows).
    pub initialized_via_lunash: bool,
    /// Appliance software version (the REST patch note applies below 7.7).
    pub software: Version,
}

/// The rows and columns of the seed's table; also the New Service's HSM model (MIG-2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum MigrationClass {
    Luna6NonPpsoPed,
    Luna6PpsoPed,
    Luna7Ped,
    Luna6NonPpsoPassword,
    Luna6PpsoPassword,
    Luna7Password,
}

impl fmt::Display for MigrationClass {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            MigrationClass::Luna6NonPpsoPed => "6.x non-PPSO PED",
            MigrationClass::Luna6PpsoPed => "6.x PPSO PED",
            MigrationClass::Luna7Ped => "7.x PED",
            MigrationClass::Luna6NonPpsoPassword => "6.x non-PPSO Password",
            MigrationClass::Luna6PpsoPassword => "6.x PPSO Password",
            MigrationClass::Luna7Password => "7.x Password",
        })
    }
}

use MigrationClass as C;

impl MigrationClass {
    pub const ALL: [MigrationClass; 6] = [
        C::Luna6NonPpsoPed,
        C::Luna6PpsoPed,
        C::Luna7Ped,
        C::Luna6NonPpsoPassword,
        C::Luna6PpsoPassword,
        C::Luna7Password,
    ];

    /// A Luna 7 class (the newer destination, proposed first when a migration may upgrade).
    pub fn is_luna7(self) -> bool {
        matches!(self, C::Luna7Ped | C::Luna7Password)
    }

    /// The class named as `Display` names it ("7.x PED"), case and spaces aside.
    pub fn from_label(text: &str) -> Option<MigrationClass> {
        let norm = |s: &str| {
            s.split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .to_lowercase()
        };
        let wanted = norm(text);
        Self::ALL
            .into_iter()
            .find(|c| norm(&c.to_string()) == wanted)
    }
}

/// The destinations the seed's table allows for a `from` source (its row).
pub fn destinations(from: MigrationClass) -> &'static [MigrationClass] {
    SUPPORTED
        .iter()
        .find(|(s, _)| *s == from)
        .map(|(_, t)| *t)
        .unwrap_or(&[])
}

/// The target is of the HSM model chosen for the new service (MIG-2 New Service).
pub fn check_model(target: &MigrationEndpoint, model: MigrationClass) -> DomainResult<()> {
    let class = classify(target)?;
    if class == model {
        return Ok(());
    }
    Err(DomainError::refused(format!(
        "a {class} HSM, not the {model} chosen as the new service's HSM model"
    )))
}

/// The seed's "Migrate Service - Supported Devices" table: source → destinations.
pub const SUPPORTED: [(MigrationClass, &[MigrationClass]); 6] = [
    (C::Luna6NonPpsoPed, &[C::Luna6PpsoPed, C::Luna7Ped]),
    (C::Luna6PpsoPed, &[C::Luna6PpsoPed, C::Luna7Ped]),
    (C::Luna7Ped, &[C::Luna6PpsoPed, C::Luna7Ped]),
    (C::Luna6NonPpsoPassword, &[C::Luna7Password]),
    (C::Luna6PpsoPassword, &[C::Luna7Password]),
    (C::Luna7Password, &[C::Luna7Password]),
];

/// The row or column of the table an endpoint belongs to; firmware other than 6.x or 7.x is
/// refused. 7.x HSMs always have per-partition SO, so `ppso` only splits 6.x.
pub fn classify(e: &MigrationEndpoint) -> DomainResult<MigrationClass> {
    match (e.firmware.major, e.auth, e.ppso) {
        (6, AuthMethod::Ped, false) => Ok(C::Luna6NonPpsoPed),
        (6, AuthMethod::Ped, true) => Ok(C::Luna6PpsoPed),
        (7, AuthMethod::Ped, _) => Ok(C::Luna7Ped),
        (6, AuthMethod::Password, false) => Ok(C::Luna6NonPpsoPassword),
        (6, AuthMethod::Password, true) => Ok(C::Luna6PpsoPassword),
        (7, AuthMethod::Password, _) => Ok(C::Luna7Password),
        _ => Err(DomainError::refused(format!(
            "firmware {} is not supported for migration: only 6.x and 7.x HSMs can migrate",
            e.firmware
        ))),
    }
}

const LUNA77: Version = Version::new(7, 7, 0);
const ABOVE_74: Version = Version::new(7, 5, 0);

/// Whether `source` → `target` is supported (MIG-1). Ok carries the warnings to show: the REST
/// patch note for 7.x password appliances below software 7.7, and the extra space 6.x → 7.x
/// needs. "Source firmware 7.7.x" is read as 7.7.0 and above.
pub fn check_pair(
    source: &MigrationEndpoint,
    target: &MigrationEndpoint,
) -> DomainResult<Vec<String>> {
    let from = classify(source)?;
    let to = classify(target)?;
    if source.firmware >= LUNA77 && target.firmware < ABOVE_74 {
        return Err(DomainError::refused(format!(
            "migration is not possible from source firmware {} (7.7.x) to target firmware {} (7.4 or below)",
            source.firmware, target.firmware
        )));
    }
    if matches!(source.fm, FmState::FmReady | FmState::NoFm)
        && matches!(target.fm, FmState::FmDisabled | FmState::FmEnabled)
    {
        return Err(DomainError::refused(format!(
            "migration is not possible from a {} source to a {} target",
            source.fm, target.fm
        )));
    }
    let allowed = destinations(from);
    if !allowed.contains(&to) {
        let list: Vec<String> = allowed.iter().map(|c| c.to_string()).collect();
        return Err(DomainError::refused(format!(
            "migration from {from} to {to} is not supported: a {from} source can only go to {}",
            list.join(" or ")
        )));
    }
    if matches!(from, C::Luna6NonPpsoPassword | C::Luna6PpsoPassword)
        && !source.initialized_via_lunash
    {
        return Err(DomainError::refused(format!(
            "a {from} source can only be migrated if its partition was created and its roles initialized through LunaSH"
        )));
    }
    let mut warnings = Vec::new();
    for (role, e, class) in [("source", source, from), ("target", target, to)] {
        if class == C::Luna7Password && e.software < LUNA77 {
            warnings.push(format!(
                "the {role} appliance runs software {} (below 7.7): apply the REST patch that fixed the domain issue before migrating",
                e.software
            ));
        }
    }
    if source.firmware.major == 6 && target.firmware.major == 7 {
        warnings.push(
            "a 7.x partition needs more space than the 6.x source for the same objects: choose the partition size carefully"
                .to_string(),
        );
    }
    Ok(warnings)
}

/// Whether `service` can be the source of a migration (MIG-2/3): initialized, its primary
/// partition (the first member) initialized with a crypto officer so it can clone, and a
/// non-PPSO PED source activated with no default challenge. The HSM's cloning capability is
/// not in `HsmFacts`: every 6.x/7.x network HSM is taken as able to clone.
pub fn check_source(
    service: &Service,
    primary: &Partition,
    endpoint: &MigrationEndpoint,
    co_activated: bool,
    default_challenge_set: bool,
) -> DomainResult<()> {
    match service.state {
        ServiceState::Initialized
        | ServiceState::Activated
        | ServiceState::Deployed
        | ServiceState::PartiallyInitialized => {}
        ServiceState::Uninitialized => {
            return Err(DomainError::refused(format!(
                "service '{}' is not initialized: initialize it before migrating",
                service.name
            )));
        }
        ServiceState::ViewOnly => {
            return Err(DomainError::refused(format!(
                "service '{}' is view-only (STC and per-partition SO): it cannot be migrated",
                service.name
            )));
        }
    }
    if service.primary() != Some(&primary.serial) {
        return Err(DomainError::refused(format!(
            "partition {} is not the first partition of service '{}': migration starts from the first partition",
            primary.serial, service.name
        )));
    }
    if !primary.initialized || primary.roles.co == RoleState::NotInitialized {
        return Err(DomainError::refused(format!(
            "source partition '{}' is not initialized, so it cannot clone: initialize it before migrating",
            primary.name
        )));
    }
    if classify(endpoint)? == C::Luna6NonPpsoPed {
        if !co_activated {
            return Err(DomainError::refused(format!(
                "source partition '{}' is non-PPSO PED: activate its crypto officer (LunaCM `role activate`) before migrating",
                primary.name
            )));
        }
        if default_challenge_set {
            return Err(default_challenge_refusal(&primary.name));
        }
    }
    Ok(())
}

/// MIG-3: a non-PPSO PED source that still has the challenge its PED generated.
pub fn default_challenge_refusal(partition: &str) -> DomainError {
    DomainError::refused(format!(
        "source partition '{partition}' still has the default challenge: change the crypto \
         officer challenge before migrating"
    ))
}

/// Each target needs one free partition licence (MIG-3); every short device is named. A device
/// whose `hsm show` prints no licence counts (5.x) is not refused: the returned notes say it
/// could not be checked (the appliance refuses a partition beyond its licences itself).
pub fn check_licences(targets: &[&Device]) -> DomainResult<Vec<String>> {
    let mut short: Vec<String> = Vec::new();
    let mut notes: Vec<String> = Vec::new();
    for (i, d) in targets.iter().enumerate() {
        let Some(licences) = d.facts.licences else {
            let note = unchecked_licences_note(&d.name);
            if !notes.contains(&note) {
                notes.push(note);
            }
            continue;
        };
        let needed = targets
            .iter()
            .take(i + 1)
            .filter(|t| t.serial == d.serial)
            .count();
        let needed = u32::try_from(needed).unwrap_or(u32::MAX);
        if needed > licences.free() {
            short.push(format!(
                "device '{}' has no free partition licence ({} of {} used)",
                d.name, licences.used, licences.allowed
            ));
        }
    }
    if short.is_empty() {
        Ok(notes)
    } else {
        Err(DomainError::refused(format!(
            "not enough partition licences: {}",
            short.join("; ")
        )))
    }
}

/// The note for a device whose partition licences are unknown (IMP-7, MIG-3).
pub fn unchecked_licences_note(device: &str) -> String {
    format!(
        "could not check the partition licences of device '{device}' (its hsm show prints no licence counts)"
    )
}

/// The message when the new service itself could not be created (MIG-4).
pub const NEW_SERVICE_FAILED: &str = "The new service could not be created on these devices. Use \
Import Partitions to import the partitions into the console, either as single-partition services \
or as one HA group.";

/// The exact repair after some targets failed (MIG-4): Add Partition on exactly those devices,
/// initialize them with the same cloning domain and credentials, then synchronize.
/// `failed` are the devices' console names.
pub fn repair_for_failed(failed: &[&str]) -> String {
    if failed.is_empty() {
        return "Every target was migrated: nothing to repair.".to_string();
    }
    let list = failed;
    format!(
        "Migrating the key material failed on device(s) {}. To repair: open the new service's \
         Partitions tab, choose Add Partitions and add exactly device(s) {}; initialize the new \
         partitions with the same cloning domain and credentials; then synchronize the service \
         (opening its Keys tab synchronizes every member of the HA group).",
        list.join(", "),
        list.join(", ")
    )
}

#[cfg(test)]
#[path = "migration_tests.rs"]
mod tests;
