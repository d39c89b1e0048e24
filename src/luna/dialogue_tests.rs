//! The dialogue over every verbatim capture of LUNASH.md: what is typed, when the reply is
//! complete, what a stall says, and that nothing typed at a secret question stays in the reply.

use super::*;
use crate::luna::parse::prompt_samples::*;
use secrecy::ExposeSecret;

fn secrets(list: &[&str]) -> Vec<SecretString> {
    list.iter()
        .map(|s| SecretString::from(s.to_string()))
        .collect()
}

fn typed(m: Move<'_>) -> Option<String> {
    match m {
        Move::Type(Answer::Secret(s)) => Some(s.expose_secret().to_string()),
        Move::Type(Answer::Quit) => Some("quit".into()),
        _ => None,
    }
}

#[test]
fn x_1_hsm_login_72_is_answered_once_and_the_answer_line_is_cut() {
    let s = secrets(&["8charsPW"]);
    let mut d = Dialogue::new("sa7", &s);
    d.push(SH_HSM_LOGIN_72_ASK.as_bytes());
    assert_eq!(typed(d.decide(true)).as_deref(), Some("8charsPW"));
    // The echo arrives in pieces: never answered twice, never a stall.
    d.push(b"****");
    assert!(matches!(d.decide(false), Move::Read));
    assert!(matches!(d.decide(true), Move::Read));
    assert!(d.stalled().is_none());
    d.push(SH_HSM_LOGIN_72_DONE.as_bytes().get(4..).unwrap_or_default());
    assert!(matches!(d.decide(true), Move::Read));
    d.push(b"[local_host] lunash:>");
    assert!(matches!(d.decide(true), Move::Done));
    let out = d.finish().unwrap();
    assert!(!out.contains('*'), "{out}");
    assert!(out.contains("Please enter the HSM Administrators' password:\n\n\n"));
    assert!(out.contains("'hsm login' successful."));
}

#[test]
fn x_1_caution_block_then_the_question() {
    let s = secrets(&["pw-123456"]);
    let mut d = Dialogue::new("sa6", &s);
    d.push(SH_HSM_LOGIN_CAUTION_ASK.as_bytes());
    assert_eq!(typed(d.decide(true)).as_deref(), Some("pw-123456"));
}

#[test]
fn x_1_legacy_create_622_answers_four_secrets_in_order_then_quits_the_question() {
    let s = secrets(&["partpw1234", "partpw1234", "domain12", "domain12"]);
    let mut d = Dialogue::new("sa6", &s);
    let stages = [
        SH_CREATE_622_ASK_PASSWORD,
        SH_CREATE_622_ASK_CONFIRM_PASSWORD,
        SH_CREATE_622_ASK_DOMAIN,
        SH_CREATE_622_ASK_CONFIRM_DOMAIN,
    ];
    let want = ["partpw1234", "partpw1234", "domain12", "domain12"];
    for (stage, want) in stages.iter().zip(want) {
        d.push(stage.as_bytes());
        assert_eq!(typed(d.decide(true)).as_deref(), Some(want));
    }
    d.push(SH_CREATE_622_ASK_PROCEED.as_bytes());
    assert_eq!(typed(d.decide(true)).as_deref(), Some("quit"));
    d.push(b"quit\nCommand aborted.\n\nCommand Result : 65535 (Luna Shell execution)\n[jpmongehsm2] lunash:>");
    assert!(matches!(d.decide(true), Move::Done));
    let err = d.finish().unwrap_err();
    assert!(
        matches!(err, ShellError::UnexpectedQuestion { .. }),
        "{err}"
    );
    assert!(err.to_string().contains("create the initialized partition"));
}

#[test]
fn x_1_every_secret_capture_without_a_secret_stops_and_types_nothing() {
    for capture in SECRET_ASKS {
        let mut d = Dialogue::new("sa6", &[]);
        d.push(capture.as_bytes());
        let Move::Stop(ShellError::MissingSecret { prompt, .. }) = d.decide(true) else {
            panic!("{capture:?}: not stopped");
        };
        assert!(prompt.contains("password"), "{prompt}");
    }
}

#[test]
fn x_1_policy_question_after_a_blank_line_is_quit() {
    let mut d = Dialogue::new("sa6", &[]);
    d.push(SH_POLICY_622_ASK_PROCEED.as_bytes());
    assert_eq!(typed(d.decide(true)).as_deref(), Some("quit"));
}

#[test]
fn x_8_one_line_echo_is_cut_after_the_question() {
    let s = secrets(&["wrong-pw1"]);
    let mut d = Dialogue::new("lunacm", &s);
    d.push(b"Please enter the password: ");
    assert!(typed(d.decide(true)).is_some());
    d.push(b"*********\n\nCommand Result : 0xa0 (CKR_PIN_INCORRECT)\nlunacm:>");
    assert!(matches!(d.decide(true), Move::Done));
    let out = d.finish().unwrap();
    assert_eq!(
        out,
        "Please enter the password: \n\nCommand Result : 0xa0 (CKR_PIN_INCORRECT)\nlunacm:>"
    );
}

#[test]
fn x_8_a_clear_text_echo_at_a_secret_question_is_cut_too() {
    let s = secrets(&["x"]);
    let mut d = Dialogue::new("sa6", &s);
    d.push(SH_HSM_LOGIN_72_ASK.as_bytes());
    assert!(typed(d.decide(true)).is_some());
    d.push(b"x\nCommand Result : 65535 (Luna Shell execution)\n");
    let out = d.finish().unwrap();
    // Only the typed line is cut: "Luna Shell execution" keeps its letter x.
    assert!(
        out.ends_with("Command Result : 65535 (Luna Shell execution)\n"),
        "{out}"
    );
    assert!(!out.contains("\nx\n"));
}

#[test]
fn x_1_stall_on_a_line_nobody_understands_names_the_last_two_lines() {
    let s = secrets(&["so-password"]);
    let mut d = Dialogue::new("sa6", &s);
    d.push(b"[sa6] lunash:>hsm login\nSelect the PED to use\n> ");
    assert!(matches!(d.decide(true), Move::Read));
    let err = d.stalled().unwrap();
    assert_eq!(
        err.to_string(),
        "sa6 is waiting for input lunadeck does not understand: «Select the PED to use / >»; nothing was answered"
    );
    // Busy devices print no pending line: no stall.
    let mut busy = Dialogue::new("sa6", &s);
    busy.push(b"Working...\n");
    assert!(busy.stalled().is_none());
}

#[test]
fn x_4_heard_is_neutralized() {
    let mut d = Dialogue::new("sa6", &[]);
    d.push(b"\x1b]0;title\x07 waiting");
    assert_eq!(d.heard(), "\\u{1b}]0;title\\u{7} waiting");
}

#[test]
fn x_1_a_two_line_question_split_before_its_answer_line_is_answered_once() {
    let s = secrets(&["first-secret", "second-secret"]);
    let mut d = Dialogue::new("sa7", &s);
    let (head, tail) = SH_HSM_LOGIN_72_ASK.split_at(SH_HSM_LOGIN_72_ASK.find(":\n").unwrap() + 1);
    d.push(head.as_bytes());
    // Mid-line: not answered until the device is quiet.
    assert!(matches!(d.decide(false), Move::Read));
    // A quiet slice before `\n  > ` arrives: answered as a one-line question...
    assert_eq!(typed(d.decide(true)).as_deref(), Some("first-secret"));
    // ...and the `> ` line that follows belongs to the same question: not answered again.
    d.push(tail.as_bytes());
    assert!(matches!(d.decide(false), Move::Read));
    assert!(matches!(d.decide(true), Move::Read));
    d.push(b"************\n\nCommand Result : 0 (Success)\n[h] lunash:>");
    assert!(matches!(d.decide(false), Move::Done));
    let out = d.finish().unwrap();
    assert!(!out.contains('*'), "{out}");
}

#[test]
fn x_8_an_empty_secret_is_never_typed_at_a_question() {
    let s = secrets(&[""]);
    let mut d = Dialogue::new("sa6", &s);
    d.push(SH_HSM_LOGIN_72_ASK.as_bytes());
    assert!(matches!(
        d.decide(true),
        Move::Stop(ShellError::MissingSecret { .. })
    ));
}
