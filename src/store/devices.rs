//! Appliances and what was read from them: devices (keyed on the HSM serial), their partitions
//! (keyed on the partition serial), registered clients and the cached key objects.

use super::Store;
use super::codec::{exec, json_rows, to_json, u64_to_i64};
use super::error::{StoreError, Violation, conflict_or};
use crate::domain::client::{Client, KeyObject};
use crate::domain::device::Device;
use crate::domain::ids::{HsmSerial, PartitionSerial};
use crate::domain::partition::Partition;
use rusqlite::params;

fn save_partition_in(
    tx: &rusqlite::Connection,
    path: &std::path::Path,
    p: &Partition,
) -> Result<(), StoreError> {
    let what = "saving a partition";
    let data = to_json(path, what, p)?;
    tx.execute(
        "INSERT INTO partitions (serial, device, name, data) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (serial) DO UPDATE SET device = excluded.device, name = excluded.name,
         data = excluded.data",
        params![p.serial.as_str(), p.device.as_str(), p.name, data],
    )
    .map_err(|e| {
        conflict_or(path, what, e, |_| {
            format!(
                "Partition {} refers to device {}, which is not in the console.",
                p.serial, p.device
            )
        })
    })?;
    Ok(())
}

impl Store {
    /// Inserts or replaces the device with this serial (DEV-1/3). Device names are unique.
    pub fn save_device(&mut self, d: &Device) -> Result<(), StoreError> {
        self.write("saving a device", |tx, path| {
            let what = "saving a device";
            let data = to_json(path, what, d)?;
            tx.execute(
                "INSERT INTO devices (serial, name, host, status, data) VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT (serial) DO UPDATE SET name = excluded.name, host = excluded.host,
                 status = excluded.status, data = excluded.data",
                params![
                    d.serial.as_str(),
                    d.name,
                    d.host,
                    d.status.to_string(),
                    data
                ],
            )
            .map_err(|e| {
                conflict_or(path, what, e, |_| {
                    format!("A device named '{}' already exists.", d.name)
                })
            })?;
            Ok(())
        })
    }

    pub fn load_device(&self, serial: &HsmSerial) -> Result<Option<Device>, StoreError> {
        self.read("loading a device", |c, path| {
            let mut v = json_rows(
                c,
                path,
                "loading a device",
                "SELECT data FROM devices WHERE serial = ?1",
                [serial.as_str()],
            )?;
            Ok(v.pop())
        })
    }

    /// Every device, by name.
    pub fn list_devices(&self) -> Result<Vec<Device>, StoreError> {
        self.read("listing devices", |c, path| {
            json_rows(
                c,
                path,
                "listing devices",
                "SELECT data FROM devices ORDER BY name, serial",
                [],
            )
        })
    }

    /// Removes the device with its partitions, clients and key objects. Returns whether it
    /// existed.
    pub fn delete_device(&mut self, serial: &HsmSerial) -> Result<bool, StoreError> {
        self.write("removing a device", |tx, path| {
            let n = exec(
                tx,
                path,
                "removing a device",
                "DELETE FROM devices WHERE serial = ?1",
                [serial.as_str()],
            )?;
            Ok(n > 0)
        })
    }

    /// Inserts or replaces the partition with this serial; its device must be saved first.
    pub fn save_partition(&mut self, p: &Partition) -> Result<(), StoreError> {
        self.write("saving a partition", |tx, path| {
            save_partition_in(tx, path, p)
        })
    }

    /// Replaces every partition of `device` with `partitions` (after a refresh) in one
    /// transaction: partitions no longer reported are removed.
    pub fn replace_partitions(
        &mut self,
        device: &HsmSerial,
        partitions: &[Partition],
    ) -> Result<(), StoreError> {
        self.write("replacing partitions", |tx, path| {
            exec(
                tx,
                path,
                "replacing partitions",
                "DELETE FROM partitions WHERE device = ?1",
                [device.as_str()],
            )?;
            for p in partitions {
                if &p.device != device {
                    return Err(StoreError::Invalid {
                        message: format!(
                            "Partition {} is on device {}, not on {device}.",
                            p.serial, p.device
                        ),
                    });
                }
                save_partition_in(tx, path, p)?;
            }
            Ok(())
        })
    }

    pub fn load_partition(
        &self,
        serial: &PartitionSerial,
    ) -> Result<Option<Partition>, StoreError> {
        self.read("loading a partition", |c, path| {
            let mut v = json_rows(
                c,
                path,
                "loading a partition",
                "SELECT data FROM partitions WHERE serial = ?1",
                [serial.as_str()],
            )?;
            Ok(v.pop())
        })
    }

    /// Partitions of one device, or of every device, by device then name.
    pub fn list_partitions(
        &self,
        device: Option<&HsmSerial>,
    ) -> Result<Vec<Partition>, StoreError> {
        self.read("listing partitions", |c, path| {
            json_rows(
                c,
                path,
                "listing partitions",
                "SELECT data FROM partitions WHERE ?1 IS NULL OR device = ?1
                 ORDER BY device, name, serial",
                [device.map(HsmSerial::as_str)],
            )
        })
    }

    pub fn delete_partition(&mut self, serial: &PartitionSerial) -> Result<bool, StoreError> {
        self.write("removing a partition", |tx, path| {
            let n = exec(
                tx,
                path,
                "removing a partition",
                "DELETE FROM partitions WHERE serial = ?1",
                [serial.as_str()],
            )?;
            Ok(n > 0)
        })
    }

    /// Inserts or replaces the client `(device, name)`.
    pub fn save_client(&mut self, client: &Client) -> Result<(), StoreError> {
        self.write("saving a client", |tx, path| {
            let what = "saving a client";
            let data = to_json(path, what, client)?;
            tx.execute(
                "INSERT INTO clients (device, name, data) VALUES (?1, ?2, ?3)
                 ON CONFLICT (device, name) DO UPDATE SET data = excluded.data",
                params![client.device.as_str(), client.name, data],
            )
            .map_err(|e| {
                conflict_or(path, what, e, |v| match v {
                    Violation::ForeignKey => format!(
                        "Client '{}' refers to device {}, which is not in the console.",
                        client.name, client.device
                    ),
                    _ => format!("Client '{}' cannot be saved.", client.name),
                })
            })?;
            Ok(())
        })
    }

    /// Clients registered on one device, or on every device.
    pub fn list_clients(&self, device: Option<&HsmSerial>) -> Result<Vec<Client>, StoreError> {
        self.read("listing clients", |c, path| {
            json_rows(
                c,
                path,
                "listing clients",
                "SELECT data FROM clients WHERE ?1 IS NULL OR device = ?1 ORDER BY device, name",
                [device.map(HsmSerial::as_str)],
            )
        })
    }

    pub fn delete_client(&mut self, device: &HsmSerial, name: &str) -> Result<bool, StoreError> {
        self.write("removing a client", |tx, path| {
            let n = exec(
                tx,
                path,
                "removing a client",
                "DELETE FROM clients WHERE device = ?1 AND name = ?2",
                params![device.as_str(), name],
            )?;
            Ok(n > 0)
        })
    }

    /// Replaces the cached key objects of a partition (Keys tab); the partition must be saved.
    pub fn replace_key_objects(
        &mut self,
        partition: &PartitionSerial,
        objects: &[KeyObject],
    ) -> Result<(), StoreError> {
        self.write("caching key objects", |tx, path| {
            let what = "caching key objects";
            exec(
                tx,
                path,
                what,
                "DELETE FROM key_objects WHERE partition = ?1",
                [partition.as_str()],
            )?;
            for o in objects {
                let handle = u64_to_i64(path, "object handle", o.handle)?;
                let data = to_json(path, what, o)?;
                tx.execute(
                    "INSERT INTO key_objects (partition, handle, data) VALUES (?1, ?2, ?3)",
                    params![partition.as_str(), handle, data],
                )
                .map_err(|e| {
                    conflict_or(path, what, e, |v| match v {
                        Violation::ForeignKey => {
                            format!("Partition {partition} is not in the console.")
                        }
                        _ => format!("Object handle {} appears twice in {partition}.", o.handle),
                    })
                })?;
            }
            Ok(())
        })
    }

    pub fn list_key_objects(
        &self,
        partition: &PartitionSerial,
    ) -> Result<Vec<KeyObject>, StoreError> {
        self.read("listing key objects", |c, path| {
            json_rows(
                c,
                path,
                "listing key objects",
                "SELECT data FROM key_objects WHERE partition = ?1 ORDER BY handle",
                [partition.as_str()],
            )
        })
    }
}
