//! The service life cycle as a scripted CLI session over real SSH: three appliances
//! and the LunaCM client host served by `lunash-sim` behind russh servers, every step --json,
//! then `audit verify`, and no secret in the data directory, logs, audit log or output.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use support::cli_rig::{ADMIN_PW, CliRig, HOST_SEED, fingerprint, text, walk};

const SO: [&str; 3] = ["m1-so-pass", "m2-so-pass", "m3-so-pass"];
const SVC_DOMAIN: &str = "svc-domain";
const SVC_SO: &str = "svc-so-pass";
const SVC_CO: &str = "svc-co-pass";
const APP_DOMAIN: &str = "app-domain-4711";
const APP_SO: &str = "app-so-pass-4711";
const APP_CO: &str = "app-co-pass-4711";
const MIG_SO: &str = "mig-so-pass-0815";
const MIG_CO: &str = "mig-co-pass-0815";

fn rig() -> CliRig {
    CliRig::start("cli_ssh.toml", &["m1", "m2", "m3"], true)
}

/// The session's global flags: pinned host key, the client host, and --authorize for every
/// appliance (SO passwords first on stdin, after the login password).
fn with_flags<'a>(rig_flags: &'a [String], args: &[&'a str]) -> Vec<&'a str> {
    let mut all: Vec<&str> = rig_flags.iter().map(String::as_str).collect();
    all.extend_from_slice(args);
    all
}

fn with_unpinned<'a>(flags: &[&'a str], args: &[&'a str]) -> Vec<&'a str> {
    let mut all = flags.to_vec();
    all.extend_from_slice(args);
    all
}

fn so_lines(then: &[&str]) -> String {
    let mut s: String = SO.iter().map(|p| format!("{p}\n")).collect();
    for line in then {
        s.push_str(line);
        s.push('\n');
    }
    s
}

/// Partition names of `appliance` in the simulator's shared state file.
fn sim_partitions(rig: &CliRig, appliance: &str) -> Vec<String> {
    let state = std::fs::read(rig.dir.path().join("fleet.json")).unwrap();
    let fleet: lunadeck::sim::model::Fleet = serde_json::from_slice(&state).unwrap();
    let app = fleet.appliance(appliance).unwrap();
    app.partitions.iter().map(|p| p.name.clone()).collect()
}

fn sim_objects(rig: &CliRig, serial: &str) -> Vec<String> {
    let state = std::fs::read(rig.dir.path().join("fleet.json")).unwrap();
    let fleet: lunadeck::sim::model::Fleet = serde_json::from_slice(&state).unwrap();
    let (_, p) = fleet.partition_by_serial(serial).unwrap();
    p.objects.iter().map(|o| o.label.clone()).collect()
}

#[test]
fn x_5_x_7_service_life_cycle_over_real_ssh_json_read_only_no_secret_on_disk() {
    let rig = rig();
    let fp = fingerprint(HOST_SEED);
    let mut flags: Vec<String> = vec!["--host-key".into(), fp.clone()];
    flags.extend(rig.client_host_args());
    for d in ["m1", "m2", "m3"] {
        flags.extend(["--authorize".into(), d.into()]);
    }
    flags.push("--so-password-stdin".into());
    let go =
        |args: &[&str], secrets: &[&str]| rig.ok(&with_flags(&flags, args), &so_lines(secrets));

    rig.init_admin();
    rig.add_pinned_devices(&["m1", "m2", "m3"]);
    rig.ok(&["account", "org-add", "Acme"], "");

    // The client host's key is trusted only by pinning, like an appliance's: discovery asks
    // it for the HA groups.
    let unpinned: Vec<&str> = flags.iter().skip(2).map(String::as_str).collect();
    let refused = rig.run(
        &with_unpinned(&unpinned, &["--json", "discover", "run"]),
        &so_lines(&[]),
        true,
    );
    assert_eq!(refused.status.code(), Some(1), "{}", text(&refused.stderr));
    let why = text(&refused.stderr);
    assert!(
        why.contains("client host: host key") && why.contains(&fp),
        "{why}"
    );
    assert!(why.contains("--host-key") && !why.contains(".."), "{why}");

    // IMP-1..8: discover on the authorized devices, import the HA group as one service.
    let found = go(&["discover", "run"], &[]);
    assert_eq!(found["ok"], true, "{found}");
    let table = rig.ok(&["import", "show"], "");
    let rows = table["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 2, "{table}");
    for r in rows {
        let at = format!("{}/{}", r["device_name"].as_str().unwrap(), "svc");
        assert!(
            !r["ha_group"].as_str().unwrap().is_empty(),
            "HA suggested: {r}"
        );
        rig.ok(
            &[
                "import",
                "edit",
                &at,
                "--service-name",
                "svcHA",
                "--org",
                "Acme",
            ],
            "",
        );
    }
    let imported = rig.ok(&["import", "finish"], "");
    assert_eq!(
        imported["services"].as_array().unwrap().len(),
        1,
        "{imported}"
    );

    // TPL-2, TPL-4: a template, then a capability edited.
    rig.ok(
        &[
            "template",
            "add",
            "std",
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
    let edited = rig.ok(&["template", "edit", "std", "--size", "120000"], "");
    assert_eq!(
        edited["template"]["capabilities"]["partition_size"], 120000,
        "{edited}"
    );

    // SVC-1, INIT-2: create on m1, initialize (secrets typed twice, from stdin).
    let created = go(
        &[
            "service",
            "create",
            "app",
            "--template",
            "std",
            "--device",
            "m1",
            "--org",
            "Acme",
        ],
        &[],
    );
    assert_eq!(created["ok"], true, "{created}");
    assert!(sim_partitions(&rig, "m1").contains(&"app".to_string()));
    let initialized = go(
        &["service", "initialize", "app", "--secrets-stdin"],
        &[APP_DOMAIN, APP_DOMAIN, APP_SO, APP_SO, APP_CO, APP_CO],
    );
    assert_eq!(initialized["ok"], true, "{initialized}");

    // A LunaCM step without a client host fails, saying how to configure one.
    let no_host = rig.run(
        &["--json", "key", "list", "svcHA", "--secrets-stdin"],
        &format!("{SVC_CO}\n"),
        true,
    );
    assert_eq!(no_host.status.code(), Some(1), "{}", text(&no_host.stderr));
    assert!(
        text(&no_host.stderr).contains("--client-host USER@HOST[:PORT]"),
        "{}",
        text(&no_host.stderr)
    );

    // X-7: --read-only refuses the changing verbs before anything is read or sent (exit 2);
    // a check is a read and runs (issue 9.9).
    let check = rig.run(&["--read-only", "migrate", "check"], "", true);
    assert_eq!(check.status.code(), Some(0), "{}", text(&check.stderr));
    for args in [
        &["partition", "add", "svcHA", "--device", "m3"][..],
        &["partition", "remove", "svcHA", "m1/svc", "--confirm", "svc"],
        &["template", "edit", "std", "--size", "130000"],
    ] {
        let mut all = vec!["--read-only"];
        all.extend_from_slice(args);
        let out = rig.run(&all, "", true);
        assert_eq!(
            out.status.code(),
            Some(2),
            "{args:?}: {}",
            text(&out.stderr)
        );
        assert!(
            text(&out.stderr).contains("read-only"),
            "{}",
            text(&out.stderr)
        );
    }

    // MNG-5, MNG-6: keys with a crypto-officer session (HA synchronized first), clients.
    let keys = go(&["key", "list", "svcHA", "--secrets-stdin"], &[SVC_CO]);
    assert_eq!(keys["ok"], true, "{keys}");
    let labels: Vec<&str> = keys["result"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k["label"].as_str().unwrap())
        .collect();
    assert!(labels.contains(&"svc-key"), "{keys}");
    assert!(
        !rig.server("client-host").received().is_empty(),
        "LunaCM ran on the client host over SSH"
    );
    // [client_host] mode = "local": LunaCM as a program on this machine (the simulator's).
    let script = rig.dir.path().join("lunacm");
    let fleet =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/fleets/cli_ssh.toml");
    std::fs::write(
        &script,
        format!(
            "#!/bin/sh\nexec '{}' --client --state '{}' --fleet '{}'\n",
            env!("CARGO_BIN_EXE_lunash-sim"),
            rig.dir.path().join("fleet.json").display(),
            fleet.display()
        ),
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    std::fs::create_dir_all(rig.deck().join("config")).unwrap();
    std::fs::write(
        rig.deck().join("config/config.toml"),
        format!(
            "[client_host]\nmode = \"local\"\nlunacm = \"{}\"\n",
            script.display()
        ),
    )
    .unwrap();
    let local = rig.ok(
        &["key", "list", "svcHA", "--secrets-stdin"],
        &format!("{SVC_CO}\n"),
    );
    assert!(local.to_string().contains("svc-key"), "{local}");
    std::fs::remove_file(rig.deck().join("config/config.toml")).unwrap();
    let logoff = rig.ok(&["key", "logoff", "svcHA"], "");
    assert_eq!(logoff["session_open"], false, "{logoff}");
    let clients = go(&["client", "list", "svcHA"], &[]);
    assert_eq!(clients["ok"], true, "{clients}");
    assert_eq!(clients["result"][0]["name"], "app one", "{clients}");

    // SIZE-1: resize.
    let resized = go(&["service", "resize", "app", "--size", "150000"], &[]);
    assert_eq!(resized["result"]["size"], 150000, "{resized}");

    // HA-1..3: add a member on m3, initialize it, remove it (its name typed again).
    let choices = rig.ok(&["partition", "choices", "svcHA"], "");
    assert!(choices.to_string().contains("m3"), "{choices}");
    let added = go(&["partition", "add", "svcHA", "--device", "m3"], &[]);
    assert_eq!(added["ok"], true, "{added}");
    assert!(sim_partitions(&rig, "m3").contains(&"svc".to_string()));
    let init_new = go(
        &["partition", "initialize", "svcHA", "--secrets-stdin"],
        &[SVC_DOMAIN, SVC_DOMAIN, SVC_SO, SVC_SO, SVC_CO, SVC_CO],
    );
    assert_eq!(init_new["ok"], true, "{init_new}");
    assert_eq!(
        init_new["result"]["initialized"][0], "1700003000001",
        "{init_new}"
    );
    let wrong = rig.run(
        &with_flags(
            &flags,
            &["partition", "remove", "svcHA", "m3/svc", "--confirm", "sv"],
        ),
        &so_lines(&[]),
        true,
    );
    assert_eq!(wrong.status.code(), Some(2), "{}", text(&wrong.stderr));
    let removed = go(
        &["partition", "remove", "svcHA", "m3/svc", "--confirm", "svc"],
        &[],
    );
    assert_eq!(removed["ok"], true, "{removed}");
    assert!(!sim_partitions(&rig, "m3").contains(&"svc".to_string()));

    // MIG-1..4: migrate the HA service to m3.
    let sources = rig.ok(&["migrate", "check"], "");
    assert!(sources.to_string().contains("svcHA"), "{sources}");
    let migrated = go(
        &[
            "migrate",
            "run",
            "svcHA",
            "--name",
            "moved",
            "--org",
            "Acme",
            "--size",
            "200000",
            "--label",
            "mig",
            "--target",
            "m3",
            "--secrets-stdin",
        ],
        &[
            SVC_CO, SVC_DOMAIN, SVC_DOMAIN, MIG_SO, MIG_SO, MIG_CO, MIG_CO,
        ],
    );
    assert_eq!(migrated["ok"], true, "{migrated}");
    assert_eq!(
        migrated["result"]["targets"][0]["migrated"], true,
        "{migrated}"
    );
    assert!(sim_partitions(&rig, "m3").contains(&"mig".to_string()));
    assert_eq!(
        sim_objects(&rig, "1700003000002"),
        ["svc-key"],
        "cloned from svc"
    );

    // DEL-2: delete both created services on the devices.
    for name in ["app", "moved"] {
        let deleted = go(&["service", "delete", name, "--confirm", name], &[]);
        assert_eq!(deleted["ok"], true, "{deleted}");
    }
    assert!(!sim_partitions(&rig, "m1").contains(&"app".to_string()));
    assert!(!sim_partitions(&rig, "m3").contains(&"mig".to_string()));

    // the chain verifies; no secret in the data dir, logs, audit log or output.
    let verified = rig.ok(&["audit", "verify"], "");
    assert!(verified["verified"].as_u64().unwrap() >= 10, "{verified}");
    let audit = rig.ok(&["audit", "export"], "");
    let mut haystack = audit.to_string();
    let files = walk(&rig.deck());
    let logged: u64 = files
        .iter()
        .filter(|f| f.to_string_lossy().contains("logs"))
        .map(|f| std::fs::metadata(f).unwrap().len())
        .sum();
    assert!(
        logged > 0,
        "trace logs were written and are searched: {files:?}"
    );
    for entry in files {
        haystack.push_str(&String::from_utf8_lossy(&std::fs::read(entry).unwrap()));
    }
    haystack.push_str(&rig.printed.borrow());
    let mut secrets = vec![
        ADMIN_PW, SVC_DOMAIN, SVC_SO, SVC_CO, APP_DOMAIN, APP_SO, APP_CO,
    ];
    secrets.extend([MIG_SO, MIG_CO]);
    secrets.extend(SO);
    for secret in secrets {
        assert!(
            !haystack.contains(secret),
            "{secret} found on disk, in the audit log or output"
        );
    }
}
