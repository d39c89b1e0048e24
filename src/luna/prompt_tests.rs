//! Tests of the tail classifier on every verbatim capture of LUNASH.md and on the one-line
//! layout of LunaCM (docs/assumed-formats.md).

use super::*;
use crate::luna::parse::prompt_samples::*;

fn secret(tail: &Tail) -> Option<&str> {
    match tail {
        Tail::Secret { question, .. } => Some(question),
        _ => None,
    }
}

#[test]
fn x_1_two_line_layout_questions_of_real_appliances() {
    let cases = [
        (
            SH_HSM_LOGIN_72_ASK,
            "Please enter the HSM Administrators' password:",
        ),
        (
            SH_HSM_LOGIN_CAUTION_ASK,
            "Please enter the HSM Administrators' password:",
        ),
        (
            SH_SHOW_CONTENTS_785_ASK,
            "Please enter the Crypto Officer's password:",
        ),
        (
            SH_CREATE_622_ASK_PASSWORD,
            "Please enter a password for the partition:",
        ),
    ];
    for (capture, question) in cases {
        assert_eq!(
            secret(&classify_tail(capture)),
            Some(question),
            "{capture:?}"
        );
    }
    let mut conversation = SH_CREATE_622_ASK_PASSWORD.to_string();
    for (next, question) in [
        (
            SH_CREATE_622_ASK_CONFIRM_PASSWORD,
            "Please re-enter password to confirm:",
        ),
        (
            SH_CREATE_622_ASK_DOMAIN,
            "Please enter a cloning domain to use when creating this partition:",
        ),
        (
            SH_CREATE_622_ASK_CONFIRM_DOMAIN,
            "Please re-enter cloning domain to confirm:",
        ),
    ] {
        conversation.push_str(next);
        assert_eq!(secret(&classify_tail(&conversation)), Some(question));
    }
}

#[test]
fn x_1_proceed_questions_with_a_tab_or_a_blank_line_before_the_answer_line() {
    for capture in CONFIRM_ASKS {
        assert!(
            matches!(classify_tail(capture), Tail::Confirm { .. }),
            "{capture:?}"
        );
    }
    let one_line = "Type 'proceed' to continue, or 'quit' to quit now -> ";
    assert_eq!(
        classify_tail(one_line),
        Tail::Confirm {
            question: one_line.trim().to_string(),
            at: 0
        }
    );
}

#[test]
fn x_1_the_one_line_layout_is_still_understood() {
    assert_eq!(
        classify_tail(&format!("x\n{ONE_LINE_SECRET_ASK}")),
        Tail::Secret {
            question: "Please enter the HSM Administrators' password:".into(),
            at: 2
        }
    );
    assert_eq!(
        secret(&classify_tail("Re-enter domain: ")),
        Some("Re-enter domain:")
    );
}

#[test]
fn x_1_the_answer_line_offset_is_the_pending_line() {
    let Tail::Secret { at, .. } = classify_tail(SH_HSM_LOGIN_72_ASK) else {
        panic!("not a secret question");
    };
    assert_eq!(SH_HSM_LOGIN_72_ASK.get(at..), Some("  > "));
}

#[test]
fn x_1_other_tails() {
    assert_eq!(
        classify_tail("banner\n[hsm1.example.com] lunash:>"),
        Tail::ShellPrompt
    );
    assert_eq!(classify_tail("lunacm:>"), Tail::ShellPrompt);
    assert_eq!(classify_tail("Partition Name:   p1\n"), Tail::Nothing);
    assert_eq!(classify_tail(""), Tail::Nothing);
    assert_eq!(
        classify_tail("  Please enter the HSM Administrators' password:\n  > ***"),
        Tail::Echo
    );
    assert_eq!(
        classify_tail("Working on it\nPress any key to continue"),
        Tail::Unknown {
            at: 14,
            last_lines: "Working on it / Press any key to continue".into()
        }
    );
    // A `>` line after a line that is not a question: not understood, nothing is answered.
    assert!(matches!(
        classify_tail("Select a slot from the list\n> "),
        Tail::Unknown { .. }
    ));
    assert!(matches!(
        classify_tail("Partition Label:"),
        Tail::Unknown { .. }
    ));
}

#[test]
fn x_1_last_two_lines_skip_blank_ones() {
    assert_eq!(last_two_lines("a\n\nb\n\n  > "), "b / >");
    assert_eq!(last_two_lines("only"), "only");
}

#[test]
fn x_1_result_line_must_be_complete() {
    assert!(!has_result_line("Command Result : 0 (Succ"));
    assert!(has_result_line("ok\n\nCommand Result : 0 (Success)\n"));
    assert!(has_result_line("Command Result : No Error\r\n"));
    assert!(!has_result_line("nothing here\n"));
}

#[test]
fn x_1_clean_reply_strips_echo_prompt_and_cr() {
    let raw = "partition list\r\nThere are no partitions.\r\n\r\nCommand Result : 0 (Success)\r\n[hsm1] lunash:>";
    assert_eq!(
        clean_reply(raw, "partition list"),
        "There are no partitions.\n\nCommand Result : 0 (Success)\n"
    );
    let raw = "[hsm1] lunash:>hsm show\nx\n";
    assert_eq!(clean_reply(raw, "hsm show"), "x\n");
    assert_eq!(clean_reply("a\nb", "c"), "a\nb\n");
}
