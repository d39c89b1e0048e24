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
    assert_eq!(app.command.as_ref().map(|c| c.input.as_str()), Some("jobs"));
}
