//! The fleet simulator: a stateful, independent implementation of Luna appliances (LunaSH) and
//! one Luna client host (LunaCM), printing the formats of LUNASH.md and docs/assumed-formats.md.

pub mod appliance;
pub mod client_slots;
pub mod command_line;
pub mod faults;
pub mod fleet;
pub mod lunacm;
pub mod lunacm_format;
pub mod lunacm_ha;
pub mod lunacm_role;
pub mod lunash;
pub mod lunash_client;
pub mod lunash_format;
pub mod lunash_partition;
pub mod lunash_partition_roles;
pub mod model;
pub mod profile;
pub mod session;
pub mod store;
pub mod term;

pub use faults::{DropPoint, Faults};
pub use model::Fleet;
pub use session::{SharedFleet, SimShell, shared};
pub use store::{FleetStore, StoreError};
