//! The `lunadeck` binary: parse arguments, resolve the directories, start the file log, then
//! run the headless subcommand; with no subcommand, the console (in a terminal; without
//! one, a usage hint and exit 2).

use clap::Parser;
use color_eyre::eyre::{Result, WrapErr};
use lunadeck::cli::{self, Args};
use lunadeck::logging;
use lunadeck::paths::Paths;
use std::io::IsTerminal;
use std::process::ExitCode;

fn main() -> ExitCode {
    if let Err(err) = color_eyre::install() {
        eprintln!("lunadeck: cannot install the error reporter: {err}");
        return ExitCode::FAILURE;
    }
    let args = Args::parse();
    match run(&args) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("lunadeck: {err:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(args: &Args) -> Result<ExitCode> {
    // Generated from the clap definitions: no directory, log or database is made for them.
    if let Some(cli::args::Command::Completions { shell }) = &args.command {
        return Ok(cli::completions_cmd::print_exit(
            cli::completions_cmd::completions(*shell),
        ));
    }
    if let Some(cli::args::Command::Man) = &args.command {
        return Ok(cli::completions_cmd::print_exit(cli::completions_cmd::man()));
    }
    let paths = Paths::from_env(args.data_dir.as_deref())?;
    paths.create()?;
    let _log = logging::init(&paths.logs()).wrap_err("cannot start logging")?;
    tracing::info!(
        version = env!("CARGO_PKG_VERSION"),
        data = %paths.data.display(),
        state = %paths.state.display(),
        config = %paths.config.display(),
        read_only = args.read_only,
        json = args.json,
        demo = args.demo,
        monochrome = args.monochrome(std::env::var("NO_COLOR").ok().as_deref()),
        "lunadeck started"
    );
    let terminal = std::io::stdin().is_terminal() && std::io::stdout().is_terminal();
    if args.command.is_none() && terminal {
        return cli::console_start::start(args, &paths);
    }
    Ok(ExitCode::from(cli::execute(args, &paths)))
}
