//! Pseudo-terminal tests (X-3, X-4): the real run loop (`run_console`) in a pty, read back
//! through vt100. The child is this test binary re-run on an ignored test; a forced panic
//! (`LUNADECK_TEST_PANIC=1`) and a normal Ctrl-C quit both leave the terminal restored.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use portable_pty::{CommandBuilder, PtySize, native_pty_system};
use std::io::Read;
use std::sync::mpsc;
use std::time::{Duration, Instant};

const CHILD_ENV: &str = "LUNADECK_PTY_CHILD_DIR";
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
        source,
    })
    .unwrap();
    assert_eq!(code, std::process::ExitCode::SUCCESS);
}

struct Session {
    child: Box<dyn portable_pty::Child + Send + Sync>,
    writer: Box<dyn std::io::Write + Send>,
    output: mpsc::Receiver<Vec<u8>>,
    parser: vt100::Parser,
    raw: Vec<u8>,
    _dir: tempfile::TempDir,
}

fn start(panic: bool) -> Session {
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
        let _master = pty.master;
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
