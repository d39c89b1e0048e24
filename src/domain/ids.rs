//! Identifiers: device-owned things are keyed on their serial numbers (labels are not unique),
//! console-owned things on numbers the store assigns.

use serde::{Deserialize, Serialize};
use std::fmt;

macro_rules! serial_id {
    ($(#[$m:meta])* $name:ident) => {
        $(#[$m])*
        #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub String);
        impl $name {
            pub fn new(s: impl Into<String>) -> Self { Self(s.into()) }
            pub fn as_str(&self) -> &str { &self.0 }
        }
        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result { f.write_str(&self.0) }
        }
    };
}

macro_rules! number_id {
    ($(#[$m:meta])* $name:ident) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub i64);
        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result { write!(f, "{}", self.0) }
        }
    };
}

serial_id!(
    /// The HSM serial number of an appliance (`Serial #:` in `hsm show`).
    HsmSerial
);
serial_id!(
    /// A partition serial number (`Partition SN:`), unique across the fleet.
    PartitionSerial
);
number_id!(
    /// A service managed by the console.
    ServiceId
);
number_id!(
    /// A service template.
    TemplateId
);
number_id!(
    /// An organization that owns services.
    OrganizationId
);
number_id!(
    /// A console user account.
    UserId
);
number_id!(
    /// A job run by the engine.
    JobId
);
number_id!(
    /// A migration recorded by the console (MIG-4/5: its source, targets and their states).
    MigrationId
);
