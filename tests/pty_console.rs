//! Pseudo-terminal tests (X-3, X-4): the real run loop (`run_console`) in a pty, read back
//! through vt100. The child is this test binary re-run on an ignored test; a forced panic
//! (`LUNADECK_TEST_PANIC=1`), a normal Ctrl-C quit, and SIGTERM/SIGHUP from outside all leave
//! the terminal restored (alternate screen left, cursor shown, `icanon echo` back on the tty).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use portable_pty::{CommandBuilder, PtySize, native_pty_system};
use std::io::Read;
use std::sync::mpsc;
use std::time::{Duration, Instant};

const CHILD_ENV: &str = "LUNADECK_PTY_CHILD_DIR";
/// The exit code the child's console must end with (0 unless a signal stops it).
const EXIT_ENV: &str = "LUNADECK_PTY_CHILD_EXIT";
/// Guard against a hung child (a safety net, not a timing assertion).
const DEADLINE: Duration = Duration::from_secs(60);

/// Runs in the pty: the console on a throwaway database over the simulated small fleet.
#[test]
#[ignore = "run by the pty tests as their child process"]
fn pty_child_console() {
    let Ok(dir) = std::env::var(CHILD_ENV) else {
        return;
    };
    let _ = color_eyre::install();
    let paths = lunadeck::paths::Paths::resolve(Some(std::path::Path::new(&dir)), None).unwrap();
    paths.create().unwrap();
    let fleet =
        lunadeck::sim::model::Fleet::from_toml(include_str!("../fixtures/fleets/small.toml"))
            .unwrap();
    let access = lunadeck::ops::FleetAccess::new(lunadeck::ops::Transport::Sim {
        fleet: lunadeck::sim::session::shared(fleet),
    });
    let source = lunadeck::app::ConsoleSource::at(
        paths.database(),
        access,
        lunadeck::jobs::EngineConfig::default(),
    );
    let code = lunadeck::console::run_console(lunadeck::console::ConsoleOptions {
        paths,
        read_only: false,
        monochrome: false,
        keymap: lunadeck::app::Keymap::defaults().unwrap(),
        demo: false,
        replay: false,
        pool_width: lunadeck::jobs::EngineConfig::default().width,
        source,
    })
    .unwrap();
    let expected: u8 = std::env::var(EXIT_ENV)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    assert_eq!(code, std::process::ExitCode::from(expected));
}

struct Session {
    child: Box<dyn portable_pty::Child + Send + Sync>,
    writer: Box<dyn std::io::Write + Send>,
    output: mpsc::Receiver<Vec<u8>>,
    parser: vt100::Parser,
    raw: Vec<u8>,
    /// Kept open so the tty's settings can be read after the child exits.
    master: Box<dyn portable_pty::MasterPty + Send>,
    _dir: tempfile::TempDir,
}

fn start(panic: bool) -> Session {
    start_expecting(panic, 0)
}

/// The child console; `exit` is the code its run must return (a signal's 128 + n).
fn start_expecting(panic: bool, exit: u8) -> Session {
    let dir = tempfile::tempdir().unwrap();
    let pty = native_pty_system()
        .openpty(PtySize {
            rows: 24,
            cols: 80,
            pixel_width: 0,
            pixel_height: 0,
        })
        .unwrap();
    let mut cmd = CommandBuilder::new(std::env::current_exe().unwrap());
    cmd.args([
        "--exact",
        "pty_child_console",
        "--ignored",
        "--nocapture",
        "--test-threads=1",
    ]);
    cmd.env(CHILD_ENV, dir.path());
    cmd.env("TERM", "xterm-256color");
    cmd.env("RUST_BACKTRACE", "0");
    cmd.env(EXIT_ENV, exit.to_string());
    if panic {
        cmd.env(lunadeck::console::TEST_PANIC_ENV, "1");
    } else {
        cmd.env_remove(lunadeck::console::TEST_PANIC_ENV);
    }
    let child = pty.slave.spawn_command(cmd).unwrap();
    drop(pty.slave);
    let mut reader = pty.master.try_clone_reader().unwrap();
    let writer = pty.master.take_writer().unwrap();
    let (tx, output) = mpsc::channel();
    std::thread::spawn(move || {
        let mut buf = [0u8; 4096];
        loop {
            match reader.read(&mut buf) {
                Ok(0) | Err(_) => return,
                Ok(n) => {
                    if tx.send(buf[..n].to_vec()).is_err() {
                        return;
                    }
                }
            }
        }
    });
    Session {
        child,
        writer,
        output,
        parser: vt100::Parser::new(24, 80, 0),
        raw: Vec::new(),
        master: pty.master,
        _dir: dir,
    }
}

impl Session {
    fn pump(&mut self, wait: Duration) -> bool {
        match self.output.recv_timeout(wait) {
            Ok(bytes) => {
                self.parser.process(&bytes);
                self.raw.extend_from_slice(&bytes);
                true
            }
            Err(_) => false,
        }
    }

    fn wait_for_text(&mut self, text: &str) {
        let start = Instant::now();
        while !self.parser.screen().contents().contains(text) {
            assert!(
                start.elapsed() < DEADLINE,
                "never saw {text:?}; screen:\n{}",
                self.parser.screen().contents()
            );
            self.pump(Duration::from_millis(200));
        }
    }

    /// Waits for the child to exit, reading everything it printed.
    fn finish(&mut self) -> portable_pty::ExitStatus {
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                while self.pump(Duration::from_millis(300)) {}
                return status;
            }
            if start.elapsed() > DEADLINE {
                let _ = self.child.kill();
                panic!(
                    "child did not exit; screen:\n{}",
                    self.parser.screen().contents()
                );
            }
            self.pump(Duration::from_millis(100));
        }
    }

    /// Sends `signal` (`-TERM`, `-HUP`) to the child, as `kill` from another shell would.
    fn kill(&self, signal: &str) {
        let pid = self.child.process_id().expect("the child's pid");
        let status = std::process::Command::new("kill")
            .args([signal, &pid.to_string()])
            .status()
            .unwrap();
        assert!(status.success(), "kill {signal} {pid}");
    }

    /// The tty's line settings back in cooked mode: canonical input and echo, as the shell
    /// needs them (raw mode left them `-icanon -echo`).
    fn assert_tty_cooked(&self) {
        let tty = self.master.tty_name().expect("the pty's tty name");
        let out = std::process::Command::new("stty")
            .arg("-F")
            .arg(&tty)
            .arg("-a")
            .output()
            .unwrap();
        assert!(out.status.success(), "stty -F {tty:?} -a failed");
        let text = String::from_utf8_lossy(&out.stdout);
        let flags: Vec<&str> = text.split_whitespace().collect();
        for flag in ["icanon", "echo"] {
            assert!(
                flags.contains(&flag),
                "{flag} is off after the exit:\n{text}"
            );
        }
    }

    fn assert_restored(&self) {
        let raw = String::from_utf8_lossy(&self.raw);
        assert!(
            raw.contains("\u{1b}[?1049h"),
            "never entered the alternate screen"
        );
        let screen = self.parser.screen();
        assert!(!screen.alternate_screen(), "still on the alternate screen");
        assert!(!screen.hide_cursor(), "cursor left hidden");
    }
}

#[test]
fn x_4_forced_panic_restores_the_terminal() {
    let mut s = start(true);
    let status = s.finish();
    assert!(!status.success(), "the forced panic must fail the child");
    s.assert_restored();
    let screen = s.parser.screen().contents();
    assert!(
        screen.contains("forced panic (LUNADECK_TEST_PANIC=1)"),
        "the panic report is printed on the normal screen:\n{screen}"
    );
}

#[test]
fn x_3_first_start_screen_then_ctrl_c_restores_the_terminal() {
    use std::io::Write;
    let mut s = start(false);
    s.wait_for_text("create the console administrator");
    assert!(s.parser.screen().alternate_screen());
    s.writer.write_all(b"\x03").unwrap();
    s.writer.flush().unwrap();
    let status = s.finish();
    assert!(status.success(), "{status:?}");
    s.assert_restored();
    let raw = String::from_utf8_lossy(&s.raw);
    assert!(
        raw.contains("\u{1b}[?2026h"),
        "frames use synchronized updates"
    );
    assert!(
        !raw.contains("\u{1b}[?1000h"),
        "mouse capture is never enabled"
    );
}

#[test]
fn nav_4_first_start_creates_the_admin_then_the_frame_answers_keys() {
    use std::io::Write;
    let mut s = start(false);
    s.wait_for_text("create the console administrator");
    s.writer.write_all(b"root\tpass-1234\tpass-1234\r").unwrap();
    s.writer.flush().unwrap();
    s.wait_for_text("No devices yet.");
    s.wait_for_text("root · Admin");
    s.writer.write_all(b":jo\t\r").unwrap();
    s.writer.flush().unwrap();
    s.wait_for_text("No jobs to show.");
    s.writer.write_all(b"q").unwrap();
    s.writer.flush().unwrap();
    let status = s.finish();
    assert!(status.success(), "{status:?}");
    s.assert_restored();
}

/// SIGTERM and SIGHUP from outside end the console like `q` (issue 11.14): the child's run
/// returns the shell's code for the signal (its own assertion), and the terminal is restored.
#[test]
fn x_3_sigterm_and_sighup_restore_the_terminal() {
    for (signal, code) in [("-TERM", 143u8), ("-HUP", 129)] {
        let mut s = start_expecting(false, code);
        s.wait_for_text("create the console administrator");
        assert!(s.parser.screen().alternate_screen());
        s.kill(signal);
        let status = s.finish();
        assert!(
            status.success(),
            "{signal}: the child's run ended with {code}: {status:?}"
        );
        s.assert_restored();
        s.assert_tty_cooked();
    }
}
