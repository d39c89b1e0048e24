//! Recorded transcripts of the real layouts (issue 8, item 9): `fixtures/transcripts/`
//! `authorize-72.jsonl`, `discovery-785.jsonl` and `legacy-create-622.jsonl`.
//!
//! **Generator.** The `x_2_fixture_*` tests record each conversation with `RecordingShell`
//! around `SimShell` on `fixtures/fleets/transcripts.toml` (the command lines built by
//! `LunaShCommand`, as the operations send them) and compare the result with the committed
//! file, byte for byte except the `elapsed_ms` values (written as 0, compared as 0). When the
//! simulator's output changes on purpose, rewrite the files with
//!
//! ```sh
//! LUNADECK_WRITE_TRANSCRIPTS=1 cargo test --test luna_transcripts
//! ```
//!
//! (each file is replaced whole, by a rename; the replay tests of the same run read the new
//! file or the old one) and review the diff: every `Please enter ...` question must still be
//! followed by what the appliance printed after the answer, never by the answer line
//! (`  > ****`). Either way no secret typed in the conversations nor any secret of the fleet
//! file, and no run of three or more `*`, may appear in a recording or a committed file.
//!
//! **Replay.** `ReplayShell` answers the same commands from the committed files; the parsers
//! read the replies, and the real steps (`LunaExecutor::execute`: SO login, discovery, legacy
//! create) run on the replayed shell. No transport opens a replay for a whole console yet
//! (issue 15 adds `--replay`), so nothing above the step executor is replayed here.

use super::{T, contains_bytes, protocol_reason};
use lunadeck::domain::device::AuthMethod;
use lunadeck::domain::ids::{HsmSerial, JobId, PartitionSerial};
use lunadeck::domain::partition::{PartitionVersion, RoleState};
use lunadeck::domain::plan::{PlanStep, StepAction};
use lunadeck::domain::version::Version;
use lunadeck::jobs::{CancelToken, StepContext, StepError, StepExecutor};
use lunadeck::luna::command::{Arg, CreateSize, LunaShCommand};
use lunadeck::luna::parse::{
    ErrorCode, LunaErrorKind, parse_hsm_show, parse_outcome, parse_partition_list,
    parse_partition_show, success_command,
};
use lunadeck::luna::recorder::RecordingShell;
use lunadeck::luna::replay::{ReplayOptions, ReplayShell};
use lunadeck::luna::shell::{Ask, CommandTimeouts, Shell, ShellError};
use lunadeck::ops::executor::{DeviceProfile, LunaExecutor};
use lunadeck::ops::init_steps::LifecycleSecrets;
use lunadeck::ops::luna_steps::{Discovered, UnreadPartition, run_checked};
use lunadeck::sim::model::Fleet;
use lunadeck::sim::session::{SimShell, shared};
use secrecy::SecretString;
use std::path::PathBuf;

const FLEET: &str = include_str!("../../fixtures/fleets/transcripts.toml");
const WRITE_VAR: &str = "LUNADECK_WRITE_TRANSCRIPTS";

/// The secrets typed in the recorded conversations.
const SO_720: &str = "Auth72!SoPass";
const WRONG_720: &str = "Wr0ng!Guess720";
const SO_622: &str = "Legacy62!SoPw";
const PARTITION_PW_622: &str = "Part6!Passw0rd";
const DOMAIN_622: &str = "Clone!Dom622";
const TYPED: [&str; 5] = [SO_720, WRONG_720, SO_622, PARTITION_PW_622, DOMAIN_622];

/// One recorded conversation: the file, the appliance of the fleet, what is typed there.
struct Conversation {
    file: &'static str,
    appliance: &'static str,
    script: fn(&mut dyn Shell),
}

const AUTHORIZE: Conversation = Conversation {
    file: "authorize-72.jsonl",
    appliance: "lab-720",
    script: authorize,
};
const DISCOVERY: Conversation = Conversation {
    file: "discovery-785.jsonl",
    appliance: "lab-785",
    script: discovery,
};
const LEGACY_CREATE: Conversation = Conversation {
    file: "legacy-create-622.jsonl",
    appliance: "lab-622",
    script: legacy_create,
};

fn fixture(file: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/transcripts")
        .join(file)
}

fn secrets(values: &[&str]) -> Vec<SecretString> {
    values.iter().map(|v| SecretString::from(*v)).collect()
}

/// Runs `cmd` answering its questions with `typed`; the reply text.
fn run(shell: &mut dyn Shell, cmd: &LunaShCommand, typed: &[&str]) -> String {
    assert_eq!(typed.len(), cmd.secret_prompts(), "{cmd}");
    let answers = secrets(typed);
    let line = cmd.line();
    match shell.run(&line, &Ask::new(T).with_secrets(&answers)) {
        Ok(reply) => reply.output,
        Err(e) => panic!("'{line}' failed: {e}"),
    }
}

fn partition(name: &str) -> Arg {
    Arg::partition(name).unwrap()
}

fn show(name: &str) -> LunaShCommand {
    LunaShCommand::PartitionShow {
        partition: partition(name),
    }
}

fn create_622() -> LunaShCommand {
    LunaShCommand::PartitionCreate {
        partition: partition("partition6"),
        size: CreateSize::Bytes(207_559),
        version: None,
        legacy_init: true,
    }
}

/// 7.2.0: `hsm show`, a refused `hsm login`, `hsm show` again, the `hsm login` that succeeds
/// after the caution block.
fn authorize(sh: &mut dyn Shell) {
    let before = run(sh, &LunaShCommand::HsmShow, &[]);
    assert!(before.contains("attempts left:      3 before"), "{before}");
    let refused = run(sh, &LunaShCommand::HsmLogin, &[WRONG_720]);
    assert!(refused.contains("LUNA_RET_UM_PIN_INCORRECT"), "{refused}");
    let after = run(sh, &LunaShCommand::HsmShow, &[]);
    assert!(after.contains("attempts left:      2 before"), "{after}");
    let login = run(sh, &LunaShCommand::HsmLogin, &[SO_720]);
    assert!(login.contains("Caution:  You have only TWO"), "{login}");
    assert!(login.contains("'hsm login' successful."), "{login}");
}

/// 7.8.5: `partition list`, then `partition show` of every row, as discovery reads them.
fn discovery(sh: &mut dyn Shell) {
    let list = run(sh, &LunaShCommand::PartitionList, &[]);
    let rows = parse_partition_list(&list).unwrap();
    assert_eq!(rows.len(), 3, "{list}");
    for row in rows {
        run(sh, &show(&row.name), &[]);
    }
}

/// 6.2.2: `hsm login`, the legacy create-and-initialize (partition password twice, cloning
/// domain twice), then `partition list`.
fn legacy_create(sh: &mut dyn Shell) {
    run(sh, &LunaShCommand::HsmLogin, &[SO_622]);
    let typed = [PARTITION_PW_622, PARTITION_PW_622, DOMAIN_622, DOMAIN_622];
    let created = run(sh, &create_622(), &typed);
    assert!(
        created.contains("'partition create' successful."),
        "{created}"
    );
    let list = run(sh, &LunaShCommand::PartitionList, &[]);
    assert!(list.contains(" 534071053    partition6 "), "{list}");
}

/// `elapsed_ms` values set to 0 (a raw `"elapsed_ms":` cannot occur inside a JSON string).
fn zero_elapsed(text: &str) -> String {
    const KEY: &str = "\"elapsed_ms\":";
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find(KEY) {
        let (head, tail) = rest.split_at(i + KEY.len());
        out.push_str(head);
        out.push('0');
        rest = tail.trim_start_matches(|c: char| c.is_ascii_digit());
    }
    out.push_str(rest);
    out
}

/// What the recorder writes for `c` on a fresh fleet, elapsed times zeroed.
fn record(c: &Conversation) -> String {
    let fleet = shared(Fleet::from_toml(FLEET).unwrap());
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(c.file);
    let sim = SimShell::appliance(fleet, c.appliance);
    let mut rec = RecordingShell::to_file(sim, &path).unwrap();
    (c.script)(&mut rec);
    assert!(
        rec.recording_failure().is_none(),
        "{:?}",
        rec.recording_failure()
    );
    drop(rec);
    zero_elapsed(&std::fs::read_to_string(&path).unwrap())
}

/// Every secret the fleet file holds (SO, partition and role passwords, domains).
fn fleet_secrets() -> Vec<String> {
    let fleet = Fleet::from_toml(FLEET).unwrap();
    let mut out = Vec::new();
    for app in &fleet.appliances {
        out.push(app.so_password.clone());
        for p in &app.partitions {
            let held = [&p.so_password, &p.co_password, &p.cu_password, &p.domain];
            out.extend(held.into_iter().flatten().cloned());
        }
    }
    out
}

fn assert_no_secret(what: &str, text: &str) {
    let bytes = text.as_bytes();
    for secret in TYPED.iter().map(|s| s.to_string()).chain(fleet_secrets()) {
        assert!(
            !contains_bytes(bytes, &secret),
            "{what}: '{secret}' is in it"
        );
    }
    assert!(!text.contains("***"), "{what}: a run of '*' is in it");
}

/// Compares the recording of `c` with its committed file, or writes the file when
/// `LUNADECK_WRITE_TRANSCRIPTS=1`.
fn check_or_write(c: &Conversation) {
    let recorded = record(c);
    assert_no_secret(&format!("the recording of {}", c.file), &recorded);
    let path = fixture(c.file);
    if std::env::var(WRITE_VAR).is_ok_and(|v| v == "1") {
        let tmp = path.with_extension("jsonl.tmp");
        std::fs::write(&tmp, &recorded).unwrap();
        std::fs::rename(&tmp, &path).unwrap();
        eprintln!("wrote {}", path.display());
        return;
    }
    let hint = format!(
        "if the simulator changed on purpose, run `{WRITE_VAR}=1 cargo test --test \
         luna_transcripts` and review the diff of {}",
        path.display()
    );
    let committed = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e}; {hint}", path.display()));
    assert_no_secret(&path.display().to_string(), &committed);
    let committed = zero_elapsed(&committed);
    if committed != recorded {
        let (mut want, mut got) = (committed.split('\n'), recorded.split('\n'));
        for n in 1.. {
            let (w, g) = (want.next(), got.next());
            assert_eq!(
                w, g,
                "{} line {n} differs from the simulator; {hint}",
                c.file
            );
            if w.is_none() {
                break;
            }
        }
    }
}

#[test]
fn x_2_fixture_authorize_72_is_what_the_simulator_says() {
    check_or_write(&AUTHORIZE);
}

#[test]
fn x_2_fixture_discovery_785_is_what_the_simulator_says() {
    check_or_write(&DISCOVERY);
}

#[test]
fn x_2_fixture_legacy_create_622_is_what_the_simulator_says() {
    check_or_write(&LEGACY_CREATE);
}

#[test]
fn x_2_elapsed_times_are_normalized_and_nothing_else() {
    let line = r#"{"output":"\"elapsed_ms\":5","elapsed_ms":1234,"answers":1}"#;
    assert_eq!(
        zero_elapsed(line),
        r#"{"output":"\"elapsed_ms\":5","elapsed_ms":0,"answers":1}"#
    );
}

#[path = "transcript_replays.rs"]
mod replays;
