//! The message log and the notice line (issue 11.1, 11.7): every message is kept, newest first,
//! in full; a notice too long for the line ends with `…` and names the key to read it; `:` with
//! an unknown command says so and closes.

use crate::support::fixtures::*;
use crate::support::keys::press;
use crate::support::render::{SIZES, app_text, draw_app};
use lunadeck::app::App;
use lunadeck::app::message::BackendEvent;
use lunadeck::app::modal::Modal;
use lunadeck::domain::organization::Role;

const LONG: &str = "Job 15: lon-hsm-02-ops-primary not authorized: the HSM SO login was \
                    refused by the appliance (hsm show): bad password; no retry was made";

fn failed(app: &mut App, message: &str) {
    ev(
        app,
        BackendEvent::Failed {
            message: message.into(),
        },
    );
}

fn logged(app: &App) -> Vec<String> {
    app.messages
        .newest_first()
        .map(|m| m.text.clone())
        .collect()
}

#[test]
fn x_7_an_unknown_command_says_so_and_closes() {
    let mut app = signed_in(Role::Admin, false);
    press(&mut app, ": \"foo\" Enter");
    assert!(app.command.is_none(), "the command line closed");
    let notice = app.notice.clone().unwrap_or_default();
    assert!(notice.starts_with("unknown command ':foo'"), "{notice}");
    // The next `:` starts empty: `:ser` is not `:foo:ser`.
    press(&mut app, ": \"ser\"");
    assert_eq!(app.command.as_ref().map(|c| c.input.text()), Some("ser"));
    press(&mut app, "Enter");
    assert!(app.command.is_none());
    assert!(app.notice.is_none(), "services opened: {:?}", app.notice);
    assert_eq!(
        logged(&app)
            .first()
            .map(|t| t.starts_with("unknown command ':foo'")),
        Some(true)
    );
}

#[test]
fn x_7_every_message_goes_to_the_log_newest_first() {
    let mut app = signed_in(Role::Admin, false);
    failed(&mut app, "first");
    press(&mut app, "j");
    failed(&mut app, "second");
    failed(&mut app, "third");
    assert_eq!(logged(&app)[..3], ["third", "second", "first"]);
    // The same sentence said again after a key is a new entry.
    press(&mut app, "j");
    failed(&mut app, "third");
    assert_eq!(logged(&app)[..2], ["third", "third"]);
}

#[test]
fn x_7_a_long_notice_is_cut_with_an_ellipsis_and_the_log_shows_it_whole() {
    let mut app = signed_in(Role::Admin, false);
    failed(&mut app, LONG);
    let bottom = app_text(&app, (80, 24));
    let last = bottom.lines().last().unwrap_or_default().to_string();
    assert!(last.contains('…'), "{last}");
    assert!(last.contains("M full text"), "{last}");
    press(&mut app, "M");
    assert_eq!(app.modal, Some(Modal::Messages { scroll: 0 }));
    let shown = app_text(&app, (80, 24));
    // Wrapped, not cut: the end of the message is on the screen.
    assert!(shown.contains("no retry was made"), "{shown}");
    press(&mut app, "Esc");
    assert!(app.modal.is_none());
    press(&mut app, ": \"messages\" Enter");
    assert_eq!(app.modal, Some(Modal::Messages { scroll: 0 }));
}

#[test]
fn x_7_message_log_snapshots() {
    let mut app = signed_in(Role::Admin, false);
    failed(&mut app, "Device hsm-paris added.");
    press(&mut app, "j");
    failed(&mut app, LONG);
    press(&mut app, "M");
    for size in SIZES {
        let t = draw_app(&app, size);
        insta::assert_snapshot!(
            format!("x_7_message_log_{}x{}", size.0, size.1),
            t.backend()
        );
    }
    let mut empty = signed_in(Role::Admin, true);
    press(&mut empty, "M");
    let text = app_text(&empty, (80, 24));
    assert!(text.contains("Nothing has been said yet"), "{text}");
}

#[test]
fn x_7_a_kept_filter_never_hides_a_result() {
    use lunadeck::app::message::DeviceRow;
    use lunadeck::domain::device::DeviceStatus;
    use lunadeck::domain::ids::HsmSerial;
    let mut app = signed_in(Role::Admin, false);
    let row = |name: &str, serial: &str| DeviceRow {
        serial: HsmSerial::new(serial),
        name: name.into(),
        host: format!("{name}.example.net:22"),
        model: "Luna A790".into(),
        software: "7.8.4".into(),
        firmware: "7.8.2".into(),
        licences: None,
        status: DeviceStatus::Up,
        last_seen: None,
    };
    ev(
        &mut app,
        BackendEvent::Devices(vec![
            row("hsm-paris", "1234567"),
            row("hsm-lyon", "7654321"),
        ]),
    );
    press(&mut app, "1 / \"lyon\" Enter");
    let before = app_text(&app, (100, 30));
    assert!(before.contains("filter kept"), "{before}");
    failed(&mut app, "Job 9: hsm-lyon refreshed");
    let after = app_text(&app, (100, 30));
    let bottom = after.lines().last().unwrap_or_default();
    assert!(bottom.contains("Job 9: hsm-lyon refreshed"), "{bottom}");
    assert!(
        after.contains("filter: \"lyon\""),
        "the table still says it is filtered:\n{after}"
    );
    // The next key clears the notice; the kept filter shows again.
    press(&mut app, "j");
    assert!(app_text(&app, (100, 30)).contains("filter kept"));
}
