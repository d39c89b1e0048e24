//! Running one subcommand: set up the session (or create the first Admin), dispatch to the
//! noun's file, and turn the result into an exit status and, with --json, an error document.

use super::args::{Args, Command};
use super::error::{CliError, CliResult, EXIT_REFUSED};
use super::output::{Output, Progress};
use super::secrets::SecretReader;
use super::session::{self, CliSession};
use super::{
    account_cmd, audit_cmd, client_cmd, completions_cmd, device_cmd, discover_cmd, import_cmd,
    job_cmd, key_cmd, migrate_cmd, partition_cmd, service_cmd, template_cmd,
};
use crate::domain::ids::JobId;
use crate::jobs::JobOutcome;
use crate::ops::Console;
use crate::paths::Paths;
use secrecy::SecretString;

/// The usage hint printed when no subcommand is given and there is no terminal for the console.
pub const USAGE_HINT: &str = "lunadeck: no command given and no terminal for the console. Usage: \
lunadeck [--demo] (the console, in a terminal) or lunadeck [--demo | --user NAME] [--json] <noun> \
<verb> ... (nouns: device, discover, import, template, service, partition, key, client, migrate, job, \
audit, account); try \
`lunadeck --demo device list` or `lunadeck --help`.";

/// What a subcommand works with.
pub struct Ctx<'a> {
    pub session: &'a mut CliSession,
    pub secrets: &'a mut SecretReader,
    pub out: Output,
    /// `--so-password-stdin` was given.
    pub so_stdin: bool,
}

impl Ctx<'_> {
    /// The HSM SO password of `device`: the prompt, or the next stdin line with
    /// --so-password-stdin.
    pub fn so_password(&mut self, device: &str) -> CliResult<secrecy::SecretString> {
        self.secrets.read(
            &format!("HSM SO password of {device}"),
            self.so_stdin,
            "--so-password-stdin",
        )
    }

    /// `--authorize DEVICE...`: one SO login check per device, in the order given, before the
    /// command; progress on stderr, nothing on stdout; a failure stops the command (exit 1).
    /// `--authorize`: every name is looked up and every SO password read (in the order given)
    /// before anything is sent; a device named twice is refused. Then every device's single
    /// `hsm login` runs at once (issue 16), each result printed as it arrives; a refused device is
    /// named and never retried, the others stay authorized, and the command itself does not run.
    fn authorize_devices(&mut self, names: &[String]) -> CliResult<()> {
        let mut chosen: Vec<(crate::domain::ids::HsmSerial, String, SecretString)> = Vec::new();
        for name in names {
            let d = self.console().device_by_name(name)?;
            if chosen.iter().any(|(serial, _, _)| *serial == d.serial) {
                return Err(CliError::refused(format!(
                    "--authorize {}: named twice; each device gets one HSM SO login (nothing was \
                     sent)",
                    d.name
                )));
            }
            let secret = self.so_password(&d.name)?;
            chosen.push((d.serial, d.name, secret));
        }
        let mut pending = Vec::new();
        let mut refused = Vec::new();
        // The job rows in one store batch: one disk sync for the whole fleet.
        let saved = self.console().in_store_batch(|console| {
            for (serial, name, secret) in chosen {
                match console.submit_authorize(&serial, secret) {
                    Ok(job) => pending.push((job, name)),
                    // Refused before anything was sent to it (a PED appliance, say); the
                    // logins already submitted still end and are reported below.
                    Err(e) => refused.push(format!("--authorize {name}: {e}")),
                }
            }
        });
        if let Err(e) = saved {
            // The logins went out; only the record of their jobs is missing: wait for them.
            eprintln!("warning: the authorizations' job records could not be saved: {e}");
        }
        if pending.is_empty() && !refused.is_empty() {
            // Nothing was sent to any device.
            return Err(CliError::refused(refused.join("; ")));
        }
        while !pending.is_empty() {
            let jobs: Vec<JobId> = pending.iter().map(|(job, _)| *job).collect();
            let done = self.console().wait_any(&jobs, |_| {})?;
            let Some(at) = pending.iter().position(|(job, _)| *job == done.job) else {
                continue;
            };
            let (_, name) = pending.remove(at);
            match &done.outcome {
                JobOutcome::Succeeded { .. } if done.result.get("error").is_none() => {
                    eprintln!("{name}: authorized for this run");
                }
                _ => {
                    eprintln!("{name}: not authorized: {}", done.summary);
                    refused.push(format!("--authorize {name}: {}", done.summary));
                }
            }
        }
        if refused.is_empty() {
            return Ok(());
        }
        Err(CliError::failed(format!(
            "{}; nothing else was done",
            refused.join("; ")
        )))
    }

    pub fn console(&mut self) -> &mut Console {
        &mut self.session.console
    }

    /// Waits for `job` with progress lines on stderr, prints its outcome, fails (exit 1)
    /// when the job failed.
    pub fn wait(&mut self, job: JobId) -> CliResult<()> {
        let console = self.console();
        let access = console.access.clone();
        let progress = Progress::new(Box::new(move |d| access.access(d).map(|a| a.name)), false);
        let done = console.wait(job, |e| progress.show(e))?;
        self.out.finished(&done)
    }
}

/// Runs the subcommand in `args` and returns the process exit status.
pub fn execute(args: &Args, paths: &Paths) -> u8 {
    let Some(command) = &args.command else {
        eprintln!("{USAGE_HINT}");
        return EXIT_REFUSED;
    };
    let out = Output { json: args.json };
    let mut secrets = SecretReader::new();
    match dispatch(args, command, paths, out, &mut secrets) {
        Ok(()) => 0,
        Err(err) => {
            let code = err.exit_code();
            tracing::warn!(code, "command ended: {err}");
            if out.json && !matches!(err, CliError::Reported(_)) {
                let doc = serde_json::json!({"ok": false, "error": err.to_string()});
                println!("{}", serde_json::to_string_pretty(&doc).unwrap_or_default());
            }
            eprintln!("lunadeck: {err}");
            code
        }
    }
}

fn dispatch(
    args: &Args,
    command: &Command,
    paths: &Paths,
    out: Output,
    secrets: &mut SecretReader,
) -> CliResult<()> {
    let mut session = match command {
        // Generated from the clap definitions: no configuration, login or database (like --help).
        Command::Completions { shell } => return completions_cmd::completions(*shell),
        Command::Man => return completions_cmd::man(),
        Command::Account {
            verb: account_cmd::AccountCmd::Init { password_stdin },
        } => {
            let session = session::init_first_admin(args, paths, secrets, *password_stdin)?;
            let name = session.console.session().user.username.clone();
            out.done(
                &format!("created the first Admin '{name}'; log in with --user {name}"),
                serde_json::json!({"user": name, "role": "Admin"}),
            );
            return Ok(());
        }
        _ => session::open(args, paths, secrets)?,
    };
    let mut ctx = Ctx {
        session: &mut session,
        secrets,
        out,
        so_stdin: args.so_password_stdin,
    };
    ctx.authorize_devices(&args.authorize)?;
    let result = match command {
        Command::Device { verb } => device_cmd::run(verb, &mut ctx),
        Command::Discover { verb } => discover_cmd::run(verb.as_ref(), &mut ctx),
        Command::Import { verb } => import_cmd::run(verb, &mut ctx),
        Command::Template { verb } => template_cmd::run(verb, &mut ctx),
        Command::Service { verb } => service_cmd::run(verb, &mut ctx),
        Command::Partition { verb } => partition_cmd::run(verb, &mut ctx),
        Command::Key { verb } => key_cmd::run(verb, &mut ctx),
        Command::Client { verb } => client_cmd::run(verb, &mut ctx),
        Command::Migrate { verb } => migrate_cmd::run(verb, &mut ctx),
        Command::Job { verb } => job_cmd::run(verb, &mut ctx),
        Command::Audit { verb } => audit_cmd::run(verb, &mut ctx),
        Command::Account { verb } => account_cmd::run(verb, &mut ctx),
        // Answered above, before the session was opened.
        Command::Completions { .. } | Command::Man => Ok(()),
    };
    // A refused attempt is in the audit trail however the command ended (issue 11.13).
    if let Err(e) = session.console.record_refusals() {
        eprintln!("lunadeck: cannot record a refused attempt in the audit trail: {e}");
    }
    for line in super::recording_session::end_of_run(&session.console.access) {
        eprintln!("lunadeck: {line}");
    }
    result
}
