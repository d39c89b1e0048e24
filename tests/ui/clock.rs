//! The example screen: reached from the navigation frame, its key sends its request, its
//! answer is drawn, and its key table is in the help.

use crate::support::fixtures::*;
use crate::support::keys::press;
use crate::support::render::app_text;
use lunadeck::app::message::{BackendEvent, BackendRequest};
use lunadeck::app::{Command, NavItem};
use lunadeck::domain::organization::Role;
use lunadeck::screens::{ScreenEvent, ScreenRequest, clock};

#[test]
fn example_screen_reads_the_clock_on_its_key() {
    let mut app = signed_in(Role::Admin, false);
    press(&mut app, "2");
    app.nav = NavItem::MigrateService;
    let cmds = press(&mut app, "l r");
    let asked = cmds
        .iter()
        .filter(|c| {
            matches!(
                c,
                Command::Backend(BackendRequest::Screen(ScreenRequest::Clock(
                    clock::Request::Read
                )))
            )
        })
        .count();
    assert_eq!(asked, 1, "{cmds:?}");
    ev(
        &mut app,
        BackendEvent::Screen(ScreenEvent::Clock(clock::Event::Time { unix: 42 })),
    );
    let text = app_text(&app, (100, 30));
    assert!(text.contains("Backend clock: 42 (r refresh)"), "{text}");
    let help = app.keymap.help();
    assert!(help.iter().any(|s| s.title == "Clock (example)"));
}
