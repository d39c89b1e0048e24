//! Tests of the migration rules (MIG-1/3/4): every supported row of the seed's table, refused
//! pairs, the two "not possible" rules, source and licence checks, and the repair advice.

use super::*;
use crate::domain::device::{DeviceStatus, Licences};
use crate::domain::ids::PartitionSerial;
use crate::domain::partition::Roles;
use crate::domain::test_fixtures::{device, partition, service};

fn ep(fw: (u16, u16, u16), auth: AuthMethod, ppso: bool) -> MigrationEndpoint {
    MigrationEndpoint {
        firmware: Version::new(fw.0, fw.1, fw.2),
        auth,
        ppso,
        fm: FmState::NoFm,
        initialized_via_lunash: true,
        software: Version::new(fw.0, fw.1, fw.2),
    }
}

const PED: AuthMethod = AuthMethod::Ped;
const PW: AuthMethod = AuthMethod::Password;

fn of(class: MigrationClass) -> MigrationEndpoint {
    match class {
        C::Luna6NonPpsoPed => ep((6, 24, 2), PED, false),
        C::Luna6PpsoPed => ep((6, 24, 2), PED, true),
        C::Luna7Ped => ep((7, 8, 0), PED, true),
        C::Luna6NonPpsoPassword => ep((6, 24, 2), PW, false),
        C::Luna6PpsoPassword => ep((6, 24, 2), PW, true),
        C::Luna7Password => ep((7, 8, 0), PW, true),
    }
}

const ALL: [MigrationClass; 6] = [
    C::Luna6NonPpsoPed,
    C::Luna6PpsoPed,
    C::Luna7Ped,
    C::Luna6NonPpsoPassword,
    C::Luna6PpsoPassword,
    C::Luna7Password,
];

#[test]
fn mig_1_classify_every_class() {
    for class in ALL {
        assert_eq!(classify(&of(class)), Ok(class));
    }
    let e = classify(&ep((5, 3, 1), PW, false)).unwrap_err();
    assert_eq!(
        e.to_string(),
        "firmware 5.3.1 is not supported for migration: only 6.x and 7.x HSMs can migrate"
    );
}

#[test]
fn mig_1_every_supported_row_allowed() {
    let rows = [
        (C::Luna6NonPpsoPed, C::Luna6PpsoPed),
        (C::Luna6NonPpsoPed, C::Luna7Ped),
        (C::Luna6PpsoPed, C::Luna6PpsoPed),
        (C::Luna6PpsoPed, C::Luna7Ped),
        (C::Luna7Ped, C::Luna6PpsoPed),
        (C::Luna7Ped, C::Luna7Ped),
        (C::Luna6NonPpsoPassword, C::Luna7Password),
        (C::Luna6PpsoPassword, C::Luna7Password),
        (C::Luna7Password, C::Luna7Password),
    ];
    for (from, to) in rows {
        let mut source = of(from);
        if from == C::Luna7Ped {
            source.firmware = Version::new(7, 4, 0); // 7.7 → 6.x is the "not possible" rule
        }
        assert!(check_pair(&source, &of(to)).is_ok(), "{from} → {to}");
    }
    // and nothing else
    for from in ALL {
        for to in ALL {
            let listed = rows.contains(&(from, to));
            let mut source = of(from);
            source.firmware = Version::new(source.firmware.major, 4, 0);
            assert_eq!(
                check_pair(&source, &of(to)).is_ok(),
                listed,
                "{from} → {to}"
            );
        }
    }
}

#[test]
fn mig_1_unsupported_pairs_refused_with_reason() {
    for (from, to, want) in [
        (
            C::Luna6NonPpsoPed,
            C::Luna6NonPpsoPed,
            "migration from 6.x non-PPSO PED to 6.x non-PPSO PED is not supported: a 6.x non-PPSO PED source can only go to 6.x PPSO PED or 7.x PED",
        ),
        (
            C::Luna7Password,
            C::Luna7Ped,
            "migration from 7.x Password to 7.x PED is not supported: a 7.x Password source can only go to 7.x Password",
        ),
        (
            C::Luna6PpsoPassword,
            C::Luna6PpsoPassword,
            "migration from 6.x PPSO Password to 6.x PPSO Password is not supported: a 6.x PPSO Password source can only go to 7.x Password",
        ),
        (
            C::Luna7Ped,
            C::Luna7Password,
            "migration from 7.x PED to 7.x Password is not supported: a 7.x PED source can only go to 6.x PPSO PED or 7.x PED",
        ),
    ] {
        let e = check_pair(&of(from), &of(to)).unwrap_err();
        assert_eq!(e.to_string(), want);
    }
}

#[test]
fn mig_1_source_77_to_target_74_or_below_not_possible() {
    let source = ep((7, 7, 1), PED, true);
    for (target_fw, ok) in [
        ((7, 4, 0), false),
        ((7, 3, 2), false),
        ((6, 24, 2), false),
        ((7, 5, 0), true),
        ((7, 8, 0), true),
    ] {
        let got = check_pair(&source, &ep(target_fw, PED, true));
        assert_eq!(got.is_ok(), ok, "{target_fw:?}");
    }
    let e = check_pair(&source, &ep((7, 4, 0), PED, true)).unwrap_err();
    assert_eq!(
        e.to_string(),
        "migration is not possible from source firmware 7.7.1 (7.7.x) to target firmware 7.4.0 (7.4 or below)"
    );
    // a 7.6 source may go to 7.4
    assert!(check_pair(&ep((7, 6, 0), PED, true), &ep((7, 4, 0), PED, true)).is_ok());
}

#[test]
fn mig_1_fm_ready_or_no_fm_to_fm_disabled_or_enabled_not_possible() {
    for src in [
        FmState::FmReady,
        FmState::NoFm,
        FmState::FmDisabled,
        FmState::FmEnabled,
    ] {
        for tgt in [
            FmState::FmReady,
            FmState::NoFm,
            FmState::FmDisabled,
            FmState::FmEnabled,
        ] {
            let mut s = of(C::Luna7Ped);
            s.fm = src;
            let mut t = of(C::Luna7Ped);
            t.fm = tgt;
            let refused = matches!(src, FmState::FmReady | FmState::NoFm)
                && matches!(tgt, FmState::FmDisabled | FmState::FmEnabled);
            let got = check_pair(&s, &t);
            assert_eq!(got.is_err(), refused, "{src} → {tgt}");
            if let Err(e) = got {
                assert_eq!(
                    e.to_string(),
                    format!("migration is not possible from a {src} source to a {tgt} target")
                );
            }
        }
    }
}

#[test]
fn mig_1_password_6x_source_needs_lunash_initialization() {
    for from in [C::Luna6NonPpsoPassword, C::Luna6PpsoPassword] {
        let mut s = of(from);
        s.initialized_via_lunash = false;
        let e = check_pair(&s, &of(C::Luna7Password)).unwrap_err();
        assert_eq!(
            e.to_string(),
            format!(
                "a {from} source can only be migrated if its partition was created and its roles initialized through LunaSH"
            )
        );
    }
}

#[test]
fn mig_1_warnings_rest_patch_and_space() {
    let mut s = of(C::Luna6PpsoPassword);
    s.software = Version::new(6, 2, 1);
    let mut t = of(C::Luna7Password);
    t.software = Version::new(7, 4, 2);
    let w = check_pair(&s, &t).unwrap();
    assert_eq!(
        w,
        vec![
            "the target appliance runs software 7.4.2 (below 7.7): apply the REST patch that fixed the domain issue before migrating".to_string(),
            "a 7.x partition needs more space than the 6.x source for the same objects: choose the partition size carefully".to_string(),
        ]
    );
    // 7.x → 7.x at 7.7+: no warning
    assert_eq!(
        check_pair(&of(C::Luna7Password), &of(C::Luna7Password)),
        Ok(vec![])
    );
    // PED targets never get the REST patch note
    let mut ped = of(C::Luna7Ped);
    ped.software = Version::new(7, 2, 0);
    assert_eq!(check_pair(&of(C::Luna7Ped), &ped), Ok(vec![]));
}

fn primary() -> Partition {
    let mut p = partition("11", "1", 4000, 0);
    p.roles = Roles {
        so: RoleState::Initialized,
        co: RoleState::Activated,
        cu: RoleState::NotInitialized,
    };
    p
}

#[test]
fn mig_3_source_must_be_initialized_primary() {
    let s = service(&["11", "22"], 4000);
    assert_eq!(
        check_source(&s, &primary(), &of(C::Luna7Password), false, false),
        Ok(())
    );

    let mut uninit = s.clone();
    uninit.state = ServiceState::Uninitialized;
    let e = check_source(&uninit, &primary(), &of(C::Luna7Password), false, false).unwrap_err();
    assert_eq!(
        e.to_string(),
        "service 'payments' is not initialized: initialize it before migrating"
    );

    let mut second = primary();
    second.serial = PartitionSerial::new("22");
    let e = check_source(&s, &second, &of(C::Luna7Password), false, false).unwrap_err();
    assert!(
        e.to_string()
            .contains("partition 22 is not the first partition"),
        "{e}"
    );

    let mut raw = primary();
    raw.initialized = false;
    let e = check_source(&s, &raw, &of(C::Luna7Password), false, false).unwrap_err();
    assert_eq!(
        e.to_string(),
        "source partition 'par11' is not initialized, so it cannot clone: initialize it before migrating"
    );
}

#[test]
fn mig_3_non_ppso_ped_source_activated_without_default_challenge() {
    let mut s = service(&["11"], 4000);
    s.auth = AuthMethod::Ped;
    let src = of(C::Luna6NonPpsoPed);
    assert_eq!(check_source(&s, &primary(), &src, true, false), Ok(()));
    let e = check_source(&s, &primary(), &src, false, false).unwrap_err();
    assert!(e.to_string().contains("activate its crypto officer"), "{e}");
    let e = check_source(&s, &primary(), &src, true, true).unwrap_err();
    assert!(
        e.to_string().contains("still has the default challenge"),
        "{e}"
    );
    // PPSO PED sources need neither
    assert_eq!(
        check_source(&s, &primary(), &of(C::Luna6PpsoPed), false, true),
        Ok(())
    );
}

#[test]
fn mig_3_every_target_needs_a_free_licence() {
    let ok = device("1", 0, DeviceStatus::Up);
    let mut full = device("2", 0, DeviceStatus::Up);
    full.facts.licences = Some(Licences {
        allowed: 10,
        used: 10,
    });
    assert_eq!(check_licences(&[&ok]), Ok(vec![]));
    let e = check_licences(&[&ok, &full]).unwrap_err();
    assert_eq!(
        e.to_string(),
        "not enough partition licences: device 'hsm-2' has no free partition licence (10 of 10 used)"
    );
    let mut one_left = device("3", 0, DeviceStatus::Up);
    one_left.facts.licences = Some(Licences {
        allowed: 10,
        used: 9,
    });
    assert!(check_licences(&[&one_left]).is_ok());
    assert!(check_licences(&[&one_left, &one_left]).is_err());
}

#[test]
fn mig_3_unknown_licences_are_a_note_not_a_refusal() {
    let mut old = device("5", 0, DeviceStatus::Up);
    old.facts.licences = None;
    let ok = device("1", 0, DeviceStatus::Up);
    let note = "could not check the partition licences of device 'hsm-5' (its hsm show prints no licence counts)";
    assert_eq!(check_licences(&[&old]), Ok(vec![note.to_string()]));
    // Named once however many targets it is.
    assert_eq!(
        check_licences(&[&ok, &old, &old]),
        Ok(vec![note.to_string()])
    );
    // A known short device is still refused next to an unknown one.
    let mut full = device("2", 0, DeviceStatus::Up);
    full.facts.licences = Some(Licences {
        allowed: 1,
        used: 1,
    });
    let e = check_licences(&[&old, &full]).unwrap_err();
    assert_eq!(
        e.to_string(),
        "not enough partition licences: device 'hsm-2' has no free partition licence (1 of 1 used)"
    );
}

#[test]
fn mig_4_repair_names_exactly_the_failed_devices() {
    let msg = repair_for_failed(&["lon-hsm-01", "par-hsm-01"]);
    assert!(
        msg.starts_with("Migrating the key material failed on device(s) lon-hsm-01, par-hsm-01."),
        "{msg}"
    );
    assert!(
        msg.contains("Add Partitions and add exactly device(s) lon-hsm-01, par-hsm-01"),
        "{msg}"
    );
    assert!(msg.contains("then synchronize the service"), "{msg}");
    assert_eq!(
        repair_for_failed(&[]),
        "Every target was migrated: nothing to repair."
    );
    assert!(NEW_SERVICE_FAILED.contains("Import Partitions"));
}

#[test]
fn mig_2_the_hsm_model_admits_only_targets_of_that_class_and_names_both() {
    for model in MigrationClass::ALL {
        for class in MigrationClass::ALL {
            let got = check_model(&of(class), model);
            assert_eq!(got.is_ok(), class == model, "{class} as {model}");
        }
    }
    let e = check_model(&of(C::Luna6PpsoPed), C::Luna7Ped).unwrap_err();
    assert_eq!(
        e.to_string(),
        "a 6.x PPSO PED HSM, not the 7.x PED chosen as the new service's HSM model"
    );
    for class in MigrationClass::ALL {
        assert_eq!(MigrationClass::from_label(&class.to_string()), Some(class));
    }
    assert_eq!(
        MigrationClass::from_label("  7.X   ped "),
        Some(C::Luna7Ped)
    );
    assert_eq!(MigrationClass::from_label("8.x PED"), None);
    assert_eq!(destinations(C::Luna7Password), [C::Luna7Password]);
}
