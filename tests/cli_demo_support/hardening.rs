//! Issue 9, items 9–11 through the real binary: `--read-only` runs reads and dry runs and still
//! refuses changes (exit 2), `import show` names organizations, and logins are throttled.

use super::cli_demo_support::{demo, json, stderr as err, stdout as out};
use lunadeck::domain::audit_event::Outcome;
use lunadeck::domain::ids::OrganizationId;
use lunadeck::domain::import_row::ImportRow;
use lunadeck::domain::organization::Organization;
use lunadeck::domain::timestamp::Timestamp;
use lunadeck::store::{AuditFilter, Store};
use secrecy::SecretString;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

const ROOT_PW: &str = "Root-Pass-12345";

fn data_dir(home: &Path) -> PathBuf {
    home.join("deck")
}

/// A real data directory (not --demo): the Admin `root`, the organization `Acme` and a saved
/// import table of two rows owned by Acme.
fn seeded(home: &Path) {
    use std::os::unix::fs::DirBuilderExt;
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(data_dir(home))
        .unwrap();
    let mut store = Store::open(&data_dir(home).join("lunadeck.sqlite")).unwrap();
    store
        .create_first_admin("root", &SecretString::from(ROOT_PW), Timestamp(0))
        .unwrap();
    let mut org = |name: &str| {
        store
            .save_organization(&Organization {
                id: OrganizationId(0),
                name: name.into(),
            })
            .unwrap()
    };
    org("Payments");
    let acme = org("Acme");
    let rows: Vec<ImportRow> = ["150001", "150002"]
        .iter()
        .map(|serial| {
            serde_json::from_value(serde_json::json!({
                "partition": serial, "device": "1500001", "device_name": "hsm-a",
                "partition_name": format!("p{serial}"), "ha_group": "", "service_name": "",
                "description": "", "organization": acme.0, "deleted": false, "view_only": false,
            }))
            .unwrap()
        })
        .collect();
    store.replace_import_draft(&rows, Timestamp(0)).unwrap();
}

/// `lunadeck --data-dir DIR --user root ARGS` with the password as the first stdin line.
fn deck(home: &Path, password: &str, args: &[&str]) -> Output {
    use std::io::Write;
    let tmp = home.join("tmp");
    std::fs::create_dir_all(&tmp).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_lunadeck"))
        .env_remove("LUNADECK_HOME")
        .env("LUNADECK_PASSWORD_STDIN", "1")
        .env("HOME", home)
        .env("TMPDIR", &tmp)
        .arg("--data-dir")
        .arg(data_dir(home))
        .args(["--user", "root"])
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let _ = child
        .stdin
        .take()
        .unwrap()
        .write_all(format!("{password}\n").as_bytes());
    child.wait_with_output().unwrap()
}

fn refused_read_only(o: &Output, op: &str) {
    assert_eq!(o.status.code(), Some(2), "{op}: {}", err(o));
    assert!(
        err(o).contains(&format!("read-only mode: {op} ")),
        "{op}: {}",
        err(o)
    );
}

#[test]
fn x_7_read_only_runs_reads_and_dry_runs_and_still_refuses_their_changes() {
    let home = tempfile::tempdir().unwrap();
    let ro = |args: &[&str]| {
        let mut all = vec!["--read-only"];
        all.extend_from_slice(args);
        demo(home.path(), &all, "")
    };
    let check = ro(&["migrate", "check"]);
    assert_eq!(check.status.code(), Some(0), "{}", err(&check));
    assert!(out(&check).contains("myHA"), "{}", out(&check));
    let choices = ro(&["--json", "partition", "choices", "myHA"]);
    assert_eq!(choices.status.code(), Some(0), "{}", err(&choices));
    assert!(!json(&choices).as_array().unwrap().is_empty());
    let create = [
        "svc1",
        "--template",
        "HA pair",
        "--device",
        "lon-hsm-01",
        "--device",
        "lon-hsm-02",
        "--org",
        "Payments",
    ];
    let mut plan = vec!["service", "plan"];
    plan.extend(create);
    let planned = ro(&plan);
    assert_eq!(planned.status.code(), Some(0), "{}", err(&planned));
    assert!(
        out(&planned).contains("partition create -partition svc1"),
        "{}",
        out(&planned)
    );
    let users = ro(&["account", "user-list"]);
    assert_eq!(users.status.code(), Some(0), "{}", err(&users));
    assert!(out(&users).contains("demo"), "{}", out(&users));

    plan[1] = "create";
    refused_read_only(&ro(&plan), "service.create");
    refused_read_only(
        &ro(&["partition", "add", "myHA", "--device", "lon-hsm-02"]),
        "partition.add",
    );
    refused_read_only(&ro(&["account", "disable", "demo"]), "account.manage");
    refused_read_only(&ro(&["account", "org-add", "Acme"]), "account.manage");
}

#[test]
fn x_7_imp_2_read_only_import_show_names_the_organization_and_import_changes_are_refused() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    seeded(h);
    let shown = deck(h, ROOT_PW, &["--read-only", "import", "show"]);
    assert_eq!(shown.status.code(), Some(0), "{}", err(&shown));
    let text = out(&shown);
    let header = text.lines().next().unwrap();
    let col = header.find("ORG").unwrap(); // ASCII header: bytes are characters
    for line in text.lines().filter(|l| l.starts_with("15000")) {
        let cell: String = line.chars().skip(col).take_while(|c| *c != ' ').collect();
        assert_eq!(cell, "Acme", "the name, not the id: {text}");
    }
    let doc = json(&deck(
        h,
        ROOT_PW,
        &["--read-only", "--json", "import", "show"],
    ));
    assert_eq!(doc["rows"].as_array().unwrap().len(), 2, "{doc}");
    let ro = |args: &[&str]| {
        let mut all = vec!["--read-only", "import"];
        all.extend_from_slice(args);
        deck(h, ROOT_PW, &all)
    };
    refused_read_only(
        &ro(&["edit", "150001", "--service-name", "x"]),
        "import.run",
    );
    refused_read_only(&ro(&["delete-row", "150002"]), "import.run");
    refused_read_only(&ro(&["finish"]), "import.run");
    refused_read_only(&ro(&["cancel", "--confirm", "cancel"]), "import.run");
    let store = Store::open(&data_dir(h).join("lunadeck.sqlite")).unwrap();
    assert_eq!(store.load_import_draft().unwrap().unwrap().rows.len(), 2);
    // The read-only logins were audited (the only writes a read-only run makes).
    let logins = store
        .list_audit(&AuditFilter {
            action: Some("account.login".into()),
            ..AuditFilter::default()
        })
        .unwrap();
    assert_eq!(logins.len(), 6, "{logins:?}");
}

#[test]
fn nav_4_cli_logins_of_separate_processes_share_the_throttle_and_it_is_audited() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    seeded(h);
    let mut throttled = 0;
    for _ in 0..4 {
        let o = deck(h, "Wrong-Pass-999", &["account", "org-list"]);
        assert_eq!(o.status.code(), Some(2), "{}", err(&o));
        if err(&o).contains("too many failed logins for this username: wait") {
            throttled += 1;
        } else {
            assert!(err(&o).contains("wrong password"), "{}", err(&o));
        }
    }
    assert!(throttled >= 1, "4 processes in a row, none throttled");
    let mut right = deck(h, ROOT_PW, &["account", "org-list"]);
    if let Some(wait) = err(&right).split("wait ").nth(1) {
        let secs: u64 = wait.split(' ').next().unwrap().parse().unwrap();
        std::thread::sleep(std::time::Duration::from_millis(secs * 1000 + 100));
        right = deck(h, ROOT_PW, &["account", "org-list"]);
    }
    assert_eq!(right.status.code(), Some(0), "{}", err(&right));
    let store = Store::open(&data_dir(h).join("lunadeck.sqlite")).unwrap();
    let events = store.list_audit(&AuditFilter::default()).unwrap();
    let refused = events
        .iter()
        .filter(|e| e.event.actor == "root" && matches!(e.event.outcome, Outcome::Failure { .. }))
        .count();
    assert!(refused >= 4, "every refused attempt audited: {events:?}");
}
