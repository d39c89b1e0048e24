//! The service life cycle as a state machine: uninitialized → initialized → activated →
//! deployed, partially initialized services, and view-only imported STC+PPSO services (IMP-6).

use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ServiceState {
    /// Created; no member initialized yet.
    Uninitialized,
    /// Some members initialized, others added and still uninitialized (HA-1).
    PartiallyInitialized,
    /// Every member initialized (roles set).
    Initialized,
    /// PED roles activated (challenge alone authenticates).
    Activated,
    /// An application owner deployed it (STC link established, if STC).
    Deployed,
    /// Imported with both STC and PPSO: rename, describe, change organization, detach, delete only.
    ViewOnly,
}

impl fmt::Display for ServiceState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ServiceState::Uninitialized => "Uninitialized",
            ServiceState::PartiallyInitialized => "Partially initialized",
            ServiceState::Initialized => "Initialized",
            ServiceState::Activated => "Activated",
            ServiceState::Deployed => "Deployed",
            ServiceState::ViewOnly => "View only",
        })
    }
}
