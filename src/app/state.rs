//! `App`: the single owner of UI state. Modes are enums or options that own their state (the
//! tab, the open modal, the login screen, the command line, the filter); nothing else mutates it
//! but `update`.

use super::keymap::Keymap;
use super::message::{SessionInfo, StatusCounts};
use super::modal::Modal;
use super::prompt::{CommandLine, Filter, FilterMode};
use super::tab::{Focus, NavItem, Tab};

/// Options fixed at start-up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct AppOptions {
    pub read_only: bool,
    pub monochrome: bool,
    /// Demo sign-in prefilled (the demo, or a replay over its throwaway database).
    pub demo: bool,
    /// Devices answer from a recording (`--replay DIR`): the status bar says REPLAY.
    pub replay: bool,
}

/// Data that arrives from the backend: not asked yet, being fetched, here, or refused.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Loaded<T> {
    #[default]
    Loading,
    Ready(T),
    Failed(String),
}

/// A list with its selected row (an index into the rows the filter lets through).
#[derive(Debug)]
pub struct App {
    pub keymap: Keymap,
    pub options: AppOptions,
    pub tab: Tab,
    pub nav: NavItem,
    pub focus: Focus,
    pub modal: Option<Modal>,
    pub session: Option<SessionInfo>,
    pub counts: StatusCounts,
    /// Frame of the status-bar spinner (advanced by ticks while anything runs).
    pub spinner: usize,
    /// A one-line notice under the status bar, cleared by the next key.
    pub notice: Option<String>,
    /// Every message shown this session (issue 11.1).
    pub messages: super::message_log::MessageLog,
    pub command: Option<CommandLine>,
    pub filter: Option<Filter>,
    /// Crypto Services → Import Partitions (IMP-1..8).
    /// Devices, Jobs, Audit and Accounts screens (app/panels.rs).
    pub panels: super::panels::Panels,
    /// The registered screens (`src/screens/`).
    pub screens: crate::screens::Screens,
}

impl App {
    pub fn new(keymap: Keymap, options: AppOptions) -> App {
        App {
            keymap,
            options,
            tab: Tab::default(),
            nav: NavItem::default(),
            focus: Focus::default(),
            modal: None,
            session: None,
            counts: StatusCounts::default(),
            spinner: 0,
            notice: None,
            messages: Default::default(),
            command: None,
            filter: None,
            panels: super::panels::Panels::default(),
            screens: Default::default(),
        }
    }

    pub fn running_jobs(&self) -> usize {
        self.counts
            .running_jobs
            .max(self.screens.jobs.running.len())
    }

    /// Whether a tick is needed (a spinner turns): jobs run or the login is being checked.
    pub fn animating(&self) -> bool {
        use crate::screens::login::{LoginMode, LoginPhase};
        let l = &self.screens.login;
        let checking = self.session.is_none()
            && l.phase == LoginPhase::Checking
            && l.mode != LoginMode::Connecting;
        self.running_jobs() > 0 || checking
    }

    pub fn filter_editing(&self) -> bool {
        self.filter
            .as_ref()
            .is_some_and(|f| f.mode == FilterMode::Editing)
    }

    /// Whether the screen in front has a list the filter applies to.
    pub fn has_list(&self) -> bool {
        super::screen::front(self).is_some_and(|f| self.screens.lists(f))
    }
}
