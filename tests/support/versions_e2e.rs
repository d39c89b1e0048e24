//! Issue 8, "How it is checked": appliances printing the real 5.3, 6.2.2 and 7.8.5 captures
//! behind SSH (OpenSSH's sshd with LUNADECK_E2E_SSHD=1), driven by the `lunadeck` binary: add,
//! authorize (a wrong SO password refused after exactly one `hsm login`), discover, create and
//! delete a partition, and no secret or echo anywhere (DEV-1, DEV-2, IMP-1, SVC-1, DEL-2, X-4).

use crate::versions_rig::{ADMIN_PW, NAMES, VersionsRig, text};
use std::collections::BTreeSet;
use std::time::{Duration, Instant};

const WRONG_SO: &str = "not-the-SO-pass-0000";
/// A bound on a hang, not a performance target: an authorize that waits for a prompt it
/// misread never returns by itself.
const AUTHORIZE_BOUND: Duration = Duration::from_secs(20);
const DOMAIN7: &str = "new7-domain-0815";
const PSO7: &str = "new7-pso-pass-0815";
const CO7: &str = "new7-co-pass-0815";
const DOMAIN6: &str = "old6-domain-4711";
const PART6: &str = "old6-part-pass-4711";

/// `flags` then `args`.
fn args<'a>(flags: &[&'a str], args: &[&'a str]) -> Vec<&'a str> {
    let mut all = flags.to_vec();
    all.extend_from_slice(args);
    all
}

fn hsm_logins(rig: &VersionsRig, name: &str) -> Option<usize> {
    rig.received(name)
        .map(|lines| lines.iter().filter(|l| l.trim() == "hsm login").count())
}

fn so_failures(rig: &VersionsRig, name: &str) -> u32 {
    rig.sim_state().appliance(name).unwrap().so_failures
}

fn sim_partitions(rig: &VersionsRig, name: &str) -> Vec<(String, String)> {
    let state = rig.sim_state();
    let app = state.appliance(name).unwrap();
    app.partitions
        .iter()
        .map(|p| (p.name.clone(), p.serial.clone()))
        .collect()
}

#[test]
fn dev_1_dev_2_add_and_authorize_on_5_3_6_2_and_7_8_wrong_so_refused_after_one_login() {
    let rig = VersionsRig::start();
    rig.init_admin();
    for (name, major, minor) in [("sa5", 5, 3), ("sa6", 6, 2), ("sa7", 7, 8)] {
        let added = rig.add(name);
        assert_eq!(added["ok"], true, "{added}");
        let facts = &added["result"]["facts"];
        assert_eq!(facts["software"]["major"], major, "{name}: {added}");
        assert_eq!(facts["software"]["minor"], minor, "{name}: {added}");
        let fixture = rig.fixture.appliance(name).unwrap();
        assert_eq!(added["result"]["serial"], fixture.hsm_serial, "{added}");
        // Logged in as the server's user (root under sshd, `admin` on the russh server).
        assert_eq!(
            added["result"]["ssh_user"],
            rig.endpoint(name).user,
            "{added}"
        );
    }
    // 5.3's hsm show prints no licence counts: unknown (null), never 0 or guessed.
    let shown = rig.ok(&["device", "show", "sa5"], "");
    assert!(shown["facts"]["licences"].is_null(), "{shown}");
    assert_eq!(shown["facts"]["model"], "Luna K6", "{shown}");
    let listed = rig.ok(&["device", "list"], "");
    let devices = listed.as_array().unwrap();
    assert_eq!(devices.len(), 3, "{listed}");
    for d in devices {
        let name = d["name"].as_str().unwrap();
        let fixture = rig.fixture.appliance(name).unwrap();
        if name == "sa5" {
            assert!(d["facts"]["licences"].is_null(), "{d}");
        } else {
            assert_eq!(d["facts"]["licences"]["allowed"], fixture.licences, "{d}");
            assert_eq!(d["facts"]["licences"]["used"], 2, "{d}");
        }
    }

    for name in NAMES {
        // A wrong SO password: refused with the device's code, after exactly one hsm login.
        let before = hsm_logins(&rig, name);
        let started = Instant::now();
        let wrong = rig.run(
            &["--json", "--so-password-stdin", "device", "authorize", name],
            &format!("{WRONG_SO}\n"),
            true,
        );
        let took = started.elapsed();
        assert!(
            took < AUTHORIZE_BOUND,
            "{name}: refused authorize took {took:?}"
        );
        let (stdout, stderr) = (text(&wrong.stdout), text(&wrong.stderr));
        assert_eq!(wrong.status.code(), Some(1), "{name}: {stdout}\n{stderr}");
        let doc: serde_json::Value = serde_json::from_str(&stdout).unwrap();
        assert_eq!(doc["ok"], false, "{doc}");
        let error = doc["error"].as_str().unwrap();
        assert!(
            error.contains("LUNA_RET_UM_PIN_INCORRECT"),
            "{name}: {error}"
        );
        assert!(error.contains("will not retry"), "{name}: {error}");
        assert!(stderr.contains("LUNA_RET_UM_PIN_INCORRECT"), "{stderr}");
        assert_eq!(so_failures(&rig, name), 1, "{name}: one failed SO login");
        if let (Some(b), Some(a)) = (before, hsm_logins(&rig, name)) {
            assert_eq!(a - b, 1, "{name}: exactly one hsm login was sent");
        }

        // The right one authorizes, and the command returns (no wait on a misread prompt).
        let started = Instant::now();
        let right = rig.ok(
            &["--so-password-stdin", "device", "authorize", name],
            &format!("{}\n", rig.so_password(name)),
        );
        let took = started.elapsed();
        assert!(took < AUTHORIZE_BOUND, "{name}: authorize took {took:?}");
        assert_eq!(right["ok"], true, "{right}");
        assert_eq!(right["result"]["authorized"], true, "{right}");
        assert_eq!(so_failures(&rig, name), 0, "{name}: a good login resets");
    }

    let mut secrets = vec![ADMIN_PW, WRONG_SO];
    let so: Vec<String> = NAMES.iter().map(|n| rig.so_password(n)).collect();
    secrets.extend(so.iter().map(String::as_str));
    rig.assert_no_secret_anywhere(&secrets);
}

#[test]
fn imp_1_discover_lists_every_partition_of_5_3_6_2_and_7_8_with_serial_and_name() {
    let rig = VersionsRig::start();
    rig.init_and_add_all();
    let flags = VersionsRig::authorize_flags(&NAMES);
    let found = rig.ok(
        &args(&flags, &["discover", "run"]),
        &rig.so_lines(&NAMES, &[]),
    );
    assert_eq!(found["ok"], true, "{found}");
    assert_eq!(found["result"]["failed"].as_array().unwrap().len(), 0);
    assert_eq!(found["result"]["skipped"].as_array().unwrap().len(), 0);
    for d in found["result"]["devices"].as_array().unwrap() {
        let name = d["device"].as_str().unwrap();
        let expected = rig.fixture.appliance(name).unwrap().partitions.len();
        assert_eq!(d["partitions"], expected, "{d}");
        assert_eq!(d["unread"].as_array().unwrap().len(), 0, "{d}");
    }

    // The import table holds what discovery read: every partition, serial and name.
    let table = rig.ok(&["import", "show"], "");
    let seen: BTreeSet<(String, String, String)> = table["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let s = |k: &str| r[k].as_str().unwrap().to_string();
            (s("device_name"), s("partition"), s("partition_name"))
        })
        .collect();
    let mut expected = BTreeSet::new();
    for app in &rig.fixture.appliances {
        let digits = if app.name == "sa7" { 13 } else { 9 };
        for p in &app.partitions {
            assert_eq!(p.serial.len(), digits, "fixture serial {}", p.serial);
            expected.insert((app.name.clone(), p.serial.clone(), p.name.clone()));
        }
    }
    assert_eq!(expected.len(), 6);
    assert_eq!(seen, expected, "{table}");

    let mut secrets = vec![ADMIN_PW];
    let so: Vec<String> = NAMES.iter().map(|n| rig.so_password(n)).collect();
    secrets.extend(so.iter().map(String::as_str));
    rig.assert_no_secret_anywhere(&secrets);
}

#[test]
fn svc_1_del_2_create_and_delete_partitions_on_7_8_and_6_2_and_delete_an_imported_one() {
    let rig = VersionsRig::start();
    rig.init_and_add_all();
    rig.ok(&["account", "org-add", "Acme"], "");
    let on7 = VersionsRig::authorize_flags(&["sa7"]);
    let so7 = |then: &[&str]| rig.so_lines(&["sa7"], then);

    // SVC-1 on 7.8.5: create a one-partition service from a template, then initialize it
    // (LunaSH partition init: domain, partition SO and crypto officer asked on the device).
    rig.ok(
        &[
            "template",
            "add",
            "std7",
            "--type",
            "partition",
            "--auth",
            "password",
            "--line",
            "luna77",
            "--size",
            "100000",
            "--ppso",
        ],
        "",
    );
    let created = rig.ok(
        &args(
            &on7,
            &[
                "service",
                "create",
                "new7",
                "--template",
                "std7",
                "--device",
                "sa7",
                "--org",
                "Acme",
            ],
        ),
        &so7(&[]),
    );
    assert_eq!(created["ok"], true, "{created}");
    let fixture_serials: Vec<&str> = rig
        .fixture
        .appliance("sa7")
        .unwrap()
        .partitions
        .iter()
        .map(|p| p.serial.as_str())
        .collect();
    let new7: Vec<(String, String)> = sim_partitions(&rig, "sa7")
        .into_iter()
        .filter(|(name, _)| name == "new7")
        .collect();
    assert_eq!(new7.len(), 1, "{:?}", sim_partitions(&rig, "sa7"));
    let serial = &new7[0].1;
    assert!(
        serial.len() == 13 && serial.starts_with("1587331"),
        "{serial}"
    );
    assert!(!fixture_serials.contains(&serial.as_str()), "a new serial");
    let initialized = rig.ok(
        &args(&on7, &["service", "initialize", "new7", "--secrets-stdin"]),
        &so7(&[DOMAIN7, DOMAIN7, PSO7, PSO7, CO7, CO7]),
    );
    assert_eq!(initialized["ok"], true, "{initialized}");
    let state = rig.sim_state();
    let part = state.appliance("sa7").unwrap().partition("new7").unwrap();
    assert!(part.initialized, "{part:?}");

    // DEL-2: the typed confirmation must repeat the name; then the partition goes.
    let refused = rig.run(
        &args(&on7, &["service", "delete", "new7", "--confirm", "new"]),
        &so7(&[]),
        true,
    );
    assert_eq!(refused.status.code(), Some(2), "{}", text(&refused.stderr));
    assert!(sim_partitions(&rig, "sa7").iter().any(|(n, _)| n == "new7"));
    let deleted = rig.ok(
        &args(&on7, &["service", "delete", "new7", "--confirm", "new7"]),
        &so7(&[]),
    );
    assert_eq!(deleted["ok"], true, "{deleted}");
    let left: Vec<(String, String)> = rig
        .fixture
        .appliance("sa7")
        .unwrap()
        .partitions
        .iter()
        .map(|p| (p.name.clone(), p.serial.clone()))
        .collect();
    assert_eq!(
        sim_partitions(&rig, "sa7"),
        left,
        "only the fixture's remain"
    );

    // DEL-2 on 6.2.2: a partition discovered and imported as a service, then deleted.
    let on6 = VersionsRig::authorize_flags(&["sa6"]);
    let so6 = || rig.so_lines(&["sa6"], &[]);
    let found = rig.ok(&args(&on6, &["discover", "run"]), &so6());
    assert_eq!(found["result"]["rows"], 2, "{found}");
    rig.ok(&["import", "delete-row", "sa6/partition6"], "");
    rig.ok(
        &[
            "import",
            "edit",
            "sa6/app_keys",
            "--service-name",
            "keys6",
            "--org",
            "Acme",
        ],
        "",
    );
    let imported = rig.ok(&["import", "finish"], "");
    assert_eq!(
        imported["services"].as_array().unwrap().len(),
        1,
        "{imported}"
    );
    let deleted = rig.ok(
        &args(&on6, &["service", "delete", "keys6", "--confirm", "keys6"]),
        &so6(),
    );
    assert_eq!(deleted["ok"], true, "{deleted}");
    assert_eq!(
        sim_partitions(&rig, "sa6"),
        [("partition6".to_string(), "534206053".to_string())],
        "app_keys deleted on sa6, partition6 untouched"
    );

    // SVC-1 on 6.2.2: created and initialized in one step (the partition password and the
    // cloning domain answered at the real two-line questions), then deleted.
    rig.ok(
        &[
            "template",
            "add",
            "legacy6",
            "--type",
            "partition",
            "--auth",
            "password",
            "--line",
            "luna6",
            "--size",
            "100000",
        ],
        "",
    );
    let created6 = rig.ok(
        &args(
            &on6,
            &[
                "service",
                "create",
                "old6",
                "--template",
                "legacy6",
                "--device",
                "sa6",
                "--org",
                "Acme",
                "--secrets-stdin",
            ],
        ),
        &rig.so_lines(&["sa6"], &[DOMAIN6, DOMAIN6, PART6, PART6]),
    );
    assert_eq!(created6["ok"], true, "{created6}");
    let state = rig.sim_state();
    let old6 = state.appliance("sa6").unwrap().partition("old6").unwrap();
    assert!(old6.initialized, "{old6:?}");
    assert_eq!(old6.domain.as_deref(), Some(DOMAIN6));
    assert_eq!(old6.co_password.as_deref(), Some(PART6));
    let deleted6 = rig.ok(
        &args(&on6, &["service", "delete", "old6", "--confirm", "old6"]),
        &so6(),
    );
    assert_eq!(deleted6["ok"], true, "{deleted6}");
    assert!(!sim_partitions(&rig, "sa6").iter().any(|(n, _)| n == "old6"));

    let so = [rig.so_password("sa6"), rig.so_password("sa7")];
    let mut secrets = vec![ADMIN_PW, DOMAIN7, PSO7, CO7, DOMAIN6, PART6];
    secrets.extend(so.iter().map(String::as_str));
    rig.assert_no_secret_anywhere(&secrets);
}
