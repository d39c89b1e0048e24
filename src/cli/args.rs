//! Command-line arguments of the `lunadeck` binary (clap derive): the global flags and the
//! headless nouns. Every verb here runs a real Console operation; none is a stub.

use super::account_cmd::AccountCmd;
use super::audit_cmd::AuditCmd;
use super::client_cmd::ClientCmd;
use super::completions_cmd::CompletionShell;
use super::device_cmd::DeviceCmd;
use super::discover_cmd::DiscoverCmd;
use super::import_cmd::ImportCmd;
use super::job_cmd::JobCmd;
use super::key_cmd::KeyCmd;
use super::migrate_cmd::MigrateCmd;
use super::partition_cmd::PartitionCmd;
use super::service_cmd::ServiceCmd;
use super::template_cmd::TemplateCmd;
use clap::{Parser, Subcommand};
use std::path::PathBuf;

/// Keyboard-only console for Thales Luna Network HSM service management.
///
/// Secrets are never taken from the command line: they are typed at a masked prompt or read
/// from stdin with an explicit `--<what>-stdin` flag, one line per secret.
#[derive(Debug, Clone, PartialEq, Eq, Parser)]
#[command(name = "lunadeck", version, about, long_about = None)]
pub struct Args {
    /// Keep every lunadeck file under DIR (data = DIR, state = DIR/state, config = DIR/config);
    /// overrides LUNADECK_HOME.
    #[arg(long, value_name = "DIR", global = true)]
    pub data_dir: Option<PathBuf>,

    /// Nothing that changes a device or the database can run.
    #[arg(long, global = true)]
    pub read_only: bool,

    /// Machine-readable JSON output: one document on stdout (progress stays on stderr).
    #[arg(long, global = true)]
    pub json: bool,

    /// Monochrome theme (also selected when NO_COLOR is set).
    #[arg(long, global = true)]
    pub no_color: bool,

    /// The embedded demo fleet, simulated in memory, with a throwaway database (logged in as
    /// the demo Admin).
    #[arg(long, global = true)]
    pub demo: bool,

    /// Log in as NAME (password from a masked prompt, or the first stdin line when
    /// LUNADECK_PASSWORD_STDIN=1).
    #[arg(long, value_name = "NAME", global = true)]
    pub user: Option<String>,

    /// Trust an unknown SSH host key only if its fingerprint is this one (repeatable). A key
    /// that differs from the recorded one is always refused.
    #[arg(long = "host-key", value_name = "SHA256:...", value_parser = parse_fingerprint, global = true)]
    pub host_keys: Vec<String>,

    /// Authorize DEVICE for this run before the command (repeatable): every device's single
    /// `hsm login` runs at once, never retried; SO password from the prompt or, with
    /// --so-password-stdin, the next stdin line (in the order given). A refused device stops the
    /// command (the others were logged in once, for nothing). SO passwords live only as long as this
    /// process.
    #[arg(long, value_name = "DEVICE", global = true)]
    pub authorize: Vec<String>,

    /// Read HSM SO passwords (for --authorize and `device authorize`) from stdin lines.
    #[arg(long, global = true)]
    pub so_password_stdin: bool,

    /// The Luna client host where LunaCM steps run, reached over SSH as USER@HOST[:PORT]
    /// (overrides [client_host] in the configuration). Its host key is pinned like the
    /// appliances' (--host-key).
    #[arg(long, value_name = "USER@HOST[:PORT]", value_parser = parse_client_host, global = true)]
    pub client_host: Option<ClientHostArg>,

    /// Private key file for the SSH login to --client-host.
    #[arg(long, value_name = "PATH", global = true)]
    pub client_host_key: Option<PathBuf>,

    /// Record every device conversation of this run into DIR: DIR/<device>.jsonl (command,
    /// output, elapsed; what was typed at a secret question is never written) and
    /// DIR/manifest.json. A DIR that already holds a recording is continued.
    #[arg(long, value_name = "DIR", global = true, conflicts_with = "replay")]
    pub record: Option<PathBuf>,

    /// Run on a recording instead of devices: every device answers what it answered in DIR, in
    /// order, with the recorded timing, over a throwaway database (signed in as the demo Admin).
    /// Nothing reaches a real device.
    #[arg(long, value_name = "DIR", global = true, conflicts_with = "demo")]
    pub replay: Option<PathBuf>,

    /// With --replay: play the recorded timing N times faster (1 = as recorded; `max` = no wait).
    #[arg(long, value_name = "N", value_parser = parse_replay_speed, global = true, requires = "replay")]
    pub replay_speed: Option<ReplaySpeed>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

/// `--replay-speed`: how many times faster than recorded (None: no wait at all).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ReplaySpeed(pub Option<f64>);

// Never NaN: the parser refuses it.
impl Eq for ReplaySpeed {}

impl ReplaySpeed {
    /// The factor recorded durations are multiplied by.
    pub fn duration_factor(self) -> f64 {
        self.0.map_or(0.0, |n| 1.0 / n)
    }
}

fn parse_replay_speed(value: &str) -> Result<ReplaySpeed, String> {
    if value.eq_ignore_ascii_case("max") {
        return Ok(ReplaySpeed(None));
    }
    match value.parse::<f64>() {
        Ok(n) if (0.01..=1_000_000.0).contains(&n) => Ok(ReplaySpeed(Some(n))),
        _ => Err(format!(
            "'{value}' is not a speed: give a number from 0.01 to 1000000 (2 = twice as fast) \
             or 'max'"
        )),
    }
}

/// `--client-host USER@HOST[:PORT]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientHostArg {
    pub user: String,
    pub host: String,
    pub port: u16,
}

fn parse_client_host(value: &str) -> Result<ClientHostArg, String> {
    let bad = |why: &str| format!("'{value}' is not USER@HOST[:PORT]: {why}");
    let (user, rest) = value
        .split_once('@')
        .ok_or_else(|| bad("the SSH user and '@' are missing"))?;
    let (host, port) = match rest.rsplit_once(':') {
        Some((h, p)) => (
            h,
            p.parse::<u16>()
                .ok()
                .filter(|p| *p > 0)
                .ok_or_else(|| bad("the port must be a number from 1 to 65535"))?,
        ),
        None => (rest, 22),
    };
    let name_ok = |s: &str| !s.is_empty() && !s.chars().any(|c| c.is_whitespace() || c == '@');
    if !name_ok(user) {
        return Err(bad("the user is empty or has blanks"));
    }
    if !name_ok(host) {
        return Err(bad("the host is empty or has blanks"));
    }
    Ok(ClientHostArg {
        user: user.to_string(),
        host: host.to_string(),
        port,
    })
}

/// The nouns. A noun appears once at least one of its verbs has an operation behind it.
#[derive(Debug, Clone, PartialEq, Eq, Subcommand)]
pub enum Command {
    /// Appliances: add, list, show, refresh, authorize, PED server, remove (DEV-1..3).
    Device {
        #[command(subcommand)]
        verb: DeviceCmd,
    },
    /// Discovery of unmanaged partitions (IMP-1); `discover` alone is `discover run`.
    Discover {
        #[command(subcommand)]
        verb: Option<DiscoverCmd>,
    },
    /// The import table and Finish Imports (IMP-2..8).
    Import {
        #[command(subcommand)]
        verb: ImportCmd,
    },
    /// Service templates (TPL-1..5).
    Template {
        #[command(subcommand)]
        verb: TemplateCmd,
    },
    /// Services (MNG-1..4).
    Service {
        #[command(subcommand)]
        verb: ServiceCmd,
    },
    /// Partitions of a service: add, initialize the new ones, remove (HA-1..3).
    Partition {
        #[command(subcommand)]
        verb: PartitionCmd,
    },
    /// Keys of a service in a crypto-officer session (MNG-5).
    Key {
        #[command(subcommand)]
        verb: KeyCmd,
    },
    /// Clients of a service (MNG-6).
    Client {
        #[command(subcommand)]
        verb: ClientCmd,
    },
    /// Migrate a service to other devices (MIG-1..5).
    Migrate {
        #[command(subcommand)]
        verb: MigrateCmd,
    },
    /// Jobs run by this console.
    Job {
        #[command(subcommand)]
        verb: JobCmd,
    },
    /// The hash-chained audit trail.
    Audit {
        #[command(subcommand)]
        verb: AuditCmd,
    },
    /// Local accounts (NAV-4).
    Account {
        #[command(subcommand)]
        verb: AccountCmd,
    },
    /// Print the shell completion script for SHELL (bash, zsh or fish) on stdout; needs no
    /// login and no database.
    ///
    /// Install it once (then open a new shell):
    ///
    /// bash: `lunadeck completions bash > ~/.local/share/bash-completion/completions/lunadeck`
    ///
    /// zsh: `lunadeck completions zsh > ~/.zfunc/_lunadeck`, with `fpath+=~/.zfunc` before
    /// `compinit` in ~/.zshrc
    ///
    /// fish: `lunadeck completions fish > ~/.config/fish/completions/lunadeck.fish`
    Completions {
        /// The shell the script is for.
        #[arg(value_enum)]
        shell: CompletionShell,
    },
    /// Print the manual page (roff) on stdout; needs no login and no database.
    ///
    /// Install it once, e.g. `lunadeck man > ~/.local/share/man/man1/lunadeck.1`, then
    /// `man lunadeck`.
    Man,
}

/// `SHA256:` followed by the unpadded base64 OpenSSH prints.
fn parse_fingerprint(value: &str) -> Result<String, String> {
    let rest = value.strip_prefix("SHA256:").ok_or_else(|| {
        format!("'{value}' is not a host key fingerprint: it must start with SHA256:")
    })?;
    let b64 = |c: char| c.is_ascii_alphanumeric() || c == '+' || c == '/';
    if rest.len() != 43 || !rest.chars().all(b64) {
        return Err(format!(
            "'{value}' is not a host key fingerprint: SHA256: must be followed by the 43 \
             base64 characters ssh-keygen -lf prints"
        ));
    }
    Ok(value.to_string())
}

impl Args {
    /// Colour is off with `--no-color` or a non-empty `NO_COLOR` (https://no-color.org).
    pub fn monochrome(&self, no_color_env: Option<&str>) -> bool {
        self.no_color || no_color_env.is_some_and(|v| !v.is_empty())
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use super::*;
    use clap::CommandFactory;

    const KEY: &str = "SHA256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s";

    #[test]
    fn args_definition_is_consistent() {
        Args::command().debug_assert();
    }

    #[test]
    fn x_7_flags_parse() {
        let a = Args::try_parse_from([
            "lunadeck",
            "--data-dir",
            "/tmp/x",
            "--read-only",
            "--json",
            "--no-color",
            "--demo",
            "--user",
            "alice",
            "--host-key",
            KEY,
        ])
        .unwrap();
        assert_eq!(a.data_dir, Some(PathBuf::from("/tmp/x")));
        assert!(a.read_only && a.json && a.no_color && a.demo);
        assert_eq!(a.user.as_deref(), Some("alice"));
        assert_eq!(a.host_keys, vec![KEY.to_string()]);
        let none = Args::try_parse_from(["lunadeck"]).unwrap();
        assert!(!none.read_only && !none.json && !none.no_color && none.data_dir.is_none());
        assert!(none.command.is_none());
    }

    #[test]
    fn x_5_global_flags_also_follow_the_verb() {
        let a = Args::try_parse_from(["lunadeck", "device", "list", "--json", "--demo"]).unwrap();
        assert!(a.json && a.demo);
        assert_eq!(
            a.command,
            Some(Command::Device {
                verb: DeviceCmd::List
            })
        );
    }

    #[test]
    fn x_5_host_key_values() {
        let bad = [
            ("MD5:aa", "must start with SHA256:"),
            ("SHA256:short", "43 base64 characters"),
            (
                "SHA256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s=",
                "43 base64",
            ),
        ];
        for (value, want) in bad {
            let err = Args::try_parse_from(["lunadeck", "--host-key", value])
                .unwrap_err()
                .to_string();
            assert!(err.contains(want), "{value}: {err}");
        }
        let two = Args::try_parse_from(["lunadeck", "--host-key", KEY, "--host-key", KEY]);
        assert_eq!(two.unwrap().host_keys.len(), 2);
    }

    #[test]
    fn x_5_client_host_values() {
        let a = Args::try_parse_from([
            "lunadeck",
            "--client-host",
            "admin@client.test:2222",
            "--client-host-key",
            "/k",
        ])
        .unwrap();
        let want = ClientHostArg {
            user: "admin".into(),
            host: "client.test".into(),
            port: 2222,
        };
        assert_eq!(a.client_host, Some(want));
        assert_eq!(a.client_host_key, Some(PathBuf::from("/k")));
        let default_port = Args::try_parse_from(["lunadeck", "--client-host", "u@h"]).unwrap();
        assert_eq!(default_port.client_host.unwrap().port, 22);
        let bad = [
            ("client.test", "'@' are missing"),
            ("@h", "user is empty"),
            ("u@", "host is empty"),
            ("u@h:0", "1 to 65535"),
            ("u@h:x", "1 to 65535"),
        ];
        for (value, want) in bad {
            let err = Args::try_parse_from(["lunadeck", "--client-host", value])
                .unwrap_err()
                .to_string();
            assert!(err.contains(want), "{value}: {err}");
        }
    }

    #[test]
    fn x_5_new_nouns_parse_and_secrets_are_not_arguments() {
        for argv in [
            vec!["lunadeck", "partition", "add", "s", "--device", "m3"],
            vec![
                "lunadeck",
                "partition",
                "initialize",
                "s",
                "--secrets-stdin",
            ],
            vec![
                "lunadeck",
                "partition",
                "remove",
                "s",
                "m3/svc",
                "--confirm",
                "svc",
            ],
            vec!["lunadeck", "key", "list", "s", "--secrets-stdin"],
            vec!["lunadeck", "key", "logoff", "s"],
            vec!["lunadeck", "client", "list", "s"],
            vec!["lunadeck", "migrate", "check"],
            vec!["lunadeck", "discover"],
            vec!["lunadeck", "completions", "zsh"],
            vec!["lunadeck", "man"],
            vec![
                "lunadeck", "migrate", "run", "s", "--name", "n", "--org", "o", "--size", "1",
                "--label", "l", "--target", "m3",
            ],
            vec![
                "lunadeck", "template", "edit", "t", "--ppso", "no", "--size", "9",
            ],
        ] {
            assert!(Args::try_parse_from(&argv).is_ok(), "{argv:?}");
        }
        for argv in [
            vec!["lunadeck", "key", "list", "s", "--co-password", "x"],
            vec!["lunadeck", "partition", "add", "s"],
            vec!["lunadeck", "partition", "remove", "s", "p"],
            vec!["lunadeck", "migrate", "run", "s", "--domain", "x"],
            vec!["lunadeck", "template", "edit", "t", "--ppso", "maybe"],
            vec!["lunadeck", "completions", "powershell"],
            vec!["lunadeck", "completions"],
        ] {
            let err = Args::try_parse_from(&argv).unwrap_err();
            assert_eq!(err.exit_code(), 2, "{argv:?}");
        }
    }

    #[test]
    fn unknown_flags_and_subcommands_are_refused() {
        for argv in [
            vec!["lunadeck", "--frobnicate"],
            vec!["lunadeck", "device"],
            vec!["lunadeck", "gadget", "list"],
            vec!["lunadeck", "--data-dir"],
            vec![
                "lunadeck",
                "device",
                "authorize",
                "hsm1",
                "--so-password",
                "x",
            ],
        ] {
            let err = Args::try_parse_from(&argv).unwrap_err();
            assert_ne!(err.kind(), clap::error::ErrorKind::DisplayHelp, "{argv:?}");
            assert_eq!(err.exit_code(), 2, "{argv:?}");
        }
    }

    #[test]
    fn no_color_env() {
        let a = Args::try_parse_from(["lunadeck"]).unwrap();
        let cases = [(None, false), (Some(""), false), (Some("1"), true)];
        for (env, want) in cases {
            assert_eq!(a.monochrome(env), want, "{env:?}");
        }
        let b = Args::try_parse_from(["lunadeck", "--no-color"]).unwrap();
        assert!(b.monochrome(None));
    }
}
