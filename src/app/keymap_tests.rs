//! Key map tests: the embedded defaults, user overrides, and errors that name file and line.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use super::*;
use crate::app::key_action::{CommandKey, GlobalKey, ListKey, ModalKey};

fn key(name: &str) -> KeyChord {
    KeyChord::parse(name).unwrap()
}

#[test]
fn nav_2_defaults_bind_vim_keys_arrows_and_the_shell_keys() {
    let m = Keymap::defaults().unwrap();
    let cases = [
        ("j", BoundKey::of(ListKey::Down)),
        ("Down", BoundKey::of(ListKey::Down)),
        ("k", BoundKey::of(ListKey::Up)),
        ("G", BoundKey::of(ListKey::Bottom)),
        ("Esc", BoundKey::of(ListKey::Back)),
        ("Tab", BoundKey::of(GlobalKey::FocusNext)),
        ("Shift-Tab", BoundKey::of(GlobalKey::FocusPrev)),
        (":", BoundKey::of(GlobalKey::CommandLine)),
        ("/", BoundKey::of(GlobalKey::Filter)),
        ("?", BoundKey::of(GlobalKey::Help)),
        ("q", BoundKey::of(GlobalKey::Quit)),
        ("Esc", BoundKey::of(ModalKey::Cancel)),
        ("Tab", BoundKey::of(CommandKey::Complete)),
    ];
    for (k, want) in cases {
        assert_eq!(m.bound(want.context(), key(k)), Some(want), "{want:?} {k}");
    }
    assert_eq!(m.lookup::<ListKey>(key("q")), None);
}

#[test]
fn nav_2_user_entry_replaces_the_default_keys_of_that_action() {
    let m = Keymap::with_user_config("/home/u/config.toml", "[keys.list]\ndown = \"J\"\n").unwrap();
    assert_eq!(m.lookup::<ListKey>(key("J")), Some(ListKey::Down));
    assert_eq!(m.lookup::<ListKey>(key("j")), None);
    assert_eq!(m.lookup::<ListKey>(key("k")), Some(ListKey::Up));
    assert_eq!(m.label(ListKey::Down), "J");
    let help = m.help();
    let list = help
        .iter()
        .find(|s| s.title == "Lists and navigation")
        .unwrap();
    assert!(
        list.rows.contains(&("J".to_string(), "move down")),
        "{:?}",
        list.rows
    );
}

#[test]
fn nav_2_errors_name_the_file_and_line() {
    let cases = [
        (
            "[ui]\ntheme = \"default\"\n\n[keys.list]\ndown = [\"j\", \"Enterr\"]\n",
            5,
            "unknown key name 'Enterr' for 'down' in [keys.list]",
        ),
        (
            "[keys.global]\n\nquitt = \"q\"\n",
            3,
            "unknown action 'quitt' in [keys.global]",
        ),
        (
            "[keys.screen]\nup = \"k\"\n",
            1,
            "unknown key context [keys.screen]",
        ),
        (
            "[keys.list]\nup = 3\n",
            2,
            "'up' in [keys.list] must be a key name",
        ),
        (
            "[keys.list]\nup = [3]\n",
            2,
            "'up' in [keys.list]: key names are strings",
        ),
        (
            "[keys.list]\nup = \"j\"\n",
            2,
            "key 'j' is bound to both 'down' and 'up' in [keys.list]",
        ),
        ("[keys\n", 1, "not valid TOML"),
    ];
    for (text, line, want) in cases {
        let err = Keymap::with_user_config("/etc/x/config.toml", text).unwrap_err();
        assert_eq!(err.file, "/etc/x/config.toml", "{text}");
        assert_eq!(err.line, line, "{text}: {err}");
        assert!(err.message.starts_with(want), "{text}: {err}");
        assert!(
            err.to_string()
                .starts_with(&format!("/etc/x/config.toml:{line}: "))
        );
    }
}

#[test]
fn nav_2_missing_user_file_means_defaults() {
    let dir = tempfile::tempdir().unwrap();
    let m = Keymap::load(&dir.path().join("config.toml")).unwrap();
    assert_eq!(m, Keymap::defaults().unwrap());
}

#[test]
fn nav_2_help_lists_every_context_with_bound_actions() {
    let help = Keymap::defaults().unwrap().help();
    let titles: Vec<_> = help.iter().map(|s| s.title).collect();
    assert_eq!(
        titles,
        [
            "Everywhere",
            "Lists and navigation",
            "Dialogs",
            "Command line (:)",
            "Filter line (/)",
            "Screen dialogs and forms",
            "Login",
            "Devices tab",
            "Services list",
            "An open service",
            "Service Templates",
            "Migrate Service",
            "Import Partitions (no table yet)",
            "Import table",
            "Accounts tab",
            "Jobs tab",
            "Audit tab",
        ]
    );
    let global = &help[0].rows;
    assert!(global.contains(&("?".to_string(), "this help, generated from the key map")));
    let list = &help[1].rows;
    assert!(list.contains(&("j, Down".to_string(), "move down")));
}

#[test]
fn x_11_6_one_key_one_meaning_among_the_tables_that_read_keys_together() {
    // The defaults: no key of a screen's table is also a list or global key.
    let m = Keymap::defaults().unwrap();
    assert_eq!(m.lookup::<ListKey>(key("l")), Some(ListKey::Right));
    assert_eq!(m.lookup::<GlobalKey>(key("1")), Some(GlobalKey::TabDevices));
    // A user file that gives a screen key the meaning of a global one is refused at its line.
    let err = Keymap::with_user_config("/u/config.toml", "[ui]\n\n[keys.devices]\nadd = \"q\"\n")
        .unwrap_err()
        .to_string();
    assert_eq!(
        err,
        "/u/config.toml:4: key 'q' is bound to 'add' in [keys.devices] and to 'quit' in \
         [keys.global], which read keys at the same time: one key, one meaning"
    );
    // The same key in two screens' tables is fine: they never read keys at the same time.
    Keymap::with_user_config("/u/config.toml", "[keys.devices]\nadd = \"v\"\n").unwrap();
    // A dialog takes every key: its Tab is not the global Tab.
    assert_eq!(
        m.lookup::<GlobalKey>(key("Tab")),
        Some(GlobalKey::FocusNext)
    );
}
