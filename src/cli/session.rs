//! Setting up a headless console: open the database, log in (NAV-4) or create the first Admin,
//! choose the transport (SSH with pinned host keys, or the simulated demo fleet) and build the
//! `Console` every subcommand runs through.

use super::args::Args;
use super::client_host;
use super::configuration::Configuration;
use super::error::{CliError, CliResult};
use super::secrets::SecretReader;
use crate::config::Settings;
use crate::domain::organization::User;
use crate::domain::permission::Session;
use crate::jobs::EngineConfig;
use crate::luna::ssh::{HostKeyDecider, HostKeyQuestion, SshMode, TrustDecision};
use crate::ops::demo::{DEMO_OWNER, DEMO_PASSWORD, DEMO_USER, demo_password};
use crate::ops::{Console, FleetAccess, Transport, accounts, system_clock};
use crate::paths::Paths;
use crate::sim::model::Fleet;
use crate::sim::session::shared;
use crate::store::Store;
use secrecy::SecretString;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Environment variable: `1` = the login password is the first stdin line.
pub const PASSWORD_STDIN_ENV: &str = "LUNADECK_PASSWORD_STDIN";

/// A logged-in console and what keeps it running. Fields drop in order: the console first,
/// then its runtime, then the demo's throwaway directory.
pub struct CliSession {
    pub console: Console,
    pub runtime: tokio::runtime::Runtime,
    _demo: Option<DemoDir>,
}

/// The demo's temporary directory, removed when the invocation ends.
pub(crate) struct DemoDir(pub(crate) PathBuf);

impl Drop for DemoDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn password_from_stdin() -> bool {
    std::env::var(PASSWORD_STDIN_ENV).is_ok_and(|v| v == "1")
}

/// The job runtime for an engine `width` wide (each running step holds a blocking thread).
fn runtime(width: usize) -> CliResult<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .max_blocking_threads(crate::jobs::blocking_threads(width))
        .enable_all()
        .build()
        .map_err(|e| CliError::failed(format!("cannot start the job runtime: {e}")))
}

/// Trusts an unknown host key only when its fingerprint is one of `pins` (`--host-key`).
pub fn host_key_decider(pins: &[String]) -> HostKeyDecider {
    let pins = pins.to_vec();
    Arc::new(move |q: &HostKeyQuestion| {
        if pins.contains(&q.fingerprint) {
            TrustDecision::Trust
        } else {
            TrustDecision::Reject
        }
    })
}

fn open_store(paths: &Paths) -> CliResult<Store> {
    Ok(Store::open(&paths.database())?.with_witness(paths.audit_witness()))
}

fn console(
    store: Store,
    transport: Transport,
    user: User,
    read_only: bool,
    runtime: &tokio::runtime::Runtime,
    config: EngineConfig,
) -> Console {
    Console::new(
        store,
        FleetAccess::new(transport),
        Session { user, read_only },
        runtime.handle().clone(),
        config,
        system_clock(),
    )
}

fn ssh_transport(paths: &Paths, args: &Args, settings: &Settings) -> Transport {
    Transport::Ssh {
        known_hosts: paths.known_hosts(),
        decider: host_key_decider(&args.host_keys),
        mode: SshMode::Interactive,
        connect_timeout: settings.connect_timeout,
        keepalive: settings.keepalive,
    }
}

/// The user's `config.toml` over the embedded defaults; a bad one refuses the invocation with
/// the same `FILE:LINE: why` the console prints.
fn configuration(paths: &Paths) -> CliResult<Configuration> {
    Configuration::load(&paths.config_file()).map_err(|e| CliError::refused(e.to_string()))
}

/// Logs in with `--user` and the password (prompt, or stdin with LUNADECK_PASSWORD_STDIN=1).
pub fn open(args: &Args, paths: &Paths, secrets: &mut SecretReader) -> CliResult<CliSession> {
    let config = configuration(paths)?;
    if args.replay.is_some() {
        return open_replay(args, &config);
    }
    if args.demo {
        return open_demo(args, &config);
    }
    let Some(name) = args.user.as_deref() else {
        return Err(CliError::refused(
            "log in with --user NAME (the password is asked for, or read from stdin with \
             LUNADECK_PASSWORD_STDIN=1); or try the simulated fleet with --demo",
        ));
    };
    let mut store = open_store(paths)?;
    if accounts::needs_first_admin(&store)? {
        return Err(CliError::refused(format!(
            "there is no account yet: create the first Admin with `lunadeck account init \
             --user {name}`"
        )));
    }
    let password = secrets.read(
        &format!("password for {name}"),
        password_from_stdin(),
        "LUNADECK_PASSWORD_STDIN=1",
    )?;
    let user = accounts::login(&mut store, name, &password)?;
    tracing::info!(user = %user.username, role = %user.role, "logged in");
    let runtime = runtime(config.settings.engine.width)?;
    let transport = ssh_transport(paths, args, &config.settings);
    let engine = config.settings.engine.clone();
    let mut console = console(store, transport, user, args.read_only, &runtime, engine);
    console.access.set_host_key_pins(&args.host_keys);
    super::recording_session::start_recording(args, &console.access, false)?;
    console.register_devices()?;
    let host = client_host::resolve(args, config.client_host)?;
    client_host::register(&console.access, &host);
    Ok(CliSession {
        console,
        runtime,
        _demo: None,
    })
}

/// `account init`: creates the first Admin (password typed twice) and returns its session.
pub fn init_first_admin(
    args: &Args,
    paths: &Paths,
    secrets: &mut SecretReader,
    password_stdin: bool,
) -> CliResult<CliSession> {
    if args.demo {
        return Err(CliError::refused(
            "the demo already has its Admin (demo); account init is for a real database",
        ));
    }
    let Some(name) = args.user.as_deref() else {
        return Err(CliError::refused(
            "name the first Admin with --user NAME: lunadeck account init --user NAME",
        ));
    };
    if args.read_only {
        return Err(CliError::refused(
            "read-only mode: account init (create the first Admin) is not allowed",
        ));
    }
    let config = configuration(paths)?;
    let mut store = open_store(paths)?;
    if !accounts::needs_first_admin(&store)? {
        return Err(CliError::refused(
            "an account already exists; the first Admin can only be created once (log in \
             with --user)",
        ));
    }
    let from_stdin = password_stdin || password_from_stdin();
    let what = format!("new password for {name}");
    let password = secrets.read(&what, from_stdin, "--password-stdin")?;
    let confirm = secrets.read(&format!("{what} again"), from_stdin, "--password-stdin")?;
    let user = accounts::first_start_admin(&mut store, name, &password, &confirm)?;
    let runtime = runtime(config.settings.engine.width)?;
    let transport = ssh_transport(paths, args, &config.settings);
    let console = console(
        store,
        transport,
        user,
        false,
        &runtime,
        config.settings.engine,
    );
    Ok(CliSession {
        console,
        runtime,
        _demo: None,
    })
}

pub(crate) fn demo_dir() -> CliResult<DemoDir> {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    let dir = std::env::temp_dir().join(format!("lunadeck-demo-{}-{nanos:09}", std::process::id()));
    let mut builder = std::fs::DirBuilder::new();
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(&dir).map_err(|e| {
        CliError::failed(format!(
            "cannot create the demo directory {}: {e}",
            dir.display()
        ))
    })?;
    Ok(DemoDir(dir))
}

/// `--demo`: the embedded fleet simulated in memory, a throwaway database, the demo Admin, and
/// the bootstrap (organizations, the demo Owner, devices, authorization, discovery, import) done
/// by real operations; then the session of `--user` (the demo Admin when absent, or the demo
/// Owner), signed in with the password only the demo knows, like any login.
fn open_demo(args: &Args, config: &Configuration) -> CliResult<CliSession> {
    let user = args.user.as_deref().unwrap_or(DEMO_USER);
    let Some(user_password) = demo_password(user) else {
        return Err(CliError::refused(format!(
            "--user {user}: the demo has two accounts, {DEMO_USER} (Admin) and {DEMO_OWNER} \
             (Owner of {})",
            crate::ops::demo::DEMO_OWNER_ORGANIZATION
        )));
    };
    let dir = demo_dir()?;
    let mut store = open_store_at(&dir.0.join("lunadeck.sqlite"))?;
    let password = SecretString::from(DEMO_PASSWORD);
    let admin =
        crate::ops::accounts::first_start_admin(&mut store, DEMO_USER, &password, &password)?;
    let fleet = Fleet::demo()
        .map_err(|e| CliError::failed(format!("the embedded demo fleet is unreadable: {e}")))?;
    let runtime = runtime(config.settings.engine.width)?;
    let transport = Transport::Sim {
        fleet: shared(fleet),
    };
    let engine = config.settings.engine.clone();
    let mut console = console(store, transport, admin, false, &runtime, engine);
    super::recording_session::start_recording(args, &console.access, true)?;
    crate::ops::demo::bootstrap(&mut console)?;
    if args.read_only || user != DEMO_USER {
        // The bootstrap writes as the Admin; the user's session is then reopened, read-only
        // when asked.
        let access = console.access.clone();
        drop(console);
        let mut store = open_store_at(&dir.0.join("lunadeck.sqlite"))?;
        let user = accounts::login(&mut store, user, &SecretString::from(user_password))?;
        console = Console::new(
            store,
            access,
            Session {
                user,
                read_only: args.read_only,
            },
            runtime.handle().clone(),
            config.settings.engine.clone(),
            system_clock(),
        );
    }
    Ok(CliSession {
        console,
        runtime,
        _demo: Some(dir),
    })
}

/// `--replay DIR`: the recording as the fleet, a throwaway database brought to where the
/// recorded run started, the demo Admin (read-only when asked).
fn open_replay(args: &Args, config: &Configuration) -> CliResult<CliSession> {
    let runtime = runtime(config.settings.engine.width)?;
    let engine = config.settings.engine.clone();
    let replayed =
        super::recording_session::replayed_console(args, engine.clone(), runtime.handle().clone())?;
    let mut console = replayed.console;
    if args.read_only {
        let access = console.access.clone();
        let user = console.session().user.clone();
        drop(console);
        console = Console::new(
            open_store_at(&replayed.database)?,
            access,
            Session {
                user,
                read_only: true,
            },
            runtime.handle().clone(),
            engine,
            system_clock(),
        );
    }
    Ok(CliSession {
        console,
        runtime,
        _demo: Some(replayed.dir),
    })
}

/// The demo's throwaway database, its witness beside it.
fn open_store_at(path: &Path) -> CliResult<Store> {
    Ok(Store::open(path)?.with_witness(path.with_file_name("audit-witness")))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use super::*;

    #[test]
    fn x_5_only_pinned_host_keys_are_trusted() {
        let q = |fp: &str| HostKeyQuestion {
            target: "hsm1".into(),
            host: "10.0.0.1".into(),
            port: 22,
            algorithm: "ssh-ed25519".into(),
            fingerprint: fp.into(),
        };
        let none = host_key_decider(&[]);
        assert_eq!(none(&q("SHA256:a")), TrustDecision::Reject);
        let two = host_key_decider(&["SHA256:a".into(), "SHA256:b".into()]);
        assert_eq!(two(&q("SHA256:b")), TrustDecision::Trust);
        assert_eq!(two(&q("SHA256:c")), TrustDecision::Reject);
    }
}
