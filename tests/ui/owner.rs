//! What an Owner's console shows and opens (issue 11.13): the Devices tab says the list is for
//! Admins instead of "Loading…" forever, nothing is asked that would be refused, and a form
//! they could not submit stays closed with the reason on the notice line.

use crate::support::fixtures::*;
use crate::support::keys::press;
use crate::support::render::{SIZES, app_text, draw_app};
use lunadeck::app::Command;
use lunadeck::app::message::BackendRequest;
use lunadeck::domain::ids::OrganizationId;
use lunadeck::domain::organization::Role;

fn asks_devices(cmds: &[Command]) -> bool {
    cmds.iter()
        .any(|c| matches!(c, Command::Backend(BackendRequest::ListDevices)))
}

#[test]
fn perm_an_owner_devices_tab_says_it_is_for_admins_and_opens_no_form() {
    let mut app = signed_in(Role::Owner(OrganizationId(1)), false);
    press(&mut app, "3");
    assert!(
        !asks_devices(&press(&mut app, "1")),
        "nothing refused is asked"
    );
    let text = app_text(&app, (80, 24));
    assert!(text.contains("The device list is for Admins"), "{text}");
    assert!(!text.contains("Loading"), "{text}");
    for (key, reason) in [
        ("a", "only an Admin can add a device."),
        ("u", "only an Admin can authorize a device."),
        ("d", "only an Admin can remove a device."),
    ] {
        press(&mut app, key);
        assert!(app.panels.dialog.is_none(), "{key}: no form opened");
        assert_eq!(app.notice.as_deref(), Some(reason), "{key}");
    }
    for size in SIZES {
        let t = draw_app(&app, size);
        insta::assert_snapshot!(
            format!("perm_owner_devices_{}x{}", size.0, size.1),
            t.backend()
        );
    }
}

#[test]
fn perm_an_admin_devices_tab_asks_for_the_list() {
    let mut app = signed_in(Role::Admin, false);
    press(&mut app, "3");
    assert!(asks_devices(&press(&mut app, "1")));
    press(&mut app, "a");
    assert!(
        app.panels.dialog.is_some(),
        "the add form opens for an Admin"
    );
}
