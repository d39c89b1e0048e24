//! The README's key table is the key map's defaults (NAV-2): this test fails when they disagree.
//! `LUNADECK_UPDATE_README=1 cargo test --test ui readme_keys` rewrites the table from the key map.

use lunadeck::app::Keymap;

const BEGIN: &str = "<!-- keys:begin (generated from Keymap::help by tests/ui/readme_keys.rs) -->";
const END: &str = "<!-- keys:end -->";

/// One markdown table per help section, from the embedded defaults.
fn generated() -> String {
    let mut out = String::new();
    for section in Keymap::defaults().unwrap().help() {
        if section.rows.is_empty() {
            continue;
        }
        out.push_str(&format!(
            "\n**{}**\n\n| keys | action |\n|---|---|\n",
            section.title
        ));
        for (keys, what) in section.rows {
            let keys = keys.replace('|', "\\|");
            out.push_str(&format!("| `{keys}` | {what} |\n"));
        }
    }
    out.push_str("\n`Ctrl-C` always asks to quit (a hard key, not in the map).\n");
    out
}

#[test]
fn nav_2_readme_key_table_matches_the_keymap_defaults() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/README.md");
    let readme = std::fs::read_to_string(path).unwrap();
    let start = readme
        .find(BEGIN)
        .expect("README has the keys:begin marker")
        + BEGIN.len();
    let end = readme.find(END).expect("README has the keys:end marker");
    let want = generated();
    if std::env::var("LUNADECK_UPDATE_README").is_ok_and(|v| v == "1") {
        let updated = format!("{}{want}{}", &readme[..start], &readme[end..]);
        std::fs::write(path, updated).unwrap();
        return;
    }
    assert_eq!(
        &readme[start..end],
        want,
        "the README key table differs from the key map; rerun with LUNADECK_UPDATE_README=1"
    );
}
