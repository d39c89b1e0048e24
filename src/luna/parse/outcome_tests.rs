//! Tests of `parse_outcome` on every result and error line of LUNASH.md and
//! docs/assumed-formats.md, plus malformed result lines.

use super::super::samples::*;
use super::*;

fn code(hex: &str, name: &str) -> Option<ErrorCode> {
    Some(ErrorCode {
        hex: hex.into(),
        name: name.into(),
    })
}

#[test]
fn success_and_generic_failure() {
    let ok = parse_outcome(SH_RESULT_SUCCESS).unwrap();
    assert_eq!(
        ok,
        LunaOutcome {
            ok: true,
            code: None,
            messages: vec![]
        }
    );
    assert_eq!(ok.kind(), None);
    let bad = parse_outcome(SH_RESULT_FAILURE).unwrap();
    assert!(!bad.ok);
    assert_eq!(bad.kind(), Some(LunaErrorKind::Other));
    assert_eq!(bad.summary(), "the command failed");
}

#[test]
fn client_show_error_sample() {
    let out = parse_outcome(SH_CLIENT_SHOW_ERROR).unwrap();
    assert!(!out.ok);
    assert_eq!(out.code, code("C000040A", "RC_OBJECT_NOT_IN_LIST"));
    assert_eq!(
        out.messages,
        ["'client show' failed.", "Specified client does not exist."]
    );
    assert_eq!(out.kind(), Some(LunaErrorKind::ObjectNotInList));
    assert_eq!(
        out.summary(),
        "'client show' failed. Specified client does not exist. (C000040A : RC_OBJECT_NOT_IN_LIST)"
    );
}

#[test]
fn coded_line_after_the_human_line() {
    let text = "Error:  Specified client does not exist.\n\nError:  'client show' failed. (C000040A : RC_OBJECT_NOT_IN_LIST)\nCommand Result : 65535 (Luna Shell execution)\n";
    let out = parse_outcome(text).unwrap();
    assert_eq!(out.code, code("C000040A", "RC_OBJECT_NOT_IN_LIST"));
    assert_eq!(out.messages[0], "Specified client does not exist.");
}

#[test]
fn every_assumed_error_line_is_classified() {
    use LunaErrorKind::*;
    let table = [
        (
            "Error:  'partition create' failed. (300013 : LUNA_RET_USER_NOT_AUTHORIZED)\nError:  You must be logged in as the HSM Administrator to run this command.",
            NotAuthorized,
            code("300013", "LUNA_RET_USER_NOT_AUTHORIZED"),
        ),
        (
            "Error:  'partition show' failed. (C000040A : RC_OBJECT_NOT_IN_LIST)\nError:  Specified partition does not exist.",
            ObjectNotInList,
            code("C000040A", "RC_OBJECT_NOT_IN_LIST"),
        ),
        (
            "Error:  'partition resize' failed. (300140 : LUNA_RET_SM_NOT_ENOUGH_MEMORY)\nError:  Not enough free storage on the HSM.",
            NotEnoughMemory,
            code("300140", "LUNA_RET_SM_NOT_ENOUGH_MEMORY"),
        ),
        (
            "Error:  'partition create' failed. (B0000046 : CKR_LICENSE_CAPACITY_EXCEEDED)\nError:  All licensed partitions are in use.",
            LicenceExceeded,
            code("B0000046", "CKR_LICENSE_CAPACITY_EXCEEDED"),
        ),
        (
            "Error:  'partition create' failed. (C0000404 : RC_OBJECT_ALREADY_EXISTS)",
            DuplicateLabel,
            code("C0000404", "RC_OBJECT_ALREADY_EXISTS"),
        ),
        (
            "Error:  'partition init' failed. (300xx : LUNA_RET_ATTRIBUTE_VALUE_INVALID)",
            Other,
            None,
        ),
        (
            "Error:  'partition showContents' failed. (A00000 : LUNA_RET_UM_PIN_INCORRECT)",
            PinIncorrect,
            code("A00000", "LUNA_RET_UM_PIN_INCORRECT"),
        ),
        (
            "Error:  'hsm login' failed. (30000F : LUNA_RET_SO_LOGIN_FAILURE_THRESHOLD)\nError:  The HSM has been zeroized.",
            SoLoginThreshold,
            code("30000F", "LUNA_RET_SO_LOGIN_FAILURE_THRESHOLD"),
        ),
        (
            "Error:  Unable to communicate with HSM",
            HsmNotAnswering,
            None,
        ),
        (
            "Error:  Command not found: partition frobnicate",
            Other,
            None,
        ),
        ("Error:  Invalid option: -frob", Other, None),
        ("Error:  Missing required option: -partition", Other, None),
    ];
    for (errors, kind, want_code) in table {
        let text = format!("{errors}\n\nCommand Result : 65535 (Luna Shell execution)\n");
        let out = parse_outcome(&text).unwrap();
        assert_eq!(out.kind(), Some(kind), "{errors}");
        assert_eq!(out.code, want_code, "{errors}");
        assert!(!out.messages.is_empty(), "{errors}");
    }
}

#[test]
fn duplicate_label_code_and_wrong_so_password_attempts() {
    let dup = parse_outcome("Error:  'partition init' failed. (300010 : LUNA_RET_ATTRIBUTE_VALUE_INVALID)\nCommand Result : 65535 (Luna Shell execution)\n").unwrap();
    assert_eq!(dup.kind(), Some(LunaErrorKind::DuplicateLabel));
    let login = parse_outcome("Error:  'hsm login' failed. (A00000 : LUNA_RET_UM_PIN_INCORRECT)\nError:  Login failed. 2 attempts left before HSM zeroization.\n\nCommand Result : 65535 (Luna Shell execution)\n").unwrap();
    assert_eq!(login.kind(), Some(LunaErrorKind::PinIncorrect));
    assert_eq!(login.attempts_left(), Some(2));
    assert_eq!(dup.attempts_left(), None);
}

#[test]
fn lunacm_result_lines() {
    let ok = parse_outcome(CM_RESULT_OK).unwrap();
    assert!(ok.ok);
    let pin = parse_outcome(CM_RESULT_PIN_INCORRECT).unwrap();
    assert!(!pin.ok);
    assert_eq!(pin.code, code("a0", "CKR_PIN_INCORRECT"));
    assert_eq!(pin.kind(), Some(LunaErrorKind::PinIncorrect));
    let slot = parse_outcome(CM_RESULT_SLOT_INVALID).unwrap();
    assert_eq!(slot.code, code("3", "CKR_SLOT_ID_INVALID"));
    assert_eq!(slot.kind(), Some(LunaErrorKind::Other));
}

#[test]
fn success_line_names_the_canonical_command() {
    let text = format!("{SH_ASSIGN_SUCCESS}\n{SH_RESULT_SUCCESS}");
    assert_eq!(
        success_command(&text).as_deref(),
        Some("client assignPartition")
    );
    assert!(parse_outcome(&text).unwrap().ok);
    assert_eq!(success_command(SH_RESULT_SUCCESS), None);
}

#[test]
fn malformed_result_lines_quote_the_line() {
    for (text, line_no, line) in [
        ("x\nCommand Result : banana\n", 2, "Command Result : banana"),
        (
            "Command Result : 0xZZ (X)\n",
            1,
            "Command Result : 0xZZ (X)",
        ),
        ("Command Result\n", 1, "Command Result"),
    ] {
        let e = parse_outcome(text).unwrap_err();
        assert_eq!((e.line_no, e.line.as_str()), (line_no, line), "{text}");
        assert!(e.to_string().contains(line), "{e}");
    }
    let e = parse_outcome("Error:  x\n").unwrap_err();
    assert_eq!(e.to_string(), "the output has no 'Command Result' line");
}
