//! Operations: every service-management action as a plan built by `domain`, run by `jobs` over
//! the devices, with results persisted by one owner (`Console`) — shared by the CLI and the TUI.

pub mod access;
pub mod accounts;
pub mod activate;
pub mod clients;
pub mod cm_steps;
pub mod completion;
pub mod console;
pub mod create_choices;
pub mod create_completion;
pub mod create_service;
pub mod demo;
pub mod device_completions;
pub mod device_detail;
pub mod device_edit;
pub mod devices;
pub mod discovery;
pub mod discovery_steps;
pub mod error;
pub mod executor;
pub mod ha_init;
pub mod ha_init_ped;
pub mod ha_members;
pub mod import_ops;
pub mod init_steps;
pub mod initialize;
pub mod initialize_completion;
pub mod jobs_view;
pub mod keys;
pub mod login;
pub mod luna_steps;
pub mod manage_support;
pub mod migrate;
mod migrate_completion;
pub mod migrate_records;
pub mod ntls_steps;
pub mod refusals;
pub mod remove_service;
pub mod resize;
pub mod service_edit;
pub mod services_view;
pub mod shutdown;
pub mod templates;

pub use access::{CLIENT_HOST, DeviceAccess, FleetAccess, Transport};
pub use console::{Clock, Console, Finished, Submission, system_clock};
pub use error::{OpsError, OpsResult};
