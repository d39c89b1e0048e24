#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! LunaCM side of the simulator on the client host: slots, roles, init, clone and HA groups.

use lunadeck::luna::shell::{Ask, Shell};
use lunadeck::sim::{Fleet, SimShell, shared};
use secrecy::SecretString;
use std::time::Duration;

const T: Duration = Duration::from_secs(5);

fn cm(fleet: Fleet) -> SimShell {
    SimShell::client_host(shared(fleet))
}

fn run(sh: &mut SimShell, cmd: &str, answers: &[&str]) -> String {
    let answers: Vec<SecretString> = answers
        .iter()
        .map(|s| SecretString::from(s.to_string()))
        .collect();
    sh.run(cmd, &Ask::new(T).with_secrets(&answers))
        .unwrap()
        .output
}

#[test]
fn x_1_slot_list_blocks_and_ha_virtual_slot() {
    let mut sh = cm(Fleet::demo().unwrap());
    let out = run(&mut sh, "slot list", &[]);
    assert!(out.starts_with("\tSlot Id ->              0\n\tLabel ->                sp_sehsm3\n\tSerial Number ->        1582775433934\n\tModel ->                LunaSA 7.8.5\n\tFirmware Version ->     7.8.4\n\tBootloader Version ->   1.1.5\n\tConfiguration ->        Luna User Partition With SO (PW) Key Export With Cloning Mode\n\tSlot Description ->     Net Token Slot\n\tFM HW Status ->         Non-FM\n"), "{out}");
    assert!(
        out.contains(
            "\tSlot Description ->     HA Virtual Card Slot\n\tHA Group Label ->       myHA\n"
        ),
        "{out}"
    );
    assert!(
        out.contains("\tLabel ->\n"),
        "uninitialized partition has an empty label: {out}"
    );
    assert!(
        out.ends_with("Current Slot Id: 0\n\nCommand Result : No Error\n"),
        "{out}"
    );
}

#[test]
fn x_1_roles_contents_and_wrong_password() {
    let mut sh = cm(Fleet::demo().unwrap());
    assert_eq!(
        run(&mut sh, "partition contents", &[]),
        "Command Result : 0x101 (CKR_USER_NOT_LOGGED_IN)\n"
    );
    assert_eq!(
        run(&mut sh, "role login -name co", &["wrong"]),
        "Please enter the password: \nCommand Result : 0xa0 (CKR_PIN_INCORRECT)\n"
    );
    assert!(
        run(&mut sh, "role login -name co", &["CoPass-sehsm3"])
            .ends_with("Command Result : No Error\n")
    );
    let out = run(&mut sh, "partition contents", &[]);
    assert!(out.starts_with("\tThe 'Crypto Officer' is currently logged in. Looking for objects accessible to the 'Crypto Officer'.\n\n\tObject list:\n\n\tLabel:        DARKSTARKEY-mac-key\n\tHandle:       37\n\tObject Type:  Symmetric Key\n\tAlgorithm:    AES\n\tKey Size:     256\n\tFingerprint:  "), "{out}");
    assert!(out.contains("\tNumber of objects:  2\n"));
    assert_eq!(
        run(&mut sh, "slot set -slot 99", &[]),
        "Command Result : 0x3 (CKR_SLOT_ID_INVALID)\n"
    );
    assert!(run(&mut sh, "frob", &[]).starts_with("Error: Command not found: frob\n"));
}

#[test]
fn x_1_client_side_init_then_role_init() {
    let mut sh = cm(Fleet::demo().unwrap());
    run(&mut sh, "slot set -slot 6", &[]);
    let out = run(
        &mut sh,
        "partition init -label ops_b -force",
        &["sopass12", "sopass12", "dom1", "dom1"],
    );
    assert!(out.starts_with("Enter password for SO: \nRe-enter password for SO: \nEnter domain: \nRe-enter domain: \n"), "{out}");
    assert!(out.ends_with("Command Result : No Error\n"));
    run(&mut sh, "role login -name po", &["sopass12"]);
    let co = run(&mut sh, "role init -name co", &["copass12", "copass12"]);
    assert!(
        co.starts_with(
            "Enter password for Crypto Officer: \nRe-enter password for Crypto Officer: \n"
        ),
        "{co}"
    );
    let fleet = sh.fleet().lock().unwrap();
    let (_, p) = fleet.partition_by_serial("1582790433036").unwrap();
    assert!(p.initialized && p.co.is_set() && p.label == "ops_b");
}

#[test]
fn x_1_clone_across_domains_or_auth_is_refused() {
    let mut sh = cm(Fleet::demo().unwrap());
    run(&mut sh, "role login -name co", &["CoPass-sehsm3"]);
    // Slot 2 is legacy_tls, domain emea-web.
    let out = run(&mut sh, "partition clone -objects 0 -slot 2 -force", &[]);
    assert_eq!(
        out,
        "Error: 1582775433934 and 1582775433941 do not share the same cloning domain.\n\nCommand Result : 0xc0 (CKR_SIGNATURE_INVALID)\n"
    );
    // Slot 5 is on a PED appliance.
    let out = run(&mut sh, "partition clone -objects 0 -slot 5 -force", &[]);
    assert!(
        out.contains("use different authentication methods"),
        "{out}"
    );
    // Same domain (slot 1) works and copies the objects.
    let out = run(
        &mut sh,
        "partition clone -objects 0 -slot 1 -force",
        &["CoPass-sehsm3"],
    );
    assert!(
        out.contains("2 objects cloned to partition 1582790433012."),
        "{out}"
    );
}

#[test]
fn x_1_ha_groups_listed_created_and_member_rules() {
    let mut sh = cm(Fleet::demo().unwrap());
    let list = run(&mut sh, "hagroup listgroups", &[]);
    assert!(list.starts_with("\t\tHA Group Label:  myHA\n\t       HA Group Number:  11582775433934\n\t      HA Group Slot ID:  7\n\t       Synchronization:  enabled\n\t         Group Members:  1582775433934, 1582790433012\n\t       Standby Members:  <none>\n\n\tSlot #    Member S/N                      Member Label    Status\n\t======    ==========                      ============    ======\n\t     0    1582775433934                      sp_sehsm3    alive\n\t     1    1582790433012                      sp_sehsm3    alive\n"), "{list}");
    let made = run(
        &mut sh,
        "hagroup creategroup -label tlsHA -slot 2",
        &["CoPass-legacy"],
    );
    assert!(
        made.contains("New group with label \"tlsHA\" created"),
        "{made}"
    );
    // Different domain: refused.
    let refused = run(
        &mut sh,
        "hagroup addmember -group tlsHA -slot 1",
        &["CoPass-sehsm3"],
    );
    assert!(
        refused.contains("do not share the same cloning domain"),
        "{refused}"
    );
    let removed = run(&mut sh, "hagroup removemember -group myHA -slot 1", &[]);
    assert!(removed.contains("Member 1582790433012 successfully removed from group myHA."));
    let sync = run(&mut sh, "hagroup synchronize -group appHA", &[]);
    assert!(sync.ends_with("Command Result : No Error\n"), "{sync}");
    let mut empty = cm(Fleet::from_toml(include_str!("../fixtures/fleets/small.toml")).unwrap());
    assert_eq!(
        run(&mut empty, "hagroup listgroups", &[]),
        "There are no HA groups defined.\n\nCommand Result : No Error\n"
    );
}

#[test]
fn x_1_creategroup_refuses_a_label_outside_the_lunacm_rule() {
    let mut sh = cm(Fleet::demo().unwrap());
    let rule = "use 1 to 32 letters, digits or !#$%'()*+,-./:=@[]^_{}~.";
    let long = "h".repeat(33);
    for label in ["ha-ü-label", "\"has space\"", long.as_str()] {
        let out = run(
            &mut sh,
            &format!("hagroup creategroup -label {label} -slot 2"),
            &["CoPass-legacy"],
        );
        let shown = label.trim_matches('"');
        assert_eq!(
            out,
            format!(
                "Error: Invalid group label '{shown}': {rule}\n\nCommand Result : 0x7 (CKR_ARGUMENTS_BAD)\n"
            ),
            "{label}"
        );
    }
    let dup = run(
        &mut sh,
        "hagroup creategroup -label myHA -slot 2",
        &["CoPass-legacy"],
    );
    assert!(
        dup.starts_with("Error: Invalid or duplicate group label 'myHA'."),
        "{dup}"
    );
    let list = run(&mut sh, "hagroup listgroups", &[]);
    assert!(
        !list.contains("ha-ü-label") && !list.contains("has space"),
        "{list}"
    );
    let made = run(
        &mut sh,
        "hagroup creategroup -label ha-group.prod -slot 2",
        &["CoPass-legacy"],
    );
    assert!(
        made.contains("New group with label \"ha-group.prod\" created"),
        "{made}"
    );
}
