//! Whole-binary pseudo-terminal tests (issue 5, items 9 and 10): the real `lunadeck --demo` in
//! a pty read back through vt100 — log in, walk to the screens, quit; a forced panic restores.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use portable_pty::{CommandBuilder, PtySize, native_pty_system};
use std::io::{Read, Write};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// Guard against a hung child (a safety net, not a timing assertion).
const DEADLINE: Duration = Duration::from_secs(90);

struct Pty {
    child: Box<dyn portable_pty::Child + Send + Sync>,
    writer: Box<dyn Write + Send>,
    output: mpsc::Receiver<Vec<u8>>,
    parser: vt100::Parser,
    raw: Vec<u8>,
    /// The screen after every frame the binary drew (a frame ends with the end of its
    /// synchronized update) and after every read: the states a person saw, in order.
    frames: Vec<String>,
    _home: tempfile::TempDir,
}

/// The end of a synchronized update: one frame drawn.
const FRAME_END: &[u8] = b"\x1b[?2026l";

/// Starts the real binary with `args` in an 80x24 pty, HOME in a fresh temporary directory.
fn start(args: &[&str], env: &[(&str, &str)]) -> Pty {
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
    fn pump(&mut self, wait: Duration) -> bool {
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

    fn screen(&self) -> String {
        self.parser.screen().contents()
    }

    fn wait_for_text(&mut self, text: &str) {
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
    fn wait_for_gone(&mut self, text: &str) {
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
    fn wait_for_any<'a>(&mut self, texts: &[&'a str]) -> &'a str {
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

    fn keys(&mut self, bytes: &[u8]) {
        self.writer.write_all(bytes).unwrap();
        self.writer.flush().unwrap();
    }

    fn exited(&mut self) -> Option<portable_pty::ExitStatus> {
        self.child.try_wait().unwrap()
    }

    /// Waits for the child to exit, reading everything it printed.
    fn finish(&mut self) -> portable_pty::ExitStatus {
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

    /// `lunadeck --demo` up to the signed-in frame as the demo Admin the README shows.
    fn demo_login(&mut self) {
        self.wait_for_text("Sign in with your console account.");
        let login = format!(
            "{}\t{}\r",
            lunadeck::ops::demo::DEMO_USER,
            lunadeck::ops::demo::DEMO_PASSWORD
        );
        self.keys(login.as_bytes());
        self.wait_for_text("demo · Admin");
        self.wait_for_text("DEMO");
    }

    /// `q`, and when jobs still run, the confirmation's "Quit anyway".
    fn quit(&mut self) -> portable_pty::ExitStatus {
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

/// A discovery progress row for `device` on the Import screen (IMP-1): name, bar, `done/total`
/// and a status word.
fn progress_row(screen: &str, device: &str) -> Option<String> {
    screen
        .lines()
        .find(|l| {
            l.contains(device)
                && l.contains('/')
                && ["↻ running", "✔ done", "✖ failed"]
                    .iter()
                    .any(|w| l.contains(w))
        })
        .map(str::to_string)
}

#[test]
fn nav_4_mng_1_imp_1_demo_walks_services_detail_and_import_discovery_then_quits_restored() {
    let mut s = start(&["--demo"], &[]);
    s.demo_login();
    assert!(s.parser.screen().alternate_screen());
    // Devices: the simulated fleet added by the bootstrap.
    s.wait_for_text("lon-hsm-01");
    s.wait_for_text("● up");

    // Crypto Services → Services (`2`): the services the demo bootstrap imported, by the HA
    // group labels of fixtures/fleets/demo.toml and DEVICE-PARTITION names (src/ops/demo.rs).
    // At 80 columns the navigation frame is folded while the list has the keys.
    s.keys(b"2");
    s.wait_for_text("Services (");
    s.wait_for_text("appHA");
    s.wait_for_text("myHA");
    s.wait_for_text("lon-hsm-01-");
    s.wait_for_text("● all up");
    assert!(!s.screen().contains("No services yet"), "{}", s.screen());

    // Open one service (filtered to it, then Enter): its General tab.
    s.keys(b"/appHA\r");
    s.wait_for_text(" 1/1 ┘");
    assert!(!s.screen().contains("myHA"), "filtered:\n{}", s.screen());
    s.keys(b"\r");
    s.wait_for_text("Service: appHA");
    // At 80 columns the navigation frame folds while the service has the keys.
    s.wait_for_text("Alt-1 General");
    s.wait_for_text("HA group label  appHA");
    s.wait_for_text("Created by      demo");
    s.wait_for_text("State           Initialized");

    // Back to the list (Esc), clear the filter (Esc), to the navigation (`h`), down to
    // Import Partitions (`jj`) and into it (Enter). Each Esc is waited for: an Esc followed
    // by a key in the same read is that key with Alt.
    s.keys(b"\x1b");
    // The bottom line shows the list's hints under an open service too: wait for the
    // service itself to close.
    s.wait_for_gone("Service: appHA");
    s.wait_for_text("Enter open");
    s.keys(b"\x1b");
    s.wait_for_text(" 1/11 ┘");
    s.keys(b"hjj");
    s.wait_for_text("▸ Import Partitions");
    s.wait_for_text("Bring existing partitions under management");
    s.keys(b"\r");
    discover_from_import_screen(&mut s);

    let status = s.quit();
    assert!(status.success(), "{status:?}");
    s.assert_restored();
    let raw = String::from_utf8_lossy(&s.raw);
    assert!(
        raw.contains("\u{1b}[?2026h"),
        "frames use synchronized updates"
    );
}

/// On Import Partitions: the demo bootstrap finishes its import, so the splash shows; Get
/// Started (`R`, [keys.import_start]) runs discovery, whose per-device progress rows are read
/// while it runs, then the job's summary and the (re)saved import table. Should a bootstrap
/// ever leave a saved table instead, the table itself is what shows.
fn discover_from_import_screen(s: &mut Pty) {
    const SPLASH: &str = "Press R to Get Started.";
    const TABLE: &str = "partition(s) · created";
    if s.wait_for_any(&[SPLASH, TABLE]) == TABLE {
        s.wait_for_text("[Device]");
        s.wait_for_text("HA Group");
        return;
    }
    let from = s.frames.len();
    s.keys(b"R");
    s.wait_for_text("unmanaged partition(s) on 8 of 8 device(s)");
    let seen = s.frames.get(from..).unwrap_or_default();
    assert!(
        seen.iter()
            .any(|f| f.contains("Starting discovery…") || f.contains("Discovery running (job")),
        "the splash never said discovery was running"
    );
    let rows: Vec<String> = ["lon-hsm-01", "fra-hsm-01", "@client-host"]
        .iter()
        .map(|d| {
            seen.iter()
                .find_map(|f| progress_row(f, d))
                .unwrap_or_else(|| panic!("no discovery progress row for {d}"))
        })
        .collect();
    assert!(
        rows.iter().all(|r| r.contains(" 0/") || r.contains('#')),
        "progress rows show a bar and done/total: {rows:?}"
    );
    // Nothing is left unmanaged after the bootstrap: no empty table, the splash says so.
    s.wait_for_text("Job ");
    s.wait_for_text("found 0 unmanaged partition(s)");
    s.wait_for_text("no partition left to import");
}

/// No cell of the screen has a colour.
fn assert_no_colours(s: &Pty) {
    let screen = s.parser.screen();
    for row in 0..24 {
        for col in 0..80 {
            let Some(cell) = screen.cell(row, col) else {
                continue;
            };
            assert_eq!(cell.fgcolor(), vt100::Color::Default, "({row},{col})");
            assert_eq!(cell.bgcolor(), vt100::Color::Default, "({row},{col})");
        }
    }
}

#[test]
fn x_3_demo_no_color_draws_without_colours() {
    let mut s = start(&["--demo", "--no-color"], &[]);
    s.demo_login();
    s.wait_for_text("lon-hsm-01");
    assert_no_colours(&s);
    let status = s.quit();
    assert!(status.success(), "{status:?}");
    s.assert_restored();
}

/// A data directory whose `config/config.toml` holds `text`.
fn deck_with_config(text: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let deck = tempfile::tempdir().unwrap();
    let file = deck.path().join("config/config.toml");
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    std::fs::write(&file, text).unwrap();
    (deck, file)
}

#[test]
fn x_3_theme_mono_in_config_toml_draws_without_colours() {
    let (deck, _) = deck_with_config("# mine\n[ui]\ntheme = \"mono\"\n");
    let dir = deck.path().display().to_string();
    let mut s = start(&["--data-dir", &dir, "--demo"], &[]);
    s.demo_login();
    s.wait_for_text("lon-hsm-01");
    assert_no_colours(&s);
    let status = s.quit();
    assert!(status.success(), "{status:?}");
}

#[test]
fn x_4_console_and_cli_refuse_a_bad_config_with_the_same_file_line_message() {
    let (deck, file) = deck_with_config("[ssh]\nkeepalive_secs = 0\n");
    let dir = deck.path().display().to_string();
    let want = format!(
        "{}:2: [ssh] keepalive_secs must be a whole number of at least 1",
        file.display()
    );
    let mut s = start(&["--data-dir", &dir, "--demo"], &[]);
    let status = s.finish();
    assert!(
        !status.success(),
        "the console must refuse the configuration"
    );
    let printed: String = String::from_utf8_lossy(&s.raw).replace("\r\n", "\n");
    assert!(printed.contains(&want), "console printed:\n{printed}");
    let cli = std::process::Command::new(env!("CARGO_BIN_EXE_lunadeck"))
        .args(["--data-dir", &dir, "--demo", "device", "list"])
        .output()
        .unwrap();
    assert_eq!(cli.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&cli.stderr);
    assert!(stderr.contains(&want), "CLI printed:\n{stderr}");
}

#[test]
fn x_4_forced_panic_in_the_real_binary_restores_the_terminal() {
    let mut s = start(&["--demo"], &[(lunadeck::console::TEST_PANIC_ENV, "1")]);
    let status = s.finish();
    assert!(!status.success(), "the forced panic must fail the binary");
    s.assert_restored();
    let screen = s.screen();
    assert!(
        screen.contains("forced panic (LUNADECK_TEST_PANIC=1)"),
        "the panic report is printed on the normal screen:\n{screen}"
    );
}

/// Devices: `/name`, authorize it with its simulator SO password, wait until the row shows it
/// up (the HSM SO login job is done), clear the filter.
fn authorize_in_demo(s: &mut Pty, name: &str, so_password: &str) {
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

#[test]
fn svc_1_svc_2_demo_creates_an_ha_service_in_the_wizard_at_80x24() {
    let mut s = start(&["--demo"], &[]);
    s.demo_login();
    s.wait_for_text("lon-hsm-01");
    authorize_in_demo(&mut s, "lon-hsm-01", "LonSoPass!01");
    authorize_in_demo(&mut s, "lon-hsm-02", "LonSoPass!02");
    create_ha_in_demo(&mut s, "pty-ha");
    s.keys(b"\x1b");
    s.wait_for_gone("Initialize now");
    s.keys(b"/pty-ha\r");
    s.wait_for_text(" 1/1 ┘");
    s.wait_for_text("Initialize");
    let status = s.quit();
    assert!(status.success(), "{status:?}");
    s.assert_restored();
}

#[test]
fn tpl_2_demo_creates_a_template_in_the_wizard_at_80x24() {
    let mut s = start(&["--demo"], &[]);
    s.demo_login();
    s.keys(b":templates\r");
    s.wait_for_text("Service Templates (2)");
    s.keys(b"a");
    s.wait_for_text("step 1 of 3: General");
    s.keys(b"Bronze 6.x\r");
    s.wait_for_text("step 2 of 3: Set Capabilities");
    s.wait_for_text("fixed: Secure Trusted Channel is not available");
    // HSM model (three fields down) to 6.x: SKS becomes fixed off, STC free.
    s.keys(b"\x1b[B\x1b[B\x1b[B\x1b[D\x1b[D");
    s.wait_for_text("Luna Network HSM 6 (firmware 6.x)");
    s.wait_for_text("fixed: Scalable Key Storage needs");
    s.keys(b"\r");
    s.wait_for_text("step 3 of 3: Summary");
    s.wait_for_text("Name            Bronze 6.x");
    s.keys(b"\r");
    s.wait_for_text("Service template 'Bronze 6.x' created.");
    s.wait_for_text("Service Templates (3)");
    let status = s.quit();
    assert!(status.success(), "{status:?}");
    s.assert_restored();
}

/// Services → `a`: the Create Service wizard through every step for an HA pair named `name`
/// on lon-hsm-01/02, up to the result offering Initialize now.
fn create_ha_in_demo(s: &mut Pty, name: &str) {
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

#[test]
fn ha_1_ha_2_ha_3_size_1_demo_walks_the_life_of_an_ha_service_at_80x24() {
    const DOWN: &[u8] = b"\x1b[B";
    let mut s = start(&["--demo"], &[]);
    s.demo_login();
    s.wait_for_text("lon-hsm-01");
    authorize_in_demo(&mut s, "lon-hsm-01", "LonSoPass!01");
    authorize_in_demo(&mut s, "lon-hsm-02", "LonSoPass!02");
    create_ha_in_demo(&mut s, "life-ha");
    // Initialize now: Define Partition, then Initialize Roles (password PPSO).
    s.keys(b"\r");
    s.wait_for_text("Define Partition");
    s.keys(b"lifeha");
    for secret in ["domain-secret-1", "domain-secret-1"] {
        s.keys(DOWN);
        s.keys(secret.as_bytes());
    }
    s.keys(b"\r");
    s.wait_for_text("Partition SO password");
    s.keys(b"so-password-11");
    for secret in ["so-password-11", "co-password-11", "co-password-11"] {
        s.keys(DOWN);
        s.keys(secret.as_bytes());
    }
    s.keys(b"\r");
    s.wait_for_text("Initialize: ");
    s.wait_for_gone("progress per partition");
    // The service on its Partitions tab: remove the second partition (its name typed).
    s.keys(b"/life-ha\r");
    s.wait_for_text(" 1/1 ┘");
    s.keys(b"\r");
    s.wait_for_text("Service: life-ha");
    s.keys(b"\x1b3");
    s.wait_for_text("Initialized partitions");
    s.keys(DOWN);
    s.keys(b"d");
    s.wait_for_text("Type life-ha");
    s.keys(b"life-ha\r\r");
    s.wait_for_text("Remove partition: ");
    // Add it back, then Initialize now (HA-2).
    s.keys(b"a");
    s.wait_for_text("step 1 of 2: Add Devices");
    s.keys(b"lon-hsm-0");
    s.wait_for_text("can host the service");
    s.keys(b"\r\x1b[6~");
    s.wait_for_text("step 2 of 2: Confirm");
    s.keys(b"\r");
    s.wait_for_text("Initialize now");
    s.keys(b"\r");
    s.wait_for_text("Important: the new partitions");
    s.keys(b"\rdomain-secret-1");
    s.keys(DOWN);
    s.keys(b"domain-secret-1\r");
    s.wait_for_text("Partition SO password");
    s.keys(b"so-password-11");
    for secret in ["so-password-11", "co-password-11", "co-password-11"] {
        s.keys(DOWN);
        s.keys(secret.as_bytes());
    }
    s.keys(b"\r");
    s.wait_for_text("Crypto user:");
    s.keys(b"\r");
    s.wait_for_gone("Crypto user:");
    // Resize (Capabilities → e).
    s.keys(b"\x1b2");
    s.wait_for_text("Device capabilities");
    s.keys(b"e");
    s.wait_for_text("Edit partition size");
    s.keys(b"\x15200000\r");
    s.wait_for_text("Partition size changed");
    s.keys(b"\r");
    s.wait_for_text("200000 bytes");
    let status = s.quit();
    assert!(status.success(), "{status:?}");
    s.assert_restored();
}

#[test]
fn mig_2_mig_4_demo_migrates_a_service_to_two_targets_at_80x24() {
    const DOWN: &[u8] = b"\x1b[B";
    let mut s = start(&["--demo"], &[]);
    s.demo_login();
    s.wait_for_text("lon-hsm-01");
    authorize_in_demo(&mut s, "lon-hsm-02", "LonSoPass!02");
    authorize_in_demo(&mut s, "lon-hsm-03", "LonSoPass!03");
    s.keys(b":migrate\r");
    s.wait_for_text("No migration yet");
    s.keys(b"a");
    s.wait_for_text("step 1 of 6: Select Service");
    s.keys(b"legacy");
    s.wait_for_text("Source: partition 'legacy_tls' on lon-hsm-01");
    s.keys(b"\r");
    s.wait_for_text("step 2 of 6: New Service");
    s.keys(DOWN);
    s.keys(b"tls-7\r");
    s.wait_for_text("step 3 of 6: Select Devices");
    s.wait_for_text("Available Devices");
    s.keys(b"lon-hsm-02");
    s.wait_for_text("can host the service");
    s.keys(b"\r");
    s.wait_for_text("Selected Devices (1)");
    s.keys(b"\x15lon-hsm-03");
    s.wait_for_text("lon-hsm-03 (");
    s.keys(b"\r");
    s.wait_for_text("Selected Devices (2)");
    s.keys(b"\x1b[6~");
    s.wait_for_text("step 4 of 6: Define Partition");
    s.keys(b"tls7");
    for secret in ["emea-web", "emea-web"] {
        s.keys(DOWN);
        s.keys(secret.as_bytes());
    }
    s.keys(b"\r");
    s.wait_for_text("step 5 of 6: Initialize Roles");
    s.keys(b"tls7-so-pass");
    for secret in [
        "tls7-so-pass",
        "tls7-co-pass",
        "tls7-co-pass",
        "CoPass-legacy",
    ] {
        s.keys(DOWN);
        s.keys(secret.as_bytes());
    }
    s.keys(b"\r");
    s.wait_for_text("step 6 of 6: Summary");
    s.wait_for_text("dry run");
    s.keys(b"\r");
    s.wait_for_text("to 2 of 2 device(s)");
    s.keys(b"\r");
    s.wait_for_text("ended (migrated 2, failed 0");
    let status = s.quit();
    assert!(status.success(), "{status:?}");
    s.assert_restored();
}
