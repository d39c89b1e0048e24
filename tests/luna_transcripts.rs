//! Recording and replaying shell conversations (X-2), never with a secret in a transcript (X-4),
//! and the local LunaCM runner's mechanics against a fake `lunacm` written in bash.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use lunadeck::luna::local_process::{LocalProcessConfig, LocalProcessShell};
use lunadeck::luna::recorder::RecordingShell;
use lunadeck::luna::replay::{ReplayOptions, ReplayOrder, ReplayShell};
use lunadeck::luna::shell::{Reply, Shell, ShellError};
use lunadeck::luna::transcript::Transcript;
use secrecy::{ExposeSecret, SecretString};
use std::path::{Path, PathBuf};
use std::time::Duration;

const T: Duration = Duration::from_secs(10);

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
    let show = hsm1.run("hsm show", &[], T).unwrap();
    assert!(
        show.output
            .contains("   Software Version:                7.8.5-20\n")
    );
    assert!(show.output.ends_with("Command Result : 0 (Success)\n"));
    let list = hsm1.run("partition list", &[], T).unwrap();
    assert!(
        list.output.contains("1582775433934        sp_sehsm3 "),
        "{}",
        list.output
    );
    let left: Vec<&str> = hsm1.unplayed().iter().map(|e| e.command.as_str()).collect();
    assert_eq!(left, vec!["client show -client \"web 01\""]);

    let reason = protocol_reason(hsm1.run("partition list", &[], T));
    assert!(
        reason.starts_with("'partition list' was not recorded at this point of "),
        "{reason}"
    );
    assert!(
        reason.contains("demo-hsm-show.jsonl (next recorded: 'client show"),
        "{reason}"
    );
    let shown = hsm1.run("client show -client \"web 01\"", &[], T).unwrap();
    assert!(shown.output.contains("(C000040A : RC_OBJECT_NOT_IN_LIST)"));
    let reason = protocol_reason(hsm1.run("hsm show", &[], T));
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
        hsm2.run("hsm show", &[], T),
        Err(ShellError::Unreachable {
            target: "hsm2.example.com".into(),
            reason: "connection timed out after 10 s".into()
        })
    );
    let timed = ReplayOptions::timed(ReplayOrder::InOrder, 1.0).unwrap();
    let mut slow = ReplayShell::open(&fixture(), "hsm2.example.com", timed).unwrap();
    let short = Duration::from_millis(100);
    assert_eq!(
        slow.run("hsm show", &[], short),
        Err(ShellError::Timeout {
            target: "hsm2.example.com".into(),
            after: short
        })
    );
    let mut nobody = ReplayShell::open(&fixture(), "hsm9", ReplayOptions::instant()).unwrap();
    let reason = protocol_reason(nobody.run("hsm show", &[], T));
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
        assert!(hsm1.run(cmd, &[], T).is_ok(), "{cmd}");
    }
    assert!(hsm1.unplayed().is_empty());
    let reason = protocol_reason(hsm1.run("hsm show", &[], T));
    assert!(
        reason.contains("demo-hsm-show.jsonl (or was already replayed)"),
        "{reason}"
    );
    let reason = protocol_reason(hsm1.run("hsm login", &[SecretString::from("x")], T));
    assert!(
        reason.starts_with("'hsm login' was not recorded in "),
        "{reason}"
    );
}

/// A scripted device: answers from a table, echoes the secrets it is handed in clear.
struct Scripted {
    steps: Vec<(&'static str, Result<&'static str, ShellError>)>,
}

impl Shell for Scripted {
    fn target(&self) -> &str {
        "hsm1.example.com"
    }
    fn run(
        &mut self,
        command: &str,
        answers: &[SecretString],
        _: Duration,
    ) -> Result<Reply, ShellError> {
        let i = self.steps.iter().position(|(c, _)| *c == command).unwrap();
        let (_, result) = self.steps.remove(i);
        let echoed: Vec<&str> = answers.iter().map(|s| s.expose_secret()).collect();
        result.map(|out| Reply {
            output: format!("{out}{}\nCommand Result : 0 (Success)\n", echoed.join(" ")),
            elapsed: Duration::from_millis(42),
        })
    }
}

fn scripted() -> Scripted {
    Scripted {
        steps: vec![
            (
                "hsm login",
                Ok("Please enter the HSM Administrators' password: > "),
            ),
            (
                "partition init -partition p1 -domain Dom4in!x",
                Ok("Domain: "),
            ),
            (
                "partition delete -partition p1 -force",
                Err(ShellError::Dropped {
                    target: "hsm1.example.com".into(),
                }),
            ),
        ],
    }
}

#[test]
fn x_4_recorded_transcript_never_contains_a_secret() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("session.jsonl");
    let so = SecretString::from("S0-Passw0rd!x");
    let domain = SecretString::from("Dom4in!x");
    let mut shell = RecordingShell::to_file(scripted(), &path).unwrap();
    let reply = shell
        .run("hsm login", std::slice::from_ref(&so), T)
        .unwrap();
    assert!(
        reply.output.contains("S0-Passw0rd!x"),
        "the caller's reply is untouched"
    );
    let init = "partition init -partition p1 -domain Dom4in!x";
    shell.run(init, &[so.clone(), domain.clone()], T).unwrap();
    let deleted = shell.run("partition delete -partition p1 -force", &[], T);
    assert!(matches!(deleted, Err(ShellError::Dropped { .. })));

    let bytes = std::fs::read(&path).unwrap();
    for secret in ["S0-Passw0rd!x", "Dom4in!x"] {
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
            ("partition init -partition p1 -domain ********", 2),
            ("partition delete -partition p1 -force", 0)
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
    let so = [SecretString::from("S0-Passw0rd!x")];
    let mut rec = RecordingShell::to_file(scripted(), &path).unwrap();
    let live_login = rec.run("hsm login", &so, T).unwrap();
    let live_delete = rec.run("partition delete -partition p1 -force", &[], T);
    drop(rec);

    let mut replay =
        ReplayShell::open(&path, "hsm1.example.com", ReplayOptions::instant()).unwrap();
    let replayed = replay.run("hsm login", &so, T).unwrap();
    assert_eq!(
        replayed.output,
        live_login.output.replace("S0-Passw0rd!x", "********")
    );
    assert_eq!(
        replay.run("partition delete -partition p1 -force", &[], T),
        live_delete
    );
    let reason = protocol_reason(
        ReplayShell::open(&path, "hsm1.example.com", ReplayOptions::instant())
            .unwrap()
            .run("hsm login", &[], T),
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
    let slots = cm.run("slot list", &[], T).unwrap();
    assert_eq!(
        slots.output,
        "Slot Id ->              0\nLabel ->                demo_keys\n\nCommand Result : No Error\n"
    );
    let login = cm
        .run(
            "role login -name co",
            &[SecretString::from("Correct!Horse9")],
            T,
        )
        .unwrap();
    assert_eq!(
        login.output,
        "Enter password for Crypto Officer: ********\n\nCommand Result : No Error\n"
    );
    let warn = cm.run("warn", &[], T).unwrap();
    assert_eq!(
        warn.output,
        "written on stderr\nCommand Result : No Error\n"
    );
    let asked = cm.run("ask", &[], T);
    assert_eq!(
        asked,
        Err(ShellError::UnexpectedQuestion {
            target: "lunacm@localhost".into(),
            question: "Type 'proceed' to continue, or 'quit' to quit now ->".into()
        })
    );
    assert!(
        cm.run("slot list", &[], T).is_ok(),
        "still in step after the question"
    );
    assert_eq!((cm.sessions_started(), starts(dir.path())), (1, 1));
}

#[test]
fn x_4_local_lunacm_echoed_secret_is_scrubbed_from_reply_and_transcript() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cm.jsonl");
    let mut cm = RecordingShell::to_file(fake_lunacm(dir.path()), &path).unwrap();
    let reply = cm
        .run("leak", &[SecretString::from("Leak3d!Secret")], T)
        .unwrap();
    assert_eq!(
        reply.output,
        "Enter password for Crypto User: you typed ********\nCommand Result : No Error\n"
    );
    let missing = cm.run("role login -name co", &[], T);
    assert_eq!(
        missing,
        Err(ShellError::MissingSecret {
            target: "lunacm@localhost".into(),
            prompt: "Enter password for Crypto Officer:".into()
        })
    );
    assert!(cm.run("slot list", &[], T).is_ok());
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
        cm.run("hang", &[], short),
        Err(ShellError::Timeout {
            target: "lunacm@localhost".into(),
            after: short
        })
    );
    assert!(cm.run("slot list", &[], T).is_ok());
    assert_eq!(
        cm.run("crash", &[], T),
        Err(ShellError::Dropped {
            target: "lunacm@localhost".into()
        })
    );
    assert!(cm.run("slot list", &[], T).is_ok());
    assert_eq!((cm.sessions_started(), starts(dir.path())), (3, 3));
    let reason = protocol_reason(cm.run("slot list\nrole login -name co", &[], T));
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
        match LocalProcessShell::new(config).run("slot list", &[], T) {
            Err(ShellError::Unreachable { reason, .. }) => {
                assert!(reason.starts_with(&want), "{reason}")
            }
            other => panic!("expected unreachable, got {other:?}"),
        }
    }
}
