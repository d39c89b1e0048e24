//! `cargo fmt --check` (the gate) cannot reach `src/screens/**`: the screen registry macro
//! declares those modules. This holds them to the same rustfmt format as every other file.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};
use std::process::Command;

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn x_screen_modules_are_formatted_like_the_rest_of_the_source() {
    let mut files = Vec::new();
    rust_files(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src/screens"),
        &mut files,
    );
    assert!(files.len() > 50, "the screens were not found: {files:?}");
    let rustfmt = std::env::var("RUSTFMT").unwrap_or_else(|_| "rustfmt".into());
    let out = Command::new(&rustfmt)
        .args(["--edition", "2024", "--check"])
        .args(&files)
        .output()
        .unwrap_or_else(|e| {
            panic!("{rustfmt} (part of the toolchain, as cargo fmt) must run: {e}")
        });
    assert!(
        out.status.success(),
        "run `rustfmt --edition 2024 src/screens/**/*.rs`:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}
