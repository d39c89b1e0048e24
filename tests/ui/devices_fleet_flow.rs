//! The marked devices' actions over the real backend on the demo fleet (issue 16): authorize
//! with one SO password (exactly one `hsm login` per device, nothing retried), refresh and
//! discover exactly the marked devices; an Owner is told why not on the key.

use crate::devices_fleet::fleet;
use crate::support::fixtures::signed_in;
use crate::support::keys::press;
use crate::support::rig::Rig;
use lunadeck::app::App;
use lunadeck::app::message::BackendEvent;
use lunadeck::domain::ids::{HsmSerial, OrganizationId};
use lunadeck::domain::organization::Role;
use lunadeck::jobs::JobEvent;
use lunadeck::screens::devices::fleet::TargetState;

fn serial(app: &App, name: &str) -> HsmSerial {
    let rows = app.screens.devices.table.rows();
    rows.iter().find(|d| d.name == name).unwrap().serial.clone()
}

/// The demo's Devices tab, every device listed.
fn devices(r: &mut Rig) {
    r.press("1");
    r.until("the devices", |a| a.screens.devices.table.total_len() == 8);
}

/// The jobs started since event `from`, each with its devices (sorted).
fn started_since(r: &Rig, from: usize) -> Vec<Vec<HsmSerial>> {
    r.seen[from..]
        .iter()
        .filter_map(|e| match e {
            BackendEvent::Job(JobEvent::Started { devices, .. }) => {
                let mut d = devices.clone();
                d.sort();
                Some(d)
            }
            _ => None,
        })
        .collect()
}

#[test]
fn dev_2_marked_devices_authorize_with_one_password_one_hsm_login_each_never_retried() {
    let mut r = Rig::demo(|_| {});
    r.authorize_demo(&["fra-hsm-01"]);
    devices(&mut r);
    // Three password appliances by Space, a PED one and an authorized one set apart.
    r.press("/ \"lon\" Enter g Space Space Space Esc");
    r.press("/ \"par-hsm-01\" Enter g Space Esc / \"fra-hsm-01\" Enter g Space Esc");
    assert_eq!(r.app.screens.devices.table.marked_len(), 5);
    r.press("u");
    r.until("the dialog", |a| fleet(a).is_some());
    let d = fleet(&r.app).unwrap();
    let names: Vec<&str> = d.targets.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["lon-hsm-01", "lon-hsm-02", "lon-hsm-03"]);
    let apart: Vec<(&str, &str)> = d
        .apart
        .iter()
        .map(|l| (l.name.as_str(), l.reason.as_str()))
        .collect();
    assert_eq!(apart.len(), 2, "{apart:?}");
    assert!(
        apart
            .iter()
            .any(|(n, why)| *n == "par-hsm-01" && why.contains("PED"))
    );
    assert!(
        apart
            .iter()
            .any(|(n, why)| *n == "fra-hsm-01" && why.contains("already"))
    );
    let from = r.seen.len();
    // Right for lon-hsm-02 only.
    r.press("\"LonSoPass!02\" Enter");
    r.until("every result", |a| fleet(a).is_some_and(|d| d.finished()));
    let shown = r.screen();
    let d = fleet(&r.app).unwrap();
    for t in &d.targets {
        match (t.name.as_str(), &t.state) {
            ("lon-hsm-02", TargetState::Authorized) => {}
            ("lon-hsm-01" | "lon-hsm-03", TargetState::Refused(why)) => {
                assert!(why.contains("the HSM SO password was refused"), "{why}");
                assert!(why.contains("will not retry"), "{why}");
            }
            other => panic!("{other:?}"),
        }
    }
    assert!(shown.contains("1 authorized, 2 refused"), "{shown}");
    // One job per password device, none for the two set apart; no step retried.
    let lon: Vec<HsmSerial> = ["lon-hsm-01", "lon-hsm-02", "lon-hsm-03"]
        .iter()
        .map(|n| serial(&r.app, n))
        .collect();
    let mut jobs = started_since(&r, from);
    jobs.sort();
    let want: Vec<Vec<HsmSerial>> = lon.iter().map(|s| vec![s.clone()]).collect();
    assert_eq!(jobs, want);
    let retried = r.seen[from..].iter().any(|e| {
        matches!(
            e,
            BackendEvent::Job(JobEvent::StepFailed { retrying: true, .. })
        )
    });
    assert!(!retried, "nothing is retried");
    // The simulator saw exactly one failed hsm login on each refused appliance, none elsewhere.
    {
        let fleet = r.fleet.lock().unwrap();
        let failures = |name: &str| {
            let app = fleet.appliances.iter().find(|a| a.name == name).unwrap();
            app.so_failures
        };
        assert_eq!(failures("lon-hsm-01"), 1);
        assert_eq!(failures("lon-hsm-02"), 0);
        assert_eq!(failures("lon-hsm-03"), 1);
        assert_eq!(failures("par-hsm-01"), 0);
        assert_eq!(failures("fra-hsm-01"), 0);
    }
    // Every result is in the message log; the password never on a screen nor in a message.
    let log: Vec<&str> = r
        .app
        .messages
        .newest_first()
        .map(|m| m.text.as_str())
        .collect();
    for want in [
        "lon-hsm-01 not authorized",
        "lon-hsm-02 authorized for this session",
        "lon-hsm-03 not authorized",
    ] {
        assert!(log.iter().any(|m| m.contains(want)), "{want}: {log:#?}");
    }
    assert!(log.iter().all(|m| !m.contains("LonSoPass")));
    assert!(r.screens.iter().all(|s| !s.contains("LonSoPass")));
    r.press("Enter");
    assert!(fleet(&r.app).is_none());
    let status = |a: &App, n: &str| {
        let rows = a.screens.devices.table.rows();
        rows.iter().find(|d| d.name == n).unwrap().status
    };
    use lunadeck::domain::device::DeviceStatus;
    // The rows are read once the batch of job events that ended the logins is saved.
    r.until("the device rows", |a| {
        status(a, "lon-hsm-02") == DeviceStatus::Up
            && status(a, "lon-hsm-01") == DeviceStatus::Unauthorized
    });
}

#[test]
fn dev_3_mark_all_with_the_filter_then_refresh_reads_exactly_the_marked() {
    let mut r = Rig::demo(|_| {});
    devices(&mut r);
    r.press("/ \"lon\" Enter *");
    assert_eq!(r.app.screens.devices.table.marked_len(), 3);
    // Again with all shown marked: unmarked; once more: marked.
    r.press("*");
    assert_eq!(r.app.screens.devices.table.marked_len(), 0);
    r.press("* Esc");
    assert_eq!(r.app.screens.devices.table.marked_len(), 3);
    assert!(r.screen().contains("Devices (8) · 3 marked"));
    let from = r.seen.len();
    r.press("r");
    r.until_jobs_done("the refresh", 1);
    let mut lon: Vec<HsmSerial> = ["lon-hsm-01", "lon-hsm-02", "lon-hsm-03"]
        .iter()
        .map(|n| serial(&r.app, n))
        .collect();
    lon.sort();
    assert_eq!(started_since(&r, from), [lon]);
    // Marks are kept by serial across the reloads the refresh sent.
    assert_eq!(r.app.screens.devices.table.marked_len(), 3);
}

#[test]
fn imp_1_discover_reads_only_the_marked_devices() {
    let mut r = Rig::demo(|_| {});
    r.authorize_demo(&["lon-hsm-01", "lon-hsm-02"]);
    devices(&mut r);
    r.press("/ \"lon\" Enter g Space Space Esc");
    let from = r.seen.len();
    r.press("R");
    r.until_jobs_done("the discovery", 1);
    let mut want = vec![serial(&r.app, "lon-hsm-01"), serial(&r.app, "lon-hsm-02")];
    want.sort();
    let jobs = started_since(&r, from);
    let devices: Vec<HsmSerial> = jobs
        .concat()
        .into_iter()
        .filter(|s| *s != lunadeck::ops::access::client_host_key())
        .collect();
    assert_eq!(jobs.len(), 1, "one discovery job");
    assert_eq!(devices, want);
    let notice = r.app.notice.clone().unwrap_or_default();
    assert!(notice.contains("on 2 of 2 device(s)"), "{notice}");
}

#[test]
fn perm_an_owner_is_told_why_not_on_the_fleet_keys() {
    let mut app = signed_in(Role::Owner(OrganizationId(1)), false);
    press(&mut app, "1");
    for key in ["u", "r", "R"] {
        press(&mut app, key);
        let notice = app.notice.clone().unwrap_or_default();
        assert!(notice.starts_with("only an Admin can"), "{key}: {notice}");
        assert!(app.panels.dialog.is_none());
    }
}
