//! A crypto service: one partition, or an HA group of partitions on distinct appliances, owned by
//! one organization. Its life-cycle state is governed by `lifecycle`.

use super::device::AuthMethod;
use super::ids::{OrganizationId, PartitionSerial, ServiceId, TemplateId};
use super::lifecycle::ServiceState;
use super::timestamp::Timestamp;
use serde::{Deserialize, Serialize};

/// Standalone partition or HA group (with the client-side HA group label).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum ServiceKind {
    Standalone,
    HaGroup { label: String },
}

impl ServiceKind {
    pub fn is_ha(&self) -> bool {
        matches!(self, ServiceKind::HaGroup { .. })
    }
}

/// A member partition of a service. The first member is the primary (migration source).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Member {
    pub partition: PartitionSerial,
    /// Added to the service but not yet initialized (HA-1): listed in its own grid.
    pub pending_init: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Service {
    pub id: ServiceId,
    pub name: String,
    pub description: String,
    pub kind: ServiceKind,
    /// None for imported services.
    pub template: Option<TemplateId>,
    pub organization: OrganizationId,
    pub created_by: String,
    pub created_at: Timestamp,
    pub members: Vec<Member>,
    pub state: ServiceState,
    pub auth: AuthMethod,
    pub ppso: bool,
    pub stc: bool,
    /// Partition size in bytes, the same on every member.
    pub partition_size: u64,
}

impl Service {
    /// The primary partition (first member), if any.
    pub fn primary(&self) -> Option<&PartitionSerial> {
        self.members.first().map(|m| &m.partition)
    }
    /// Members added but not initialized yet.
    pub fn pending_members(&self) -> impl Iterator<Item = &Member> {
        self.members.iter().filter(|m| m.pending_init)
    }
}
