//! The store across OS processes: two processes opening one fresh file at the same moment and
//! appending concurrently keep one audit chain; a writer killed with SIGKILL loses no
//! committed row and leaves an intact file. Children are this test binary re-run in child mode.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod store_fixtures;

use lunadeck::store::{AuditFilter, Store};
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use store_fixtures::*;

const CHILD: &str = "LUNADECK_STORE_TEST_CHILD";
const DB: &str = "LUNADECK_STORE_TEST_DB";
const ACTOR: &str = "LUNADECK_STORE_TEST_ACTOR";
const PER_CHILD: u64 = 500;

fn spawn_child(test: &str, mode: &str, db: &Path, actor: &str, stdout: Stdio) -> Child {
    Command::new(std::env::current_exe().unwrap())
        .args([test, "--exact", "--nocapture", "--test-threads=1"])
        .env(CHILD, mode)
        .env(DB, db)
        .env(ACTOR, actor)
        .stdout(stdout)
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

fn child_db() -> PathBuf {
    PathBuf::from(std::env::var_os(DB).unwrap())
}

/// Child: waits for the parent's go file, opens the (fresh) store and appends its events.
fn append_child() {
    let path = child_db();
    let go = path.with_extension("go");
    while !go.exists() {
        std::thread::yield_now();
    }
    let actor = std::env::var(ACTOR).unwrap();
    let mut store = Store::open(&path).unwrap();
    for n in 1..=PER_CHILD {
        let mut e = audit_event(n);
        e.actor = actor.clone();
        store.append_audit(e).unwrap();
    }
}

#[test]
fn x_6_two_processes_open_fresh_file_and_append_one_chain() {
    if std::env::var_os(CHILD).is_some() {
        return append_child();
    }
    let db = temp_db();
    let name = "x_6_two_processes_open_fresh_file_and_append_one_chain";
    let children: Vec<Child> = ["A", "B"]
        .iter()
        .map(|a| spawn_child(name, "append", &db.path, a, Stdio::null()))
        .collect();
    // Both children are waiting; releasing them together races the schema creation too.
    std::fs::write(db.path.with_extension("go"), b"go").unwrap();
    for child in children {
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "child failed: {stderr}");
        assert!(
            !stderr.contains("locked") && !stderr.contains("busy"),
            "{stderr}"
        );
    }
    let store = db.open();
    assert_eq!(store.integrity_check().unwrap(), "ok");
    assert_eq!(store.verify_audit().unwrap(), 2 * PER_CHILD);
    for actor in ["A", "B"] {
        let filter = AuditFilter {
            actor: Some(actor.into()),
            ..Default::default()
        };
        assert_eq!(store.list_audit(&filter).unwrap().len() as u64, PER_CHILD);
    }
}

/// Child: saves jobs forever, reporting each commit on stdout, until killed.
fn loop_child() {
    let mut store = Store::open(&child_db()).unwrap();
    let mut out = std::io::stdout().lock();
    for n in 1..=1_000_000u64 {
        let id = store.save_job(&job(&format!("op{n}"))).unwrap();
        writeln!(out, "committed {n} {}", id.0).unwrap();
        out.flush().unwrap();
    }
}

#[test]
fn kill_9_mid_write_loses_no_committed_row() {
    if std::env::var_os(CHILD).is_some() {
        return loop_child();
    }
    let db = temp_db();
    drop(db.open());
    let name = "kill_9_mid_write_loses_no_committed_row";
    let mut child = spawn_child(name, "loop", &db.path, "-", Stdio::piped());
    let stdout = child.stdout.take().unwrap();
    let mut reported = Vec::new();
    for line in BufReader::new(stdout).lines() {
        let line = line.unwrap();
        // The harness prints "test <name> ... " without a newline before the first report.
        let Some((_, rest)) = line.split_once("committed ") else {
            continue;
        };
        let mut parts = rest.split(' ');
        let n: u64 = parts.next().unwrap().parse().unwrap();
        let id: i64 = parts.next().unwrap().parse().unwrap();
        reported.push((n, id));
        if n >= 200 {
            child.kill().unwrap(); // SIGKILL on Unix
            break;
        }
    }
    let status = child.wait().unwrap();
    assert!(!status.success(), "the child must have been killed");
    assert_eq!(reported.len(), 200);

    let store = db.open();
    assert_eq!(store.integrity_check().unwrap(), "ok");
    let jobs = store.list_jobs().unwrap();
    assert!(jobs.len() >= reported.len());
    for (n, id) in reported {
        let job = store
            .load_job(lunadeck::domain::ids::JobId(id))
            .unwrap()
            .unwrap_or_else(|| panic!("committed job {n} (id {id}) lost"));
        assert_eq!(job.operation, format!("op{n}"));
    }
}
