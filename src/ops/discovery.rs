//! Discovery of unmanaged partitions (IMP-1): every readable device in parallel, plus the client
//! host's HA groups for their real labels; the result becomes the saved import table (IMP-2/3).

use super::access::client_host_key;
use super::completion::{Completion, data_of, failure_message, outputs};
use super::console::{Console, Submission};
use super::discovery_steps::ClientHaGroup;
use super::error::OpsResult;
use super::luna_steps::{Discovered, UnreadPartition};
use crate::domain::DomainError;
use crate::domain::audit_event::Outcome;
use crate::domain::device::{AuthMethod, Device};
use crate::domain::ids::{HsmSerial, JobId, PartitionSerial};
use crate::domain::import::{DiscoveredPartition, sort_rows, suggest_rows};
use crate::domain::import_merge::merge_rows;
use crate::domain::import_row::ImportRow;
use crate::domain::operation::Operation;
use crate::domain::partition::Partition;
use crate::domain::plan::{Plan, PlanStep, StepAction};
use crate::jobs::{DeviceEnd, JobOutcome, Parallelism, StepRecord};
use serde_json::json;

/// Console name of the client host in plans and messages when its address has no name.
const CLIENT_HOST_NAME: &str = "client host";

impl Console {
    /// Whether discovery reads `device`: a password appliance must be authorized in this
    /// session (DEV-2); a PED appliance needs no SO secret to be read.
    pub fn discoverable(&self, device: &Device) -> bool {
        device.facts.auth == AuthMethod::Ped || self.is_authorized(&device.serial)
    }

    /// IMP-1: reads the partitions of every discoverable device in parallel (one progress line
    /// per device) and, when a client host is configured, its HA groups. The completion saves
    /// the partitions and starts a new import table from the partitions no service manages.
    /// Password appliances not authorized in this session are skipped and named.
    pub fn submit_discovery(&mut self) -> OpsResult<JobId> {
        self.authorize(Operation::ImportPartitions, None)?;
        let all = self.store.list_devices()?;
        self.discover(all)
    }

    /// IMP-1 on `serials` only (the Devices screen's marked devices), as `submit_discovery`
    /// reads them all: a saved import table keeps the rows of every other device as they were
    /// (merged, "not read again"). Refused when none of them is in the console.
    pub fn submit_discovery_of(&mut self, serials: &[HsmSerial]) -> OpsResult<JobId> {
        self.authorize(Operation::ImportPartitions, None)?;
        let chosen: Vec<Device> = self
            .store
            .list_devices()?
            .into_iter()
            .filter(|d| serials.contains(&d.serial))
            .collect();
        if chosen.is_empty() {
            return Err(DomainError::refused(
                "none of the chosen devices is in the console: choose the devices to discover",
            )
            .into());
        }
        self.discover(chosen)
    }

    /// Discovery of `candidates` (the readable ones; the others are skipped and named).
    fn discover(&mut self, candidates: Vec<Device>) -> OpsResult<JobId> {
        let (devices, skipped): (Vec<Device>, Vec<Device>) =
            candidates.into_iter().partition(|d| self.discoverable(d));
        let skipped: Vec<String> = skipped.into_iter().map(|d| d.name).collect();
        if devices.is_empty() {
            let why = if skipped.is_empty() {
                "no device is added yet: add and authorize a device first".to_string()
            } else {
                format!(
                    "no device can be read: authorize {} first (HSM SO secret)",
                    skipped.join(", ")
                )
            };
            return Err(DomainError::refused(why).into());
        }
        let mut steps: Vec<PlanStep> = devices
            .iter()
            .map(|d| PlanStep::read(&d.serial, &d.name, StepAction::DiscoverPartitions))
            .collect();
        let client = client_host_key();
        let client_host = self.access.access(&client).map(|a| a.name);
        let with_client = self.access.simulated_client_host() || client_host.is_some();
        if with_client {
            let name = client_host.unwrap_or_else(|| CLIENT_HOST_NAME.to_string());
            steps.push(PlanStep::read(&client, &name, StepAction::ReadHaGroups));
        }
        let executor = self.executor_for(&devices);
        self.submit(Submission {
            plan: Plan {
                operation: Operation::ImportPartitions,
                steps,
            },
            executor,
            secrets: Vec::new(),
            parallelism: Parallelism::PerDevice,
            service: None,
            organization: None,
            completion: Box::new(DiscoveryDone {
                devices: devices.into_iter().map(|d| (d.serial, d.name)).collect(),
                skipped,
                with_client,
                kept: Vec::new(),
            }),
        })
    }
}

/// Puts the client host's labels on the rows of its HA groups' members (instead of the
/// suggested `HA_n`), then re-sorts the table. Rows of no client group keep the suggestion.
pub fn apply_client_labels(rows: &mut [ImportRow], groups: &[ClientHaGroup]) {
    for row in rows.iter_mut() {
        if let Some(g) = groups.iter().find(|g| g.members.contains(&row.partition)) {
            row.ha_group = g.label.trim().to_string();
        }
    }
    sort_rows(rows);
}

struct DiscoveryDone {
    devices: Vec<(HsmSerial, String)>,
    skipped: Vec<String>,
    with_client: bool,
    /// Devices whose partitions were kept as their reading ended.
    kept: Vec<HsmSerial>,
}

/// What discovery learned on one device.
struct DeviceResult {
    name: String,
    partitions: Option<Vec<Partition>>,
    unread: Vec<UnreadPartition>,
}

/// The reading of `serial` among `records`, its partitions limited to that device.
fn reading_of(serial: &HsmSerial, records: &[StepRecord]) -> Option<Discovered> {
    records
        .iter()
        .filter(|r| &r.device == serial)
        .find_map(data_of::<Discovered>)
        .map(|mut d| {
            d.partitions.retain(|p| &p.device == serial);
            d
        })
}

/// Saves the partitions one device reported and marks it up (as soon as its reading ends).
fn keep_device(c: &mut Console, serial: &HsmSerial, found: &Discovered) -> OpsResult<()> {
    c.store.replace_partitions(serial, &found.partitions)?;
    if let Some(mut d) = c.store.load_device(serial)? {
        d.last_seen = Some(c.now());
        d.status = crate::domain::device::DeviceStatus::Up;
        c.store.save_device(&d)?;
    }
    Ok(())
}

impl DiscoveryDone {
    fn results(&self, outcome: &JobOutcome) -> Vec<(HsmSerial, DeviceResult)> {
        self.devices
            .iter()
            .map(|(serial, name)| {
                let found = reading_of(serial, outputs(outcome));
                let unread = found.as_ref().map(|f| f.unread.clone()).unwrap_or_default();
                (
                    serial.clone(),
                    DeviceResult {
                        name: name.clone(),
                        partitions: found.map(|f| f.partitions),
                        unread,
                    },
                )
            })
            .collect()
    }
}

impl Completion for DiscoveryDone {
    fn device_finished(
        &mut self,
        c: &mut Console,
        device: &HsmSerial,
        outputs: &[StepRecord],
        _end: &DeviceEnd,
    ) -> OpsResult<()> {
        if let Some(found) = reading_of(device, outputs) {
            keep_device(c, device, &found)?;
            self.kept.push(device.clone());
        }
        Ok(())
    }

    fn apply(
        self: Box<Self>,
        c: &mut Console,
        outcome: &JobOutcome,
    ) -> OpsResult<(String, serde_json::Value)> {
        let results = self.results(outcome);
        let now = c.now();
        for (serial, r) in &results {
            if let (Some(list), false) = (&r.partitions, self.kept.contains(serial)) {
                let found = Discovered {
                    partitions: list.clone(),
                    unread: Vec::new(),
                };
                keep_device(c, serial, &found)?;
            }
        }
        let managed: Vec<PartitionSerial> = c
            .store
            .list_services(None)?
            .into_iter()
            .flat_map(|s| s.members.into_iter().map(|m| m.partition))
            .collect();
        let mut found = Vec::new();
        let mut per_device = Vec::new();
        for (serial, r) in &results {
            let Some(list) = &r.partitions else {
                per_device.push(json!({"device": r.name, "error": "not read"}));
                continue;
            };
            let unmanaged: Vec<&Partition> = list
                .iter()
                .filter(|p| !managed.contains(&p.serial))
                .collect();
            let unread: Vec<serde_json::Value> = r
                .unread
                .iter()
                .map(|u| json!({"partition": u.name, "serial": u.serial.as_str(), "reason": u.reason}))
                .collect();
            per_device.push(json!({
                "device": r.name,
                "partitions": list.len(),
                "unmanaged": unmanaged.len(),
                "unread": unread,
            }));
            found.extend(unmanaged.into_iter().map(|p| DiscoveredPartition {
                device: serial.clone(),
                device_name: r.name.clone(),
                partition: p.clone(),
            }));
        }
        let client = client_host_key();
        let groups: Option<Vec<ClientHaGroup>> = outputs(outcome)
            .iter()
            .filter(|r| r.device == client)
            .find_map(data_of::<Vec<ClientHaGroup>>);
        let failed: Vec<&str> = results
            .iter()
            .filter(|(_, r)| r.partitions.is_none())
            .map(|(_, r)| r.name.as_str())
            .collect();
        let read = results.len() - failed.len();
        let why = failure_message(outcome);
        if matches!(outcome, JobOutcome::Cancelled { .. }) || read == 0 {
            let reason = why.unwrap_or_else(|| "no device answered".into());
            c.audit(
                Operation::ImportPartitions,
                None,
                None,
                "discovery",
                Outcome::Failure {
                    reason: reason.clone(),
                },
            )?;
            let summary = format!("discovery found nothing new (import table unchanged): {reason}");
            return Ok((
                summary,
                json!({"devices": per_device, "rows": 0, "error": reason}),
            ));
        }
        let mut rows = suggest_rows(&found);
        if let Some(g) = &groups {
            apply_client_labels(&mut rows, g);
        }
        // IMP-3: a saved table is merged into, never replaced (starting over is Cancel).
        let merged = match c.store.load_import_draft()? {
            None if rows.is_empty() => {
                // Nothing to import: no empty table to edit; the splash says so (IMP-8).
                c.store.clear_import_draft()?;
                None
            }
            None => {
                c.store.replace_import_draft(&rows, now)?;
                None
            }
            Some(draft) => {
                let read: Vec<HsmSerial> = results
                    .iter()
                    .filter(|(_, r)| r.partitions.is_some())
                    .map(|(s, _)| s.clone())
                    .collect();
                let is_managed = |r: &ImportRow| managed.contains(&r.partition);
                let (merged, report) = merge_rows(&draft.rows, rows, &read, is_managed);
                let removed: Vec<PartitionSerial> = draft
                    .rows
                    .iter()
                    .filter(|r| is_managed(r))
                    .map(|r| r.partition.clone())
                    .collect();
                c.store.merge_import_draft(&merged, &removed, now)?;
                rows = merged;
                Some(report)
            }
        };
        let mut summary = format!(
            "found {} unmanaged partition(s) on {read} of {} device(s)",
            found.len(),
            results.len()
        );
        let client_note = match (&groups, self.with_client) {
            (Some(g), _) => {
                summary.push_str(&format!(
                    "; {} HA group label(s) read from the client host",
                    g.len()
                ));
                json!({"read": true, "groups": g.len()})
            }
            (None, true) => {
                summary.push_str(
                    "; the client host did not answer: suggested HA_n labels kept (replace them)",
                );
                json!({"read": false})
            }
            (None, false) => json!({"read": false, "configured": false}),
        };
        if !failed.is_empty() {
            summary.push_str(&format!("; FAILED on {}", failed.join(", ")));
        }
        let unread: Vec<String> = results
            .iter()
            .flat_map(|(_, r)| {
                r.unread.iter().map(move |u| {
                    format!(
                        "{}: partition '{}' ({}) listed but not read: {}",
                        r.name, u.name, u.serial, u.reason
                    )
                })
            })
            .collect();
        if !unread.is_empty() {
            summary.push_str(&format!("; {}", unread.join("; ")));
        }
        if !self.skipped.is_empty() {
            summary.push_str(&format!(
                "; skipped (not authorized): {}",
                self.skipped.join(", ")
            ));
        }
        if let Some(report) = &merged {
            summary.push_str(&format!("; {}", report.sentence()));
        }
        if let (Some(why), false) = (&why, failed.is_empty()) {
            summary.push_str(&format!(" — {why}"));
        }
        let audit_outcome = if failed.is_empty() {
            Outcome::Success
        } else {
            Outcome::Failure {
                reason: format!("not read: {}", failed.join(", ")),
            }
        };
        c.audit(
            Operation::ImportPartitions,
            None,
            None,
            &format!("discovery: {} partition(s) found", rows.len()),
            audit_outcome,
        )?;
        Ok((
            summary,
            json!({
                "devices": per_device,
                "failed": failed,
                "skipped": self.skipped,
                "client_host": client_note,
                "rows": rows.len(),
                "merge": merged.as_ref().map(|m| json!({
                    "kept": m.kept,
                    "added": m.added,
                    "not_reread": m.not_reread,
                    "gone": m.gone,
                    "now_managed": m.now_managed,
                })),
            }),
        ))
    }
}
