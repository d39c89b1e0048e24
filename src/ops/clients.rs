//! The Clients tab (MNG-6): read the clients registered on each member device, keep them with
//! their status (ok / needs re-registration), fingerprint and last registration.

use super::completion::{Completion, data_of, outputs};
use super::console::{Console, Submission};
use super::error::OpsResult;
use crate::domain::client::Client;
use crate::domain::device::Device;
use crate::domain::ha::mark_clients_for_reregistration;
use crate::domain::ids::{HsmSerial, JobId, ServiceId};
use crate::domain::operation::Operation;
use crate::domain::plan::{Plan, PlanStep, StepAction};
use crate::domain::service::Service;
use crate::domain::timestamp::Timestamp;
use crate::jobs::{JobOutcome, Parallelism};
use serde::{Deserialize, Serialize};
use serde_json::json;

/// One row of the Clients tab.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClientRow {
    pub device: String,
    pub name: String,
    pub host: String,
    pub status: ClientStatus,
    pub fingerprint: Option<String>,
    pub last_registration: Option<Timestamp>,
    /// The service's partitions assigned to the client on that device.
    pub partitions: Vec<String>,
}

/// Whether a client's registration still matches the device (MNG-6).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, strum::Display)]
pub enum ClientStatus {
    #[serde(rename = "ok")]
    #[strum(to_string = "ok")]
    Ok,
    #[serde(rename = "needs re-registration")]
    #[strum(to_string = "needs re-registration")]
    NeedsReregistration,
}

impl Console {
    /// (device, partition name) of every member of `service`, as stored.
    pub fn service_partition_names(
        &self,
        service: &Service,
    ) -> OpsResult<Vec<(HsmSerial, String)>> {
        let mut out = Vec::new();
        for m in &service.members {
            if let Some(p) = self.store.load_partition(&m.partition)? {
                out.push((p.device, p.name));
            }
        }
        Ok(out)
    }

    /// MNG-6: the clients of `service` as last read (clients with one of its partitions).
    pub fn service_clients(&self, service_id: ServiceId) -> OpsResult<Vec<ClientRow>> {
        let service = self.service_for(service_id, Operation::ViewService)?;
        let parts = self.service_partition_names(&service)?;
        let devices = self.store.list_devices()?;
        let mut rows = Vec::new();
        for c in self.store.list_clients(None)? {
            let mine: Vec<String> = c
                .partitions
                .iter()
                .filter(|p| parts.iter().any(|(d, n)| *d == c.device && n == *p))
                .cloned()
                .collect();
            if mine.is_empty() {
                continue;
            }
            let device = devices
                .iter()
                .find(|d| d.serial == c.device)
                .map(|d| d.name.clone())
                .unwrap_or_else(|| c.device.to_string());
            rows.push(ClientRow {
                device,
                name: c.name.clone(),
                host: c.hostname.clone(),
                status: if c.needs_reregistration {
                    ClientStatus::NeedsReregistration
                } else {
                    ClientStatus::Ok
                },
                fingerprint: c.fingerprint.clone(),
                last_registration: c.last_registration,
                partitions: mine,
            });
        }
        Ok(rows)
    }

    /// MNG-6: reads the clients of every member device (in parallel; a down device keeps what
    /// was last read).
    pub fn submit_read_clients(&mut self, service_id: ServiceId) -> OpsResult<JobId> {
        let service = self.service_for(service_id, Operation::ViewService)?;
        let members = self.members_with_devices(&service)?;
        let mut devices: Vec<Device> = Vec::new();
        for (_, d) in members {
            if !devices.iter().any(|x| x.serial == d.serial) {
                devices.push(d);
            }
        }
        let steps = devices
            .iter()
            .map(|d| PlanStep::read(&d.serial, &d.name, StepAction::ReadClients))
            .collect();
        self.submit(Submission {
            plan: Plan {
                operation: Operation::ViewService,
                steps,
            },
            executor: self.executor_for(&devices),
            secrets: Vec::new(),
            parallelism: Parallelism::PerDevice,
            service: Some(service.id),
            organization: Some(service.organization),
            completion: Box::new(ClientsRead {
                service: service.id,
                devices: devices.iter().map(|d| d.serial.clone()).collect(),
            }),
        })
    }

    /// MNG-6: marks the clients using `partitions` (device, name) as needing re-registration;
    /// returns how many were newly marked.
    pub fn mark_for_reregistration(
        &mut self,
        partitions: &[(HsmSerial, String)],
    ) -> OpsResult<usize> {
        let mut clients = self.store.list_clients(None)?;
        let before = clients.clone();
        let n = mark_clients_for_reregistration(&mut clients, partitions);
        for (c, old) in clients.iter().zip(before.iter()) {
            if c != old {
                self.store.save_client(c)?;
            }
        }
        Ok(n)
    }
}

/// Merges what a device reported with what was stored: a new client or a new certificate
/// fingerprint is a (re-)registration now; otherwise the stored flag and date are kept.
pub fn merge_client(read: Client, stored: Option<&Client>, now: Timestamp) -> Client {
    let mut c = read;
    match stored {
        Some(old) if old.fingerprint == c.fingerprint => {
            c.last_registration = old.last_registration;
            c.needs_reregistration = old.needs_reregistration;
        }
        _ => {
            c.last_registration = Some(now);
            c.needs_reregistration = false;
        }
    }
    c
}

struct ClientsRead {
    service: ServiceId,
    devices: Vec<HsmSerial>,
}

impl Completion for ClientsRead {
    fn apply(
        self: Box<Self>,
        c: &mut Console,
        outcome: &JobOutcome,
    ) -> OpsResult<(String, serde_json::Value)> {
        let now = c.now();
        let mut read_devices = 0;
        for serial in &self.devices {
            let Some(read) = outputs(outcome)
                .iter()
                .filter(|r| &r.device == serial)
                .find_map(data_of::<Vec<Client>>)
            else {
                continue;
            };
            read_devices += 1;
            let stored = c.store.list_clients(Some(serial))?;
            for old in &stored {
                if !read.iter().any(|n| n.name == old.name) {
                    c.store.delete_client(serial, &old.name)?;
                }
            }
            for client in read {
                let old = stored.iter().find(|o| o.name == client.name);
                c.store.save_client(&merge_client(client, old, now))?;
            }
        }
        let rows = c.service_clients(self.service)?;
        let summary = format!(
            "{} client(s); read from {read_devices} of {} device(s)",
            rows.len(),
            self.devices.len()
        );
        Ok((summary, json!(rows)))
    }
}
