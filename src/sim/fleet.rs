//! Loading and normalizing a fleet (TOML fixtures, embedded demo fleet), looking targets up,
//! run-time fault control, and `Fleet::generate` for benchmarks.

use super::faults::Faults;
use super::model::{Appliance, Auth, Fleet, HaGroup, SimPartition, Slot};
use super::profile::Profile;
use sha2::{Digest, Sha256};

/// The demo fleet, embedded so `--demo` works from any directory.
pub const DEMO_FLEET: &str = include_str!("../../fixtures/fleets/demo.toml");

/// Hex pairs joined by `:` of the first `bytes` bytes of SHA-256(`seed`).
pub fn fingerprint(seed: &str, bytes: usize) -> String {
    let digest = Sha256::digest(seed.as_bytes());
    digest
        .iter()
        .take(bytes)
        .map(|b| format!("{b:02X}"))
        .collect::<Vec<_>>()
        .join(":")
}

impl Fleet {
    /// Parses a fleet TOML and fills what it leaves out (serials, hostnames, fingerprints).
    pub fn from_toml(text: &str) -> Result<Fleet, String> {
        let mut fleet: Fleet =
            toml::from_str(text).map_err(|e| format!("fleet file is not valid: {e}"))?;
        fleet.normalize();
        Ok(fleet)
    }

    /// The embedded demo fleet.
    pub fn demo() -> Result<Fleet, String> {
        Fleet::from_toml(DEMO_FLEET)
    }

    /// Fills generated fields; idempotent.
    pub fn normalize(&mut self) {
        for app in &mut self.appliances {
            if app.hostname.is_empty() {
                app.hostname = app.name.clone();
            }
            if app.hsm_label.is_empty() {
                app.hsm_label = app.name.clone();
            }
            if app.zeroized {
                app.partitions.clear();
            }
            app.sync_serial_counter();
            for i in 0..app.partitions.len() {
                if app.partitions.get(i).is_some_and(|p| p.serial.is_empty()) {
                    let serial = app.new_serial();
                    if let Some(p) = app.partitions.get_mut(i) {
                        p.serial = serial;
                    }
                }
            }
            for part in &mut app.partitions {
                let mut handle = 30;
                for obj in &mut part.objects {
                    if obj.handle == 0 {
                        handle += 7;
                        obj.handle = handle;
                    } else {
                        handle = handle.max(obj.handle);
                    }
                    if obj.fingerprint.is_none() {
                        obj.fingerprint =
                            Some(fingerprint(&format!("{}/{}", part.serial, obj.label), 20));
                    }
                }
            }
            for client in &mut app.clients {
                if client.fingerprint.is_empty() {
                    client.fingerprint = fingerprint(&client.name, 20);
                }
            }
        }
        let host = &mut self.client_host;
        if host.hostname.is_empty() {
            host.hostname = host.name.clone();
        }
        let mut next = host
            .slots
            .iter()
            .map(|s| s.id + 1)
            .max()
            .unwrap_or(0)
            .max(5);
        for group in &mut host.ha_groups {
            if group.slot_id == 0 {
                group.slot_id = next;
                next += 1;
            }
        }
    }

    pub fn appliance(&self, name: &str) -> Option<&Appliance> {
        self.appliances.iter().find(|a| a.name == name)
    }

    pub fn appliance_mut(&mut self, name: &str) -> Option<&mut Appliance> {
        self.appliances.iter_mut().find(|a| a.name == name)
    }

    /// The appliance holding the partition with this serial, and the partition.
    pub fn partition_by_serial(&self, serial: &str) -> Option<(&Appliance, &SimPartition)> {
        self.appliances.iter().find_map(|a| {
            a.partitions
                .iter()
                .find(|p| p.serial == serial)
                .map(|p| (a, p))
        })
    }

    pub fn partition_by_serial_mut(&mut self, serial: &str) -> Option<&mut SimPartition> {
        self.appliances
            .iter_mut()
            .flat_map(|a| a.partitions.iter_mut())
            .find(|p| p.serial == serial)
    }

    /// Faults of an appliance (by name) or of the client host (by its name).
    pub fn faults_mut(&mut self, target: &str) -> Option<&mut Faults> {
        if self.client_host.name == target {
            return Some(&mut self.client_host.faults);
        }
        self.appliance_mut(target).map(|a| &mut a.faults)
    }

    pub fn faults(&self, target: &str) -> Option<&Faults> {
        if self.client_host.name == target {
            return Some(&self.client_host.faults);
        }
        self.appliance(target).map(|a| &a.faults)
    }

    /// Latency of a target in ms (its own plus the extra-latency fault).
    pub fn latency_ms(&self, target: &str) -> u64 {
        if self.client_host.name == target {
            let h = &self.client_host;
            return h.latency_ms + h.faults.extra_latency_ms;
        }
        self.appliance(target)
            .map(|a| a.latency_ms + a.faults.extra_latency_ms)
            .unwrap_or(0)
    }

    /// Zeroizes an appliance's HSM now (fault on demand). False when there is no such appliance.
    pub fn zeroize(&mut self, name: &str) -> bool {
        match self.appliance_mut(name) {
            Some(app) => {
                app.zeroize();
                true
            }
            None => false,
        }
    }

    /// `n` appliances cycling through the four profiles, one partition each, all at `latency_ms`.
    pub fn generate(n: usize, latency_ms: u64) -> Fleet {
        let versions = [
            ("5.3.1-2", "6.10.9", "Luna SA K6"),
            ("6.2.2-5", "6.24.2", "Luna K6"),
            ("7.2.0-220", "7.0.3", "Luna K7"),
            ("7.8.5-20", "7.8.4", "Luna K7"),
        ];
        let mut fleet = Fleet::default();
        for i in 0..n {
            let (sw, fw, model) = versions
                .get(i % versions.len())
                .copied()
                .unwrap_or_default();
            let seven = Profile::of(sw, fw).seven;
            let name = format!("gen-hsm-{:03}", i + 1);
            let serial = if seven {
                format!("{}", 1_600_000 + i)
            } else {
                format!("{}", 600_000 + i)
            };
            let mut app = Appliance {
                name: name.clone(),
                hostname: format!("{name}.bench.example"),
                software: sw.into(),
                firmware: fw.into(),
                model: model.into(),
                hsm_label: name.clone(),
                hsm_serial: serial,
                auth: if i % 5 == 4 {
                    Auth::Ped
                } else {
                    Auth::Password
                },
                so_password: "sopassword".into(),
                ppso: seven,
                stc: false,
                fm: Default::default(),
                performance: Default::default(),
                licences: 20,
                storage_total: 33_554_432,
                latency_ms,
                faults: Faults::default(),
                zeroized: false,
                so_failures: 0,
                next_partition: 0,
                partitions: Vec::new(),
                clients: Vec::new(),
            };
            let serial = app.new_serial();
            let mut part =
                SimPartition::new(&format!("bench{:03}", i + 1), serial.clone(), 500_000, 0);
            part.initialized = true;
            part.label = part.name.clone();
            part.so = super::model::Role::Initialized;
            part.co = super::model::Role::Activated;
            part.co_password = Some("copassword".into());
            part.domain = Some("benchdomain".into());
            app.partitions.push(part);
            fleet.client_host.slots.push(Slot {
                id: u32::try_from(i).unwrap_or(u32::MAX),
                serial,
            });
            fleet.appliances.push(app);
        }
        fleet.client_host.ha_groups.push(HaGroup {
            label: "benchHA".into(),
            members: fleet
                .client_host
                .slots
                .iter()
                .take(2)
                .map(|s| s.serial.clone())
                .collect(),
            slot_id: 0,
            synchronize: true,
        });
        fleet.normalize();
        fleet
    }
}
