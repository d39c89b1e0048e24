//! Unit tests of the pure parts of import (IMP-4, IMP-6): the state an imported service starts
//! in, and client-host HA labels replacing the suggested `HA_n`.

use super::*;
use crate::domain::ids::HsmSerial;
use crate::domain::import::{DiscoveredPartition, suggest_rows};
use crate::domain::partition::{PartitionVersion, Roles};
use crate::ops::discovery::apply_client_labels;
use crate::ops::discovery_steps::ClientHaGroup;

fn part(serial: &str, dev: &str, label: &str, initialized: bool) -> Partition {
    Partition {
        serial: PartitionSerial::new(serial),
        device: HsmSerial::new(dev),
        name: format!("p{serial}"),
        label: (!label.is_empty()).then(|| label.to_string()),
        version: PartitionVersion::V0,
        size: 1000,
        used: 0,
        objects: 0,
        initialized,
        roles: Roles::NONE,
        ppso: true,
        stc: false,
    }
}

#[test]
fn imp_6_imported_state_from_the_partitions() {
    let a = part("1", "d1", "x", true);
    let b = part("2", "d2", "", false);
    let cases = [
        (
            false,
            vec![a.clone()],
            ServiceState::Initialized,
            vec![false],
        ),
        (
            false,
            vec![b.clone()],
            ServiceState::Uninitialized,
            vec![false],
        ),
        (
            false,
            vec![a.clone(), b.clone()],
            ServiceState::PartiallyInitialized,
            vec![false, true],
        ),
        (true, vec![a, b], ServiceState::ViewOnly, vec![false, false]),
    ];
    for (view_only, parts, want, pending) in cases {
        let (state, members) = imported_state(view_only, &parts);
        assert_eq!(state, want);
        let got: Vec<bool> = members.iter().map(|m| m.pending_init).collect();
        assert_eq!(got, pending, "{want:?}");
    }
}

#[test]
fn imp_4_client_labels_replace_suggestions_and_keep_the_rest() {
    let found: Vec<DiscoveredPartition> = [
        ("11", "d1", "pay"),
        ("12", "d2", "pay"),
        ("13", "d3", "pay"),
        ("21", "d1", "web"),
        ("22", "d2", "web"),
        ("31", "d1", "solo"),
    ]
    .into_iter()
    .map(|(s, d, l)| DiscoveredPartition {
        device: HsmSerial::new(d),
        device_name: d.to_string(),
        partition: part(s, d, l, true),
    })
    .collect();
    let mut rows = suggest_rows(&found);
    let groups = [ClientHaGroup {
        label: " payHA ".into(),
        members: vec![PartitionSerial::new("11"), PartitionSerial::new("12")],
    }];
    apply_client_labels(&mut rows, &groups);
    let got: Vec<(&str, &str)> = rows
        .iter()
        .map(|r| (r.partition.as_str(), r.ha_group.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            ("31", ""),
            ("13", "HA_1"),
            ("21", "HA_2"),
            ("22", "HA_2"),
            ("11", "payHA"),
            ("12", "payHA"),
        ]
    );
}
