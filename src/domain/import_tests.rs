//! Tests of the import rules: suggested rows and HA groups (IMP-2/6), HA editing and warnings
//! (IMP-4), Finish Imports validation (IMP-5) and the licence limit (IMP-7).

use super::*;
use crate::domain::test_fixtures::partition;

const ORG: OrganizationId = OrganizationId(1);
const ORG2: OrganizationId = OrganizationId(2);

fn found(serial: &str, dev: &str, label: Option<&str>) -> DiscoveredPartition {
    let mut p = partition(serial, dev, 4000, 0);
    p.label = label.map(str::to_string);
    p.ppso = false;
    DiscoveredPartition {
        device: HsmSerial::new(dev),
        device_name: format!("hsm-{dev}"),
        partition: p,
    }
}

fn fleet() -> Vec<DiscoveredPartition> {
    vec![
        found("21", "2", Some("web")),
        found("11", "1", Some("web")),
        found("12", "1", Some("lonely")),
        found("31", "3", Some("db")),
        found("22", "2", Some("db")),
        found("13", "1", None),
        found("23", "2", Some("  ")),
    ]
}

fn summary(rows: &[ImportRow]) -> Vec<(&str, &str)> {
    rows.iter()
        .map(|r| (r.partition.as_str(), r.ha_group.as_str()))
        .collect()
}

#[test]
fn imp_2_suggests_ha_groups_for_shared_labels_standalone_first() {
    let rows = suggest_rows(&fleet());
    assert_eq!(
        summary(&rows),
        vec![
            ("12", ""),
            ("13", ""),
            ("23", ""),
            ("22", "HA_1"), // "db" sorts before "web"
            ("31", "HA_1"),
            ("11", "HA_2"),
            ("21", "HA_2"),
        ]
    );
    let r = &rows[0];
    assert_eq!(
        (r.device_name.as_str(), r.partition_name.as_str()),
        ("hsm-1", "par12")
    );
    assert!(
        rows.iter()
            .all(|r| r.service_name.is_empty() && r.organization.is_none() && !r.deleted)
    );
}

#[test]
fn imp_2_same_label_on_one_device_is_not_a_group() {
    let rows = suggest_rows(&[found("11", "1", Some("x")), found("12", "1", Some("x"))]);
    assert_eq!(summary(&rows), vec![("11", ""), ("12", "")]);
}

#[test]
fn imp_2_order_is_stable_whatever_discovery_order() {
    let mut reversed = fleet();
    reversed.reverse();
    assert_eq!(suggest_rows(&reversed), suggest_rows(&fleet()));
}

#[test]
fn imp_6_stc_and_ppso_rows_are_view_only() {
    for (stc, ppso, view_only) in [
        (true, true, true),
        (true, false, false),
        (false, true, false),
        (false, false, false),
    ] {
        let mut f = found("11", "1", None);
        f.partition.stc = stc;
        f.partition.ppso = ppso;
        assert_eq!(
            suggest_rows(&[f])[0].view_only,
            view_only,
            "stc={stc} ppso={ppso}"
        );
    }
}

#[test]
fn imp_4_type_clear_and_join_groups() {
    let mut rows = suggest_rows(&fleet());
    // move a "web" partition into the db group
    assert!(set_ha_group(&mut rows, &PartitionSerial::new("21"), "HA_1"));
    // clear: standalone
    assert!(set_ha_group(&mut rows, &PartitionSerial::new("31"), "  "));
    // type a name on a standalone row: joins
    assert!(set_ha_group(
        &mut rows,
        &PartitionSerial::new("13"),
        " HA_2 "
    ));
    assert_eq!(
        summary(&rows),
        vec![
            ("12", ""),
            ("23", ""),
            ("31", ""),
            ("21", "HA_1"),
            ("22", "HA_1"),
            ("11", "HA_2"),
            ("13", "HA_2"),
        ]
    );
    assert!(!set_ha_group(&mut rows, &PartitionSerial::new("99"), "x"));
}

#[test]
fn imp_4_groups_sort_naturally() {
    let mut rows = suggest_rows(&fleet());
    set_ha_group(&mut rows, &PartitionSerial::new("12"), "HA_10");
    let groups: Vec<&str> = rows
        .iter()
        .map(|r| r.ha_group.as_str())
        .filter(|g| !g.is_empty())
        .collect();
    assert_eq!(groups, vec!["HA_1", "HA_1", "HA_2", "HA_2", "HA_10"]);
}

#[test]
fn imp_4_warns_until_default_labels_replaced() {
    let mut rows = suggest_rows(&fleet());
    assert_eq!(
        warnings(&rows),
        vec![
            "replace HA_1 with the real HA group label from `vtl haAdmin show`".to_string(),
            "replace HA_2 with the real HA group label from `vtl haAdmin show`".to_string(),
        ]
    );
    set_ha_group(&mut rows, &PartitionSerial::new("22"), "db-prod");
    set_ha_group(&mut rows, &PartitionSerial::new("31"), "db-prod");
    assert_eq!(warnings(&rows).len(), 1);
    for r in rows.iter_mut().filter(|r| r.ha_group == "HA_2") {
        r.deleted = true;
    }
    assert!(warnings(&rows).is_empty());
    for (g, default) in [
        ("HA_3", true),
        ("HA_", false),
        ("HA_x", false),
        ("ha_3", false),
        ("HA_3b", false),
    ] {
        assert_eq!(is_default_group(g), default, "{g}");
    }
}

/// The fleet's rows, named and owned: standalone rows `s12`, `s13`, `s23`; groups named on
/// their first row only.
fn filled() -> Vec<ImportRow> {
    let mut rows = suggest_rows(&fleet());
    for r in rows.iter_mut() {
        if r.ha_group.is_empty() {
            r.service_name = format!("s{}", r.partition);
            r.organization = Some(ORG);
        }
    }
    for (serial, name) in [("22", "db"), ("11", "web")] {
        if let Some(r) = rows.iter_mut().find(|r| r.partition.as_str() == serial) {
            r.service_name = name.into();
            r.organization = Some(ORG2);
            r.description = format!("{name} cluster");
        }
    }
    rows
}

#[test]
fn imp_5_creates_one_service_per_standalone_row_and_group() {
    let services = validate_import(&filled(), &[(ORG, "other")], &[ORG, ORG2], 10).unwrap();
    let got: Vec<(&str, bool, Vec<&str>)> = services
        .iter()
        .map(|s| {
            (
                s.name.as_str(),
                s.kind.is_ha(),
                s.members.iter().map(|m| m.as_str()).collect(),
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            ("s12", false, vec!["12"]),
            ("s13", false, vec!["13"]),
            ("s23", false, vec!["23"]),
            ("db", true, vec!["22", "31"]),
            ("web", true, vec!["11", "21"]),
        ]
    );
    let db = &services[3];
    assert_eq!(
        db.kind,
        ServiceKind::HaGroup {
            label: "HA_1".into()
        }
    );
    assert_eq!(
        (db.organization, db.description.as_str()),
        (ORG2, "db cluster")
    );
}

#[test]
fn imp_5_deleted_rows_left_out() {
    let mut rows = filled();
    for r in rows
        .iter_mut()
        .filter(|r| r.partition.as_str() == "12" || r.partition.as_str() == "13")
    {
        r.deleted = true;
        r.service_name.clear(); // would be an error if it were checked
    }
    let services = validate_import(&rows, &[], &[ORG, ORG2], 5).unwrap();
    let names: Vec<&str> = services.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, vec!["s23", "db", "web"]);
    for r in rows.iter_mut() {
        r.deleted = true;
    }
    let e = validate_import(&rows, &[], &[ORG], 5).unwrap_err();
    assert_eq!(e[0].to_string(), "nothing to import: every row was deleted");
}

fn messages(rows: &[ImportRow], existing: &[(OrganizationId, &str)]) -> Vec<String> {
    validate_import(rows, existing, &[ORG, ORG2], 10)
        .unwrap_err()
        .iter()
        .map(|e| e.to_string())
        .collect()
}

fn edit(rows: &mut [ImportRow], serial: &str, f: impl Fn(&mut ImportRow)) {
    if let Some(r) = rows.iter_mut().find(|r| r.partition.as_str() == serial) {
        f(r);
    }
}

/// A change made to one row before validating.
type Edit = Box<dyn Fn(&mut ImportRow)>;
/// Services that already exist, by organization.
type Existing<'a> = &'a [(OrganizationId, &'a str)];

#[test]
fn imp_5_service_name_rules_name_row_and_field() {
    let cases: Vec<(&str, Edit, Existing<'_>, String)> = vec![
        (
            "12",
            Box::new(|r| r.service_name = "  ".into()),
            &[],
            "device 'hsm-1', partition 'par12' (12): Service Name: required: type a service name for this partition".into(),
        ),
        (
            "12",
            Box::new(|r| r.service_name = "a".repeat(29)),
            &[],
            "device 'hsm-1', partition 'par12' (12): Service Name: 29 characters, at most 28 allowed".to_string(),
        ),
        (
            "12",
            Box::new(|r| r.service_name = "Other".into()),
            &[(ORG, "other")],
            "device 'hsm-1', partition 'par12' (12): Service Name: a service named 'other' already exists".into(),
        ),
        (
            "13",
            Box::new(|r| r.service_name = "S12".into()),
            &[],
            "device 'hsm-1', partition 'par13' (13): Service Name: 'S12' is also the service name of device 'hsm-1', partition 'par12' (12) in this import".into(),
        ),
        (
            "31",
            Box::new(|r| r.service_name = "db2".into()),
            &[],
            "device 'hsm-3', partition 'par31' (31): Service Name: HA group 'HA_1' is already named 'db': give every row of the group the same name, or leave all but one empty".into(),
        ),
        (
            "22",
            Box::new(|r| r.service_name.clear()),
            &[],
            "device 'hsm-2', partition 'par22' (22): Service Name: required: type a service name for HA group 'HA_1'".into(),
        ),
    ];
    for (serial, change, existing, want) in cases {
        let mut rows = filled();
        edit(&mut rows, serial, change);
        assert_eq!(messages(&rows, existing), vec![want]);
    }
    // 28 characters and the same name on every row of a group are fine
    let mut rows = filled();
    edit(&mut rows, "12", |r| r.service_name = "a".repeat(28));
    edit(&mut rows, "31", |r| r.service_name = "db".into());
    assert!(validate_import(&rows, &[], &[ORG, ORG2], 10).is_ok());
}

#[test]
fn imp_5_organization_rules() {
    for (serial, org, want) in [
        (
            "12",
            None,
            "device 'hsm-1', partition 'par12' (12): Organization: required: choose the organization that will own this partition",
        ),
        (
            "12",
            Some(OrganizationId(9)),
            "device 'hsm-1', partition 'par12' (12): Organization: organization 9 does not exist: choose an existing organization",
        ),
        (
            "31",
            Some(ORG),
            "device 'hsm-3', partition 'par31' (31): Organization: HA group 'HA_1' already has another organization: choose the same organization on every row of the group, or on one row only",
        ),
    ] {
        let mut rows = filled();
        edit(&mut rows, serial, |r| r.organization = org);
        assert_eq!(messages(&rows, &[]), vec![want.to_string()]);
    }
}

#[test]
fn imp_5_ha_group_needs_two_partitions_on_distinct_devices() {
    let mut rows = filled();
    edit(&mut rows, "31", |r| r.deleted = true);
    assert_eq!(
        messages(&rows, &[]),
        vec!["device 'hsm-2', partition 'par22' (22): HA Group: HA group 'HA_1' has only this partition: an HA group needs at least 2 partitions on distinct devices (clear the HA Group to import it standalone)".to_string()]
    );
    let mut rows = filled();
    edit(&mut rows, "23", |r| {
        r.service_name.clear();
        r.organization = None;
    });
    set_ha_group(&mut rows, &PartitionSerial::new("23"), "HA_1"); // par23 is on hsm-2 like par22
    assert_eq!(
        messages(&rows, &[]),
        vec!["device 'hsm-2', partition 'par23' (23): HA Group: partition 'par22' of HA group 'HA_1' is on the same device 'hsm-2': an HA group needs partitions on distinct devices".to_string()]
    );
}

#[test]
fn imp_6_view_only_carried_to_the_service() {
    let mut rows = filled();
    edit(&mut rows, "31", |r| r.view_only = true);
    let services = validate_import(&rows, &[], &[ORG, ORG2], 10).unwrap();
    let flags: Vec<(&str, bool)> = services
        .iter()
        .map(|s| (s.name.as_str(), s.view_only))
        .collect();
    assert_eq!(
        flags,
        vec![
            ("s12", false),
            ("s13", false),
            ("s23", false),
            ("db", true),
            ("web", false)
        ]
    );
}

#[test]
fn imp_7_refused_beyond_available_licences() {
    let rows = filled(); // 7 partitions
    assert!(validate_import(&rows, &[], &[ORG, ORG2], 7).is_ok());
    let e = validate_import(&rows, &[], &[ORG, ORG2], 6).unwrap_err();
    assert_eq!(e.len(), 1);
    assert_eq!(e[0].row, None);
    assert_eq!(
        e[0].to_string(),
        "importing 7 partitions needs 7 licences; 6 available"
    );
}

#[test]
fn perm_service_names_are_unique_per_organization_only() {
    let mut rows = filled();
    edit(&mut rows, "12", |r| r.service_name = "Other".into());
    // A service of that name in another organization: nothing to say (nor to reveal).
    let org_of_12 = rows
        .iter()
        .find(|r| r.partition.as_str() == "12")
        .and_then(|r| r.organization)
        .unwrap();
    let other_org = if org_of_12 == ORG { ORG2 } else { ORG };
    assert!(validate_import(&rows, &[(other_org, "other")], &[ORG, ORG2], 10).is_ok());
    assert!(validate_import(&rows, &[(org_of_12, "other")], &[ORG, ORG2], 10).is_err());
}
