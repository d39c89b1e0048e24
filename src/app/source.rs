//! `ConsoleSource`: how the backend thread gets its `ops::Console` — open the database (login
//! and the first-Admin check run on it), then build the console for the signed-in session.

use crate::domain::permission::Session;
use crate::jobs::EngineConfig;
use crate::ops::{Console, FleetAccess, system_clock};
use crate::store::Store;
use color_eyre::eyre::{Result, WrapErr};
use std::path::PathBuf;
use std::sync::Arc;

pub type OpenStore = Box<dyn FnOnce() -> Result<Store> + Send>;
pub type BuildConsole =
    Box<dyn FnOnce(Store, Session, tokio::runtime::Handle) -> Result<Console> + Send>;

/// Both steps run on the backend thread, never on the drawing task.
pub struct ConsoleSource {
    pub open_store: OpenStore,
    pub build: BuildConsole,
    /// Connected to the UI by the backend thread: host-key questions of `Transport::Ssh`.
    pub host_keys: Option<super::host_key_bridge::HostKeyBridge>,
}

impl ConsoleSource {
    pub fn new(open_store: OpenStore, build: BuildConsole) -> ConsoleSource {
        ConsoleSource {
            open_store,
            build,
            host_keys: None,
        }
    }

    /// The opened store witnesses the audit head in `dir`.
    pub fn with_audit_witness(mut self, dir: PathBuf) -> Self {
        let open = self.open_store;
        self.open_store = Box::new(move || Ok(open()?.with_witness(dir)));
        self
    }

    /// The bridge whose `decider` the `Transport::Ssh` of this console uses (DEV-1).
    pub fn with_host_keys(mut self, bridge: super::host_key_bridge::HostKeyBridge) -> Self {
        self.host_keys = Some(bridge);
        self
    }

    /// The usual source: the database at `database`, devices reached through `access` (SSH,
    /// or the simulator for `--demo`), the engine configured with `config`, the system clock.
    pub fn at(database: PathBuf, access: Arc<FleetAccess>, config: EngineConfig) -> ConsoleSource {
        ConsoleSource {
            open_store: Box::new(move || {
                Store::open(&database)
                    .wrap_err_with(|| format!("cannot open the database {}", database.display()))
            }),
            build: Box::new(move |store, session, runtime| {
                Ok(Console::new(
                    store,
                    access,
                    session,
                    runtime,
                    config,
                    system_clock(),
                ))
            }),
            host_keys: None,
        }
    }
}
