//! `run_console`: the interactive console. Loads the key map (errors before the terminal is
//! touched), starts the backend thread, then runs the loop: keys, backend events and — only
//! while something animates — a tick; a frame is drawn only after the state changed.

use super::action::{Action, Command};
use super::backend;
use super::keymap::Keymap;
use super::message::{BackendEvent, BackendRequest};
use super::route::route;
use super::source::ConsoleSource;
use super::state::{App, AppOptions};
use super::update::update;
use crate::paths::Paths;
use crate::ui::terminal::ConsoleTerminal;
use color_eyre::eyre::{Result, WrapErr};
use crossterm::event::Event;
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;
use tokio::sync::mpsc;

/// Test-only switch: set to `1` and the run loop panics right after its first frame (the
/// pseudo-terminal test checks the terminal is restored).
pub const TEST_PANIC_ENV: &str = "LUNADECK_TEST_PANIC";
/// The animation clock while a spinner turns.
const TICK: Duration = Duration::from_millis(120);
/// How often the key reader checks whether it should stop.
const KEY_POLL: Duration = Duration::from_millis(100);

/// What the binary passes to the console.
pub struct ConsoleOptions {
    pub paths: Paths,
    pub read_only: bool,
    pub monochrome: bool,
    pub demo: bool,
    /// Opens the database and builds the `ops::Console` on the backend thread.
    pub source: ConsoleSource,
}

/// Runs the console until the user quits. The terminal is restored on every way out.
pub fn run_console(options: ConsoleOptions) -> Result<ExitCode> {
    let keymap = Keymap::load(&options.paths.config_file())?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .thread_name("lunadeck-rt")
        .enable_all()
        .build()
        .wrap_err("cannot start the async runtime")?;
    let (req_tx, req_rx) = mpsc::unbounded_channel();
    let (ev_tx, ev_rx) = mpsc::unbounded_channel();
    let backend = backend::spawn(
        options.source,
        options.read_only,
        runtime.handle().clone(),
        req_rx,
        ev_tx,
    )
    .wrap_err("cannot start the backend thread")?;
    let app = App::new(
        keymap,
        AppOptions {
            read_only: options.read_only,
            monochrome: options.monochrome,
            demo: options.demo,
        },
    );
    let mut terminal = ConsoleTerminal::enter().wrap_err("cannot set up the terminal")?;
    let (key_rx, stop_keys) = spawn_key_reader()?;
    let result = runtime.block_on(run_loop(app, &mut terminal, &req_tx, ev_rx, key_rx));
    stop_keys.store(true, Ordering::Relaxed);
    drop(terminal);
    let _ = req_tx.send(BackendRequest::Shutdown);
    drop(req_tx);
    for _ in 0..20 {
        if backend.is_finished() {
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    runtime.shutdown_timeout(Duration::from_millis(500));
    result
}

type KeyEvents = mpsc::UnboundedReceiver<std::io::Result<Event>>;

/// Reads terminal events on their own thread (crossterm's reader blocks) until told to stop.
fn spawn_key_reader() -> Result<(KeyEvents, Arc<AtomicBool>)> {
    let (tx, rx) = mpsc::unbounded_channel();
    let stop = Arc::new(AtomicBool::new(false));
    let flag = stop.clone();
    std::thread::Builder::new()
        .name("lunadeck-keys".into())
        .spawn(move || {
            while !flag.load(Ordering::Relaxed) {
                match crossterm::event::poll(KEY_POLL) {
                    Ok(false) => {}
                    Ok(true) => {
                        if tx.send(crossterm::event::read()).is_err() {
                            return;
                        }
                    }
                    Err(e) => {
                        let _ = tx.send(Err(e));
                        return;
                    }
                }
            }
        })
        .wrap_err("cannot start the key reader")?;
    Ok((rx, stop))
}

fn forced_panic_requested() -> bool {
    std::env::var(TEST_PANIC_ENV).is_ok_and(|v| v == "1")
}

#[allow(clippy::panic)]
fn forced_panic() {
    panic!("forced panic ({TEST_PANIC_ENV}=1)");
}

async fn run_loop(
    mut app: App,
    terminal: &mut ConsoleTerminal,
    requests: &mpsc::UnboundedSender<BackendRequest>,
    mut events: mpsc::UnboundedReceiver<BackendEvent>,
    mut keys: KeyEvents,
) -> Result<ExitCode> {
    let mut tick = tokio::time::interval(TICK);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
    let mut dirty = true;
    let mut backend_alive = true;
    let panic_after_first_frame = forced_panic_requested();
    loop {
        if dirty {
            terminal
                .draw(|f| crate::ui::draw(&app, f))
                .wrap_err("cannot draw on the terminal")?;
            dirty = false;
            if panic_after_first_frame {
                forced_panic();
            }
        }
        let action = tokio::select! {
            key = keys.recv() => match key {
                Some(Ok(Event::Key(k))) => route(&app, &k),
                Some(Ok(Event::Resize(..))) => {
                    terminal.clear().wrap_err("cannot redraw the terminal")?;
                    Some(Action::Resize)
                }
                Some(Ok(_)) => None,
                Some(Err(e)) => return Err(e).wrap_err("cannot read the keyboard"),
                None => return Ok(ExitCode::SUCCESS),
            },
            ev = events.recv(), if backend_alive => match ev {
                Some(e) => Some(Action::Backend(Box::new(e))),
                None => {
                    backend_alive = false;
                    if app.modal.is_some() { None } else {
                        Some(Action::Backend(Box::new(BackendEvent::Fatal {
                            message: "the backend thread stopped".into(),
                        })))
                    }
                }
            },
            _ = tick.tick(), if app.animating() => Some(Action::Tick),
        };
        let Some(action) = action else { continue };
        for command in update(&mut app, action) {
            match command {
                Command::Quit => return Ok(ExitCode::SUCCESS),
                Command::Backend(r) => {
                    let _ = requests.send(r);
                }
            }
        }
        dirty = true;
    }
}
