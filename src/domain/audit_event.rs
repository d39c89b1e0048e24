//! One entry of the audit trail: who, when, what, on which device, result. Events never
//! hold secrets; the chain hashes are computed in `audit_chain`.

use super::ids::{HsmSerial, OrganizationId};
use super::timestamp::Timestamp;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Outcome {
    Success,
    Failure { reason: String },
}

/// An event before it is chained (what callers create).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEvent {
    pub at: Timestamp,
    pub actor: String,
    /// Organization the event concerns (Owners see only their own organization's events).
    pub organization: Option<OrganizationId>,
    /// Operation name, e.g. `service.delete`.
    pub action: String,
    pub device: Option<HsmSerial>,
    /// What was acted on, e.g. a service or partition name.
    pub target: String,
    pub outcome: Outcome,
}
