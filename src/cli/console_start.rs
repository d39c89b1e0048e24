//! `lunadeck` with no subcommand: the interactive console (issue 5, items 1 and 10) — with
//! `--demo` on the simulated fleet, `--replay DIR` on a recording (throwaway database), else SSH.

use super::args::Args;
use super::configuration::Configuration;
use super::recording_session::{end_of_run, replayed_console, start_recording};
use super::session::{DemoDir, demo_dir, host_key_decider};
use crate::app::ConsoleSource;
use crate::app::host_key_bridge::{HOST_KEY_TIMEOUT, HostKeyBridge};
use crate::console::{ConsoleOptions, run_console};
use crate::domain::permission::Session;
use crate::jobs::EngineConfig;
use crate::luna::ssh::SshMode;
use crate::luna::ssh::{HostKeyDecider, HostKeyQuestion, TrustDecision};
use crate::ops::demo::{DEMO_PASSWORD, DEMO_USER};
use crate::ops::{Console, FleetAccess, Transport, system_clock};
use crate::paths::Paths;
use crate::sim::model::Fleet;
use crate::sim::session::shared;
use crate::store::Store;
use color_eyre::eyre::{Result, WrapErr, eyre};
use secrecy::SecretString;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

/// Runs the console until the user quits; the terminal is restored on every way out.
pub fn start(args: &Args, paths: &Paths) -> Result<ExitCode> {
    let config = Configuration::load(&paths.config_file()).map_err(|e| eyre!(e.to_string()))?;
    let monochrome = config.monochrome(args.monochrome(std::env::var("NO_COLOR").ok().as_deref()));
    if args.demo || args.replay.is_some() {
        return start_demo(args, paths, config, monochrome);
    }
    let settings = &config.settings;
    // A key pinned with --host-key is trusted; any other unknown key is put to the user in the
    // host-key trust modal (default Reject; no answer within the timeout rejects). A recorded key
    // that changed is a hard stop in the transport, whatever is pinned.
    let bridge = HostKeyBridge::new();
    let ask = bridge.decider(HOST_KEY_TIMEOUT);
    let pinned = host_key_decider(&args.host_keys);
    let decider: HostKeyDecider = Arc::new(move |q: &HostKeyQuestion| match pinned(q) {
        TrustDecision::Trust => TrustDecision::Trust,
        TrustDecision::Reject => ask(q),
    });
    let access = FleetAccess::new(Transport::Ssh {
        known_hosts: paths.known_hosts(),
        decider,
        mode: SshMode::Interactive,
        connect_timeout: settings.connect_timeout,
        keepalive: settings.keepalive,
    });
    let client = super::client_host::resolve(args, config.client_host.clone())
        .map_err(|e| eyre!(e.to_string()))?;
    super::client_host::register(&access, &client);
    access.set_host_key_pins(&args.host_keys);
    start_recording(args, &access, false).map_err(|e| eyre!("{e}"))?;
    let ended = access.clone();
    let source = ConsoleSource::at(paths.database(), access, settings.engine.clone())
        .with_host_keys(bridge)
        .with_audit_witness(paths.audit_witness());
    let code = run_console(ConsoleOptions {
        paths: paths.clone(),
        read_only: args.read_only,
        monochrome,
        keymap: config.keymap,
        demo: false,
        replay: false,
        pool_width: settings.engine.width,
        source,
    });
    for line in end_of_run(&ended) {
        eprintln!("lunadeck: {line}");
    }
    code
}

/// `--demo`: the throwaway database gets the demo Admin and the bootstrap (organizations,
/// devices, authorizations, discovery, import) before the terminal is taken; the signed-in
/// user then takes over that console, so the authorizations made by the bootstrap stay.
/// `--replay DIR` goes the same way, over the recording (its set-up replayed first).
fn start_demo(
    args: &Args,
    paths: &Paths,
    config: Configuration,
    monochrome: bool,
) -> Result<ExitCode> {
    // The engine of the bootstrapped console keeps running on this runtime until the end.
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .max_blocking_threads(crate::jobs::blocking_threads(config.settings.engine.width))
        .thread_name("lunadeck-demo")
        .enable_all()
        .build()
        .wrap_err("cannot start the demo runtime")?;
    let engine = config.settings.engine.clone();
    let (mut console, database, dir) = if args.replay.is_some() {
        eprintln!("lunadeck: preparing the replay…");
        let r =
            replayed_console(args, engine, runtime.handle().clone()).map_err(|e| eyre!("{e}"))?;
        (r.console, r.database, r.dir)
    } else {
        demo_console(args, engine, runtime.handle().clone())?
    };
    let access = console.access.clone();
    let witness = database.with_file_name("audit-witness");
    let open_path = database.clone();
    let source = ConsoleSource::new(
        Box::new(move || {
            Store::open(&open_path)
                .map(|s| s.with_witness(witness))
                .wrap_err_with(|| format!("cannot open the database {}", open_path.display()))
        }),
        Box::new(move |_login_store, session, _runtime| {
            console.sign_in(session);
            Ok(console)
        }),
    );
    let code = run_console(ConsoleOptions {
        paths: paths.clone(),
        read_only: args.read_only,
        monochrome,
        keymap: config.keymap,
        demo: true,
        replay: args.replay.is_some(),
        pool_width: config.settings.engine.width,
        source,
    });
    runtime.shutdown_timeout(std::time::Duration::from_millis(500));
    for line in end_of_run(&access) {
        eprintln!("lunadeck: {line}");
    }
    drop(dir);
    code
}

/// The demo's console: the embedded fleet simulated in memory, bootstrapped (and recorded from
/// the start with `--record`).
fn demo_console(
    args: &Args,
    engine: EngineConfig,
    runtime: tokio::runtime::Handle,
) -> Result<(Console, PathBuf, DemoDir)> {
    let dir = demo_dir().map_err(|e| eyre!("{e}"))?;
    let database = dir.0.join("lunadeck.sqlite");
    let mut store = Store::open(&database)
        .wrap_err_with(|| format!("cannot open the demo database {}", database.display()))?
        .with_witness(dir.0.join("audit-witness"));
    let now = (system_clock())();
    let admin = store
        .create_first_admin(DEMO_USER, &SecretString::from(DEMO_PASSWORD), now)
        .wrap_err("cannot create the demo Admin")?;
    let fleet = Fleet::demo().map_err(|e| eyre!("the embedded demo fleet is unreadable: {e}"))?;
    let access = FleetAccess::new(Transport::Sim {
        fleet: shared(fleet),
    });
    start_recording(args, &access, true).map_err(|e| eyre!("{e}"))?;
    let mut console = Console::new(
        store,
        access,
        Session {
            user: admin,
            read_only: false,
        },
        runtime,
        engine,
        system_clock(),
    );
    eprintln!("lunadeck: preparing the simulated demo fleet…");
    crate::ops::demo::bootstrap(&mut console).wrap_err("cannot prepare the demo")?;
    Ok((console, database, dir))
}
