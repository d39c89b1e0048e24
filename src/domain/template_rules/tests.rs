//! Tests for the template capability rules (TPL-2) and device fit (SVC-1): each rule with a
//! device that passes and one that fails, asserting the message.

use super::*;
use crate::domain::device::{
    AuthMethod, FmState, HsmFacts, Licences, Performance, SshAuth, Storage,
};
use crate::domain::ids::HsmSerial;
use crate::domain::template::ServiceType;

fn caps(line: HsmLine) -> Capabilities {
    Capabilities {
        service_type: ServiceType::Partition,
        performance: Performance::Standard,
        auth: AuthMethod::Password,
        line,
        partition_size: 100_000,
        ppso: false,
        sks: false,
        stc: false,
    }
}

fn device(firmware: Version, software: Version) -> Device {
    Device {
        serial: HsmSerial::new("572413"),
        name: "hsm-a".into(),
        host: "10.0.0.5".into(),
        port: 22,
        ssh_user: "admin".into(),
        ssh_auth: SshAuth::Password,
        facts: HsmFacts {
            software,
            firmware,
            model: "Luna K7".into(),
            hsm_label: "myLunaHSM".into(),
            auth: AuthMethod::Password,
            licences: Some(Licences {
                allowed: 10,
                used: 1,
            }),
            storage: Storage {
                total: 33_554_432,
                used: 0,
                free: 33_554_432,
            },
            fm: FmState::NoFm,
            ppso_capable: true,
            stc_policy: true,
            performance: Performance::Enterprise,
            zeroized: false,
        },
        ped_server: None,
        status: DeviceStatus::Up,
        last_seen: None,
    }
}

fn v(a: u16, b: u16, c: u16) -> Version {
    Version::new(a, b, c)
}

#[test]
fn tpl_2_ppso_forced_on_for_luna7_lines() {
    for line in [HsmLine::Luna7, HsmLine::Luna77] {
        let got = normalize_capabilities(caps(line)).unwrap();
        assert!(got.ppso, "{line}");
    }
    assert!(!normalize_capabilities(caps(HsmLine::Luna6)).unwrap().ppso);
    let mut with = caps(HsmLine::Luna6);
    with.ppso = true;
    assert!(normalize_capabilities(with).unwrap().ppso);
}

#[test]
fn tpl_2_sks_needs_luna77_and_stc_never_with_it() {
    let mut sks77 = caps(HsmLine::Luna77);
    sks77.sks = true;
    assert_eq!(
        partition_version(normalize_capabilities(sks77).unwrap()),
        PartitionVersion::V1
    );
    assert_eq!(
        partition_version(caps(HsmLine::Luna77)),
        PartitionVersion::V0
    );
    let mut stc6 = caps(HsmLine::Luna6);
    stc6.stc = true;
    assert!(normalize_capabilities(stc6).is_ok());
    let mut stc7 = caps(HsmLine::Luna7);
    stc7.stc = true;
    assert!(normalize_capabilities(stc7).is_ok());

    let bad: Vec<(Capabilities, &str)> = vec![
        (
            {
                let mut c = caps(HsmLine::Luna6);
                c.sks = true;
                c
            },
            SKS_NEEDS_LUNA77,
        ),
        (
            {
                let mut c = caps(HsmLine::Luna7);
                c.sks = true;
                c
            },
            SKS_NEEDS_LUNA77,
        ),
        (
            {
                let mut c = caps(HsmLine::Luna77);
                c.stc = true;
                c
            },
            STC_NOT_ON_LUNA77,
        ),
        (
            {
                let mut c = caps(HsmLine::Luna7);
                c.partition_size = 999;
                c
            },
            "Partition size (bytes): 999 is below the minimum of 1000",
        ),
        (
            {
                let mut c = caps(HsmLine::Luna6);
                c.partition_size = 100_000_000;
                c
            },
            "Partition size (bytes): 100000000 is above the maximum of 99999999",
        ),
    ];
    for (c, want) in bad {
        assert_eq!(normalize_capabilities(c).unwrap_err().to_string(), want);
    }
    assert_eq!(
        SKS_NEEDS_LUNA77,
        "Scalable Key Storage needs Luna Network HSM 7 with firmware 7.7.0 or above"
    );
    assert_eq!(
        STC_NOT_ON_LUNA77,
        "Secure Trusted Channel is not available with firmware 7.7.0 and above"
    );
}

#[test]
fn tpl_2_firmware_lines() {
    let table = [
        (v(6, 24, 2), HsmLine::Luna6, true),
        (v(6, 0, 0), HsmLine::Luna6, true),
        (v(7, 0, 3), HsmLine::Luna6, false),
        (v(7, 0, 0), HsmLine::Luna7, true),
        (v(7, 4, 2), HsmLine::Luna7, true),
        (v(7, 7, 0), HsmLine::Luna7, false),
        (v(6, 24, 2), HsmLine::Luna7, false),
        (v(7, 7, 0), HsmLine::Luna77, true),
        (v(7, 8, 5), HsmLine::Luna77, true),
        (v(7, 6, 9), HsmLine::Luna77, false),
    ];
    for (fw, line, want) in table {
        assert_eq!(firmware_in_line(fw, line), want, "{fw} {line:?}");
    }
}

#[test]
fn svc_1_devices_that_fit() {
    assert_eq!(
        device_fit(&caps(HsmLine::Luna7), &device(v(7, 0, 3), v(7, 2, 0)), 0),
        Ok(())
    );
    let mut ppso6 = caps(HsmLine::Luna6);
    ppso6.ppso = true;
    assert_eq!(
        device_fit(&ppso6, &device(v(6, 22, 0), v(6, 2, 0)), 0),
        Ok(())
    );
    let mut stc6 = caps(HsmLine::Luna6);
    stc6.stc = true;
    assert_eq!(
        device_fit(&stc6, &device(v(6, 24, 2), v(6, 2, 1)), 0),
        Ok(())
    );
    let mut sks = caps(HsmLine::Luna77);
    sks.sks = true;
    assert_eq!(device_fit(&sks, &device(v(7, 7, 1), v(7, 8, 5)), 0), Ok(()));
    // Exactly enough storage: size + overhead + planned.
    let mut tight = device(v(7, 0, 3), v(7, 2, 0));
    tight.facts.storage.free = 100_000 + 9648 + 5000;
    assert_eq!(device_fit(&caps(HsmLine::Luna7), &tight, 5000), Ok(()));
}

#[test]
fn svc_1_devices_that_do_not_fit_name_the_device_and_rule() {
    let l7 = || device(v(7, 0, 3), v(7, 2, 0));
    let l6 = || device(v(6, 24, 2), v(6, 2, 1));
    let with = |line: HsmLine, f: fn(&mut Capabilities)| {
        let mut c = caps(line);
        f(&mut c);
        c
    };
    let cases: Vec<(Capabilities, Device, u64, &str)> = vec![
        (
            caps(HsmLine::Luna7),
            {
                let mut d = l7();
                d.status = DeviceStatus::Unreachable;
                d
            },
            0,
            "Device hsm-a: status is unreachable",
        ),
        (
            caps(HsmLine::Luna7),
            {
                let mut d = l7();
                d.facts.zeroized = true;
                d
            },
            0,
            "Device hsm-a: the HSM is zeroized",
        ),
        (
            with(HsmLine::Luna7, |c| c.auth = AuthMethod::Ped),
            l7(),
            0,
            "Device hsm-a: authentication is Password, the template needs PED",
        ),
        (
            caps(HsmLine::Luna77),
            l7(),
            0,
            "Device hsm-a: firmware 7.0.3 is not in the template's line, Luna Network HSM 7 (firmware 7.7.0 and above)",
        ),
        (
            caps(HsmLine::Luna6),
            l7(),
            0,
            "Device hsm-a: firmware 7.0.3 is not in the template's line, Luna Network HSM 6 (firmware 6.x)",
        ),
        (
            with(HsmLine::Luna6, |c| c.ppso = true),
            device(v(6, 21, 0), v(6, 2, 0)),
            0,
            "Device hsm-a: per-partition SO needs firmware 6.22.0 or above, the HSM has 6.21.0",
        ),
        (
            with(HsmLine::Luna6, |c| c.ppso = true),
            {
                let mut d = l6();
                d.facts.ppso_capable = false;
                d
            },
            0,
            "Device hsm-a: per-partition SO needs the Per-Partition SO capability upgrade installed",
        ),
        (
            with(HsmLine::Luna6, |c| c.stc = true),
            device(v(6, 24, 2), v(6, 2, 0)),
            0,
            "Device hsm-a: Secure Trusted Channel needs software 6.2.1 or above, the appliance has 6.2.0",
        ),
        (
            with(HsmLine::Luna6, |c| c.stc = true),
            device(v(6, 24, 1), v(6, 2, 1)),
            0,
            "Device hsm-a: Secure Trusted Channel needs firmware 6.24.2 or above, the HSM has 6.24.1",
        ),
        (
            with(HsmLine::Luna6, |c| c.stc = true),
            {
                let mut d = l6();
                d.facts.stc_policy = false;
                d
            },
            0,
            "Device hsm-a: Secure Trusted Channel needs the STC HSM policy enabled",
        ),
        (
            with(HsmLine::Luna7, |c| c.performance = Performance::Maximum),
            l7(),
            0,
            "Device hsm-a: performance Enterprise is below the template's Maximum",
        ),
        (
            caps(HsmLine::Luna7),
            {
                let mut d = l7();
                d.facts.licences = Some(Licences {
                    allowed: 10,
                    used: 10,
                });
                d
            },
            0,
            "Device hsm-a: no free partition licence (10 of 10 used)",
        ),
        (
            caps(HsmLine::Luna7),
            {
                let mut d = l7();
                d.facts.storage.free = 109_647;
                d
            },
            0,
            "Device hsm-a: needs 109648 bytes (partition 100000 + 9648 overhead), 109647 free",
        ),
        (
            caps(HsmLine::Luna7),
            {
                let mut d = l7();
                d.facts.storage.free = 109_648;
                d
            },
            1,
            "Device hsm-a: needs 109649 bytes (partition 100000 + 9648 overhead + 1 already planned), 109648 free",
        ),
    ];
    for (c, d, planned, want) in cases {
        let err = device_fit(&c, &d, planned).unwrap_err();
        assert_eq!(err.to_string(), want);
    }
}

#[test]
fn svc_1_unknown_licences_do_not_refuse_the_device() {
    // A 5.3 appliance: `hsm show` prints no licence counts, so the console cannot tell; the
    // appliance refuses a create beyond its licences itself.
    let mut d = device(v(6, 10, 9), v(5, 3, 1));
    d.facts.licences = None;
    assert_eq!(device_fit(&caps(HsmLine::Luna6), &d, 0), Ok(()));
    // The other rules still apply.
    d.facts.storage.free = 0;
    assert_eq!(
        device_fit(&caps(HsmLine::Luna6), &d, 0)
            .unwrap_err()
            .to_string(),
        "Device hsm-a: needs 109648 bytes (partition 100000 + 9648 overhead), 0 free"
    );
}

#[test]
fn tpl_2_stc_and_sks_rules_on_devices_even_with_unnormalized_caps() {
    // A template stored before normalization must still be checked on the device.
    let mut stc77 = caps(HsmLine::Luna77);
    stc77.stc = true;
    let mut d = device(v(7, 8, 5), v(7, 8, 5));
    assert_eq!(
        device_fit(&stc77, &d, 0).unwrap_err().to_string(),
        "Device hsm-a: Secure Trusted Channel is not available with firmware 7.7.0 and above"
    );
    let mut sks = caps(HsmLine::Luna7);
    sks.sks = true;
    d.facts.firmware = v(7, 4, 2);
    assert_eq!(
        device_fit(&sks, &d, 0).unwrap_err().to_string(),
        "Device hsm-a: Scalable Key Storage needs firmware 7.7.0 or above, the HSM has 7.4.2"
    );
}

#[test]
fn svc_1_fitting_devices_lists_every_device_with_its_verdict() {
    let good = device(v(7, 0, 3), v(7, 2, 0));
    let mut down = good.clone();
    down.name = "hsm-b".into();
    down.status = DeviceStatus::Unauthorized;
    let devices = vec![good, down];
    let got = fitting_devices(&caps(HsmLine::Luna7), &devices);
    assert_eq!(got.len(), 2);
    assert_eq!(got[0].0.name, "hsm-a");
    assert_eq!(got[0].1, Ok(()));
    assert_eq!(
        got[1].1.as_ref().unwrap_err().to_string(),
        "Device hsm-b: not authorized in this session: authorize it (HSM SO password) first"
    );
}
