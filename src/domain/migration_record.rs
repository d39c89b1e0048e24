//! What the console remembers of a migration (MIG-4/5): source service and partition, the new
//! service, each target's state, when it started and ended — the Migrate Service screen's rows.

use super::ids::{HsmSerial, JobId, MigrationId, OrganizationId, PartitionSerial, ServiceId};
use super::timestamp::Timestamp;
use serde::{Deserialize, Serialize};
use std::fmt;

/// Where one target stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum TargetState {
    /// Its steps are running or waiting.
    Running,
    /// The partition was created, initialized and cloned to.
    Migrated,
    /// Its steps failed and what they made was undone.
    Failed,
    /// The console stopped while its steps ran: what the device holds is not known.
    Interrupted,
}

impl fmt::Display for TargetState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            TargetState::Running => "running",
            TargetState::Migrated => "migrated",
            TargetState::Failed => "failed",
            TargetState::Interrupted => "interrupted",
        })
    }
}

/// One target device of a migration.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MigrationTarget {
    pub device: HsmSerial,
    pub device_name: String,
    pub state: TargetState,
    /// The new partition, once migrated.
    pub partition: Option<PartitionSerial>,
}

/// One migration, from its submission on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MigrationRecord {
    pub id: MigrationId,
    pub job: Option<JobId>,
    pub source: ServiceId,
    pub source_name: String,
    pub source_partition: String,
    /// The new service's name, and its id once it exists.
    pub new_name: String,
    pub new_service: Option<ServiceId>,
    pub organization: OrganizationId,
    pub started_by: String,
    pub started_at: Timestamp,
    pub finished_at: Option<Timestamp>,
    pub targets: Vec<MigrationTarget>,
    /// The job's closing sentence (the repair advice when some targets failed).
    pub outcome: Option<String>,
}

impl MigrationRecord {
    /// Still running: not finished.
    pub fn running(&self) -> bool {
        self.finished_at.is_none()
    }

    /// The targets that failed or were interrupted (the repair adds partitions on exactly
    /// these; one that holds the partition already is refused by Add Partitions itself).
    pub fn failed(&self) -> Vec<&MigrationTarget> {
        self.targets
            .iter()
            .filter(|t| matches!(t.state, TargetState::Failed | TargetState::Interrupted))
            .collect()
    }

    /// Whether `service` is the source or the new service of this running migration (MIG-5:
    /// those two are locked while it runs).
    pub fn locks(&self, service: ServiceId) -> bool {
        self.running() && (self.source == service || self.new_service == Some(service))
    }

    /// What a changing action on a service this migration locks says (MIG-5).
    pub fn locked_refusal(service: &str, migration: MigrationId) -> String {
        format!(
            "Service '{service}' is locked by migration {migration}: it changes when the \
             migration ends"
        )
    }

    /// Seconds from the start to the end, or to `now` while running.
    pub fn elapsed_seconds(&self, now: Timestamp) -> i64 {
        let end = self.finished_at.unwrap_or(now);
        (end.0 - self.started_at.0).max(0)
    }

    /// "migrated 1, failed 1, running 0" — the targets' states counted.
    pub fn states_line(&self) -> String {
        let n = |s: TargetState| self.targets.iter().filter(|t| t.state == s).count();
        let interrupted = n(TargetState::Interrupted);
        let mut line = format!(
            "migrated {}, failed {}, running {}",
            n(TargetState::Migrated),
            n(TargetState::Failed),
            n(TargetState::Running)
        );
        if interrupted > 0 {
            line.push_str(&format!(", interrupted {interrupted}"));
        }
        line
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record() -> MigrationRecord {
        let target = |name: &str, state| MigrationTarget {
            device: HsmSerial::new(name),
            device_name: name.into(),
            state,
            partition: None,
        };
        MigrationRecord {
            id: MigrationId(1),
            job: Some(JobId(7)),
            source: ServiceId(3),
            source_name: "payments".into(),
            source_partition: "pay1".into(),
            new_name: "payments-7".into(),
            new_service: None,
            organization: OrganizationId(1),
            started_by: "admin".into(),
            started_at: Timestamp(100),
            finished_at: None,
            targets: vec![
                target("a", TargetState::Migrated),
                target("b", TargetState::Failed),
            ],
            outcome: None,
        }
    }

    #[test]
    fn mig_5_a_running_migration_locks_its_source_and_new_service_only() {
        let mut r = record();
        assert!(r.locks(ServiceId(3)));
        assert!(!r.locks(ServiceId(4)));
        r.new_service = Some(ServiceId(4));
        assert!(r.locks(ServiceId(4)));
        r.finished_at = Some(Timestamp(200));
        assert!(!r.locks(ServiceId(3)), "a finished migration locks nothing");
    }

    #[test]
    fn mig_4_failed_targets_and_elapsed_time() {
        let r = record();
        let failed: Vec<&str> = r.failed().iter().map(|t| t.device_name.as_str()).collect();
        assert_eq!(failed, ["b"]);
        assert_eq!(r.elapsed_seconds(Timestamp(105)), 5);
        assert_eq!(r.states_line(), "migrated 1, failed 1, running 0");
    }
}
