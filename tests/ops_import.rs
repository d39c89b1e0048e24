//! Discovery and import of unmanaged partitions (IMP-1..8) against the simulated demo fleet:
//! the simulator's partitions and the database are both checked.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod ops_support;

use lunadeck::domain::device::SshAuth;
use lunadeck::domain::ids::{OrganizationId, PartitionSerial, ServiceId};
use lunadeck::domain::lifecycle::ServiceState;
use lunadeck::domain::organization::{Organization, Role, User};
use lunadeck::domain::permission::Session;
use lunadeck::domain::service::ServiceKind;
use lunadeck::domain::timestamp::Timestamp;
use lunadeck::jobs::EngineConfig;
use lunadeck::ops::Console;
use lunadeck::ops::devices::DeviceForm;
use lunadeck::ops::import_ops::{DEFAULT_CONSOLE_LICENCES, ImportEdit};
use lunadeck::sim::fleet::DEMO_FLEET;
use lunadeck::sim::model::Auth;
use lunadeck::store::{AuditFilter, Store};
use ops_support::{Rig, add_fleet, finish, rig_with};
use secrecy::SecretString;
use std::sync::Arc;

const IMPORT_FLEET: &str = include_str!("../fixtures/fleets/import.toml");

fn demo() -> Rig {
    let mut r = rig_with(DEMO_FLEET);
    add_fleet(&mut r);
    r
}

fn org(r: &mut Rig, name: &str) -> OrganizationId {
    r.console
        .store
        .save_organization(&Organization {
            id: OrganizationId(0),
            name: name.into(),
        })
        .unwrap()
}

fn discover(r: &mut Rig) -> String {
    let job = r.console.submit_discovery();
    finish(r, job).summary
}

fn serial(s: &str) -> PartitionSerial {
    PartitionSerial::new(s)
}

/// Names every live row (one name per HA group) and gives them all `org`.
fn fill(r: &mut Rig, org: OrganizationId) {
    let rows = r.console.import_draft().unwrap().unwrap().rows;
    for row in rows.iter().filter(|x| !x.deleted) {
        let name = if row.ha_group.is_empty() {
            format!("imp-{}", row.partition_name)
        } else {
            format!("ha-{}", row.ha_group)
        };
        r.console
            .edit_import_row(&row.partition, ImportEdit::ServiceName(name))
            .unwrap();
        r.console
            .edit_import_row(&row.partition, ImportEdit::Organization(Some(org)))
            .unwrap();
    }
}

fn console_as(r: &Rig, user: User) -> Console {
    let store = Store::open(&r.dir.path().join("lunadeck.sqlite")).unwrap();
    Console::new(
        store,
        r.console.access.clone(),
        Session {
            user,
            read_only: false,
        },
        r.runtime.handle().clone(),
        EngineConfig::default(),
        Arc::new(|| Timestamp(1_800_000_500)),
    )
}

#[test]
fn imp_1_discovery_finds_real_ha_labels_and_unmanaged_partitions() {
    let mut r = demo();
    let summary = discover(&mut r);
    assert!(
        summary.starts_with("found 14 unmanaged partition(s) on 8 of 8 device(s)"),
        "{summary}"
    );
    assert!(summary.contains("2 HA group label(s) read from the client host"));
    let draft = r.console.import_draft().unwrap().unwrap();
    assert_eq!(draft.created_at, Timestamp(1_800_000_000));
    let group = |label: &str| -> Vec<String> {
        draft
            .rows
            .iter()
            .filter(|x| x.ha_group == label)
            .map(|x| x.partition.to_string())
            .collect()
    };
    assert_eq!(group("myHA"), ["1582775433934", "1582790433012"]);
    assert_eq!(group("appHA"), ["534071060", "534088017"]);
    assert_eq!(
        draft.rows.iter().filter(|x| x.ha_group.is_empty()).count(),
        10
    );
    // Standalone rows first, then HA groups (IMP-2).
    let first_ha = draft.rows.iter().position(|x| !x.ha_group.is_empty());
    assert_eq!(first_ha, Some(10));
    assert!(r.console.import_warnings().unwrap().is_empty());
    // The partitions were saved, as the simulator has them.
    let stored = r.console.store.list_partitions(None).unwrap();
    assert_eq!(stored.len(), 14);
    let p = r
        .console
        .store
        .load_partition(&serial("1582775433958"))
        .unwrap()
        .unwrap();
    assert_eq!(
        (p.name.as_str(), p.size, p.initialized),
        ("sp_empty01", 500000, false)
    );
}

#[test]
fn imp_1_unreachable_device_is_named_and_the_others_still_import() {
    let mut r = demo();
    let reads = {
        let mut f = r.fleet.lock().unwrap();
        f.faults_mut("nyc-hsm-01").unwrap().unreachable = true;
        f.appliances.len()
    };
    assert_eq!(reads, 8);
    let summary = discover(&mut r);
    assert!(
        summary.starts_with("found 12 unmanaged partition(s) on 7 of 8"),
        "{summary}"
    );
    assert!(summary.contains("FAILED on nyc-hsm-01"), "{summary}");
    let rows = r.console.import_draft().unwrap().unwrap().rows;
    assert!(rows.iter().all(|x| x.device_name != "nyc-hsm-01"));
    let acme = org(&mut r, "Acme");
    fill(&mut r, acme);
    let created = r.console.finish_import(DEFAULT_CONSOLE_LICENCES).unwrap();
    assert_eq!(created.len(), 10);
    let events = r
        .console
        .store
        .list_audit(&AuditFilter {
            action: Some("import.run".into()),
            ..AuditFilter::default()
        })
        .unwrap();
    assert!(events.iter().any(|e| e.event.target.contains("discovery")
        && matches!(&e.event.outcome, lunadeck::domain::audit_event::Outcome::Failure { reason } if reason.contains("nyc-hsm-01"))));
}

#[test]
fn imp_4_client_host_down_keeps_suggested_labels_with_warnings() {
    let mut r = demo();
    r.fleet
        .lock()
        .unwrap()
        .faults_mut("luna-client")
        .unwrap()
        .unreachable = true;
    let summary = discover(&mut r);
    assert!(
        summary.contains("the client host did not answer"),
        "{summary}"
    );
    assert!(summary.starts_with("found 14 unmanaged"), "{summary}");
    let rows = r.console.import_draft().unwrap().unwrap().rows;
    let labels: Vec<&str> = rows
        .iter()
        .map(|x| x.ha_group.as_str())
        .filter(|g| !g.is_empty())
        .collect();
    assert_eq!(labels, ["HA_1", "HA_1", "HA_2", "HA_2"]);
    let warnings = r.console.import_warnings().unwrap();
    assert_eq!(
        warnings,
        [
            "replace HA_1 with the real HA group label from `vtl haAdmin show`",
            "replace HA_2 with the real HA group label from `vtl haAdmin show`"
        ]
    );
    // IMP-4: replacing the label on both rows clears the warning; clearing one makes it
    // standalone, and the lone row left in the group is refused at Finish Imports.
    for row in rows.iter().filter(|x| x.ha_group == "HA_1") {
        r.console
            .edit_import_row(&row.partition, ImportEdit::HaGroup("appHA".into()))
            .unwrap();
    }
    assert_eq!(r.console.import_warnings().unwrap().len(), 1);
    let lone = rows.iter().find(|x| x.ha_group == "HA_2").unwrap();
    let edited = r
        .console
        .edit_import_row(&lone.partition, ImportEdit::HaGroup("  ".into()))
        .unwrap();
    assert_eq!(edited.ha_group, "");
    let acme = org(&mut r, "Acme");
    fill(&mut r, acme);
    let errors = r.console.check_import(DEFAULT_CONSOLE_LICENCES).unwrap();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0]
            .to_string()
            .contains("HA Group: HA group 'HA_2' has only this partition"),
        "{}",
        errors[0]
    );
}

#[test]
fn imp_1_partitions_already_managed_are_left_out() {
    let mut r = demo();
    discover(&mut r);
    let acme = org(&mut r, "Acme");
    let rows = r.console.import_draft().unwrap().unwrap().rows;
    for row in rows.iter().filter(|x| x.partition_name != "sp_empty01") {
        r.console.delete_import_row(&row.partition).unwrap();
    }
    fill(&mut r, acme);
    let created = r.console.finish_import(DEFAULT_CONSOLE_LICENCES).unwrap();
    assert_eq!(created.len(), 1);
    assert!(r.console.import_draft().unwrap().is_none());
    let summary = discover(&mut r);
    assert!(summary.starts_with("found 13 unmanaged"), "{summary}");
    let rows = r.console.import_draft().unwrap().unwrap().rows;
    assert!(rows.iter().all(|x| x.partition_name != "sp_empty01"));
}

#[test]
fn imp_5_finish_creates_services_matching_the_simulator() {
    let mut r = demo();
    discover(&mut r);
    let acme = org(&mut r, "Acme");
    fill(&mut r, acme);
    r.console
        .edit_import_row(
            &serial("534071060"),
            ImportEdit::Description("fra application keys".into()),
        )
        .unwrap();
    let created = r.console.finish_import(DEFAULT_CONSOLE_LICENCES).unwrap();
    // 10 standalone partitions (stc_vault view-only, IMP-6) and 2 HA groups.
    assert_eq!(created.len(), 12);
    assert!(r.console.import_draft().unwrap().is_none());
    let services = r.console.store.list_services(None).unwrap();
    assert_eq!(services.len(), 12);
    let ha = r
        .console
        .store
        .find_service_by_name("ha-myHA")
        .unwrap()
        .unwrap();
    assert_eq!(
        ha.kind,
        ServiceKind::HaGroup {
            label: "myHA".into()
        }
    );
    let members: Vec<&str> = ha.members.iter().map(|m| m.partition.as_str()).collect();
    assert_eq!(members, ["1582775433934", "1582790433012"]);
    assert_eq!(ha.state, ServiceState::Initialized);
    assert_eq!(ha.organization, acme);
    assert_eq!(ha.created_by, "admin");
    assert_eq!(ha.template, None);
    assert!(ha.ppso);
    let app = r
        .console
        .store
        .find_service_by_name("ha-appHA")
        .unwrap()
        .unwrap();
    assert_eq!(app.description, "fra application keys");
    assert!(!app.ppso);
    let f = r.fleet.lock().unwrap();
    for s in &services {
        for m in &s.members {
            let (app, part) = f
                .appliances
                .iter()
                .find_map(|a| {
                    a.partitions
                        .iter()
                        .find(|p| p.serial == m.partition.as_str())
                        .map(|p| (a, p))
                })
                .expect("member exists on the simulator");
            // IMP-6: STC with its own SO is imported view-only.
            let want = if part.stc && part.ppso {
                ServiceState::ViewOnly
            } else if part.initialized {
                ServiceState::Initialized
            } else {
                ServiceState::Uninitialized
            };
            assert_eq!(s.state, want, "{}", s.name);
            assert_eq!(s.partition_size, part.size, "{}", s.name);
            let auth = match app.auth {
                Auth::Password => lunadeck::domain::device::AuthMethod::Password,
                Auth::Ped => lunadeck::domain::device::AuthMethod::Ped,
            };
            assert_eq!(s.auth, auth, "{}", s.name);
        }
    }
    drop(f);
    let events = r
        .console
        .store
        .list_audit(&AuditFilter {
            organization: Some(acme),
            ..AuditFilter::default()
        })
        .unwrap();
    assert_eq!(events.len(), 12);
    assert!(events.iter().all(|e| e.event.action == "import.run"));
}

#[test]
fn imp_7_licence_shortage_is_refused_and_nothing_is_created() {
    let mut r = demo();
    discover(&mut r);
    let acme = org(&mut r, "Acme");
    fill(&mut r, acme);
    let err = r.console.finish_import(13).unwrap_err();
    assert_eq!(err.exit_code(), 2);
    assert!(
        err.to_string()
            .contains("importing 14 partitions needs 14 licences; 13 available"),
        "{err}"
    );
    assert!(r.console.store.list_services(None).unwrap().is_empty());
    assert!(r.console.import_draft().unwrap().is_some());
    assert!(r.console.finish_import(14).is_ok());
}

#[test]
fn imp_5_duplicate_and_missing_names_are_refused_per_row() {
    let mut r = demo();
    discover(&mut r);
    let acme = org(&mut r, "Acme");
    fill(&mut r, acme);
    r.console
        .edit_import_row(&serial("157826004"), ImportEdit::ServiceName("same".into()))
        .unwrap();
    r.console
        .edit_import_row(&serial("157826011"), ImportEdit::ServiceName("SAME".into()))
        .unwrap();
    r.console
        .edit_import_row(&serial("534071053"), ImportEdit::Organization(None))
        .unwrap();
    let long = r
        .console
        .edit_import_row(
            &serial("534071053"),
            ImportEdit::ServiceName("x".repeat(29)),
        )
        .unwrap_err();
    assert_eq!(
        long.to_string(),
        "Service Name: 29 characters, at most 28 allowed"
    );
    let err = r
        .console
        .finish_import(DEFAULT_CONSOLE_LICENCES)
        .unwrap_err()
        .to_string();
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines[0], "Finish Imports refused:");
    assert!(
        lines.contains(&"device 'nyc-hsm-01', partition 'testPar2' (157826011): Service Name: 'SAME' is also the service name of device 'nyc-hsm-01', partition 'testPar1' (157826004) in this import"),
        "{err}"
    );
    assert!(
        lines.contains(&"device 'fra-hsm-01', partition 'partition6' (534071053): Organization: required: choose the organization that will own this partition"),
        "{err}"
    );
    assert_eq!(lines.len(), 3, "{err}");
    assert!(r.console.store.list_services(None).unwrap().is_empty());
}

const LABEL_RULE: &str = "use ASCII letters, digits and !#$%'()*+,-./:=@[]^_{}~";

#[test]
fn imp_4_ha_group_cell_refuses_a_label_outside_the_lunacm_rule() {
    let mut r = demo();
    discover(&mut r);
    let row = serial("534071060");
    let ha_group = |r: &Rig| {
        let draft = r.console.import_draft().unwrap().unwrap();
        let found = draft.rows.into_iter().find(|x| x.partition == row).unwrap();
        (found.ha_group, draft.edited_at)
    };
    let before = ha_group(&r);
    assert_eq!(before.0, "appHA");
    for (text, want) in [
        (
            "ha-ü-label",
            format!("HA Group: 'ü' (character 4) is not allowed; {LABEL_RULE}"),
        ),
        (
            " has space ",
            format!("HA Group: space (character 4) is not allowed; {LABEL_RULE}"),
        ),
        (
            "ha\tgroup",
            format!("HA Group: U+0009 (character 3) is not allowed; {LABEL_RULE}"),
        ),
    ] {
        let err = r
            .console
            .edit_import_row(&row, ImportEdit::HaGroup(text.into()))
            .unwrap_err();
        assert_eq!(err.to_string(), want, "{text:?}");
    }
    assert_eq!(ha_group(&r), before, "nothing saved");
    let moved = r
        .console
        .edit_import_row(&row, ImportEdit::HaGroup(" HA_7 ".into()))
        .unwrap();
    assert_eq!(moved.ha_group, "HA_7");
    let cleared = r
        .console
        .edit_import_row(&row, ImportEdit::HaGroup("  ".into()))
        .unwrap();
    assert_eq!(cleared.ha_group, "");
}

#[test]
fn imp_5_label_read_from_the_client_host_outside_the_rule_is_named_at_finish() {
    let mut r = demo();
    for g in &mut r.fleet.lock().unwrap().client_host.ha_groups {
        if g.label == "appHA" {
            g.label = "app-ü-HA".into();
        }
    }
    discover(&mut r);
    let acme = org(&mut r, "Acme");
    fill(&mut r, acme);
    let errors = r.console.check_import(DEFAULT_CONSOLE_LICENCES).unwrap();
    let text: Vec<String> = errors.iter().map(ToString::to_string).collect();
    assert_eq!(text.len(), 1, "{text:?}");
    assert!(
        text[0].ends_with(&format!(
            "(534071060): HA Group: 'app-ü-HA' cannot be used: 'ü' (character 5) is not allowed; \
             {LABEL_RULE}. Type another label; if the client host already has this group, \
             recreate it there under a valid label and run discovery again"
        )),
        "{text:?}"
    );
    assert!(r.console.finish_import(DEFAULT_CONSOLE_LICENCES).is_err());
    assert!(r.console.store.list_services(None).unwrap().is_empty());
}

#[test]
fn imp_5_name_of_an_existing_service_is_refused() {
    let mut r = demo();
    discover(&mut r);
    let acme = org(&mut r, "Acme");
    let rows = r.console.import_draft().unwrap().unwrap().rows;
    for row in rows.iter().filter(|x| x.partition_name != "testPar1") {
        r.console.delete_import_row(&row.partition).unwrap();
    }
    fill(&mut r, acme);
    r.console.finish_import(DEFAULT_CONSOLE_LICENCES).unwrap();
    discover(&mut r);
    let rows = r.console.import_draft().unwrap().unwrap().rows;
    for row in rows.iter().filter(|x| x.partition_name != "testPar2") {
        r.console.delete_import_row(&row.partition).unwrap();
    }
    fill(&mut r, acme);
    r.console
        .edit_import_row(
            &serial("157826011"),
            ImportEdit::ServiceName("IMP-testpar1".into()),
        )
        .unwrap();
    let errors = r.console.check_import(DEFAULT_CONSOLE_LICENCES).unwrap();
    let text: Vec<String> = errors.iter().map(ToString::to_string).collect();
    assert_eq!(
        text,
        [
            "device 'nyc-hsm-01', partition 'testPar2' (157826011): Service Name: a service named 'imp-testPar1' already exists"
        ]
    );
}

#[test]
fn imp_3_draft_survives_a_new_console_over_the_same_file() {
    let mut r = demo();
    discover(&mut r);
    let acme = org(&mut r, "Acme");
    r.console
        .edit_import_row(
            &serial("1582775433958"),
            ImportEdit::ServiceName("spare".into()),
        )
        .unwrap();
    r.console
        .edit_import_row(
            &serial("1582775433958"),
            ImportEdit::Organization(Some(acme)),
        )
        .unwrap();
    r.console.delete_import_row(&serial("157826004")).unwrap();
    let admin = r.console.session().user.clone();
    let again = console_as(&r, admin);
    let draft = again.import_draft().unwrap().unwrap();
    assert_eq!(draft.created_at, Timestamp(1_800_000_000));
    let row = draft
        .rows
        .iter()
        .find(|x| x.partition.as_str() == "1582775433958")
        .unwrap();
    assert_eq!(
        (row.service_name.as_str(), row.organization),
        ("spare", Some(acme))
    );
    assert!(
        draft
            .rows
            .iter()
            .any(|x| x.partition.as_str() == "157826004" && x.deleted)
    );
    let mut again = again;
    let err = again
        .edit_import_row(&serial("157826004"), ImportEdit::ServiceName("x".into()))
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "partition 157826004 is not in the import table"
    );
    // The edit time moves with every edit, the creation time stays.
    again
        .edit_import_row(
            &serial("1582775433958"),
            ImportEdit::Description("d".into()),
        )
        .unwrap();
    let draft = again.import_draft().unwrap().unwrap();
    assert_eq!(
        (draft.created_at, draft.edited_at),
        (Timestamp(1_800_000_000), Timestamp(1_800_000_500))
    );
}

#[test]
fn imp_8_cancel_deletes_the_table_and_discovery_starts_anew() {
    let mut r = demo();
    discover(&mut r);
    r.console.delete_import_row(&serial("157826004")).unwrap();
    r.console.cancel_import().unwrap();
    assert!(r.console.import_draft().unwrap().is_none());
    let err = r.console.cancel_import().unwrap_err();
    assert!(err.to_string().contains("run discovery first"), "{err}");
    discover(&mut r);
    let rows = r.console.import_draft().unwrap().unwrap().rows;
    assert_eq!(rows.len(), 14);
    assert!(rows.iter().all(|x| !x.deleted));
}

#[test]
fn imp_6_stc_and_ppso_partitions_import_view_only() {
    let mut r = rig_with(IMPORT_FLEET);
    add_fleet(&mut r);
    discover(&mut r);
    let rows = r.console.import_draft().unwrap().unwrap().rows;
    let stc = rows
        .iter()
        .find(|x| x.partition_name == "stc_part")
        .unwrap();
    assert!(stc.view_only);
    assert!(
        !rows
            .iter()
            .find(|x| x.partition_name == "plain_part")
            .unwrap()
            .view_only
    );
    let acme = org(&mut r, "Acme");
    fill(&mut r, acme);
    r.console.finish_import(DEFAULT_CONSOLE_LICENCES).unwrap();
    let s = r
        .console
        .store
        .find_service_by_name("imp-stc_part")
        .unwrap()
        .unwrap();
    assert_eq!(s.state, ServiceState::ViewOnly);
    assert!(s.stc && s.ppso);
    let p = r
        .console
        .store
        .find_service_by_name("imp-plain_part")
        .unwrap()
        .unwrap();
    assert_eq!(p.state, ServiceState::Initialized);
}

#[test]
fn imp_1_unauthorized_password_devices_are_skipped_and_named() {
    let mut r = rig_with(IMPORT_FLEET);
    let job = r.console.submit_add_device(DeviceForm {
        name: "stc-hsm".into(),
        host: "stc-hsm.test".into(),
        port: "22".into(),
        user: "admin".into(),
        auth: SshAuth::Password,
        ssh_password: Some(SecretString::from("ssh-pw")),
    });
    finish(&mut r, job);
    let err = r.console.submit_discovery().unwrap_err();
    assert_eq!(
        err.to_string(),
        "no device can be read: authorize stc-hsm first (HSM SO secret)"
    );
}

#[test]
fn perm_import_is_admin_only() {
    let mut r = demo();
    discover(&mut r);
    let acme = org(&mut r, "Acme");
    let owner = r
        .console
        .store
        .create_account(
            "olive",
            &SecretString::from("olive-pass-1"),
            Role::Owner(acme),
            Timestamp(1),
        )
        .unwrap();
    let mut c = console_as(&r, owner);
    let want = "Not permitted: only an Admin can import partitions";
    assert_eq!(c.submit_discovery().unwrap_err().to_string(), want);
    assert_eq!(c.import_draft().unwrap_err().to_string(), want);
    assert_eq!(
        c.edit_import_row(&serial("157826004"), ImportEdit::ServiceName("x".into()))
            .unwrap_err()
            .to_string(),
        want
    );
    assert_eq!(
        c.delete_import_row(&serial("157826004"))
            .unwrap_err()
            .to_string(),
        want
    );
    assert_eq!(c.cancel_import().unwrap_err().to_string(), want);
    assert_eq!(c.finish_import(100).unwrap_err().to_string(), want);
    assert!(r.console.import_draft().unwrap().is_some());
    let _ = ServiceId(0);
}

#[test]
fn imp_1_a_partition_show_that_fails_still_lists_the_partition_and_the_others_go_on() {
    let mut r = demo();
    r.fleet
        .lock()
        .unwrap()
        .faults_mut("lon-hsm-01")
        .unwrap()
        .partition_show_fails = vec!["legacy_tls".into()];
    let summary = discover(&mut r);
    assert!(
        summary.starts_with("found 14 unmanaged partition(s) on 8 of 8 device(s)"),
        "{summary}"
    );
    assert!(
        summary.contains("lon-hsm-01: partition 'legacy_tls' (")
            && summary.contains("listed but not read:")
            && summary.contains("Unable to communicate with HSM"),
        "{summary}"
    );
    // Every partition of lon-hsm-01 is in the table, the unreadable one too.
    let rows = r.console.import_draft().unwrap().unwrap().rows;
    let mut on_lon: Vec<&str> = rows
        .iter()
        .filter(|x| x.device_name == "lon-hsm-01")
        .map(|x| x.partition_name.as_str())
        .collect();
    on_lon.sort_unstable();
    assert_eq!(on_lon, ["legacy_tls", "sp_empty01", "sp_sehsm3"]);
    // It is kept from `partition list` (storage and objects), its label unknown.
    let stored = r.console.store.list_partitions(None).unwrap();
    let legacy = stored.iter().find(|p| p.name == "legacy_tls").unwrap();
    assert!(legacy.size > 0, "{legacy:?}");
    assert_eq!(legacy.label, None);
}

#[test]
fn imp_3_discovery_again_merges_edits_kept_skipped_devices_kept_gone_rows_marked() {
    let mut r = demo();
    discover(&mut r);
    let acme = org(&mut r, "Acme");
    // An edit the user made, a row left out, then a device that goes away and a partition
    // deleted on its appliance.
    r.console
        .edit_import_row(
            &serial("1582775433958"),
            ImportEdit::ServiceName("kept-edit".into()),
        )
        .unwrap();
    r.console
        .edit_import_row(
            &serial("1582775433958"),
            ImportEdit::Organization(Some(acme)),
        )
        .unwrap();
    let before = r.console.import_draft().unwrap().unwrap();
    {
        let mut f = r.fleet.lock().unwrap();
        f.faults_mut("nyc-hsm-01").unwrap().unreachable = true;
        f.appliance_mut("lon-hsm-02")
            .unwrap()
            .delete_partition("ops_c");
    }
    let summary = discover(&mut r);
    assert!(
        summary.contains("merged with the saved table:"),
        "{summary}"
    );
    assert!(
        summary.contains(
            "not read again, kept as they were (nyc-hsm-01/testPar1, nyc-hsm-01/testPar2)"
        ),
        "{summary}"
    );
    assert!(
        summary.contains("gone from their device, marked (delete them: lon-hsm-02/ops_c)"),
        "{summary}"
    );
    let after = r.console.import_draft().unwrap().unwrap();
    assert_eq!(
        after.created_at, before.created_at,
        "the same table, merged"
    );
    assert_eq!(after.rows.len(), before.rows.len(), "no row thrown away");
    let kept = after
        .rows
        .iter()
        .find(|x| x.partition == serial("1582775433958"))
        .unwrap();
    assert_eq!(kept.service_name, "kept-edit");
    assert_eq!(kept.organization, Some(acme));
    let warnings = r.console.import_warnings().unwrap();
    assert!(
        warnings
            .iter()
            .any(|w| w.contains("'ops_c'") && w.contains("no longer on its device")),
        "{warnings:?}"
    );
    assert!(
        warnings
            .iter()
            .any(|w| w.contains("'testPar1'") && w.contains("not read by the last discovery")),
        "{warnings:?}"
    );
    // Finish refuses the gone row until it is deleted.
    fill(&mut r, acme);
    let errors = r.console.check_import(DEFAULT_CONSOLE_LICENCES).unwrap();
    assert!(
        errors
            .iter()
            .any(|e| e.to_string().contains("did not find this partition")),
        "{errors:?}"
    );
}
