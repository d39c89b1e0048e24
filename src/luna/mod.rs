//! LunaSH (appliance) and LunaCM (client) access: command builders, output parsers, and the
//! `Shell` trait with its transports. Knows nothing of screens or the database.

pub mod command;
pub mod dialogue;
pub mod host_key_pins;
pub mod known_hosts;
pub mod local_process;
pub mod lunacm_command;
pub mod parse;
pub mod prompt;
pub mod recorder;
pub mod replay;
pub mod shell;
pub mod ssh;
pub mod transcript;
