//! One key vocabulary (issue 10.2, NAV-2): a user's `[keys.dialog]` remap works in every dialog —
//! a Devices form, a Services confirmation and the Import table's cell editor — and the
//! default keys it replaced no longer act there.

use crate::support::fixtures::*;
use crate::support::keys::press;
use crate::support::render::app_text;
use lunadeck::app::message::BackendRequest;
use lunadeck::app::panel_dialog::Dialog;
use lunadeck::app::{App, Command, Keymap};
use lunadeck::domain::ids::ServiceId;
use lunadeck::domain::organization::Role;
use lunadeck::ops::import_ops::ImportEdit;
use lunadeck::screens::services::{Event as ServicesEvent, Request as ServicesRequest};
use lunadeck::screens::{ScreenRequest, devices, import};

/// Submit on Ctrl-s and cancel on F2 in dialogs, instead of Enter and Esc.
fn remapped() -> Keymap {
    let text = "[keys.dialog]\nsubmit = [\"Ctrl-s\"]\ncancel = [\"F2\"]\n";
    Keymap::with_user_config("config.toml", text).unwrap()
}

fn admin() -> App {
    signed_in_with(remapped(), Role::Admin, false)
}

fn add_form_errors(app: &App) -> Option<Vec<String>> {
    match &app.panels.dialog {
        Some(Dialog::Form(f)) => Some(f.form.error_summary()),
        _ => None,
    }
}

#[test]
fn nav_2_a_remapped_dialog_key_works_in_a_devices_form() {
    let mut app = admin();
    press(&mut app, "1 a");
    assert_eq!(
        add_form_errors(&app),
        Some(Vec::new()),
        "the add form is open"
    );
    let hints = app_text(&app, (120, 40));
    assert!(
        hints.contains("Tab next field · Ctrl-s submit · F2 cancel"),
        "{hints}"
    );
    // Enter is no longer the dialog's submit: nothing is checked, nothing sent.
    assert!(press(&mut app, "Enter").is_empty());
    assert_eq!(add_form_errors(&app), Some(Vec::new()));
    // Ctrl-s submits: the empty form is refused inline, still nothing sent.
    assert!(press(&mut app, "Ctrl-s").is_empty());
    let errors = add_form_errors(&app).unwrap();
    assert!(errors.iter().any(|e| e.contains("Name:")), "{errors:?}");
    // Esc no longer closes it; F2 does.
    press(&mut app, "Esc");
    assert!(
        app.panels.dialog.is_some(),
        "Esc is not the dialog's cancel any more"
    );
    press(&mut app, "F2");
    assert!(app.panels.dialog.is_none());
    // A filled form is sent with Ctrl-s.
    let dir = tempfile::tempdir().unwrap();
    let key = dir.path().join("id_ed25519");
    std::fs::write(&key, "-----BEGIN OPENSSH PRIVATE KEY-----\n").unwrap();
    let keys = format!(
        "a \"hsm-rome\" Tab \"10.0.0.9\" Tab Tab Tab Tab \"{}\" Ctrl-s",
        key.display()
    );
    let cmds = press(&mut app, &keys);
    assert!(
        matches!(
            cmds.as_slice(),
            [Command::Backend(BackendRequest::Screen(
                ScreenRequest::Devices(devices::Request::Add { .. })
            ))]
        ),
        "{cmds:?}"
    );
}

#[test]
fn nav_2_a_remapped_dialog_key_works_in_a_services_confirmation() {
    let mut app = admin();
    press(&mut app, "2 Enter");
    svc(&mut app, ServicesEvent::List(rows()));
    press(&mut app, "D Tab");
    let hints = app_text(&app, (120, 40));
    assert!(
        hints.contains("Tab switch · Ctrl-s choose · F2 cancel"),
        "{hints}"
    );
    assert!(services_requests(&press(&mut app, "Enter")).is_empty());
    assert!(
        lunadeck::screens::services::open_dialog(&app).is_some(),
        "Enter no longer answers"
    );
    let cmds = press(&mut app, "Ctrl-s");
    assert!(matches!(
        services_requests(&cmds)[..],
        [ServicesRequest::Detach(ServiceId(1))]
    ));
    press(&mut app, "D");
    assert!(lunadeck::screens::services::open_dialog(&app).is_some());
    press(&mut app, "F2");
    assert!(
        lunadeck::screens::services::open_dialog(&app).is_none(),
        "F2 cancels"
    );
}

#[test]
fn nav_2_a_remapped_dialog_key_works_in_the_import_cell_editor() {
    let mut app = admin();
    press(&mut app, ": \"import\" Enter");
    imp(&mut app, import_event());
    // Second row, Service Name column; Enter opens the editor (a table key, not a dialog key).
    press(&mut app, "j L L L L Enter");
    assert!(app.screens.import.editing.is_some());
    press(&mut app, "Ctrl-u \"ops-b\"");
    assert!(import_requests(&press(&mut app, "Enter")).is_empty());
    let cmds = press(&mut app, "Ctrl-s");
    assert!(
        matches!(
            import_requests(&cmds)[..],
        [import::Request::Edit { edit: ImportEdit::ServiceName(name), .. }]
                if name == "ops-b"
        ),
        "{cmds:?}"
    );
    press(&mut app, "F2");
    assert!(app.screens.import.editing.is_none(), "F2 closes the editor");
}
