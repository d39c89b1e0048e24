//! Device operations against the simulated fleet (DEV-1..3): the simulator's state and the
//! database are both checked after each operation.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod ops_support;

use lunadeck::domain::device::{DeviceStatus, SshAuth};
use lunadeck::domain::ids::HsmSerial;
use lunadeck::jobs::JobOutcome;
use lunadeck::ops::devices::DeviceForm;
use ops_support::{finish, rig, rig_with};
use secrecy::SecretString;

fn form(name: &str, host: &str) -> DeviceForm {
    DeviceForm {
        name: name.into(),
        host: host.into(),
        port: "22".into(),
        user: "admin".into(),
        auth: SshAuth::Password,
        ssh_password: Some(SecretString::from("ssh-pw")),
    }
}

#[test]
fn dev_1_add_device_reads_the_appliance_and_keys_it_on_its_serial() {
    let mut r = rig();
    let job = r.console.submit_add_device(form("alpha", "alpha.test"));
    let done = finish(&mut r, job);
    assert!(
        matches!(done.outcome, JobOutcome::Succeeded { .. }),
        "{}",
        done.summary
    );
    let d = r
        .console
        .store
        .load_device(&HsmSerial::new("1600001"))
        .unwrap()
        .unwrap();
    assert_eq!(d.name, "alpha");
    assert_eq!(d.facts.licences.map(|l| l.allowed), Some(3));
    assert_eq!(d.facts.software.major, 7);
    assert_eq!(r.console.device_status(&d), DeviceStatus::Unauthorized);
    let err = r
        .console
        .submit_add_device(form("Alpha", "other.test"))
        .unwrap_err();
    assert!(
        err.to_string().contains("Alpha") || err.to_string().contains("alpha"),
        "{err}"
    );
    assert_eq!(err.exit_code(), 2);
}

#[test]
fn dev_1_add_5x_device_without_licence_lines_keeps_licences_unknown() {
    // nyc-hsm-01 runs 5.3: `hsm show` says `Hardware Model:` and prints no licence counts.
    let mut r = rig_with(include_str!("../fixtures/fleets/demo.toml"));
    let job = r
        .console
        .submit_add_device(form("nyc", "nyc-hsm-01.hsm.example.net"));
    let done = finish(&mut r, job);
    assert!(
        matches!(done.outcome, JobOutcome::Succeeded { .. }),
        "{}",
        done.summary
    );
    let d = r.console.device_by_name("nyc").unwrap();
    assert_eq!(d.serial, HsmSerial::new("157826"));
    assert_eq!(d.facts.software.major, 5);
    assert_eq!(d.facts.model, "Luna K6");
    assert_eq!(d.facts.licences, None);
    // A refresh reads it again the same way.
    let job = r.console.submit_refresh(&[]);
    let done = finish(&mut r, job);
    assert!(
        matches!(done.outcome, JobOutcome::Succeeded { .. }),
        "{}",
        done.summary
    );
    let d = r.console.device_by_name("nyc").unwrap();
    assert_eq!(d.facts.licences, None);
}

#[test]
fn dev_1_unknown_host_is_reported_and_nothing_is_saved() {
    let mut r = rig();
    let job = r.console.submit_add_device(form("ghost", "ghost.test"));
    let done = finish(&mut r, job);
    assert!(!matches!(done.outcome, JobOutcome::Succeeded { .. }));
    assert!(done.summary.contains("ghost"), "{}", done.summary);
    assert!(r.console.store.list_devices().unwrap().is_empty());
}

#[test]
fn dev_2_authorize_checks_once_and_keeps_the_secret_in_memory_only() {
    let mut r = rig();
    let job = r.console.submit_add_device(form("alpha", "alpha.test"));
    finish(&mut r, job);
    let serial = HsmSerial::new("1600001");
    // Shorter than any appliance accepts: refused before anything is sent.
    let err = r
        .console
        .submit_authorize(&serial, SecretString::from("x"))
        .unwrap_err();
    assert!(
        err.to_string().starts_with(
            "HSM SO password: an HSM SO password has 8 to 255 characters (its length is not shown)"
        ),
        "{err}"
    );
    let job = r
        .console
        .submit_authorize(&serial, SecretString::from("wrong-so-pass"));
    let done = finish(&mut r, job);
    assert!(done.summary.contains("refused"), "{}", done.summary);
    assert!(
        done.summary.contains("LUNA_RET_UM_PIN_INCORRECT"),
        "the device's own words: {}",
        done.summary
    );
    assert!(done.summary.contains("will not retry"), "{}", done.summary);
    assert!(!r.console.is_authorized(&serial));
    let attempts = {
        let f = r.fleet.lock().unwrap();
        f.appliance("alpha").unwrap().so_failures
    };
    assert_eq!(attempts, 1, "exactly one failed SO login on the appliance");
    let job = r
        .console
        .submit_authorize(&serial, SecretString::from("alpha-so-pass"));
    let done = finish(&mut r, job);
    assert!(r.console.is_authorized(&serial), "{}", done.summary);
    let d = r.console.store.load_device(&serial).unwrap().unwrap();
    assert_eq!(r.console.device_status(&d), DeviceStatus::Up);
    let db = std::fs::read(r.dir.path().join("lunadeck.sqlite")).unwrap();
    let wal = std::fs::read(r.dir.path().join("lunadeck.sqlite-wal")).unwrap_or_default();
    for secret in ["alpha-so-pass", "wrong-so-pass", "ssh-pw"] {
        for bytes in [&db, &wal] {
            assert!(
                !bytes.windows(secret.len()).any(|w| w == secret.as_bytes()),
                "{secret} on disk"
            );
        }
    }
}

#[test]
fn dev_3_refresh_marks_unreachable_devices_and_remove_forgets() {
    let mut r = rig();
    for (n, h) in [("alpha", "alpha.test"), ("beta", "beta.test")] {
        let job = r.console.submit_add_device(form(n, h));
        finish(&mut r, job);
    }
    r.fleet
        .lock()
        .unwrap()
        .faults_mut("beta")
        .unwrap()
        .unreachable = true;
    let job = r.console.submit_refresh(&[]);
    let done = finish(&mut r, job);
    assert!(done.summary.starts_with("1 of 2"), "{}", done.summary);
    let beta = r.console.device_by_name("beta").unwrap();
    assert_eq!(beta.status, DeviceStatus::Unreachable);
    r.console.remove_device(&beta.serial).unwrap();
    assert!(r.console.device_by_name("beta").is_err());
}

#[test]
fn dev_2_reauthorizing_a_logged_in_session_with_a_wrong_secret_is_refused() {
    let mut r = rig();
    let job = r.console.submit_add_device(form("alpha", "alpha.test"));
    finish(&mut r, job);
    let serial = HsmSerial::new("1600001");
    let job = r
        .console
        .submit_authorize(&serial, SecretString::from("alpha-so-pass"));
    finish(&mut r, job);
    assert!(r.console.is_authorized(&serial));
    let job = r
        .console
        .submit_authorize(&serial, SecretString::from("wrong-so-pass"));
    let done = finish(&mut r, job);
    assert!(done.summary.contains("refused"), "{}", done.summary);
    assert!(
        !r.console.is_authorized(&serial),
        "a wrong secret must not stay authorized"
    );
    let failures = r
        .fleet
        .lock()
        .unwrap()
        .appliance("alpha")
        .unwrap()
        .so_failures;
    assert_eq!(failures, 1);
}

#[test]
fn x_1_waiting_for_jobs_in_any_order_never_loses_a_finished_one() {
    let mut r = rig();
    let a = r
        .console
        .submit_add_device(form("alpha", "alpha.test"))
        .unwrap();
    let b = r
        .console
        .submit_add_device(form("beta", "beta.test"))
        .unwrap();
    let done_b = r.console.wait(b, ops_support::quiet).unwrap();
    let done_a = r.console.wait(a, ops_support::quiet).unwrap();
    assert!(
        matches!(done_a.outcome, JobOutcome::Succeeded { .. }),
        "{}",
        done_a.summary
    );
    assert!(
        matches!(done_b.outcome, JobOutcome::Succeeded { .. }),
        "{}",
        done_b.summary
    );
    assert_eq!(r.console.store.list_devices().unwrap().len(), 2);
}

#[test]
fn dev_3_edit_validates_saves_audits_and_the_next_refresh_checks_the_serial() {
    use lunadeck::ops::device_edit::DeviceEdit;
    let mut r = rig();
    for (n, h) in [("alpha", "alpha.test"), ("beta", "beta.test")] {
        let job = r.console.submit_add_device(form(n, h));
        finish(&mut r, job);
    }
    let alpha = HsmSerial::new("1600001");
    let err = r
        .console
        .edit_device(
            &alpha,
            DeviceEdit {
                name: Some("BETA".into()),
                ..DeviceEdit::default()
            },
        )
        .unwrap_err();
    assert_eq!(err.exit_code(), 2, "{err}");
    let err = r
        .console
        .edit_device(
            &alpha,
            DeviceEdit {
                port: Some("70000".into()),
                ..DeviceEdit::default()
            },
        )
        .unwrap_err();
    assert!(err.to_string().contains("Port"), "{err}");
    assert_eq!(
        r.console.device_by_name("alpha").unwrap().port,
        22,
        "nothing changed"
    );
    let saved = r
        .console
        .edit_device(
            &alpha,
            DeviceEdit {
                name: Some("alpha-lon".into()),
                ..DeviceEdit::default()
            },
        )
        .unwrap();
    assert_eq!(saved.name, "alpha-lon");
    assert_eq!(r.console.device_by_name("alpha-lon").unwrap().serial, alpha);
    let events = r.console.store.export_audit().unwrap();
    assert!(
        events.iter().any(
            |e| e.event.action == "device.edit" && e.event.target.contains("alpha → alpha-lon")
        )
    );
    // Pointing it at beta's address: the next refresh sees another HSM serial and says so.
    r.console
        .edit_device(
            &alpha,
            DeviceEdit {
                host: Some("beta.test".into()),
                ..DeviceEdit::default()
            },
        )
        .unwrap();
    let job = r.console.submit_refresh(std::slice::from_ref(&alpha));
    let done = finish(&mut r, job);
    assert!(done.summary.starts_with("0 of 1"), "{}", done.summary);
    assert_eq!(
        r.console.device_by_name("alpha-lon").unwrap().status,
        DeviceStatus::Unreachable
    );
}

#[test]
fn x_1_refresh_keeps_each_device_as_it_answers_and_cancel_lets_go_of_a_hung_one() {
    use lunadeck::jobs::{DeviceEnd, JobEvent};
    let mut r = rig();
    for (name, host) in [("alpha", "alpha.test"), ("beta", "beta.test")] {
        let job = r.console.submit_add_device(form(name, host));
        finish(&mut r, job);
    }
    let alpha = r.console.device_by_name("alpha").unwrap();
    let beta = r.console.device_by_name("beta").unwrap();
    // Both marked down before: the refresh is what brings alpha back up.
    for serial in [&alpha.serial, &beta.serial] {
        let mut d = r.console.store.load_device(serial).unwrap().unwrap();
        d.status = DeviceStatus::Unreachable;
        r.console.store.save_device(&d).unwrap();
    }
    r.fleet.lock().unwrap().faults_mut("beta").unwrap().hang = true;
    let job = r.console.submit_refresh(&[]).unwrap();
    loop {
        let e = r.runtime.block_on(r.console.next_event()).unwrap();
        let alpha_done = matches!(&e, JobEvent::DeviceFinished { device, end: DeviceEnd::Done, .. } if *device == alpha.serial);
        assert!(
            r.console.handle_event(e).unwrap().is_none(),
            "the job ended early"
        );
        if alpha_done {
            break;
        }
    }
    // alpha is kept as soon as it answered, while beta still hangs.
    let now = r.console.store.load_device(&alpha.serial).unwrap().unwrap();
    assert_eq!(now.status, DeviceStatus::Up);
    let asked = std::time::Instant::now();
    r.console.cancel_job(job).unwrap();
    let done = r.console.wait(job, ops_support::quiet).unwrap();
    assert!(
        asked.elapsed() < std::time::Duration::from_secs(2),
        "cancel took {:?}",
        asked.elapsed()
    );
    assert!(
        matches!(done.outcome, JobOutcome::Cancelled { .. }),
        "{}",
        done.summary
    );
    assert!(
        done.summary
            .ends_with("(cancelled; beta was stopped mid-command (read the appliance (hsm show)))"),
        "{}",
        done.summary
    );
    // A cancel says nothing about beta: it keeps its status.
    let beta_now = r.console.store.load_device(&beta.serial).unwrap().unwrap();
    assert_eq!(beta_now.status, DeviceStatus::Unreachable);
}

#[test]
fn dev_1_add_checks_the_ssh_user_and_key_file_and_dev_2_ped_server_only_on_ped() {
    let mut r = rig();
    let mut bad_user = form("alpha", "alpha.test");
    bad_user.user = "\u{1b}]0;x\u{7}".into();
    let mut bad_key = form("alpha", "alpha.test");
    bad_key.auth = SshAuth::Key {
        path: "/nonexistent/key".into(),
    };
    for (f, want) in [
        (bad_user, "SSH user: control character U+001B"),
        (bad_key, "Key file: /nonexistent/key: cannot be read"),
    ] {
        let err = r.console.submit_add_device(f).unwrap_err().to_string();
        assert!(err.starts_with(want), "{err}");
    }
    assert!(r.console.store.list_devices().unwrap().is_empty());
    // A password appliance gets no PED server.
    let job = r.console.submit_add_device(form("alpha", "alpha.test"));
    assert_eq!(finish(&mut r, job).outcome.state_name(), "done");
    let serial = HsmSerial::new("1600001");
    let ped = lunadeck::domain::device::PedServer {
        host: "ped.test".into(),
        port: 1503,
    };
    let err = r.console.set_ped_server(&serial, ped).unwrap_err();
    assert!(err.to_string().contains("not a PED"), "{err}");
    let saved = r.console.store.load_device(&serial).unwrap().unwrap();
    assert_eq!(saved.ped_server, None);
}

#[test]
fn x_1_an_owner_sees_cancels_and_acknowledges_only_their_own_jobs() {
    use lunadeck::domain::organization::Role;
    use lunadeck::domain::permission::Session;
    use lunadeck::ops::error::OpsError;
    let mut r = rig();
    let admin = r.console.session().clone();
    let acme = r.console.create_organization("Acme").unwrap();
    let pw = SecretString::from("olive-pass-1");
    let olive = r
        .console
        .create_user("olive", &pw, &pw, Role::Owner(acme))
        .unwrap();
    r.fleet.lock().unwrap().faults_mut("alpha").unwrap().hang = true;
    let running = r
        .console
        .submit_add_device(form("alpha", "alpha.test"))
        .unwrap();
    // An Admin may not acknowledge a job that still runs.
    let err = r.console.acknowledge_job(running).unwrap_err();
    assert!(err.to_string().contains("still running"), "{err}");
    r.console.sign_in(Session {
        user: olive,
        read_only: false,
    });
    assert!(r.console.visible_jobs().unwrap().is_empty());
    // Another user's job does not exist for an Owner: not cancelled, not acknowledged.
    for err in [
        r.console.cancel_job(running).unwrap_err(),
        r.console.acknowledge_job(running).unwrap_err(),
        r.console.visible_job(running).unwrap_err(),
    ] {
        assert!(
            matches!(&err, OpsError::NotFound(m) if m == &format!("no job {running}")),
            "{err}"
        );
    }
    r.console.sign_in(admin);
    r.console.cancel_job(running).unwrap();
    r.console.wait(running, ops_support::quiet).unwrap();
    r.console.acknowledge_job(running).unwrap();
    let seen = r.console.visible_job(running).unwrap();
    assert!(seen.acknowledged && seen.state.is_finished());
}

#[test]
fn dev_2_a_second_so_login_is_refused_while_the_first_runs() {
    let mut r = rig();
    let job = r.console.submit_add_device(form("alpha", "alpha.test"));
    finish(&mut r, job);
    let serial = HsmSerial::new("1600001");
    r.fleet
        .lock()
        .unwrap()
        .appliance_mut("alpha")
        .unwrap()
        .latency_ms = 300;
    let first = r
        .console
        .submit_authorize(&serial, SecretString::from("wrong-so-pass"))
        .unwrap();
    assert!(r.console.is_authorizing(&serial));
    let err = r
        .console
        .submit_authorize(&serial, SecretString::from("alpha-so-pass"))
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("alpha: an HSM SO login to it is already running"),
        "{err}"
    );
    let choices = r
        .console
        .authorize_choices(std::slice::from_ref(&serial))
        .unwrap();
    assert!(choices.send.is_empty(), "{choices:?}");
    finish(&mut r, Ok(first));
    assert!(!r.console.is_authorizing(&serial));
    let attempts = r
        .fleet
        .lock()
        .unwrap()
        .appliance("alpha")
        .unwrap()
        .so_failures;
    assert_eq!(attempts, 1, "one SO login reached the appliance");
}
