//! Recording and replaying shell conversations (X-2), never with a secret in a transcript (X-4),
//! and the local LunaCM runner's mechanics against a fake `lunacm` written in bash.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use lunadeck::luna::local_process::{LocalProcessConfig, LocalProcessShell};
use lunadeck::luna::recorder::RecordingShell;
use lunadeck::luna::replay::{ReplayOptions, ReplayOrder, ReplayShell};
use lunadeck::luna::shell::{Ask, Reply, Shell, ShellError};
use lunadeck::luna::transcript::Transcript;
use lunadeck::sim::faults::DropPoint;
use lunadeck::sim::model::Fleet;
use lunadeck::sim::session::{SimShell, shared};
use secrecy::SecretString;
use std::path::{Path, PathBuf};
use std::time::Duration;

const T: Duration = Duration::from_secs(10);

/// The committed transcripts of the real layouts: generator and replay tests.
#[path = "support/transcript_fixtures.rs"]
mod transcript_fixtures;

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/transcripts/demo-hsm-show.jsonl")
}

fn contains_bytes(hay: &[u8], needle: &str) -> bool {
    hay.windows(needle.len()).any(|w| w == needle.as_bytes())
}

fn protocol_reason(r: Result<Reply, ShellError>) -> String {
    match r {
        Err(ShellError::Protocol { reason, .. }) => reason,
        other => panic!("expected a protocol error, got {other:?}"),
    }
}

#[test]
fn x_2_replays_the_demo_fixture_in_order() {
    let mut hsm1 =
        ReplayShell::open(&fixture(), "hsm1.example.com", ReplayOptions::instant()).unwrap();
    let show = hsm1.run("hsm show", &Ask::new(T)).unwrap();
    assert!(
        show.output
            .contains("   Software Version:                7.8.5-20\n")
    );
    assert!(show.output.ends_with("Command Result : 0 (Success)\n"));
    let list = hsm1.run("partition list", &Ask::new(T)).unwrap();
    assert!(
        list.output.contains("1582775433934        sp_sehsm3 "),
        "{}",
        list.output
    );
    let left: Vec<&str> = hsm1.unplayed().iter().map(|e| e.command.as_str()).collect();
    assert_eq!(left, vec!["client show -client \"web 01\""]);

    let reason = protocol_reason(hsm1.run("partition list", &Ask::new(T)));
    assert!(
        reason.starts_with("'partition list' was not recorded at this point of "),
        "{reason}"
    );
    assert!(
        reason.contains("demo-hsm-show.jsonl (next recorded: 'client show"),
        "{reason}"
    );
    let shown = hsm1
        .run("client show -client \"web 01\"", &Ask::new(T))
        .unwrap();
    assert!(shown.output.contains("(C000040A : RC_OBJECT_NOT_IN_LIST)"));
    let reason = protocol_reason(hsm1.run("hsm show", &Ask::new(T)));
    assert!(
        reason.contains("(all recorded commands were replayed)"),
        "{reason}"
    );
    assert!(hsm1.unplayed().is_empty());
}

#[test]
fn x_2_replays_recorded_errors_and_bounds_waits_by_the_timeout() {
    let mut hsm2 =
        ReplayShell::open(&fixture(), "hsm2.example.com", ReplayOptions::instant()).unwrap();
    assert_eq!(
        hsm2.run("hsm show", &Ask::new(T)),
        Err(ShellError::Unreachable {
            target: "hsm2.example.com".into(),
            reason: "connection timed out after 10 s".into()
        })
    );
    let timed = ReplayOptions::timed(ReplayOrder::InOrder, 1.0).unwrap();
    let mut slow = ReplayShell::open(&fixture(), "hsm2.example.com", timed).unwrap();
    let short = Duration::from_millis(100);
    assert_eq!(
        slow.run("hsm show", &Ask::new(short)),
        Err(ShellError::Timeout {
            target: "hsm2.example.com".into(),
            after: short,
            said: String::new()
        })
    );
    let mut nobody = ReplayShell::open(&fixture(), "hsm9", ReplayOptions::instant()).unwrap();
    let reason = protocol_reason(nobody.run("hsm show", &Ask::new(T)));
    assert!(
        reason.starts_with("'hsm show' was not recorded in "),
        "{reason}"
    );
}

#[test]
fn x_2_replays_by_command_text_in_any_order() {
    let any = ReplayOptions {
        order: ReplayOrder::ByCommand,
        speed: 0.0,
    };
    let mut hsm1 = ReplayShell::open(&fixture(), "hsm1.example.com", any).unwrap();
    for cmd in [
        "client show -client \"web 01\"",
        "partition list",
        "hsm show",
    ] {
        assert!(hsm1.run(cmd, &Ask::new(T)).is_ok(), "{cmd}");
    }
    assert!(hsm1.unplayed().is_empty());
    let reason = protocol_reason(hsm1.run("hsm show", &Ask::new(T)));
    assert!(
        reason.contains("demo-hsm-show.jsonl (or was already replayed)"),
        "{reason}"
    );
    let reason = protocol_reason(hsm1.run(
        "hsm login",
        &Ask::new(T).with_secrets(&[SecretString::from("x")]),
    ));
    assert!(
        reason.starts_with("'hsm login' was not recorded in "),
        "{reason}"
    );
}

/// A recording of a real-layout conversation: the simulated 6.2.2 appliance `beta` of the small
/// fleet, driven through `luna::dialogue` like an appliance over SSH.
fn beta() -> SimShell {
    SimShell::appliance(shared(Fleet::from_toml(SMALL).unwrap()), "beta")
}

const SMALL: &str = include_str!("../fixtures/fleets/small.toml");

#[test]
fn x_4_recorded_transcript_never_contains_a_secret_nor_its_length() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("session.jsonl");
    let so = SecretString::from("beta-so-pass");
    let (pw, domain) = (
        SecretString::from("Partiti0n!pw"),
        SecretString::from("Dom4in!x9"),
    );
    let mut shell = RecordingShell::to_file(beta(), &path).unwrap();
    let login = shell
        .run(
            "hsm login",
            &Ask::new(T).with_secrets(std::slice::from_ref(&so)),
        )
        .unwrap();
    assert!(
        login.output.contains("'hsm login' successful."),
        "{}",
        login.output
    );
    let create = "partition create -partition legacy9 -size 5000 -force";
    let four = [pw.clone(), pw.clone(), domain.clone(), domain.clone()];
    let created = shell.run(create, &Ask::new(T).with_secrets(&four)).unwrap();
    assert!(
        created
            .output
            .contains("Please enter a cloning domain to use when creating this partition:"),
        "{}",
        created.output
    );
    assert!(!created.output.contains('*'), "{}", created.output);
    let deleted = shell
        .run("partition delete -partition nothere -force", &Ask::new(T))
        .unwrap();
    assert!(deleted.output.contains("RC_OBJECT_NOT_IN_LIST"));

    let bytes = std::fs::read(&path).unwrap();
    for secret in ["beta-so-pass", "Partiti0n!pw", "Dom4in!x9", "****"] {
        assert!(
            !contains_bytes(&bytes, secret),
            "{secret} leaked into the transcript"
        );
    }
    let t = Transcript::read(&path).unwrap();
    let summary: Vec<(&str, usize)> = t
        .entries
        .iter()
        .map(|e| (e.command.as_str(), e.answers))
        .collect();
    assert_eq!(
        summary,
        vec![
            ("hsm login", 1),
            (create, 4),
            ("partition delete -partition nothere -force", 0)
        ]
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }
}

#[test]
fn x_2_recorded_session_replays_the_same_replies_and_errors() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("session.jsonl");
    let so = [SecretString::from("beta-so-pass")];
    let fleet = shared(Fleet::from_toml(SMALL).unwrap());
    fleet.lock().unwrap().faults_mut("beta").unwrap().drop = Some(DropPoint::Before);
    let mut rec =
        RecordingShell::to_file(SimShell::appliance(fleet.clone(), "beta"), &path).unwrap();
    let live_drop = rec.run("partition delete -partition p1 -force", &Ask::new(T));
    fleet.lock().unwrap().faults_mut("beta").unwrap().drop = None;
    let live_login = rec
        .run("hsm login", &Ask::new(T).with_secrets(&so))
        .unwrap();
    drop(rec);

    let mut replay = ReplayShell::open(&path, "beta", ReplayOptions::instant()).unwrap();
    assert_eq!(
        replay.run("partition delete -partition p1 -force", &Ask::new(T)),
        live_drop
    );
    let replayed = replay
        .run("hsm login", &Ask::new(T).with_secrets(&so))
        .unwrap();
    assert_eq!(replayed.output, live_login.output);
    let reason = protocol_reason(
        ReplayShell::open(
            &path,
            "beta",
            ReplayOptions {
                order: ReplayOrder::ByCommand,
                speed: 0.0,
            },
        )
        .unwrap()
        .run("hsm login", &Ask::new(T)),
    );
    assert!(
        reason.contains("with 1 secret(s), asked with 0"),
        "{reason}"
    );
}

const FAKE_LUNACM: &str = r#"#!/bin/bash
# A fake LunaCM: tests the runner's mechanics, not LunaCM.
dir="$(dirname "$0")"
echo start >> "$dir/starts"
[ -p "$dir/never" ] || mkfifo "$dir/never"
echo "LunaCM v7.8.0-fake. Copyright (c) 2006-2023 Thales Group. All rights reserved."
echo
printf 'lunacm:>'
while IFS= read -r line; do
  case "$line" in
    "role login -name co")
      printf 'Enter password for Crypto Officer: '
      IFS= read -r pw
      echo '********'
      echo
      if [ "$pw" = "Correct!Horse9" ]; then echo "Command Result : No Error"
      else echo "Command Result : 0x000000a0 (CKR_PIN_INCORRECT)"; fi ;;
    "leak")
      printf 'Enter password for Crypto User: '
      IFS= read -r pw
      echo "you typed $pw"
      echo "Command Result : No Error" ;;
    "ask")
      printf "Type 'proceed' to continue, or 'quit' to quit now -> "
      IFS= read -r ans
      echo "answer was $ans" ;;
    "warn")
      echo "written on stderr" >&2
      sleep 0.3
      echo "Command Result : No Error" ;;
    "hang") read -r _ <>"$dir/never" ;;
    "crash") echo "partial output"; exit 3 ;;
    "exit") exit 0 ;;
    "slot list")
      echo "Slot Id ->              0"
      echo "Label ->                demo_keys"
      echo
      echo "Command Result : No Error" ;;
    *) echo "unknown command '$line'" ;;
  esac
  echo
  printf 'lunacm:>'
done
"#;

fn fake_lunacm(dir: &Path) -> LocalProcessShell {
    let script = dir.join("lunacm");
    std::fs::write(&script, FAKE_LUNACM).unwrap();
    let mut config = LocalProcessConfig::new("lunacm@localhost", "/bin/bash");
    config.args = vec![script.display().to_string()];
    LocalProcessShell::new(config)
}

fn starts(dir: &Path) -> usize {
    std::fs::read_to_string(dir.join("starts"))
        .unwrap_or_default()
        .lines()
        .count()
}

#[test]
fn x_2_local_lunacm_runs_commands_and_answers_secret_prompts() {
    let dir = tempfile::tempdir().unwrap();
    let mut cm = fake_lunacm(dir.path());
    let slots = cm.run("slot list", &Ask::new(T)).unwrap();
    assert_eq!(
        slots.output,
        "Slot Id ->              0\nLabel ->                demo_keys\n\nCommand Result : No Error\n"
    );
    let login = cm
        .run(
            "role login -name co",
            &Ask::new(T).with_secrets(&[SecretString::from("Correct!Horse9")]),
        )
        .unwrap();
    assert_eq!(
        login.output,
        "Enter password for Crypto Officer: \n\nCommand Result : No Error\n"
    );
    let warn = cm.run("warn", &Ask::new(T)).unwrap();
    assert_eq!(
        warn.output,
        "written on stderr\nCommand Result : No Error\n"
    );
    let asked = cm.run("ask", &Ask::new(T));
    assert_eq!(
        asked,
        Err(ShellError::UnexpectedQuestion {
            target: "lunacm@localhost".into(),
            question: "Type 'proceed' to continue, or 'quit' to quit now ->".into()
        })
    );
    assert!(
        cm.run("slot list", &Ask::new(T)).is_ok(),
        "still in step after the question"
    );
    assert_eq!((cm.sessions_started(), starts(dir.path())), (1, 1));
}

#[test]
fn x_4_local_lunacm_echo_at_a_secret_question_is_cut_from_reply_and_transcript() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cm.jsonl");
    let mut cm = RecordingShell::to_file(fake_lunacm(dir.path()), &path).unwrap();
    let reply = cm
        .run(
            "leak",
            &Ask::new(T).with_secrets(&[SecretString::from("Leak3d!Secret")]),
        )
        .unwrap();
    assert_eq!(
        reply.output,
        "Enter password for Crypto User: \nCommand Result : No Error\n"
    );
    let missing = cm.run("role login -name co", &Ask::new(T));
    assert_eq!(
        missing,
        Err(ShellError::MissingSecret {
            target: "lunacm@localhost".into(),
            prompt: "Enter password for Crypto Officer:".into()
        })
    );
    assert!(cm.run("slot list", &Ask::new(T)).is_ok());
    assert_eq!(
        cm.inner().sessions_started(),
        2,
        "a missing secret restarts LunaCM"
    );
    let bytes = std::fs::read(&path).unwrap();
    assert!(!contains_bytes(&bytes, "Leak3d!Secret"));
    assert_eq!(Transcript::read(&path).unwrap().entries.len(), 3);
}

#[test]
fn x_2_local_lunacm_timeout_and_crash_restart_on_the_next_command() {
    let dir = tempfile::tempdir().unwrap();
    let mut cm = fake_lunacm(dir.path());
    let short = Duration::from_millis(500);
    assert_eq!(
        cm.run("hang", &Ask::new(short)),
        Err(ShellError::Timeout {
            target: "lunacm@localhost".into(),
            after: short,
            said: String::new()
        })
    );
    assert!(cm.run("slot list", &Ask::new(T)).is_ok());
    assert_eq!(
        cm.run("crash", &Ask::new(T)),
        Err(ShellError::Dropped {
            target: "lunacm@localhost".into()
        })
    );
    assert!(cm.run("slot list", &Ask::new(T)).is_ok());
    assert_eq!((cm.sessions_started(), starts(dir.path())), (3, 3));
    let reason = protocol_reason(cm.run("slot list\nrole login -name co", &Ask::new(T)));
    assert_eq!(reason, "a command must be a single line");
}

#[test]
fn x_2_local_lunacm_that_cannot_start_is_unreachable() {
    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("broken");
    std::fs::write(
        &script,
        "echo 'cannot read /etc/Chrystoki.conf' >&2\nexit 1\n",
    )
    .unwrap();
    let mut config = LocalProcessConfig::new("lunacm@localhost", "/bin/bash");
    config.args = vec![script.display().to_string()];
    let cases = [
        (
            LocalProcessConfig::new("lunacm@localhost", "/nonexistent/lunacm"),
            "cannot start /nonexistent/lunacm: ".to_string(),
        ),
        (
            config,
            "/bin/bash exited before its lunacm:> prompt (last output: cannot read /etc/Chrystoki.conf)".to_string(),
        ),
    ];
    for (config, want) in cases {
        match LocalProcessShell::new(config).run("slot list", &Ask::new(T)) {
            Err(ShellError::Unreachable { reason, .. }) => {
                assert!(reason.starts_with(&want), "{reason}")
            }
            other => panic!("expected unreachable, got {other:?}"),
        }
    }
}
