//! The demo's two roles and the row it leaves to try, through the real binary (issue 15.4):
//! `--demo --user owner` signs the demo Owner in (PERM); `import show` holds the IMP-6 row, and
//! its Finish is refused for want of console partition licences (IMP-7).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod cli_demo_support;

use cli_demo_support::{demo, json, stderr, stdout};

#[test]
fn imp_6_demo_import_table_holds_only_the_stc_ppso_row_view_only() {
    let home = tempfile::tempdir().unwrap();
    let out = demo(home.path(), &["import", "show"], "");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    let table: Vec<&str> = text
        .lines()
        .take_while(|l| !l.starts_with("to fix"))
        .collect();
    let rows: Vec<&str> = table.iter().skip(1).copied().collect();
    assert_eq!(rows.len(), 1, "{text}");
    assert!(
        rows[0].contains("stc_vault") && rows[0].trim_end().ends_with("view-only"),
        "{text}"
    );
    // Not named yet: Finish lists what to type, the row stays for the user.
    assert!(
        text.contains("to fix before Finish") && text.contains("service name"),
        "{text}"
    );
    let doc = json(&demo(home.path(), &["--json", "import", "show"], ""));
    let rows = doc["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 1, "{doc}");
    assert_eq!(rows[0]["view_only"], true, "{doc}");
    // Discovery again merges into that table (IMP-3): the same row, nothing more.
    let rerun = demo(home.path(), &["--json", "discover", "run"], "");
    assert_eq!(rerun.status.code(), Some(0), "{}", stderr(&rerun));
    assert_eq!(json(&rerun)["state"], "done");
}

#[test]
fn perm_demo_owner_sees_payments_only_and_is_refused_admin_operations() {
    let home = tempfile::tempdir().unwrap();
    let owner = |args: &[&str]| {
        let mut all = vec!["--user", "owner"];
        all.extend_from_slice(args);
        demo(home.path(), &all, "")
    };
    let list = owner(&["--json", "service", "list"]);
    assert_eq!(list.status.code(), Some(0), "{}", stderr(&list));
    let doc = json(&list);
    let services = doc.as_array().unwrap();
    assert!(!services.is_empty(), "{doc}");
    assert!(
        services.iter().all(|s| s["organization"] == "Payments"),
        "{doc}"
    );
    for (args, reason) in [
        (
            &["device", "add", "x", "--host", "x.example"][..],
            "only an Admin can add a device",
        ),
        (
            &["import", "show"][..],
            "only an Admin can import partitions",
        ),
    ] {
        let out = owner(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        assert!(stderr(&out).contains(reason), "{args:?}: {}", stderr(&out));
    }
    let nobody = demo(home.path(), &["--user", "alice", "service", "list"], "");
    assert_eq!(nobody.status.code(), Some(2), "{}", stderr(&nobody));
    assert!(
        stderr(&nobody).contains("the demo has two accounts, demo (Admin) and owner"),
        "{}",
        stderr(&nobody)
    );
}

/// IMP-7 to try: the demo console's partition licences are all used by what the demo imported,
/// so Finish of the row left in the table is refused with the count, and nothing is created.
#[test]
fn imp_7_demo_console_licences_are_all_used_so_finish_is_refused_with_the_count() {
    let home = tempfile::tempdir().unwrap();
    let out = demo(home.path(), &["import", "finish"], "");
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("importing 1 partitions needs 1 licences; 0 available"),
        "{err}"
    );
    let services = demo(home.path(), &["service", "list"], "");
    assert!(
        !stdout(&services).contains("stc_vault"),
        "{}",
        stdout(&services)
    );
}
