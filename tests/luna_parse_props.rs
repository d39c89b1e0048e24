//! Property tests of the LunaSH/LunaCM parsers: chunked arrival equals whole parsing, random
//! input never panics, and partition names round-trip through a rendered 7.x table row.

use lunadeck::domain::ids::PartitionSerial;
use lunadeck::domain::partition::PartitionVersion;
use lunadeck::luna::command::{Arg, LunaShCommand, redact_line};
use lunadeck::luna::parse::samples::*;
use lunadeck::luna::parse::*;
use proptest::prelude::*;

/// Feeds `bytes` to a fresh accumulator in chunks of the given sizes (cycled), returns the text.
fn accumulate(bytes: &[u8], sizes: &[usize]) -> String {
    let mut acc = LineAccumulator::new();
    let mut rest = bytes;
    let mut i = 0;
    while !rest.is_empty() {
        let size = sizes
            .get(i % sizes.len().max(1))
            .copied()
            .unwrap_or(7)
            .max(1);
        let (chunk, tail) = rest.split_at(size.min(rest.len()));
        acc.push(chunk);
        rest = tail;
        i += 1;
    }
    acc.text()
}

/// Every parser's answer, as text, so two inputs can be compared whole.
fn parse_all(text: &str) -> Vec<String> {
    let serial = PartitionSerial::new("1582775433934");
    vec![
        format!("{:?}", parse_outcome(text)),
        format!("{:?}", parse_hsm_show(text)),
        format!("{:?}", parse_partition_list(text)),
        format!("{:?}", parse_partition_show(text)),
        format!("{:?}", parse_show_contents(text)),
        format!("{:?}", parse_client_list(text)),
        format!("{:?}", parse_client_show(text)),
        format!("{:?}", parse_client_fingerprint(text)),
        format!("{:?}", parse_slot_list(text)),
        format!("{:?}", parse_cm_contents(text, &serial)),
        format!("{:?}", parse_hagroup_list(text)),
        strip_session_noise(text),
        format!("{:?}", success_command(text)),
    ]
}

/// Chunked LF and CRLF arrival give the same text and the same parse as the whole sample.
fn check_chunked(sample: &str, sizes: &[usize]) -> Result<(), TestCaseError> {
    let whole = parse_all(sample);
    let lf = accumulate(sample.as_bytes(), sizes);
    prop_assert_eq!(&lf, sample);
    prop_assert_eq!(&parse_all(&lf), &whole);
    let crlf = accumulate(sample.replace('\n', "\r\n").as_bytes(), sizes);
    prop_assert_eq!(&crlf, sample);
    prop_assert_eq!(parse_all(&crlf), whole);
    Ok(())
}

fn hsm_show_full() -> String {
    SH_HSM_SHOW_72.replace(
        "3 before HSM zeroization!\n",
        &format!("3 before HSM zeroization!\n{SH_HSM_SHOW_ADDED}"),
    )
}

fn sizes() -> impl Strategy<Value = Vec<usize>> {
    prop::collection::vec(1usize..48, 1..24)
}

fn all_samples() -> Vec<String> {
    let mut v: Vec<String> = [
        SH_RESULT_SUCCESS,
        SH_CLIENT_SHOW_ERROR,
        SH_PARTITION_LIST_78,
        SH_PARTITION_LIST_6,
        SH_HSM_SHOW_72,
        SH_PARTITION_SHOW_6,
        SH_SHOW_CONTENTS_78,
        SH_HSM_SHOW_ADDED,
        SH_PARTITION_SHOW_ADDED,
        CM_SLOT_LIST,
        CM_PARTITION_CONTENTS,
        CM_HAGROUP_LISTGROUPS,
        SH_RESULT_FAILURE,
        SH_ASSIGN_SUCCESS,
        SH_CLIENT_FINGERPRINT,
        SH_CLIENT_LIST,
        SH_CLIENT_LIST_EMPTY,
        SH_NO_PARTITIONS,
        SH_BANNER,
        CM_RESULT_OK,
        CM_RESULT_PIN_INCORRECT,
        CM_RESULT_SLOT_INVALID,
        CM_NO_HA_GROUPS,
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    v.push(hsm_show_full());
    v.push(format!("{SH_PARTITION_SHOW_6}{SH_PARTITION_SHOW_ADDED}"));
    v
}

/// Lines of every sample plus a few hostile ones, to build plausible random outputs.
fn fragments() -> Vec<String> {
    let mut f: Vec<String> = all_samples()
        .iter()
        .flat_map(|s| s.lines().map(String::from).collect::<Vec<_>>())
        .collect();
    f.extend(
        [
            "",
            "===",
            "Object Label:",
            "Object Handle: 99999999999999999999999",
            "Partition:  , Name:",
            "\tSlot Id -> ",
            "Label:",
            "Partitions: \"",
            "Command Result : 0x",
            "Error:  (",
            "Error:  x (:)",
            "HA Group Label:",
            "\t     0",
            "1 é 2 3 4 5",
            "[h] lunash:>",
        ]
        .map(String::from),
    );
    f
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn dev_1_hsm_show_chunked_equals_whole(sizes in sizes()) {
        check_chunked(SH_HSM_SHOW_72, &sizes)?;
        check_chunked(&hsm_show_full(), &sizes)?;
    }

    #[test]
    fn imp_1_partition_list_chunked_equals_whole(sizes in sizes()) {
        check_chunked(SH_PARTITION_LIST_78, &sizes)?;
        check_chunked(SH_PARTITION_LIST_6, &sizes)?;
        check_chunked(SH_NO_PARTITIONS, &sizes)?;
    }

    #[test]
    fn mng_5_contents_chunked_equals_whole(sizes in sizes()) {
        check_chunked(SH_SHOW_CONTENTS_78, &sizes)?;
        check_chunked(CM_PARTITION_CONTENTS, &sizes)?;
    }

    #[test]
    fn mng_6_clients_chunked_equals_whole(sizes in sizes()) {
        check_chunked(SH_CLIENT_LIST, &sizes)?;
        check_chunked(SH_CLIENT_LIST_EMPTY, &sizes)?;
        check_chunked(SH_CLIENT_FINGERPRINT, &sizes)?;
        check_chunked(SH_CLIENT_SHOW_ERROR, &sizes)?;
    }

    #[test]
    fn every_sample_chunked_equals_whole(sizes in sizes()) {
        for sample in all_samples() {
            check_chunked(&sample, &sizes)?;
        }
    }

    #[test]
    fn utf8_split_across_chunks_is_rebuilt(text in "[a-zé€😀 :\n]{0,60}", sizes in sizes()) {
        prop_assert_eq!(accumulate(text.as_bytes(), &sizes), text);
    }

    #[test]
    fn random_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..400), sizes in sizes()) {
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let _ = parse_all(&text);
        let _ = parse_all(&accumulate(&bytes, &sizes));
    }

    #[test]
    fn random_sample_lines_never_panic(
        picks in prop::collection::vec(prop::sample::select(fragments()), 0..40),
        noise in "[ \t:=,>\"()0-9A-Za-z-]{0,12}",
    ) {
        let mut text = picks.join("\n");
        let _ = parse_all(&text);
        text.push_str(&noise);
        let _ = parse_all(&text);
        let crlf = picks.join("\r\n");
        let _ = parse_all(&crlf);
    }

    #[test]
    fn imp_1_partition_names_round_trip_through_a_78_row(
        name in "[A-Za-z!#$%'()*+,./:=@\\[\\]^_{}~-][A-Za-z0-9!#$%'()*+,./:=@\\[\\]^_{}~-]{0,31}",
        serial in 1_000_000_000_000u64..9_999_999_999_999,
        version in 0u8..2,
        objects in 0u32..100_000,
        total in 0u64..100_000_000,
        used in 0u64..100_000_000,
    ) {
        let free = total.saturating_sub(used);
        let header: String = SH_PARTITION_LIST_78.lines().take(4).map(|l| format!("{l}\n")).collect();
        let row = format!(
            "{serial:<19}  {name:<32}  {version:<11}  {objects:>7}  {total:>7}  {used:>7}  {free:>7}\n"
        );
        let rows = parse_partition_list(&format!("{header}{row}\nCommand Result : 0 (Success)\n"))
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(rows.len(), 1);
        let r = &rows[0];
        prop_assert_eq!(&r.name, &name);
        prop_assert_eq!(r.serial.as_str(), serial.to_string());
        let want_version = if version == 0 { PartitionVersion::V0 } else { PartitionVersion::V1 };
        prop_assert_eq!(r.version, Some(want_version));
        prop_assert_eq!((r.objects, r.total, r.used, r.free), (objects, total, used, free));
        // Every allowed name can be sent back in a command line.
        prop_assert!(Arg::partition(&name).is_ok());
    }

    #[test]
    fn imp_1_names_with_inner_spaces_round_trip_through_a_6x_row(
        words in prop::collection::vec("[A-Za-z!#$%'()*+,./:=@_~-][A-Za-z0-9_.-]{0,6}", 1..4),
        serial in 100_000_000u64..999_999_999,
    ) {
        let name = words.join(" ");
        let header: String = SH_PARTITION_LIST_6.lines().take(4).map(|l| format!("{l}\n")).collect();
        let row = format!(" {serial:<9}    {name:<24} {:>7} {:>9} {:>9} {:>9}\n", 2, 102701, 0, 102701);
        let rows = parse_partition_list(&format!("{header}{row}"))
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(rows.len(), 1);
        prop_assert_eq!(&rows[0].name, &name);
        prop_assert_eq!(rows[0].version, None);
        prop_assert_eq!(rows[0].objects, 2);
    }

    #[test]
    fn any_accepted_name_gives_one_safe_line(value in "\\PC{0,40}|[\n\r\"\\\\ a-z]{0,10}") {
        let _ = redact_line(&value);
        if let Ok(arg) = Arg::partition(&value) {
            let line = LunaShCommand::PartitionDelete { partition: arg.clone() }.line();
            prop_assert!(!line.contains(['\n', '\r']));
            let rendered = arg.rendered();
            let unquoted = rendered.strip_prefix('"').and_then(|r| r.strip_suffix('"')).unwrap_or(&rendered);
            prop_assert_eq!(unquoted, value.as_str());
            prop_assert_eq!(redact_line(&line), line);
        } else {
            prop_assert!(value.is_empty() || value.contains(['\n', '\r', '"', '\\']) || value.chars().any(char::is_control));
        }
    }
}

/// What a dialogue types for `capture` fed in chunks of `sizes` (a quiet slice after each
/// chunk when `quiet_between`, and always at the end): the first typed answer or stop.
fn first_decision(capture: &str, sizes: &[usize], quiet_between: bool) -> String {
    use lunadeck::luna::dialogue::{Answer, Dialogue, Move};
    let secrets = [secrecy::SecretString::from("a-secret-1".to_string())];
    let mut d = Dialogue::new("sa6", &secrets);
    let describe = |m: Move<'_>| match m {
        Move::Type(Answer::Secret(_)) => Some("secret".to_string()),
        Move::Type(Answer::Quit) => Some("quit".to_string()),
        Move::Stop(e) => Some(format!("stop: {e}")),
        Move::Done => Some("done".to_string()),
        Move::Read => None,
    };
    let mut rest = capture.as_bytes();
    let mut i = 0;
    while !rest.is_empty() {
        let size = sizes
            .get(i % sizes.len().max(1))
            .copied()
            .unwrap_or(5)
            .max(1);
        let (chunk, tail) = rest.split_at(size.min(rest.len()));
        d.push(chunk);
        rest = tail;
        i += 1;
        if let Some(m) = describe(d.decide(false)) {
            return m;
        }
        if quiet_between
            && !rest.is_empty()
            && let Some(m) = describe(d.decide(true))
        {
            return m;
        }
    }
    describe(d.decide(true)).unwrap_or_else(|| "nothing".to_string())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    /// Issue 8.1: every capture of LUNASH.md fed in random chunks gets the same answer as fed
    /// whole (and a quiet slice between chunks never makes a question be answered twice).
    #[test]
    fn x_1_every_prompt_capture_in_chunks_gets_the_same_answer(
        sizes in prop::collection::vec(1usize..24, 1..8),
        quiet in any::<bool>(),
    ) {
        use lunadeck::luna::parse::prompt_samples::{CONFIRM_ASKS, SECRET_ASKS};
        for capture in SECRET_ASKS.iter().chain(CONFIRM_ASKS.iter()) {
            // What the transport reads after typing the command: its echo, not the prompt
            // (the prompt was read before the command was typed).
            let capture = match capture.split_once("lunash:>") {
                Some((_, after)) => after,
                None => capture,
            };
            let whole = first_decision(capture, &[capture.len()], false);
            let chunked = first_decision(capture, &sizes, quiet);
            prop_assert_eq!(&chunked, &whole, "{:?}", capture);
            prop_assert!(whole == "secret" || whole == "quit", "{}", whole);
        }
    }
}
