//! The domain layer: entities keyed on serials and every rule of the seed, pure (no IO, no
//! tokio, no ratatui, no rusqlite) so each rule exists once and is unit-tested.

pub mod audit_chain;
pub mod audit_event;
pub mod client;
pub mod device;
pub mod error;
pub mod ids;
pub mod import_row;
pub mod job;
pub mod lifecycle;
pub mod operation;
pub mod organization;
pub mod partition;
pub mod service;
pub mod template;
pub mod timestamp;
pub mod version;

pub use error::{DomainError, DomainResult, Field};
