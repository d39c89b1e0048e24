//! Whole-binary tests of `lunadeck`: --version, --help, directory overrides, file-only logging
//! (X-4), the usage hint (exit 2) when no subcommand is given and there is no terminal for the
//! console (the console itself is tested in a pty: tests/pty_demo.rs), shell completions, the
//! man page and `discover` without a verb (X-5).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod cli_demo_support;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The binary with a clean environment: HOME points into `home` so nothing touches the real one.
fn lunadeck(home: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_lunadeck"));
    cmd.env_remove("LUNADECK_HOME")
        .env_remove("LUNADECK_LOG")
        .env_remove("XDG_DATA_HOME")
        .env_remove("XDG_STATE_HOME")
        .env_remove("XDG_CONFIG_HOME")
        .env("HOME", home);
    cmd
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).unwrap()
}

fn log_files(logs: &Path) -> Vec<PathBuf> {
    let Ok(dir) = fs::read_dir(logs) else {
        return Vec::new();
    };
    dir.map(|e| e.unwrap().path()).collect()
}

/// No subcommand and no terminal: exit 2, nothing on stdout, exactly the usage hint on stderr.
fn assert_not_built(out: &Output) {
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    assert_eq!(text(&out.stdout), "");
    assert_eq!(
        text(&out.stderr),
        format!("{}\n", lunadeck::cli::USAGE_HINT)
    );
}

#[test]
fn version_prints_the_cargo_version() {
    let tmp = tempfile::tempdir().unwrap();
    let out = lunadeck(tmp.path()).arg("--version").output().unwrap();
    assert!(out.status.success());
    assert_eq!(
        text(&out.stdout),
        format!("lunadeck {}\n", env!("CARGO_PKG_VERSION"))
    );
    assert_eq!(text(&out.stderr), "");
}

#[test]
fn x_7_help_lists_the_flags() {
    let tmp = tempfile::tempdir().unwrap();
    let out = lunadeck(tmp.path()).arg("--help").output().unwrap();
    assert!(out.status.success());
    let help = text(&out.stdout);
    for flag in [
        "--data-dir <DIR>",
        "--read-only",
        "--json",
        "--no-color",
        "--demo",
        "--user <NAME>",
        "--host-key <SHA256:...>",
        "--help",
        "--version",
    ] {
        assert!(help.contains(flag), "{flag} missing from:\n{help}");
    }
    for noun in ["device", "job", "audit", "account"] {
        assert!(help.contains(noun), "{noun} missing from:\n{help}");
    }
    assert!(
        !help.contains("password <"),
        "no secret is ever an argument:\n{help}"
    );
}

#[test]
fn unknown_flag_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let out = lunadeck(tmp.path()).arg("--frobnicate").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("unexpected argument '--frobnicate'"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn x_4_data_dir_gets_private_dirs_and_a_log_file_and_terminal_gets_only_the_message() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("deck");
    let out = lunadeck(tmp.path())
        .args(["--read-only", "--data-dir"])
        .arg(&dir)
        .output()
        .unwrap();
    assert_not_built(&out);
    for sub in ["", "state", "state/logs", "config"] {
        let mode = fs::metadata(dir.join(sub)).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o700, "{sub}");
    }
    let files = log_files(&dir.join("state/logs"));
    assert_eq!(files.len(), 1, "{files:?}");
    let name = files[0].file_name().unwrap().to_string_lossy().into_owned();
    assert!(
        name.starts_with("lunadeck.") && name.ends_with(".log"),
        "{name}"
    );
    let mode = fs::metadata(&files[0]).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600, "the log file is private (issue 9.11)");
    let log = fs::read_to_string(&files[0]).unwrap();
    assert!(log.contains("lunadeck started"), "{log}");
    assert!(log.contains("read_only=true"), "{log}");
    assert!(
        !tmp.path().join(".local").exists(),
        "platform dirs untouched"
    );
}

#[test]
fn x_4_lunadeck_home_is_honoured_and_data_dir_wins() {
    let tmp = tempfile::tempdir().unwrap();
    let home = tmp.path().join("home");
    let out = lunadeck(tmp.path())
        .env("LUNADECK_HOME", &home)
        .output()
        .unwrap();
    assert_not_built(&out);
    assert_eq!(log_files(&home.join("state/logs")).len(), 1);

    let flag = tmp.path().join("flag");
    let other = tmp.path().join("other-home");
    let out = lunadeck(tmp.path())
        .env("LUNADECK_HOME", &other)
        .arg("--data-dir")
        .arg(&flag)
        .output()
        .unwrap();
    assert_not_built(&out);
    assert_eq!(log_files(&flag.join("state/logs")).len(), 1);
    assert!(!other.exists(), "LUNADECK_HOME must lose to --data-dir");
}

#[test]
fn x_4_log_level_from_lunadeck_log() {
    let tmp = tempfile::tempdir().unwrap();
    let quiet = tmp.path().join("quiet");
    let out = lunadeck(tmp.path())
        .env("LUNADECK_LOG", "error")
        .arg("--data-dir")
        .arg(&quiet)
        .output()
        .unwrap();
    assert_not_built(&out);
    let logs: String = log_files(&quiet.join("state/logs"))
        .iter()
        .map(|f| fs::read_to_string(f).unwrap())
        .collect();
    assert!(!logs.contains("lunadeck started"), "{logs}");

    let out = lunadeck(tmp.path())
        .env("LUNADECK_LOG", "lunadeck=loud")
        .arg("--data-dir")
        .arg(tmp.path().join("bad"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(text(&out.stdout), "");
    let err = text(&out.stderr);
    assert!(
        err.starts_with(
            "lunadeck: cannot start logging: LUNADECK_LOG='lunadeck=loud' is not a valid log filter"
        ),
        "{err}"
    );
}

#[test]
fn x_4_unusable_data_dir_is_a_clear_error() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("a-file");
    fs::write(&file, b"x").unwrap();
    let out = lunadeck(tmp.path())
        .arg("--data-dir")
        .arg(file.join("deck"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    let want = format!(
        "lunadeck: cannot create directory {}",
        file.join("deck").display()
    );
    assert!(err.starts_with(&want), "{err}");
    assert_eq!(
        err.lines().count(),
        1,
        "one clear line, no backtrace noise: {err}"
    );
}

/// `lunadeck ARGS` in a fresh HOME, with `--data-dir` inside it.
fn run_in(home: &Path, args: &[&str]) -> Output {
    lunadeck(home)
        .arg("--data-dir")
        .arg(home.join("deck"))
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn x_5_completions_print_a_script_for_bash_zsh_and_fish_without_a_login() {
    let tmp = tempfile::tempdir().unwrap();
    // What each shell's script is recognised by: bash registers a function with `complete -F`,
    // zsh starts with `#compdef`, fish calls `complete -c lunadeck`.
    let cases = [
        ("bash", "complete -F _lunadeck"),
        ("zsh", "#compdef lunadeck"),
        ("fish", "complete -c lunadeck"),
    ];
    for (shell, marker) in cases {
        let out = run_in(tmp.path(), &["completions", shell]);
        assert_eq!(out.status.code(), Some(0), "{shell}: {out:?}");
        assert_eq!(text(&out.stderr), "", "{shell}: no prompt, no login");
        let script = text(&out.stdout);
        assert!(
            script.contains(marker),
            "{shell}: {marker} missing:\n{script}"
        );
        for word in ["lunadeck", "service", "discover", "partition", "migrate"] {
            assert!(script.contains(word), "{shell}: {word} missing");
        }
    }
    // Bash really completes with it: the noun, the verb of a noun, the shells.
    let script = tmp.path().join("lunadeck.bash");
    fs::write(&script, run_in(tmp.path(), &["completions", "bash"]).stdout).unwrap();
    let complete = |words: &str| {
        let probe = format!(
            "source \"$1\"; COMP_WORDS=({words}); COMP_CWORD=$((${{#COMP_WORDS[@]}} - 1)); \
             _lunadeck lunadeck \"${{COMP_WORDS[-1]}}\" \"${{COMP_WORDS[-2]}}\"; \
             printf '%s\\n' \"${{COMPREPLY[@]}}\""
        );
        let out = Command::new("bash")
            .args(["-c", &probe, "probe"])
            .arg(&script)
            .output()
            .unwrap();
        assert!(out.status.success(), "{words}: {out:?}");
        text(&out.stdout)
    };
    assert_eq!(complete("lunadeck serv"), "service\n");
    assert_eq!(complete("lunadeck service cr"), "create\n");
    assert_eq!(complete("lunadeck disc"), "discover\n");
    let shells = complete("lunadeck completions ''");
    assert!(shells.ends_with("\nbash\nzsh\nfish\n"), "{shells}");
    assert!(!shells.contains("powershell"), "{shells}");
    assert!(
        !tmp.path().join("deck/lunadeck.sqlite").exists(),
        "no database is opened"
    );
}

#[test]
fn x_5_completions_for_an_unsupported_shell_are_refused_naming_the_supported_ones() {
    let tmp = tempfile::tempdir().unwrap();
    for shell in ["powershell", "tcsh"] {
        let out = run_in(tmp.path(), &["completions", shell]);
        assert_eq!(out.status.code(), Some(2), "{shell}: {out:?}");
        assert_eq!(text(&out.stdout), "", "{shell}");
        let err = text(&out.stderr);
        assert!(
            err.contains(&format!("invalid value '{shell}'")),
            "{shell}: {err}"
        );
        assert!(err.contains("[possible values: bash, zsh, fish]"), "{err}");
    }
    let out = run_in(tmp.path(), &["completions"]);
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    assert!(
        text(&out.stderr).contains("<SHELL>"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn x_5_man_prints_one_roff_page_with_every_noun_and_verb() {
    let tmp = tempfile::tempdir().unwrap();
    let out = run_in(tmp.path(), &["man"]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert_eq!(text(&out.stderr), "");
    let page = text(&out.stdout);
    let title = page.lines().find(|l| l.starts_with(".TH ")).unwrap();
    assert_eq!(
        title,
        format!(
            ".TH LUNADECK 1 \"\" \"lunadeck {}\" \"User Commands\"",
            env!("CARGO_PKG_VERSION")
        )
    );
    for section in [
        ".SH NAME",
        ".SH SYNOPSIS",
        ".SH OPTIONS",
        ".SH COMMANDS",
        ".SH \"EXIT STATUS\"",
    ] {
        assert!(page.contains(section), "{section} missing:\n{page}");
    }
    for noun in [
        "device",
        "discover",
        "import",
        "template",
        "service",
        "partition",
        "key",
        "client",
        "migrate",
        "job",
        "audit",
        "account",
        "completions",
        "man",
    ] {
        assert!(
            page.contains(&format!("\\fBlunadeck {noun}")),
            "{noun} missing:\n{page}"
        );
    }
    for verb in [
        "lunadeck device add",
        "lunadeck service create",
        "lunadeck discover run",
    ] {
        assert!(page.contains(verb), "{verb} missing:\n{page}");
    }
    assert!(
        page.contains("\\-\\-host\\-key"),
        "the global flags:\n{page}"
    );
    assert!(
        !page.contains("lunadeck\\-device(1)"),
        "one page, no references to pages that are not installed:\n{page}"
    );
}

#[test]
fn x_5_discover_without_a_verb_runs_discovery_like_discover_run() {
    use cli_demo_support::{demo, json, stderr, stdout};
    let home = tempfile::tempdir().unwrap();
    let bare = demo(home.path(), &["--json", "discover"], "");
    assert_eq!(bare.status.code(), Some(0), "{}", stderr(&bare));
    let bare_doc = json(&bare);
    assert_eq!(bare_doc["state"], "done", "{bare_doc}");
    assert!(!stderr(&bare).contains("Usage:"), "{}", stderr(&bare));
    let run = demo(home.path(), &["--json", "discover", "run"], "");
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    let run_doc = json(&run);
    for field in ["ok", "state", "summary", "result"] {
        assert_eq!(
            run_doc[field], bare_doc[field],
            "{field}: {run_doc}\n{bare_doc}"
        );
    }
    let human = demo(home.path(), &["discover"], "");
    assert_eq!(human.status.code(), Some(0), "{}", stderr(&human));
    let human_run = demo(home.path(), &["discover", "run"], "");
    assert_eq!(stdout(&human), stdout(&human_run));
    assert!(
        stdout(&human).contains("unmanaged partition"),
        "{}",
        stdout(&human)
    );
}
