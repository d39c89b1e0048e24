//! Service templates (TPL): the type, size and capabilities every service created from the
//! template gets. The capability rules themselves live in `template_rules`.

use super::device::{AuthMethod, Performance};
use super::ids::TemplateId;
use serde::{Deserialize, Serialize};
use std::fmt;

/// Standalone partition or HA group across appliances.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ServiceType {
    Partition,
    HaGroup,
}

impl fmt::Display for ServiceType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ServiceType::Partition => "HSM Partition",
            ServiceType::HaGroup => "HSM Partition HA Group",
        })
    }
}

/// The HSM model / firmware line a template targets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum HsmLine {
    /// Luna Network HSM (SA) with 6.x firmware (software 5.x or 6.x).
    Luna6,
    /// Luna Network HSM 7 with firmware below 7.7.0.
    Luna7,
    /// Luna Network HSM 7 with firmware 7.7.0 and above.
    Luna77,
}

impl fmt::Display for HsmLine {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            HsmLine::Luna6 => "Luna Network HSM 6 (firmware 6.x)",
            HsmLine::Luna7 => "Luna Network HSM 7 (firmware below 7.7.0)",
            HsmLine::Luna77 => "Luna Network HSM 7 (firmware 7.7.0 and above)",
        })
    }
}

/// What services created from the template get.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Capabilities {
    pub service_type: ServiceType,
    pub performance: Performance,
    pub auth: AuthMethod,
    pub line: HsmLine,
    /// Partition size in bytes (1000–99999999).
    pub partition_size: u64,
    /// Per-partition SO.
    pub ppso: bool,
    /// Scalable Key Storage (V1 partition).
    pub sks: bool,
    /// Secure Trusted Channel.
    pub stc: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Template {
    pub id: TemplateId,
    pub name: String,
    pub description: String,
    pub capabilities: Capabilities,
}
