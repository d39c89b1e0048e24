//! lunadeck: a keyboard-only terminal console for Thales Luna Network HSM crypto services.
//! Layers (each uses only those above it): domain, store, luna, sim, jobs, app, ui, cli.

pub mod cli;
pub mod domain;
pub mod jobs;
pub mod logging;
pub mod luna;
pub mod ops;
pub mod paths;
pub mod sim;
pub mod store;
pub mod ui;
