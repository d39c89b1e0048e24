//! The screen as the unit of code (issue 10.1): a registered screen's requests and events are
//! plain data (serde round trip), its keys reach it through the key map, and the real backend
//! thread serves it.

use crate::support::fixtures::*;
use crate::support::keys::press;
use crate::support::rig::Rig;
use lunadeck::app::message::BackendRequest;
use lunadeck::app::{Command, Tab};
use lunadeck::domain::organization::Role;
use lunadeck::screens::{ScreenEvent, ScreenRequest, audit};

fn screen_requests(cmds: &[Command]) -> Vec<&ScreenRequest> {
    cmds.iter()
        .filter_map(|c| match c {
            Command::Backend(BackendRequest::Screen(r)) => Some(r),
            _ => None,
        })
        .collect()
}

#[test]
fn x_6_the_audit_screen_asks_through_its_own_typed_requests() {
    let mut app = signed_in(Role::Admin, false);
    let cmds = press(&mut app, "5");
    assert_eq!(app.tab, Tab::Audit);
    assert!(matches!(
        screen_requests(&cmds)[..],
        [ScreenRequest::Audit(audit::Request::List)]
    ));
    let cmds = press(&mut app, "v");
    assert!(matches!(
        screen_requests(&cmds)[..],
        [ScreenRequest::Audit(audit::Request::Verify)]
    ));
    // On another tab the Audit keys are not the Audit screen's.
    let cmds = press(&mut app, "1 v");
    assert!(screen_requests(&cmds).is_empty());
}

#[test]
fn x_6_screen_requests_and_events_are_plain_data() {
    let request = ScreenRequest::Audit(audit::Request::Verify);
    let json = serde_json::to_string(&request).unwrap();
    let back: ScreenRequest = serde_json::from_str(&json).unwrap();
    assert!(matches!(back, ScreenRequest::Audit(audit::Request::Verify)));
    let event = ScreenEvent::Audit(audit::Event::Verified {
        ok: false,
        message: "event 3 was altered".into(),
    });
    let json = serde_json::to_string(&event).unwrap();
    assert_eq!(serde_json::from_str::<ScreenEvent>(&json).unwrap(), event);
}

#[test]
fn x_6_the_backend_thread_serves_the_audit_screen() {
    let mut rig = Rig::small_fleet();
    rig.press("5");
    rig.until("the audit trail", |a| a.screens.audit.loaded);
    let actions: Vec<String> = rig
        .app
        .screens
        .audit
        .table
        .rows()
        .iter()
        .map(|e| e.event.action.clone())
        .collect();
    assert!(!actions.is_empty(), "creating the Admin is on the trail");
    rig.press("v");
    rig.until("the chain check", |a| a.panels.dialog.is_some());
    let shown = rig.screen();
    assert!(shown.contains("The audit chain is intact"), "{shown}");
}

#[test]
fn x_4_a_secret_in_a_screen_request_is_plain_data_yet_never_in_debug() {
    use lunadeck::screens::devices;
    let request = ScreenRequest::Devices(devices::Request::Authorize {
        serial: lunadeck::domain::ids::HsmSerial::new("1600001"),
        secret: secrecy::SecretString::from("so-secret-4711").into(),
    });
    let shown = format!("{request:?}");
    assert!(!shown.contains("so-secret-4711"), "{shown}");
    assert!(shown.contains("[redacted]"), "{shown}");
    let json = serde_json::to_string(&request).unwrap();
    match serde_json::from_str::<ScreenRequest>(&json).unwrap() {
        ScreenRequest::Devices(devices::Request::Authorize { secret, .. }) => {
            assert_eq!(secret.expose(), "so-secret-4711")
        }
        other => panic!("{other:?}"),
    }
}
