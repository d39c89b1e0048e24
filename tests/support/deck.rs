//! The `lunadeck` binary as the scripted suites run it: a data directory, HOME isolated, the
//! login password and then the secrets on stdin, trace logs (for the secret greps), output kept.

use std::cell::RefCell;
use std::path::Path;
use std::process::{Command, Output, Stdio};

/// `lunadeck --data-dir DECK ARGS` (HOME = `home`) with LUNADECK_PASSWORD_STDIN=1 and trace logs;
/// `login` = Some(password) adds `--user root` and the password as the first stdin line. What it
/// printed is appended to `printed`.
pub fn run(
    home: &Path,
    deck: &Path,
    args: &[&str],
    stdin: &str,
    login: Option<&str>,
    printed: &RefCell<String>,
) -> Output {
    use std::io::Write;
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_lunadeck"));
    cmd.env_remove("LUNADECK_HOME")
        .env("HOME", home)
        .env("LUNADECK_PASSWORD_STDIN", "1")
        // The most verbose logs lunadeck writes: the secret greps cover them.
        .env("LUNADECK_LOG", "lunadeck=trace")
        .arg("--data-dir")
        .arg(deck);
    if login.is_some() {
        cmd.args(["--user", "root"]);
    }
    let mut child = cmd
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    let all = match login {
        Some(pw) => format!("{pw}\n{stdin}"),
        None => stdin.to_string(),
    };
    // A command refused before it reads stdin closes the pipe: not an error here.
    let _ = input.write_all(all.as_bytes());
    drop(input);
    let out = child.wait_with_output().unwrap();
    let mut p = printed.borrow_mut();
    p.push_str(&String::from_utf8_lossy(&out.stdout));
    p.push_str(&String::from_utf8_lossy(&out.stderr));
    out
}
