//! The domain layer: entities keyed on serials and every rule of the seed, pure (no IO, no
//! tokio, no ratatui, no rusqlite) so each rule exists once and is unit-tested.

pub mod audit_chain;
pub mod audit_event;
pub mod client;
pub mod confirmation;
pub mod crypto_user;
pub mod device;
pub mod error;
pub mod ha;
pub mod ids;
pub mod import;
pub mod import_merge;
pub mod import_row;
pub mod initialization;
pub mod job;
pub mod lifecycle;
pub mod login_throttle;
pub mod migration;
pub mod migration_record;
pub mod operation;
pub mod organization;
pub mod partition;
pub mod permission;
pub mod plan;
pub mod resize;
pub mod secret_serde;
pub mod service;
pub mod template;
pub mod template_rules;
#[cfg(test)]
pub mod test_fixtures;
pub mod text;
pub mod timestamp;
pub mod validation;
pub mod version;

pub use error::{DomainError, DomainResult, Field};
