//! The application layer: the single owner of UI state (`App`), the `Action`s that change it
//! through `update`, key routing from the data-driven key map, and the backend thread. It never
//! imports `ui`; the run loop that draws lives in `console`.

pub mod action;
pub mod backend;
mod backend_events;
mod backend_panels;
pub mod host_key_bridge;
pub mod key_action;
pub mod key_chord;
pub mod key_table;
pub mod keymap;
pub mod message;
pub mod message_log;
pub mod modal;
pub mod panel_dialog;
pub mod panel_message;
pub mod panels;
pub mod prompt;
pub mod route;
pub mod screen;
mod screen_registry;
pub mod source;
pub mod state;
pub mod tab;
pub mod update;
mod update_backend;
mod update_panel_dialog;
pub mod update_panels;
pub mod wire_secret;

pub use action::{Action, Command, Motion};
pub use keymap::{Keymap, KeymapError};
pub use message::{BackendEvent, BackendRequest};
pub use source::ConsoleSource;
pub use state::{App, AppOptions};
pub use tab::{Focus, NavItem, Place, Tab};
pub use update::update;
