//! Test-only helpers shared by the integration tests: an in-process SSH server (russh) that
//! serves a program per channel, the way OpenSSH's ForceCommand serves `lunash-sim`.

#![allow(dead_code)]

pub mod cli_rig;
pub mod deck;
pub mod pty;
pub mod ssh_client;
pub mod ssh_server;
pub mod sshd;
