//! Whole-binary pseudo-terminal walks of a service's life in `lunadeck --demo` at 80x24 (issues
//! 12 to 14): create an HA service and a template in their wizards, add, initialize, resize and
//! remove partitions, migrate a service to two targets; read frame by frame.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use support::pty::{
    DOWN, authorize_in_demo, create_ha_in_demo, initialize_now_in_demo, initialize_roles_in_demo,
    resize_in_demo, start,
};

#[test]
fn svc_1_svc_2_demo_creates_an_ha_service_in_the_wizard_at_80x24() {
    let mut s = start(&["--demo"], &[]);
    s.demo_login();
    s.wait_for_text("lon-hsm-01");
    authorize_in_demo(&mut s, "lon-hsm-01", "LonSoPass!01");
    authorize_in_demo(&mut s, "lon-hsm-02", "LonSoPass!02");
    create_ha_in_demo(&mut s, "pty-ha");
    s.keys(b"\x1b");
    s.wait_for_gone("Initialize now");
    s.keys(b"/pty-ha\r");
    s.wait_for_text(" 1/1 ┘");
    s.wait_for_text("Initialize");
    let status = s.quit();
    assert!(status.success(), "{status:?}");
    s.assert_restored();
}

#[test]
fn tpl_2_demo_creates_a_template_in_the_wizard_at_80x24() {
    let mut s = start(&["--demo"], &[]);
    s.demo_login();
    s.keys(b":templates\r");
    s.wait_for_text("Service Templates (2)");
    s.keys(b"a");
    s.wait_for_text("step 1 of 3: General");
    s.keys(b"Bronze 6.x\r");
    s.wait_for_text("step 2 of 3: Set Capabilities");
    s.wait_for_text("fixed: Secure Trusted Channel is not available");
    // HSM model (three fields down) to 6.x: SKS becomes fixed off, STC free.
    s.keys(b"\x1b[B\x1b[B\x1b[B\x1b[D\x1b[D");
    s.wait_for_text("Luna Network HSM 6 (firmware 6.x)");
    s.wait_for_text("fixed: Scalable Key Storage needs");
    s.keys(b"\r");
    s.wait_for_text("step 3 of 3: Summary");
    s.wait_for_text("Name            Bronze 6.x");
    s.keys(b"\r");
    s.wait_for_text("Service template 'Bronze 6.x' created.");
    s.wait_for_text("Service Templates (3)");
    let status = s.quit();
    assert!(status.success(), "{status:?}");
    s.assert_restored();
}

#[test]
fn ha_1_ha_2_ha_3_size_1_demo_walks_the_life_of_an_ha_service_at_80x24() {
    let mut s = start(&["--demo"], &[]);
    s.demo_login();
    s.wait_for_text("lon-hsm-01");
    authorize_in_demo(&mut s, "lon-hsm-01", "LonSoPass!01");
    authorize_in_demo(&mut s, "lon-hsm-02", "LonSoPass!02");
    create_ha_in_demo(&mut s, "life-ha");
    // Initialize now: Define Partition, then Initialize Roles (password PPSO).
    initialize_now_in_demo(&mut s, "lifeha");
    // The service on its Partitions tab: remove the second partition (its name typed).
    s.keys(b"/life-ha\r");
    s.wait_for_text(" 1/1 ┘");
    s.keys(b"\r");
    s.wait_for_text("Service: life-ha");
    s.keys(b"\x1b3");
    s.wait_for_text("Initialized partitions");
    s.keys(DOWN);
    s.keys(b"d");
    s.wait_for_text("Type life-ha");
    s.keys(b"life-ha\r\r");
    s.wait_for_text("Remove partition: ");
    // Add it back, then Initialize now (HA-2).
    s.keys(b"a");
    s.wait_for_text("step 1 of 2: Add Devices");
    s.keys(b"lon-hsm-0");
    s.wait_for_text("can host the service");
    s.keys(b"\r\x1b[6~");
    s.wait_for_text("step 2 of 2: Confirm");
    s.keys(b"\r");
    s.wait_for_text("Initialize now");
    s.keys(b"\r");
    s.wait_for_text("Important: the new partitions");
    s.keys(b"\rdomain-secret-1");
    s.keys(DOWN);
    s.keys(b"domain-secret-1\r");
    initialize_roles_in_demo(&mut s);
    s.wait_for_text("Crypto user:");
    s.keys(b"\r");
    s.wait_for_gone("Crypto user:");
    // Resize (Capabilities → e).
    s.keys(b"\x1b2");
    s.wait_for_text("Device capabilities");
    resize_in_demo(&mut s, "200000");
    s.wait_for_text("Partition size changed");
    s.keys(b"\r");
    s.wait_for_text("200000 bytes");
    let status = s.quit();
    assert!(status.success(), "{status:?}");
    s.assert_restored();
}

#[test]
fn mig_2_mig_4_demo_migrates_a_service_to_two_targets_at_80x24() {
    const DOWN: &[u8] = b"\x1b[B";
    let mut s = start(&["--demo"], &[]);
    s.demo_login();
    s.wait_for_text("lon-hsm-01");
    authorize_in_demo(&mut s, "lon-hsm-02", "LonSoPass!02");
    authorize_in_demo(&mut s, "lon-hsm-03", "LonSoPass!03");
    s.keys(b":migrate\r");
    s.wait_for_text("No migration yet");
    s.keys(b"a");
    s.wait_for_text("step 1 of 6: Select Service");
    s.keys(b"legacy");
    s.wait_for_text("Source: partition 'legacy_tls' on lon-hsm-01");
    s.keys(b"\r");
    s.wait_for_text("step 2 of 6: New Service");
    s.keys(DOWN);
    s.keys(b"tls-7\r");
    s.wait_for_text("step 3 of 6: Select Devices");
    s.wait_for_text("Available Devices");
    s.keys(b"lon-hsm-02");
    s.wait_for_text("can host the service");
    s.keys(b"\r");
    s.wait_for_text("Selected Devices (1)");
    s.keys(b"\x15lon-hsm-03");
    s.wait_for_text("lon-hsm-03 (");
    s.keys(b"\r");
    s.wait_for_text("Selected Devices (2)");
    s.keys(b"\x1b[6~");
    s.wait_for_text("step 4 of 6: Define Partition");
    s.keys(b"tls7");
    for secret in ["emea-web", "emea-web"] {
        s.keys(DOWN);
        s.keys(secret.as_bytes());
    }
    s.keys(b"\r");
    s.wait_for_text("step 5 of 6: Initialize Roles");
    s.keys(b"tls7-so-pass");
    for secret in [
        "tls7-so-pass",
        "tls7-co-pass",
        "tls7-co-pass",
        "CoPass-legacy",
    ] {
        s.keys(DOWN);
        s.keys(secret.as_bytes());
    }
    s.keys(b"\r");
    s.wait_for_text("step 6 of 6: Summary");
    s.wait_for_text("dry run");
    s.keys(b"\r");
    s.wait_for_text("to 2 of 2 device(s)");
    s.keys(b"\r");
    s.wait_for_text("ended (migrated 2, failed 0");
    let status = s.quit();
    assert!(status.success(), "{status:?}");
    s.assert_restored();
}
