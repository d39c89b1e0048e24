//! Operations: every service-management action as a plan built by `domain`, run by `jobs` over
//! the devices, with results persisted by one owner (`Console`) — shared by the CLI and the TUI.

pub mod access;
pub mod clients;
pub mod cm_steps;
pub mod completion;
pub mod console;
pub mod devices;
pub mod error;
pub mod executor;
pub mod ha_init;
pub mod ha_members;
pub mod keys;
pub mod luna_steps;
pub mod manage_support;
pub mod migrate;
pub mod resize;

pub use access::{CLIENT_HOST, DeviceAccess, FleetAccess, Transport};
pub use console::{Clock, Console, Finished, Submission, system_clock};
pub use error::{OpsError, OpsResult};
