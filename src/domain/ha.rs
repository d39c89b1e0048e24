//! Adding and removing partitions of a service (HA-1, HA-3) and marking its clients for
//! re-registration when its membership changes (MNG-6).

use super::client::Client;
use super::device::Device;
use super::error::{DomainError, DomainResult};
use super::ids::{HsmSerial, PartitionSerial};
use super::partition::Partition;
use super::service::Service;

/// Shown before a partition is removed (HA-3); the user then types the partition name.
pub const REMOVE_PARTITION_WARNING: &str = "Clone any key material you need from this partition \
before removing it: removing a partition deletes it and every object in it on its device, and \
cannot be undone.";

/// Devices that may receive a new partition of `service` (HA-1): every device that does not
/// already host one of its members, in name order. `partitions` are the known partitions (used
/// to find which device hosts each member). Whether a device fits (authentication, firmware,
/// free licence and storage) is decided by `template_rules`; callers intersect both.
pub fn add_partition_candidates<'a>(
    service: &Service,
    partitions: &[Partition],
    devices: &'a [Device],
) -> Vec<&'a Device> {
    let hosts: Vec<&HsmSerial> = service
        .members
        .iter()
        .filter_map(|m| partitions.iter().find(|p| p.serial == m.partition))
        .map(|p| &p.device)
        .collect();
    let mut out: Vec<&Device> = devices
        .iter()
        .filter(|d| !hosts.contains(&&d.serial))
        .collect();
    out.sort_by(|a, b| a.name.cmp(&b.name).then_with(|| a.serial.cmp(&b.serial)));
    out
}

/// Whether `partition` may be removed from `service` (HA-3): only from an HA service, only a
/// member, never the last one (delete the service instead).
pub fn check_remove_partition(service: &Service, partition: &PartitionSerial) -> DomainResult<()> {
    if !service.kind.is_ha() {
        return Err(DomainError::refused(format!(
            "service '{}' is a single-partition service: partitions can only be removed from an HA service",
            service.name
        )));
    }
    if !service.members.iter().any(|m| &m.partition == partition) {
        return Err(DomainError::refused(format!(
            "partition {partition} is not a member of service '{}'",
            service.name
        )));
    }
    if service.members.len() <= 1 {
        return Err(DomainError::refused(format!(
            "partition {partition} is the last partition of service '{}': delete the service instead",
            service.name
        )));
    }
    Ok(())
}

/// Marks every client registered to one of `partitions` (device, partition name) — the
/// service's partitions, including the one added, initialized or removed — as needing
/// re-registration (MNG-6). Returns how many clients were newly marked.
pub fn mark_clients_for_reregistration(
    clients: &mut [Client],
    partitions: &[(HsmSerial, String)],
) -> usize {
    let mut marked = 0;
    for client in clients.iter_mut() {
        let uses = partitions.iter().any(|(dev, name)| {
            &client.device == dev && client.partitions.iter().any(|p| p == name)
        });
        if uses && !client.needs_reregistration {
            client.needs_reregistration = true;
            marked += 1;
        }
    }
    marked
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::device::DeviceStatus;
    use crate::domain::service::ServiceKind;
    use crate::domain::test_fixtures::{device, partition, service};

    #[test]
    fn ha_1_candidates_exclude_member_devices() {
        let s = service(&["11", "22"], 4000);
        let parts = vec![partition("11", "1", 4000, 0), partition("22", "2", 4000, 0)];
        let devices = vec![
            device("3", 0, DeviceStatus::Up),
            device("2", 0, DeviceStatus::Up),
            device("1", 0, DeviceStatus::Up),
            device("0", 0, DeviceStatus::Unreachable),
        ];
        let names: Vec<&str> = add_partition_candidates(&s, &parts, &devices)
            .iter()
            .map(|d| d.name.as_str())
            .collect();
        assert_eq!(names, vec!["hsm-0", "hsm-3"]);
    }

    #[test]
    fn ha_1_single_partition_service_can_grow() {
        let mut s = service(&["11"], 4000);
        s.kind = ServiceKind::Standalone;
        let parts = vec![partition("11", "1", 4000, 0)];
        let devices = vec![
            device("1", 0, DeviceStatus::Up),
            device("2", 0, DeviceStatus::Up),
        ];
        let got = add_partition_candidates(&s, &parts, &devices);
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].serial, HsmSerial::new("2"));
    }

    #[test]
    fn ha_3_remove_member_of_ha_service() {
        let s = service(&["11", "22"], 4000);
        assert_eq!(
            check_remove_partition(&s, &PartitionSerial::new("22")),
            Ok(())
        );
    }

    #[test]
    fn ha_3_remove_refusals() {
        let mut single = service(&["11"], 4000);
        single.kind = ServiceKind::Standalone;
        let last = service(&["11"], 4000);
        let ha = service(&["11", "22"], 4000);
        for (s, serial, want) in [
            (
                &single,
                "11",
                "service 'payments' is a single-partition service: partitions can only be removed from an HA service",
            ),
            (
                &last,
                "11",
                "partition 11 is the last partition of service 'payments': delete the service instead",
            ),
            (
                &ha,
                "99",
                "partition 99 is not a member of service 'payments'",
            ),
        ] {
            let e = check_remove_partition(s, &PartitionSerial::new(serial)).unwrap_err();
            assert_eq!(e.to_string(), want);
        }
    }

    #[test]
    fn ha_3_warning_says_clone_first_and_irreversible() {
        assert!(REMOVE_PARTITION_WARNING.contains("Clone any key material"));
        assert!(REMOVE_PARTITION_WARNING.contains("cannot be undone"));
    }

    fn client(dev: &str, name: &str, parts: &[&str]) -> Client {
        Client {
            device: HsmSerial::new(dev),
            name: name.into(),
            hostname: format!("{name}.example"),
            fingerprint: None,
            partitions: parts.iter().map(|p| p.to_string()).collect(),
            last_registration: None,
            needs_reregistration: false,
        }
    }

    #[test]
    fn mng_6_clients_of_the_service_need_reregistration() {
        let mut clients = vec![
            client("1", "web 1", &["par11"]),
            client("2", "web 2", &["other", "par22"]),
            client("2", "batch", &["par11"]), // same name, other device: not ours
            client("3", "idle", &[]),
        ];
        let service_parts = vec![
            (HsmSerial::new("1"), "par11".to_string()),
            (HsmSerial::new("2"), "par22".to_string()),
        ];
        assert_eq!(
            mark_clients_for_reregistration(&mut clients, &service_parts),
            2
        );
        let flags: Vec<bool> = clients.iter().map(|c| c.needs_reregistration).collect();
        assert_eq!(flags, vec![true, true, false, false]);
        assert_eq!(
            mark_clients_for_reregistration(&mut clients, &service_parts),
            0
        );
    }
}
