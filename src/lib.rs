//! lunadeck: a keyboard-only terminal console for Thales Luna Network HSM crypto services.
//! Layers (each uses only those above it): domain, store, luna, sim, jobs, ops, kit, app, ui, console, cli.

pub mod app;
pub mod cli;
pub mod config;
pub mod console;
pub mod domain;
pub mod jobs;
pub mod kit;
pub mod logging;
pub mod luna;
pub mod ops;
pub mod paths;
pub mod screens;
pub mod sim;
pub mod store;
pub mod ui;
