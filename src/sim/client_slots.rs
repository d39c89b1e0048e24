//! Client-host slot bookkeeping: a partition assigned (LunaSH `client assignPartition`) to the
//! NTLS client registered with the client host's hostname appears there as a LunaCM slot.

use super::model::{Appliance, ClientHost, Slot};

impl ClientHost {
    /// The smallest slot id used neither by a slot nor by an HA group's virtual slot.
    pub fn next_slot_id(&self) -> u32 {
        let used = |id: u32| {
            self.slots.iter().any(|s| s.id == id) || self.ha_groups.iter().any(|g| g.slot_id == id)
        };
        (0..).find(|id| !used(*id)).unwrap_or(u32::MAX)
    }

    /// Adds a slot for `serial` (next free id) unless one exists; returns its id.
    pub fn add_slot(&mut self, serial: &str) -> u32 {
        if let Some(s) = self.slots.iter().find(|s| s.serial == serial) {
            return s.id;
        }
        let id = self.next_slot_id();
        let at = self.slots.iter().position(|s| s.id > id);
        let slot = Slot {
            id,
            serial: serial.to_string(),
        };
        match at {
            Some(i) => self.slots.insert(i, slot),
            None => self.slots.push(slot),
        }
        id
    }

    /// Removes the slot of `serial`, if any.
    pub fn remove_slot(&mut self, serial: &str) {
        self.slots.retain(|s| s.serial != serial);
    }

    /// Whether `app` has the partition named `partition` assigned to a client registered with
    /// this host's hostname (so the host sees it as a slot).
    pub fn sees(&self, app: &Appliance, partition: &str) -> bool {
        app.clients
            .iter()
            .any(|c| c.hostname == self.hostname && c.partitions.iter().any(|p| p == partition))
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use super::*;
    use crate::sim::model::HaGroup;

    fn host(ids: &[u32], ha: &[u32]) -> ClientHost {
        ClientHost {
            slots: ids
                .iter()
                .map(|id| Slot {
                    id: *id,
                    serial: format!("s{id}"),
                })
                .collect(),
            ha_groups: ha
                .iter()
                .map(|id| HaGroup {
                    label: format!("g{id}"),
                    members: Vec::new(),
                    slot_id: *id,
                    synchronize: true,
                })
                .collect(),
            ..ClientHost::default()
        }
    }

    #[test]
    fn ntls_next_slot_id_skips_slots_and_ha_slots() {
        let cases: &[(&[u32], &[u32], u32)] = &[
            (&[], &[], 0),
            (&[0, 1], &[], 2),
            (&[0, 2], &[], 1),
            (&[0, 1], &[2], 3),
            (&[1], &[5], 0),
        ];
        for (slots, ha, want) in cases {
            assert_eq!(host(slots, ha).next_slot_id(), *want, "{slots:?} {ha:?}");
        }
    }

    #[test]
    fn ntls_add_slot_is_idempotent_and_ordered_remove_forgets() {
        let mut h = host(&[0, 2], &[]);
        assert_eq!(h.add_slot("new"), 1);
        assert_eq!(h.add_slot("new"), 1, "a second assignment keeps the slot");
        let order: Vec<u32> = h.slots.iter().map(|s| s.id).collect();
        assert_eq!(order, vec![0, 1, 2]);
        h.remove_slot("new");
        assert!(h.slots.iter().all(|s| s.serial != "new"));
        assert_eq!(h.slots.len(), 2);
        h.remove_slot("absent");
        assert_eq!(h.slots.len(), 2);
    }
}
