//! Tests of `parse_hsm_show` on the LUNASH.md capture, the assumed added lines, the 5.x and
//! zeroized variants, and malformed outputs (DEV-1).

use super::super::samples::*;
use super::*;

/// The 7.2.0 capture with the assumed lines inserted after the attempts line.
fn with_added_lines() -> String {
    SH_HSM_SHOW_72.replace(
        "3 before HSM zeroization!\n",
        &format!("3 before HSM zeroization!\n{SH_HSM_SHOW_ADDED}"),
    )
}

#[test]
fn dev_1_hsm_show_known_capture() {
    let show = parse_hsm_show(SH_HSM_SHOW_72).unwrap();
    assert_eq!(show.serial, HsmSerial::new("572413"));
    let f = &show.facts;
    assert_eq!(f.software, Version::new(7, 2, 0));
    assert_eq!(f.firmware, Version::new(7, 0, 3));
    assert_eq!(f.model, "Luna K7");
    assert_eq!(f.hsm_label, "myLunaHSM");
    assert_eq!(f.auth, AuthMethod::Password);
    assert_eq!(
        f.licences,
        Some(Licences {
            allowed: 10,
            used: 1
        })
    );
    assert_eq!(
        f.storage,
        Storage {
            total: 33554432,
            used: 0,
            free: 33554432
        }
    );
    assert_eq!(
        show.partitions,
        vec![(PartitionSerial::new("534071009"), "partition1".to_string())]
    );
    assert!(!show.so_logged_in);
    assert_eq!(show.attempts_left, Some(3));
    assert!(!f.zeroized);
    // Defaults for the lines the capture does not have.
    assert_eq!(f.fm, FmState::NoFm);
    assert!(f.ppso_capable);
    assert!(!f.stc_policy);
    assert_eq!(f.performance, Performance::Standard);
}

#[test]
fn dev_1_hsm_show_assumed_lines() {
    let show = parse_hsm_show(&with_added_lines()).unwrap();
    assert_eq!(show.facts.fm, FmState::NoFm);
    assert_eq!(show.facts.performance, Performance::Standard);
    assert!(show.facts.ppso_capable);
    assert!(!show.facts.stc_policy);
    for (from, to, check) in [
        ("Non-FM", "FM Ready", FmState::FmReady),
        ("Non-FM", "FM Disabled", FmState::FmDisabled),
        ("Non-FM", "FM Enabled", FmState::FmEnabled),
    ] {
        let show = parse_hsm_show(&with_added_lines().replace(from, to)).unwrap();
        assert_eq!(show.facts.fm, check);
    }
    let text = with_added_lines()
        .replace("Standard", "Maximum")
        .replace("Capability:        Enabled", "Capability:        Disabled")
        .replace("Policy:      Disabled", "Policy:      Enabled")
        .replace("Not Logged In", "Logged In")
        .replace("Password", "PED");
    let show = parse_hsm_show(&text).unwrap();
    assert_eq!(show.facts.performance, Performance::Maximum);
    assert!(!show.facts.ppso_capable);
    assert!(show.facts.stc_policy);
    assert!(show.so_logged_in);
    assert_eq!(show.facts.auth, AuthMethod::Ped);
}

/// The licence lines of the 7.2.0 capture.
const LICENCE_LINES: &str =
    "   Number of partitions allowed:        10\n   Number of partitions created:        1\n";

#[test]
fn dev_1_hsm_show_5x_zeroized_and_result_line() {
    let text = SH_HSM_SHOW_72
        .replace("7.2.0-220", "5.3.0-11")
        .replace("HSM Model:   ", "Hardware Model:")
        .replace(LICENCE_LINES, "")
        .replace(
            "Firmware:                           7.0.3",
            "Firmware:                           6.10.9",
        )
        .replace("3 before HSM zeroization!", "HSM IS ZEROIZED !!!!")
        .replace(
            "   Partition:            534071009, Name: partition1\n",
            SH_NO_PARTITIONS,
        )
        + "\nCommand Result : 0 (Success)\n";
    let show = parse_hsm_show(&text).unwrap();
    assert_eq!(show.facts.model, "Luna K7");
    assert!(show.facts.zeroized);
    assert_eq!(show.attempts_left, None);
    assert!(show.partitions.is_empty());
    assert!(!show.facts.ppso_capable, "6.x without the capability line");
    assert_eq!(show.facts.software, Version::new(5, 3, 0));
    assert_eq!(show.facts.licences, None, "5.x prints no licence counts");
}

#[test]
fn dev_1_hsm_show_without_licence_lines_is_unknown_not_an_error() {
    assert!(SH_HSM_SHOW_72.contains(LICENCE_LINES));
    let show = parse_hsm_show(&SH_HSM_SHOW_72.replace(LICENCE_LINES, "")).unwrap();
    assert_eq!(show.facts.licences, None);
    assert_eq!(show.facts.storage.total, 33554432);
}

#[test]
fn dev_1_hsm_show_one_licence_line_alone_is_refused() {
    for (line, want) in [
        (
            "   Number of partitions allowed:        10\n",
            "the output has no 'Number of partitions allowed' line",
        ),
        (
            "   Number of partitions created:        1\n",
            "the output has no 'Number of partitions created' line",
        ),
    ] {
        let e = parse_hsm_show(&SH_HSM_SHOW_72.replace(line, "")).unwrap_err();
        assert_eq!(e.to_string(), want);
    }
}

#[test]
fn dev_1_hsm_show_missing_required_lines() {
    for (line, want) in [
        (
            "   Serial #:                           572413\n",
            "the output has no 'Serial #' line",
        ),
        (
            "   Firmware:                           7.0.3\n",
            "the output has no 'Firmware' line",
        ),
        (
            "   HSM Model:                          Luna K7\n",
            "the output has no 'HSM Model' line",
        ),
        (
            "   Software Version:                7.2.0-220\n",
            "the output has no 'Software Version' line",
        ),
    ] {
        let e = parse_hsm_show(&SH_HSM_SHOW_72.replace(line, "")).unwrap_err();
        assert_eq!(e.to_string(), want);
    }
    assert!(parse_hsm_show("").is_err());
}

#[test]
fn dev_1_hsm_show_malformed_lines_are_quoted() {
    for (from, to, reason) in [
        ("572413", "57 24", "the HSM serial is not a serial number"),
        ("7.0.3", "seven", "not a version number"),
        ("Password", "Retina", "unknown authentication method"),
        ("3 before", "three before", "attempts left is not a number"),
        (
            "534071009, Name:",
            "53407100x, Name:",
            "the partition serial is not a number",
        ),
        (
            "534071009, Name:",
            "534071009 Name:",
            "expected '<serial>, Name: <name>'",
        ),
        (
            "allowed:        10",
            "allowed:        ten",
            "Number of partitions allowed is not a number",
        ),
    ] {
        let text = SH_HSM_SHOW_72.replace(from, to);
        let e = parse_hsm_show(&text).unwrap_err();
        assert_eq!(e.reason, reason, "{to}");
        assert!(e.line.contains(to), "{e}");
        assert!(e.line_no > 0);
        assert_eq!(text.lines().nth(e.line_no - 1), Some(e.line.as_str()));
    }
    let e = parse_hsm_show(&with_added_lines().replace("Non-FM", "FM Maybe")).unwrap_err();
    assert_eq!(e.reason, "unknown FM HW Status");
}
