//! Hand-built data for the Migrate Service snapshots: two migrations (one ended with a failed
//! target, one running), sources that can and cannot migrate, targets refused by each rule of
//! the support matrix (the domain's own sentences), and a Summary.

use lunadeck::domain::device::{AuthMethod, FmState, HsmFacts, Licences, Performance, Storage};
use lunadeck::domain::ids::{HsmSerial, JobId, MigrationId, OrganizationId, ServiceId};
use lunadeck::domain::migration::{MigrationEndpoint, check_pair};
use lunadeck::domain::migration_record::{MigrationRecord, MigrationTarget, TargetState};
use lunadeck::domain::timestamp::Timestamp;
use lunadeck::domain::version::Version;
use lunadeck::ops::create_choices::DeviceChoice;
use lunadeck::ops::migrate::MigrateSummary;
use lunadeck::ops::migrate_records::{MigrationOverview, SourceChoice, TargetChoice};

pub fn facts(firmware: Version, auth: AuthMethod, fm: FmState) -> HsmFacts {
    HsmFacts {
        software: Version::new(7, 8, 5),
        firmware,
        model: "Luna K7".into(),
        hsm_label: String::new(),
        auth,
        licences: Some(Licences {
            allowed: 5,
            used: 1,
        }),
        storage: Storage {
            total: 33_554_432,
            used: 1_000_000,
            free: 32_554_432,
        },
        fm,
        ppso_capable: true,
        stc_policy: false,
        performance: Performance::Standard,
        zeroized: false,
    }
}

fn target(name: &str, state: TargetState) -> MigrationTarget {
    MigrationTarget {
        device: HsmSerial::new(format!("{name}-sn")),
        device_name: name.into(),
        state,
        partition: None,
    }
}

/// Migration 1 ended (lon-hsm-03 failed), migration 2 running.
pub fn overview(not_offered: Option<String>) -> MigrationOverview {
    let ended = MigrationRecord {
        id: MigrationId(1),
        job: Some(JobId(4)),
        source: ServiceId(1),
        source_name: "payments-prod".into(),
        source_partition: "payments1".into(),
        new_name: "payments-7".into(),
        new_service: Some(ServiceId(7)),
        organization: OrganizationId(1),
        started_by: "alice".into(),
        started_at: Timestamp(1_000),
        finished_at: Some(Timestamp(1_065)),
        targets: vec![
            target("lon-hsm-02", TargetState::Migrated),
            target("lon-hsm-03", TargetState::Failed),
        ],
        outcome: Some(
            "Service 'payments-7' migrated from partition 'payments1' of 'payments-prod' to 1 of \
             2 device(s). Migrating the key material failed on device(s) lon-hsm-03."
                .into(),
        ),
    };
    let running = MigrationRecord {
        id: MigrationId(2),
        job: Some(JobId(6)),
        source: ServiceId(2),
        source_name: "identity-new".into(),
        source_partition: "identity1".into(),
        new_name: "identity-7".into(),
        new_service: None,
        organization: OrganizationId(2),
        started_by: "alice".into(),
        started_at: Timestamp(2_000),
        finished_at: None,
        targets: vec![
            target("lon-hsm-02", TargetState::Migrated),
            target("lon-hsm-03", TargetState::Running),
        ],
        outcome: None,
    };
    MigrationOverview {
        records: vec![running, ended],
        not_offered,
    }
}

/// When the snapshots are "read": 12 s into the running migration.
pub const NOW: Timestamp = Timestamp(2_012);

pub fn sources() -> Vec<SourceChoice> {
    let source = |id: i64, name: &str, why_not: Option<&str>| SourceChoice {
        service: ServiceId(id),
        name: name.into(),
        partition: format!("{name}-1"),
        partition_serial: lunadeck::domain::ids::PartitionSerial::new(format!("15827900{id}")),
        device: "lon-hsm-01".into(),
        facts: facts(
            Version::new(7, 8, 4),
            AuthMethod::Password,
            FmState::FmReady,
        ),
        ha: id == 1,
        ppso: true,
        partition_size: 500_000,
        organization: OrganizationId(1),
        why_not: why_not.map(String::from),
    };
    let mut ped = source(3, "ped-tokens", None);
    ped.facts = facts(Version::new(6, 24, 2), AuthMethod::Ped, FmState::NoFm);
    ped.facts.software = Version::new(6, 2, 2);
    ped.device = "fra-hsm-03".into();
    ped.ha = false;
    ped.ppso = false;
    vec![
        source(1, "payments-prod", None),
        source(
            2,
            "legacy-tls",
            Some("service 'legacy-tls' is not initialized: initialize it before migrating"),
        ),
        ped,
    ]
}

fn endpoint(firmware: Version, auth: AuthMethod, fm: FmState) -> MigrationEndpoint {
    MigrationEndpoint {
        firmware,
        auth,
        ppso: true,
        fm,
        initialized_via_lunash: true,
        software: Version::new(7, 8, 5),
    }
}

/// lon-hsm-02 fits; the others are refused by the matrix: 7.7.x → ≤ 7.4, FM-ready →
/// FM-enabled, and an unsupported authentication pairing (password → PED).
pub fn targets() -> Vec<TargetChoice> {
    let source = endpoint(
        Version::new(7, 8, 4),
        AuthMethod::Password,
        FmState::FmReady,
    );
    let choice = |name: &str, firmware: Version, auth, fm| {
        let unfit = check_pair(&source, &endpoint(firmware, auth, fm))
            .err()
            .map(|e| e.to_string());
        TargetChoice {
            choice: DeviceChoice {
                serial: HsmSerial::new(format!("{name}-sn")),
                name: name.into(),
                model: "Luna K7".into(),
                firmware: firmware.to_string(),
                auth,
                free_bytes: 32_554_432,
                unfit,
                initializes_at_creation: false,
            },
            warnings: Vec::new(),
        }
    };
    let v784 = Version::new(7, 8, 4);
    vec![
        choice("lon-hsm-02", v784, AuthMethod::Password, FmState::FmReady),
        choice(
            "ams-hsm-01",
            Version::new(7, 4, 2),
            AuthMethod::Password,
            FmState::FmReady,
        ),
        choice("sgp-hsm-01", v784, AuthMethod::Password, FmState::FmEnabled),
        choice("par-hsm-02", v784, AuthMethod::Ped, FmState::FmReady),
    ]
}

/// Targets of the 6.x non-PPSO PED source `ped-tokens`: par-hsm-02 fits; the others are refused
/// by the matrix (6.x non-PPSO PED target, FM-enabled target, PED → password).
pub fn ped_targets() -> Vec<TargetChoice> {
    let at = |firmware: Version, auth, ppso, fm| MigrationEndpoint {
        ppso,
        ..endpoint(firmware, auth, fm)
    };
    let source = at(
        Version::new(6, 24, 2),
        AuthMethod::Ped,
        false,
        FmState::NoFm,
    );
    let v784 = Version::new(7, 8, 4);
    let rows = [
        (
            "par-hsm-02",
            at(v784, AuthMethod::Ped, true, FmState::FmReady),
        ),
        (
            "fra-hsm-04",
            at(
                Version::new(6, 24, 2),
                AuthMethod::Ped,
                false,
                FmState::NoFm,
            ),
        ),
        (
            "sgp-hsm-01",
            at(v784, AuthMethod::Ped, true, FmState::FmEnabled),
        ),
        (
            "lon-hsm-02",
            at(v784, AuthMethod::Password, true, FmState::FmReady),
        ),
    ];
    rows.into_iter()
        .map(|(name, e)| TargetChoice {
            choice: DeviceChoice {
                serial: HsmSerial::new(format!("{name}-sn")),
                name: name.into(),
                model: if e.firmware.major == 6 {
                    "Luna K6"
                } else {
                    "Luna K7"
                }
                .into(),
                firmware: e.firmware.to_string(),
                auth: e.auth,
                free_bytes: 32_554_432,
                unfit: check_pair(&source, &e).err().map(|x| x.to_string()),
                initializes_at_creation: e.firmware.major == 6,
            },
            warnings: Vec::new(),
        })
        .collect()
}

pub fn summary() -> MigrateSummary {
    MigrateSummary {
        commands: vec![(
            "lon-hsm-02".into(),
            vec![
                "hsm show".into(),
                "hsm login".into(),
                "partition create -partition paynew -size 500000 -version 1".into(),
                "partition init -partition paynew -label paynew".into(),
                "partition init co -partition paynew".into(),
                "clone the objects of partition 15827900001 to 'paynew'".into(),
                "partition list".into(),
            ],
        )],
        warnings: Vec::new(),
    }
}
