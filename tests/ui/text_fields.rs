//! Text fields are real text fields (issue 11.11): the cursor moves (Left/Right, Home/End), a
//! typo in the middle is fixed in place, words and the character under the cursor delete, and
//! a paste types into the focused field — never read as keys outside one.

use crate::support::fixtures::*;
use crate::support::keys::press;
use crate::support::render::app_text;
use lunadeck::app::panel_dialog::Dialog;
use lunadeck::app::route::paste;
use lunadeck::app::{App, update};
use lunadeck::domain::organization::Role;

fn name(app: &App) -> String {
    match &app.panels.dialog {
        Some(Dialog::Form(f)) => f.form.text("name").unwrap_or_default().to_string(),
        other => panic!("no form open: {other:?}"),
    }
}

#[test]
fn x_11_11_edit_the_middle_of_a_name_in_a_form() {
    let mut app = signed_in(Role::Admin, false);
    press(&mut app, "1 a \"lon-hsm-02-ops-primry\"");
    // Two to the left, the missing letter in place.
    press(&mut app, "Left Left \"a\"");
    assert_eq!(name(&app), "lon-hsm-02-ops-primary");
    // The cursor is drawn where the edit happens, not at the end.
    let text = app_text(&app, (100, 30));
    assert!(text.contains("lon-hsm-02-ops-prima▏ry"), "{text}");
    // Home, the character under the cursor, End, the word before the cursor.
    press(&mut app, "Home Delete \"L\"");
    assert_eq!(name(&app), "Lon-hsm-02-ops-primary");
    press(&mut app, "End Ctrl-w");
    assert_eq!(name(&app), "Lon-hsm-02-ops-");
}

#[test]
fn x_11_11_a_paste_types_into_the_focused_field_and_nowhere_else() {
    let mut app = signed_in(Role::Admin, false);
    // On the device list a pasted "q" is not the quit key: it means nothing.
    press(&mut app, "1");
    assert_eq!(paste(&app, "q"), None);
    press(&mut app, "a");
    let pasted = paste(&app, "fra-hsm-01\n").expect("a form field takes the paste");
    update(&mut app, pasted);
    assert_eq!(name(&app), "fra-hsm-01", "the line break is left out");
    // The : line takes a paste too.
    press(&mut app, "Esc :");
    let pasted = paste(&app, "jobs").expect("the command line takes the paste");
    update(&mut app, pasted);
    assert_eq!(app.command.as_ref().map(|c| c.input.text()), Some("jobs"));
}

#[test]
fn x_11_11_the_command_line_the_filter_and_an_import_cell_edit_in_the_middle() {
    let mut app = signed_in(Role::Admin, false);
    // `:jbs`, back over "bs", the missing "o", End: `:jobs` opens the Jobs tab.
    press(&mut app, ": \"jbs\" Left Left \"o\"");
    assert_eq!(app.command.as_ref().map(|c| c.input.text()), Some("jobs"));
    press(&mut app, "End Enter");
    assert!(app.command.is_none());
    assert_eq!(app.tab, lunadeck::app::Tab::Jobs);
    // The filter: Home, then the character under the cursor.
    press(&mut app, "1 / \"xparis\" Home Delete");
    assert_eq!(app.filter.as_ref().map(|f| f.text.text()), Some("paris"));
    press(&mut app, "Esc");
    // An import cell: the service name typed, a typo fixed in the middle, saved.
    press(&mut app, ": \"import\" Enter");
    imp(&mut app, import_event());
    // "opsx-b": two to the left, the stray x deleted, then the end of the name.
    press(
        &mut app,
        "j L L L L Enter Ctrl-u \"opsx-b\" Left Left Backspace End \"2\"",
    );
    let e = app
        .screens
        .import
        .editing
        .as_ref()
        .expect("the cell editor is open");
    assert_eq!(e.text.text(), "ops-b2");
    let cmds = press(&mut app, "Enter");
    assert!(
        matches!(
            import_requests(&cmds)[..],
            [lunadeck::screens::import::Request::Edit { .. }]
        ),
        "saved"
    );
}
