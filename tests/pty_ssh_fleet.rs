//! The console itself over real SSH (issue 16, DEV-2): four appliances behind their own SSH
//! servers, added with the CLI, then `lunadeck` in an 80x24 pty marks all of them and authorizes
//! them with one SO password typed once — each gets exactly one `hsm login`, only the appliance
//! it belongs to is authorized, the others are listed as refused and nothing is retried.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod store_fixtures;
mod support;

use support::cli_rig::{ADMIN_PW, CliRig};
use support::pty::start;

const NAMES: [&str; 4] = ["hsm-01", "hsm-02", "hsm-03", "hsm-04"];

#[test]
fn dev_2_the_console_authorizes_marked_devices_over_ssh_one_login_each() {
    let rig = CliRig::start("twenty.toml", &NAMES, false);
    rig.init_admin();
    rig.add_pinned_devices(&NAMES);
    let deck = rig.deck().display().to_string();
    let mut s = start(&["--data-dir", &deck], &[]);
    s.wait_for_text("Sign in with your console account.");
    s.keys(format!("root\t{ADMIN_PW}\r").as_bytes());
    s.wait_for_text("root · Admin");
    s.keys(b"1");
    s.wait_for_text("hsm-04");
    // Every device marked, then one password for all of them (hsm-02's).
    s.keys(b"*");
    s.keys(b"u");
    s.wait_for_text("Authorize 4 marked device(s)");
    s.keys(b"so-pass-02\r");
    s.wait_for_text("1 authorized, 3 refused");
    let shown = s.screen();
    assert!(
        !shown.contains("so-pass-02"),
        "the password is never shown:\n{shown}"
    );
    assert!(
        !shown.contains("\\u{a}"),
        "device output on one line, no escaped line breaks:\n{shown}"
    );
    for name in NAMES {
        let logins = rig
            .server(name)
            .received()
            .iter()
            .filter(|c| c.trim() == "hsm login")
            .count();
        assert_eq!(logins, 1, "{name}: exactly one hsm login");
    }
    s.keys(b"\r");
    s.wait_for_gone("1 authorized, 3 refused");
    s.quit();
}
