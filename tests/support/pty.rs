//! The real `lunadeck` binary in an 80x24 pseudo-terminal read back through vt100 (issue 5,
//! items 9 and 10): start it, wait for text frame by frame, type keys, quit, check the restore.

use portable_pty::{CommandBuilder, PtySize, native_pty_system};
use std::io::{Read, Write};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// Guard against a hung child (a safety net, not a timing assertion).
pub const DEADLINE: Duration = Duration::from_secs(90);

pub struct Pty {
    child: Box<dyn portable_pty::Child + Send + Sync>,
    writer: Box<dyn Write + Send>,
    output: mpsc::Receiver<Vec<u8>>,
    pub parser: vt100::Parser,
    pub raw: Vec<u8>,
    /// The screen after every frame the binary drew (a frame ends with the end of its
    /// synchronized update) and after every read: the states a person saw, in order.
    pub frames: Vec<String>,
    _home: tempfile::TempDir,
}

/// The end of a synchronized update: one frame drawn.
const FRAME_END: &[u8] = b"\x1b[?2026l";

/// Starts the real binary with `args` in an 80x24 pty, HOME in a fresh temporary directory.
pub fn start(args: &[&str], env: &[(&str, &str)]) -> Pty {
    let home = tempfile::tempdir().unwrap();
    let pty = native_pty_system()
        .openpty(PtySize {
            rows: 24,
            cols: 80,
            pixel_width: 0,
            pixel_height: 0,
        })
        .unwrap();
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_lunadeck"));
    cmd.args(args);
    for var in [
        "LUNADECK_HOME",
        "XDG_DATA_HOME",
        "XDG_STATE_HOME",
        "XDG_CONFIG_HOME",
        "NO_COLOR",
        lunadeck::console::TEST_PANIC_ENV,
    ] {
        cmd.env_remove(var);
    }
    cmd.env("HOME", home.path());
    cmd.env("TERM", "xterm-256color");
    cmd.env("RUST_BACKTRACE", "0");
    for (k, v) in env {
        cmd.env(k, v);
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
    Pty {
        child,
        writer,
        output,
        parser: vt100::Parser::new(24, 80, 0),
        raw: Vec::new(),
        frames: Vec::new(),
        _home: home,
    }
}

impl Pty {
    pub fn pump(&mut self, wait: Duration) -> bool {
        match self.output.recv_timeout(wait) {
            Ok(bytes) => {
                let mut rest = bytes.as_slice();
                while let Some(at) = rest.windows(FRAME_END.len()).position(|w| w == FRAME_END) {
                    let (frame, next) = rest.split_at(at + FRAME_END.len());
                    self.parser.process(frame);
                    self.frames.push(self.screen());
                    rest = next;
                }
                self.parser.process(rest);
                self.frames.push(self.screen());
                self.raw.extend_from_slice(&bytes);
                true
            }
            Err(_) => false,
        }
    }

    pub fn screen(&self) -> String {
        self.parser.screen().contents()
    }

    pub fn wait_for_text(&mut self, text: &str) {
        let start = Instant::now();
        while !self.screen().contains(text) {
            assert!(
                start.elapsed() < DEADLINE,
                "never saw {text:?}; screen:\n{}",
                self.screen()
            );
            self.pump(Duration::from_millis(200));
        }
    }

    /// Waits until `text` is no longer on the screen.
    pub fn wait_for_gone(&mut self, text: &str) {
        let start = Instant::now();
        while self.screen().contains(text) {
            assert!(
                start.elapsed() < DEADLINE,
                "{text:?} never went away; screen:\n{}",
                self.screen()
            );
            self.pump(Duration::from_millis(200));
        }
    }

    /// Waits until one of `texts` shows; returns which.
    pub fn wait_for_any<'a>(&mut self, texts: &[&'a str]) -> &'a str {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if let Some(t) = texts.iter().find(|t| screen.contains(**t)) {
                return t;
            }
            assert!(
                start.elapsed() < DEADLINE,
                "never saw any of {texts:?}; screen:\n{screen}"
            );
            self.pump(Duration::from_millis(200));
        }
    }

    pub fn keys(&mut self, bytes: &[u8]) {
        self.writer.write_all(bytes).unwrap();
        self.writer.flush().unwrap();
    }

    pub fn exited(&mut self) -> Option<portable_pty::ExitStatus> {
        self.child.try_wait().unwrap()
    }

    /// Waits for the child to exit, reading everything it printed.
    pub fn finish(&mut self) -> portable_pty::ExitStatus {
        let start = Instant::now();
        loop {
            if let Some(status) = self.exited() {
                while self.pump(Duration::from_millis(300)) {}
                return status;
            }
            if start.elapsed() > DEADLINE {
                let _ = self.child.kill();
                panic!("child did not exit; screen:\n{}", self.screen());
            }
            self.pump(Duration::from_millis(100));
        }
    }

    pub fn assert_restored(&self) {
        let raw = String::from_utf8_lossy(&self.raw);
        assert!(
            raw.contains("\u{1b}[?1049h"),
            "never entered the alternate screen"
        );
        let screen = self.parser.screen();
        assert!(!screen.alternate_screen(), "still on the alternate screen");
        assert!(!screen.hide_cursor(), "cursor left hidden");
    }

    /// `lunadeck --demo` up to the signed-in frame as the demo Admin the README shows: the
    /// fields come prefilled with that account, so Enter signs in.
    pub fn demo_login(&mut self) {
        self.wait_for_text("Sign in with your console account.");
        self.wait_for_text("Enter signs in as the Admin");
        self.keys(b"\r");
        self.wait_for_text("demo · Admin");
        self.wait_for_text("DEMO");
    }

    /// `q`, and when jobs still run, the confirmation's "Quit anyway".
    pub fn quit(&mut self) -> portable_pty::ExitStatus {
        self.keys(b"q");
        let start = Instant::now();
        while self.exited().is_none() {
            if self.screen().contains("Quit lunadeck?") {
                self.keys(b"\t\r");
                break;
            }
            assert!(start.elapsed() < DEADLINE, "no quit:\n{}", self.screen());
            self.pump(Duration::from_millis(100));
        }
        self.finish()
    }
}

/// Devices: `/name`, authorize it with its simulator SO password, wait until the row shows it
/// up (the HSM SO login job is done), clear the filter.
pub fn authorize_in_demo(s: &mut Pty, name: &str, so_password: &str) {
    s.keys(format!("/{name}\r").as_bytes());
    s.wait_for_text(" 1/1 ┘");
    s.keys(b"u");
    s.wait_for_text(&format!("Authorize {name}"));
    s.keys(format!("{so_password}\r").as_bytes());
    s.wait_for_gone(&format!("Authorize {name}"));
    s.wait_for_text("● up");
    s.keys(b"\x1b");
    s.wait_for_gone(" 1/1 ┘");
}

/// Services → `a`: the Create Service wizard through every step for an HA pair named `name`
/// on lon-hsm-01/02, up to the result offering Initialize now.
pub fn create_ha_in_demo(s: &mut Pty, name: &str) {
    s.keys(b"2");
    s.wait_for_text("Services (");
    s.keys(b"a");
    s.wait_for_text("step 1 of 5: General");
    s.keys(format!("{name}\r").as_bytes());
    s.wait_for_text("step 2 of 5: Choose Template");
    s.keys(b"HA");
    s.wait_for_text("Service Templates (1 of 2)");
    s.keys(b"\r");
    s.wait_for_text("Available Devices");
    s.keys(b"lon-hsm-01");
    s.wait_for_text("can host the service");
    s.keys(b"\r");
    s.wait_for_text("Selected Devices (1)");
    s.keys(b"\x15lon-hsm-02");
    s.wait_for_text("lon-hsm-02 (");
    s.keys(b"\r");
    s.wait_for_text("Selected Devices (2)");
    s.keys(b"\x1b[6~");
    s.wait_for_text("step 4 of 5: Assign Organization");
    s.keys(b"Payments\r");
    s.wait_for_text("step 5 of 5: Summary");
    s.wait_for_text("dry run");
    s.wait_for_text("partition create");
    s.keys(b"\r");
    // The body offers it once the new service is listed (the hint line says it before).
    s.wait_for_text("Initialize now (label");
}

/// Down arrow: the next field of a form.
pub const DOWN: &[u8] = b"\x1b[B";

/// The password PPSO roles of Initialize (and Initialize New Partitions): partition SO, crypto
/// officer, each twice, then submit.
pub fn initialize_roles_in_demo(s: &mut Pty) {
    s.wait_for_text("Partition SO password");
    s.keys(b"so-password-11");
    for secret in ["so-password-11", "co-password-11", "co-password-11"] {
        s.keys(DOWN);
        s.keys(secret.as_bytes());
    }
    s.keys(b"\r");
}

/// Initialize now on a new password service: Define Partition (`label`, the cloning domain
/// twice), the roles, then the job to its end.
pub fn initialize_now_in_demo(s: &mut Pty, label: &str) {
    s.keys(b"\r");
    s.wait_for_text("Define Partition");
    // The form comes once the service is read ("Reading the service…" before): keys typed
    // earlier would be lost.
    s.wait_for_text("Partition label");
    s.keys(label.as_bytes());
    for secret in ["domain-secret-1", "domain-secret-1"] {
        s.keys(DOWN);
        s.keys(secret.as_bytes());
    }
    s.keys(b"\r");
    initialize_roles_in_demo(s);
    s.wait_for_text("Initialize: ");
    s.wait_for_gone("progress per partition");
}

/// Crypto Services: the service `name` filtered, opened, and its Capabilities tab (Alt-2).
pub fn open_capabilities_in_demo(s: &mut Pty, name: &str) {
    s.keys(format!("/{name}\r").as_bytes());
    s.wait_for_text(" 1/1 ┘");
    s.keys(b"\r");
    s.wait_for_text(&format!("Service: {name}"));
    s.keys(b"\x1b2");
    s.wait_for_text("Device capabilities");
}

/// On an open service's Capabilities tab: Edit partition size to `size`, submitted.
pub fn resize_in_demo(s: &mut Pty, size: &str) {
    s.keys(b"e");
    s.wait_for_text("Edit partition size");
    s.keys(format!("\x15{size}\r").as_bytes());
}
