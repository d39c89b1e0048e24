//! `lunash-sim`: serves one simulated appliance (LunaSH) or the client host (LunaCM) on
//! stdin/stdout, for SSH end-to-end tests (OpenSSH `ForceCommand`) and manual exploration.
//!
//! State lives in `--state FILE` (JSON, shared and locked between processes; created from
//! `--fleet TOML` or the embedded demo fleet when missing). Without a state file the fleet is
//! in memory and changes end with the process. `SSH_ORIGINAL_COMMAND` or `-c CMD` runs one
//! command after the banner; otherwise the prompt is printed and lines are read until EOF/`exit`.

use clap::Parser;
use lunadeck::sim::faults::{DropPoint, Faults};
use lunadeck::sim::lunacm::{LunacmSession, run_lunacm};
use lunadeck::sim::lunash::{LunashSession, run_lunash};
use lunadeck::sim::model::Fleet;
use lunadeck::sim::store::FleetStore;
use lunadeck::sim::term::{Abort, Term};
use std::io::{BufRead, IsTerminal, Write};
use std::process::ExitCode;
use std::time::Duration;

#[derive(Parser, Debug)]
#[command(
    name = "lunash-sim",
    about = "Simulated Luna appliance (LunaSH) or client host (LunaCM)"
)]
struct Args {
    /// Appliance to serve (its name in the fleet).
    #[arg(long, env = "LUNASH_SIM_APPLIANCE")]
    appliance: Option<String>,
    /// Serve the client host (LunaCM) instead of an appliance.
    #[arg(long)]
    client: bool,
    /// Shared state file (JSON).
    #[arg(long, env = "LUNASH_SIM_STATE")]
    state: Option<std::path::PathBuf>,
    /// Fleet TOML used when the state file does not exist yet (default: the demo fleet).
    #[arg(long, env = "LUNASH_SIM_FLEET")]
    fleet: Option<std::path::PathBuf>,
    /// Run one command and exit.
    #[arg(short = 'c')]
    command: Option<String>,
}

/// Where the fleet lives for this process.
enum Backing {
    Memory(Fleet),
    File(FleetStore),
}

impl Backing {
    fn with<R>(&mut self, f: impl FnOnce(&mut Fleet) -> R) -> Result<R, String> {
        match self {
            Backing::Memory(fleet) => Ok(f(fleet)),
            Backing::File(store) => store.update(f).map_err(|e| e.to_string()),
        }
    }
}

enum Session {
    Appliance(LunashSession),
    Client(LunacmSession),
}

struct StdioTerm<'a> {
    input: &'a mut dyn BufRead,
}

impl StdioTerm<'_> {
    fn line(&mut self) -> Option<String> {
        let mut buf = String::new();
        match self.input.read_line(&mut buf) {
            Ok(0) | Err(_) => None,
            Ok(_) => Some(buf.trim_end_matches(['\n', '\r']).to_string()),
        }
    }
}

impl Term for StdioTerm<'_> {
    fn write(&mut self, text: &str) {
        let mut out = std::io::stdout();
        let _ = out.write_all(text.as_bytes());
        let _ = out.flush();
    }
    fn secret(&mut self) -> Option<String> {
        self.line()
    }
    fn answer(&mut self) -> Option<String> {
        self.line()
    }
}

/// A `Term` that records output so a dropped link can swallow it.
struct Buffered<'a, 'b> {
    inner: &'a mut StdioTerm<'b>,
    output: String,
    live: bool,
}

impl Term for Buffered<'_, '_> {
    fn write(&mut self, text: &str) {
        if self.live {
            self.inner.write(text);
        } else {
            self.output.push_str(text);
        }
    }
    fn secret(&mut self) -> Option<String> {
        self.inner.secret()
    }
    fn answer(&mut self) -> Option<String> {
        self.inner.answer()
    }
}

fn load_initial(args: &Args) -> Result<Fleet, String> {
    match &args.fleet {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .map_err(|e| format!("cannot read fleet {}: {e}", path.display()))?;
            Fleet::from_toml(&text)
        }
        None => Fleet::demo(),
    }
}

fn main() -> ExitCode {
    let args = Args::parse();
    match serve(args) {
        Ok(code) => code,
        Err(msg) => {
            eprintln!("lunash-sim: {msg}");
            ExitCode::from(2)
        }
    }
}

fn serve(args: Args) -> Result<ExitCode, String> {
    let initial = load_initial(&args)?;
    let mut backing = match &args.state {
        Some(path) => {
            let store = FleetStore::new(path);
            store.init_if_missing(&initial).map_err(|e| e.to_string())?;
            Backing::File(store)
        }
        None => Backing::Memory(initial),
    };
    let (target, mut session) = if args.client {
        let name = backing.with(|f| f.client_host.name.clone())?;
        (name, Session::Client(LunacmSession::default()))
    } else {
        let Some(name) = args.appliance.clone() else {
            return Err("give --appliance NAME (or LUNASH_SIM_APPLIANCE) or --client".into());
        };
        (name.clone(), Session::Appliance(LunashSession::new(&name)))
    };
    let info = backing.with(|f| {
        let faults = f.faults(&target).cloned();
        let banner = match (&session, f.appliance(&target)) {
            (Session::Appliance(_), Some(app)) => format!(
                "Luna Network HSM Command Line Shell v{}. Copyright (c) 2026 Thales Group. All rights reserved.\n\n",
                app.software
            ),
            _ => "LunaCM v10.7.0-0. Copyright (c) 2026 Thales Group. All rights reserved.\n\n".into(),
        };
        let prompt = match f.appliance(&target) {
            Some(app) if !args.client => format!("[{}] lunash:>", app.hostname),
            _ => "lunacm:>".to_string(),
        };
        (faults, banner, prompt)
    })?;
    let (Some(faults), banner, prompt) = info else {
        return Err(format!(
            "no appliance or client host named '{target}' in the fleet"
        ));
    };
    if faults.unreachable {
        eprintln!("ssh: connect to host {target} port 22: Connection refused");
        return Ok(ExitCode::from(255));
    }
    if faults.ssh_auth_failure {
        eprintln!("admin@{target}: Permission denied (publickey,password).");
        return Ok(ExitCode::from(255));
    }
    let stdin = std::io::stdin();
    let echoes = stdin.is_terminal();
    let mut lock = stdin.lock();
    let mut term = StdioTerm { input: &mut lock };
    let one = args
        .command
        .clone()
        .or_else(|| std::env::var("SSH_ORIGINAL_COMMAND").ok())
        .filter(|c| !c.trim().is_empty());
    if let Some(cmd) = one {
        term.write(&banner);
        return run_one(&mut backing, &mut session, &target, &cmd, &mut term);
    }
    loop {
        term.write(&prompt);
        let Some(line) = term.line() else {
            term.write("\n");
            return Ok(ExitCode::SUCCESS);
        };
        if !echoes {
            // No terminal to echo the typed line: echo it, as a pty would.
            term.write(&format!("{line}\n"));
        }
        let trimmed = line.trim();
        if trimmed.eq_ignore_ascii_case("exit") || trimmed.eq_ignore_ascii_case("quit") {
            return Ok(ExitCode::SUCCESS);
        }
        if trimmed.is_empty() {
            continue;
        }
        let code = run_one(&mut backing, &mut session, &target, trimmed, &mut term)?;
        if code != ExitCode::SUCCESS {
            return Ok(code);
        }
    }
}

/// Runs one command with the target's current latency and faults.
fn run_one(
    backing: &mut Backing,
    session: &mut Session,
    target: &str,
    cmd: &str,
    term: &mut StdioTerm<'_>,
) -> Result<ExitCode, String> {
    let (faults, latency) = backing.with(|f| {
        (
            f.faults(target).cloned().unwrap_or_default(),
            f.latency_ms(target),
        )
    })?;
    let Faults { hang, drop, .. } = faults;
    if hang {
        loop {
            std::thread::sleep(Duration::from_secs(3600));
        }
    }
    std::thread::sleep(Duration::from_millis(latency));
    if drop == Some(DropPoint::Before) {
        return Ok(ExitCode::from(255));
    }
    let mut out = Buffered {
        inner: term,
        output: String::new(),
        live: drop.is_none(),
    };
    let outcome = backing.with(|fleet| match session {
        Session::Appliance(s) => run_lunash(fleet, s, cmd, &mut out),
        Session::Client(s) => run_lunacm(fleet, s, cmd, &mut out),
    })?;
    if drop == Some(DropPoint::After) {
        return Ok(ExitCode::from(255));
    }
    if let Err(abort) = outcome {
        let what = match abort {
            Abort::MissingSecret(p) | Abort::Question(p) => p,
        };
        out.write(&format!("\nNo answer to '{what}'; command aborted.\n"));
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}
