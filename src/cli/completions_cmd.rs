//! `lunadeck completions SHELL` and `lunadeck man`: the shell completion script and the roff
//! manual page, generated from the clap definitions; printed before any login or database.

use super::args::Args;
use super::error::{CliError, CliResult};
use clap::{CommandFactory, ValueEnum};
use clap_mangen::roff::{Roff, bold, italic, roman};
use std::io::Write;

/// The shells a completion script is generated for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CompletionShell {
    /// GNU Bash (bash-completion).
    Bash,
    /// Z shell.
    Zsh,
    /// fish.
    Fish,
}

impl CompletionShell {
    fn generator(self) -> clap_complete::Shell {
        match self {
            CompletionShell::Bash => clap_complete::Shell::Bash,
            CompletionShell::Zsh => clap_complete::Shell::Zsh,
            CompletionShell::Fish => clap_complete::Shell::Fish,
        }
    }
}

/// The name the scripts complete and the manual page is about.
const BIN: &str = "lunadeck";

/// DESCRIPTION of the manual page (`--help` keeps the one-line about).
const DESCRIPTION: &str = "In a terminal and without a command, lunadeck opens the \
keyboard-only console; with a command (a noun and a verb, see COMMANDS) it runs the same \
operation headless, prints the result (one JSON document with --json) and exits. --demo runs \
either on the embedded demo fleet, simulated in memory, with a throwaway database.

Secrets are never taken from the command line: they are typed at a masked prompt or read from \
stdin with an explicit --<what>-stdin flag, one line per secret. An unknown SSH host key is \
shown in the console with its fingerprint (default Reject); a command trusts it only when \
pinned with --host-key. A key that differs from the recorded one is always refused.";

/// The completion script for `shell`, as bytes.
pub fn completion_script(shell: CompletionShell) -> Vec<u8> {
    let mut script = Vec::new();
    clap_complete::generate(shell.generator(), &mut Args::command(), BIN, &mut script);
    script
}

/// The manual page: its title, clap_mangen's NAME, SYNOPSIS, DESCRIPTION and OPTIONS (the
/// global flags), then every noun and verb with its usage in COMMANDS (one page, no
/// `lunadeck-noun(1)` pages to install), EXIT STATUS and VERSION.
pub fn man_page() -> CliResult<Vec<u8>> {
    let mut cmd = Args::command().bin_name(BIN).long_about(DESCRIPTION);
    cmd.build();
    let man = clap_mangen::Man::new(cmd.clone());
    let mut page = Vec::new();
    let rendered = title()
        .to_writer(&mut page)
        .and_then(|()| append(&mut page, |w| man.render_name_section(w)))
        .and_then(|()| append(&mut page, |w| man.render_synopsis_section(w)))
        .and_then(|()| append(&mut page, |w| man.render_description_section(w)))
        .and_then(|()| append(&mut page, |w| man.render_options_section(w)))
        .and_then(|()| append(&mut page, |w| commands_section(&cmd).to_writer(w)))
        .and_then(|()| append(&mut page, |w| exit_status_section().to_writer(w)))
        .and_then(|()| append(&mut page, |w| man.render_version_section(w)));
    rendered.map_err(|e| CliError::failed(format!("cannot render the manual page: {e}")))?;
    Ok(page)
}

/// `.TH LUNADECK 1 "" "lunadeck VERSION" "User Commands"`: the date is written as `""` (no
/// build date, so the page is the same on every build), which keeps the source and manual in
/// their places.
fn title() -> Roff {
    let source = format!("{BIN} {}", env!("CARGO_PKG_VERSION"));
    let mut roff = Roff::default();
    roff.control("TH", ["LUNADECK", "1", "\"\"", &source, "User Commands"]);
    roff
}

/// Appends one part rendered on its own, without the preamble roff writes before every part
/// (it is in the page once, before the title).
fn append(
    page: &mut Vec<u8>,
    render: impl FnOnce(&mut Vec<u8>) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let mut part = Vec::new();
    render(&mut part)?;
    let preamble = Roff::default().render();
    let body = part.strip_prefix(preamble.as_bytes()).unwrap_or(&part);
    page.extend_from_slice(body);
    Ok(())
}

/// COMMANDS: each noun, then each of its verbs, with the usage line clap prints and its help.
fn commands_section(cmd: &clap::Command) -> Roff {
    let mut roff = Roff::default();
    roff.control("SH", ["COMMANDS"]);
    roff.text([
        roman("Without a command, in a terminal, "),
        bold(BIN),
        roman(" opens the console. Every command has its own "),
        bold("--help"),
        roman("."),
    ]);
    for noun in shown(cmd) {
        let verbs: Vec<clap::Command> = shown(&noun).collect();
        entry(
            &mut roff,
            &noun,
            verbs.is_empty() || !noun.is_subcommand_required_set(),
        );
        for verb in verbs {
            entry(&mut roff, &verb, true);
        }
    }
    roff
}

/// The subcommands of `cmd` a reader needs (not `help`, nothing hidden), built with their
/// full bin names (`lunadeck device add`).
fn shown(cmd: &clap::Command) -> impl Iterator<Item = clap::Command> + '_ {
    cmd.get_subcommands()
        .filter(|s| s.get_name() != "help" && !s.is_hide_set())
        .cloned()
}

/// One `.TP` entry: the usage line (bold command, italic rest) when `runs` (the command runs
/// as typed), else the bare command, then its help text.
fn entry(roff: &mut Roff, cmd: &clap::Command, runs: bool) {
    let name = cmd
        .get_bin_name()
        .unwrap_or_else(|| cmd.get_name())
        .to_string();
    roff.control("TP", []);
    let usage = cmd.clone().render_usage().to_string();
    let usage = usage.trim().trim_start_matches("Usage:").trim();
    match usage.strip_prefix(name.as_str()) {
        Some(rest) if runs && !rest.trim().is_empty() => {
            roff.text([bold(name.as_str()), roman(" "), italic(rest.trim())]);
        }
        _ => {
            roff.text([bold(name.as_str())]);
        }
    }
    if let Some(about) = cmd.get_about() {
        roff.text([roman(about.to_string())]);
    }
}

fn exit_status_section() -> Roff {
    let mut roff = Roff::default();
    roff.control("SH", ["EXIT STATUS"]);
    for (code, meaning) in [
        ("0", "done."),
        ("1", "the operation ran and failed (a device or job error)."),
        (
            "2",
            "refused (bad arguments, not permitted, read-only, or a rule of the service model): \
             nothing was done.",
        ),
    ] {
        roff.control("TP", []);
        roff.text([bold(code)]);
        roff.text([roman(meaning)]);
    }
    roff
}

/// `lunadeck completions SHELL`: the script on stdout.
pub fn completions(shell: CompletionShell) -> CliResult<()> {
    print_all(&completion_script(shell), "the completion script")
}

/// `lunadeck man`: the roff page on stdout.
pub fn man() -> CliResult<()> {
    print_all(&man_page()?, "the manual page")
}

/// The exit status of `completions` or `man` run before anything else (`src/main.rs`).
pub fn print_exit(result: CliResult<()>) -> std::process::ExitCode {
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("lunadeck: {e}");
            std::process::ExitCode::from(e.exit_code())
        }
    }
}

fn print_all(bytes: &[u8], what: &str) -> CliResult<()> {
    let mut stdout = std::io::stdout().lock();
    stdout
        .write_all(bytes)
        .and_then(|()| stdout.flush())
        .map_err(|e| CliError::failed(format!("cannot write {what} to stdout: {e}")))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use super::*;

    #[test]
    fn x_5_every_promised_shell_gets_a_script_naming_the_nouns() {
        for shell in CompletionShell::value_variants() {
            let script = String::from_utf8(completion_script(*shell)).unwrap();
            for word in ["lunadeck", "service", "discover", "completions"] {
                assert!(script.contains(word), "{shell:?}: {word} missing");
            }
        }
    }

    #[test]
    fn x_5_man_page_lists_every_verb_with_its_usage() {
        let page = String::from_utf8(man_page().unwrap()).unwrap();
        assert_eq!(
            page.matches(".ds Aq").count(),
            2,
            "the preamble once:\n{page}"
        );
        let title = page.lines().find(|l| l.starts_with(".TH ")).unwrap();
        let want = format!(
            ".TH LUNADECK 1 \"\" \"lunadeck {}\" \"User Commands\"",
            env!("CARGO_PKG_VERSION")
        );
        assert_eq!(title, want);
        for want in [
            ".SH COMMANDS",
            ".SH \"EXIT STATUS\"",
            "lunadeck device add",
            "lunadeck man",
        ] {
            assert!(page.contains(want), "{want} missing:\n{page}");
        }
        assert!(!page.contains("lunadeck-device(1)"), "one page: {page}");
        assert!(!page.contains("lunadeck help"), "{page}");
    }
}
