//! Flow tests of the Devices and Jobs screens: keys go through `route` + `update`, requests to
//! the real backend thread over the simulated fleet, its events back into `update` (DEV-1,
//! DEV-2, X-1); the host-key decider and its modal round trip with a fake question.

use crate::support::keys::press;
use crate::support::rig::Rig;
use lunadeck::app::host_key_bridge::{HOST_KEY_TIMEOUT, HostKeyBridge};
use lunadeck::app::message::BackendRequest;
use lunadeck::app::panel_dialog::Dialog;
use lunadeck::app::panel_message::PanelRequest;
use lunadeck::app::{Action, App, AppOptions, Command, Keymap, update};
use lunadeck::domain::device::DeviceStatus;
use lunadeck::domain::job::JobState;
use lunadeck::kit::HostKeyChoice;
use lunadeck::luna::ssh::{HostKeyQuestion, TrustDecision};
use lunadeck::screens::{ScreenRequest, jobs};

/// Types the add-device form for alpha (log in with a key file) and submits it.
fn add_alpha(r: &mut Rig) {
    let key = r.key_file();
    r.press(&format!(
        "a \"alpha\" Tab \"alpha.test\" Tab Tab Tab Tab \"{key}\" Enter"
    ));
}

fn notice(app: &App) -> String {
    app.notice.clone().unwrap_or_default()
}

fn device_status(app: &App) -> Option<DeviceStatus> {
    app.screens.devices.table.rows().first().map(|d| d.status)
}

#[test]
fn dev_1_dev_2_add_then_authorize_wrong_then_right_one_login_each() {
    let mut r = Rig::small_fleet();
    // An empty form shows the domain's sentences under the fields and sends nothing.
    r.press("a Tab Tab Tab Tab Enter");
    match &r.app.panels.dialog {
        Some(Dialog::Form(f)) => {
            let errors = f.form.error_summary().join(" | ");
            assert!(errors.contains("Name:"), "{errors}");
            assert!(errors.contains("Key file: enter the path"), "{errors}");
            assert!(!f.waiting);
        }
        other => panic!("{other:?}"),
    }
    r.press("Esc");
    assert!(r.app.panels.dialog.is_none(), "Esc closes without sending");
    add_alpha(&mut r);
    r.until("alpha added", |a| a.screens.devices.table.total_len() == 1);
    assert!(r.app.panels.dialog.is_none());
    assert_eq!(device_status(&r.app), Some(DeviceStatus::Unauthorized));
    // Wrong SO secret: one hsm login, refused, the device stays unauthorized.
    r.press("u \"wrong-pass\" Enter");
    r.until("refused", |a| notice(a).contains("not authorized"));
    // Named by its console name, not its serial (issue 11.4).
    let said = notice(&r.app);
    let serial = r.app.screens.devices.table.rows()[0].serial.to_string();
    assert!(said.contains("alpha not authorized"), "{said}");
    assert!(!said.contains(&serial), "{said}");
    assert_eq!(device_status(&r.app), Some(DeviceStatus::Unauthorized));
    assert!(
        r.app.panels.dialog.is_none(),
        "never retried: the form is gone"
    );
    // The right one.
    r.press("u \"alpha-so-pass\" Enter");
    r.until("authorized", |a| {
        notice(a).contains("alpha authorized for this session")
    });
    r.until("up", |a| device_status(a) == Some(DeviceStatus::Up));
}

#[test]
fn dev_3_remove_asks_first_and_cancel_is_the_default() {
    let mut r = Rig::small_fleet();
    add_alpha(&mut r);
    r.until("added", |a| a.screens.devices.table.total_len() == 1);
    assert!(
        press(&mut r.app, "d Enter").is_empty(),
        "Enter on Cancel does nothing"
    );
    assert_eq!(r.app.screens.devices.table.total_len(), 1);
    r.press("d Tab Enter");
    r.until("removed", |a| a.screens.devices.table.total_len() == 0);
}

/// The small fleet with alpha added, then hanging, and a refresh job running on it, the Jobs
/// tab in front.
fn hanging_refresh() -> Rig {
    let mut r = Rig::small_fleet();
    add_alpha(&mut r);
    r.until("added", |a| a.screens.devices.table.total_len() == 1);
    r.fleet.lock().unwrap().faults_mut("alpha").unwrap().hang = true;
    r.press("r 4");
    r.until("job running", |a| {
        a.screens
            .jobs
            .table
            .rows()
            .iter()
            .any(|j| j.operation.contains("refresh") && j.state == JobState::Running)
    });
    r
}

#[test]
fn x_1_cancel_a_running_job_on_a_hanging_device() {
    let mut r = hanging_refresh();
    let id = r
        .app
        .screens
        .jobs
        .table
        .rows()
        .iter()
        .find(|j| j.state == JobState::Running)
        .unwrap()
        .id;
    let running = r
        .app
        .screens
        .jobs
        .table
        .rows()
        .iter()
        .position(|j| j.id == id)
        .unwrap();
    r.app.screens.jobs.table.select_first();
    for _ in 0..running {
        r.app.screens.jobs.table.select_next();
    }
    assert!(press(&mut r.app, "x Esc").is_empty(), "Esc never cancels");
    let c = press(&mut r.app, "x Tab Enter");
    assert!(matches!(
        c.as_slice(),
        [Command::Backend(BackendRequest::Screen(ScreenRequest::Jobs(jobs::Request::Cancel(j))))]
            if *j == id
    ));
    r.send(c);
    r.until("cancel accepted", |a| {
        notice(a).contains("cancel requested")
    });
    r.until("job finished", |a| {
        a.screens
            .jobs
            .table
            .rows()
            .iter()
            .any(|j| j.id == id && j.state.is_finished())
    });
    // Acknowledged, it leaves the list.
    r.press("a");
    r.until("acknowledged", |a| {
        a.screens.jobs.table.rows().iter().all(|j| j.id != id)
    });
}

#[test]
fn dev_1_host_key_decider_and_modal_round_trip_reject_then_trust() {
    let bridge = HostKeyBridge::new();
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    bridge.connect(tx);
    let decider = bridge.decider(HOST_KEY_TIMEOUT);
    let mut app = App::new(Keymap::defaults().unwrap(), AppOptions::default());
    for (keys, want) in [
        ("Enter", TrustDecision::Reject),
        ("Right Enter", TrustDecision::Trust),
    ] {
        let d = decider.clone();
        let asked = std::thread::spawn(move || {
            d(&HostKeyQuestion {
                target: "hsm-new".into(),
                host: "10.1.2.3".into(),
                port: 22,
                algorithm: "ssh-ed25519".into(),
                fingerprint: "SHA256:q1w2e3".into(),
            })
        });
        let event = rx.blocking_recv().unwrap();
        update(&mut app, Action::Backend(Box::new(event)));
        match &app.panels.dialog {
            Some(Dialog::HostKey { modal, .. }) => {
                assert_eq!(modal.focus(), HostKeyChoice::Reject, "default is Reject");
                assert_eq!(modal.fingerprint, "SHA256:q1w2e3");
                assert_eq!((modal.host.as_str(), modal.port), ("10.1.2.3", 22));
            }
            other => panic!("{other:?}"),
        }
        // The backend's part: send the answer on the reply carried by the request.
        for c in press(&mut app, keys) {
            match c {
                Command::Backend(BackendRequest::Panel(PanelRequest::AnswerHostKey {
                    reply,
                    trust,
                })) => {
                    assert_eq!(trust, want == TrustDecision::Trust);
                    reply.send(want);
                }
                other => panic!("{other:?}"),
            }
        }
        assert_eq!(asked.join().unwrap(), want);
        assert!(app.panels.dialog.is_none());
    }
}

#[test]
fn x_3_jobs_running_when_the_console_stops_are_recorded_as_abandoned() {
    use lunadeck::app::Command;
    use lunadeck::app::message::BackendRequest;
    use lunadeck::store::{AuditFilter, Store};
    let r = hanging_refresh();
    // The console stops (q, Quit anyway, or a signal: the run loop sends Shutdown).
    r.send(vec![Command::Backend(BackendRequest::Shutdown)]);
    let db = r.dir.path().join("db.sqlite");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    let job = loop {
        let store = Store::open(&db).unwrap();
        let jobs = store.list_jobs().unwrap();
        let refresh = jobs
            .into_iter()
            .find(|j| j.operation.contains("refresh"))
            .unwrap();
        if refresh.state.is_finished() {
            break refresh;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "never recorded: {refresh:?}"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    };
    match &job.state {
        JobState::Failed { message } => assert!(
            message.starts_with("abandoned: the console stopped"),
            "{message}"
        ),
        other => panic!("{other:?}"),
    }
    let store = Store::open(&db).unwrap();
    let events = store
        .list_audit(&AuditFilter {
            action: Some("job.abandoned".into()),
            ..AuditFilter::default()
        })
        .unwrap();
    assert_eq!(events.len(), 1, "{events:?}");
}
