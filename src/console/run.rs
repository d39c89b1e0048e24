//! `run_console`: the interactive console. Loads the key map (errors before the terminal is
//! touched), starts the backend thread, then runs one `tokio::select!` over crossterm's
//! `EventStream`, the backend events and — only while something animates — a tick. After each
//! wake-up every backend event already waiting is applied, then one frame is drawn, and only
//! if the state changed. On the way out the backend thread is joined (bounded, no polling).

use super::signals::{Signals, StopSignal, stop_report};
use crate::app::action::{Action, Command};
use crate::app::backend;
use crate::app::keymap::Keymap;
use crate::app::message::{BackendEvent, BackendRequest};
use crate::app::route::route;
use crate::app::source::ConsoleSource;
use crate::app::state::{App, AppOptions};
use crate::app::update::update;
use crate::paths::Paths;
use crate::ui::terminal::ConsoleTerminal;
use color_eyre::eyre::{Result, WrapErr};
use crossterm::event::{Event, EventStream};
use futures_core::Stream;
use std::pin::Pin;
use std::process::ExitCode;
use std::thread::JoinHandle;
use std::time::Duration;
use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender, unbounded_channel};
use tokio::time::{Instant, Interval, MissedTickBehavior};

/// Test-only switch: set to `1` and the run loop panics right after its first frame (the
/// pseudo-terminal test checks the terminal is restored).
pub const TEST_PANIC_ENV: &str = "LUNADECK_TEST_PANIC";
/// The animation clock while a spinner turns.
const TICK: Duration = Duration::from_millis(120);
/// How long quitting waits for the backend thread to finish its current request.
const BACKEND_GRACE: Duration = Duration::from_secs(1);
/// How long quitting waits for the runtime's remaining tasks.
const RUNTIME_GRACE: Duration = Duration::from_millis(500);

/// What the binary passes to the console.
pub struct ConsoleOptions {
    pub paths: Paths,
    pub read_only: bool,
    pub monochrome: bool,
    /// The key map, read with the rest of the configuration before the terminal is taken.
    pub keymap: Keymap,
    pub demo: bool,
    /// `--replay DIR`: the devices are a recording.
    pub replay: bool,
    /// `[jobs] pool_width`: the runtime keeps a blocking thread for each running step.
    pub pool_width: usize,
    /// Opens the database and builds the `ops::Console` on the backend thread.
    pub source: ConsoleSource,
}

/// Runs the console until the user quits. The terminal is restored on every way out.
pub fn run_console(options: ConsoleOptions) -> Result<ExitCode> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .max_blocking_threads(crate::jobs::blocking_threads(options.pool_width))
        .thread_name("lunadeck-rt")
        .enable_all()
        .build()
        .wrap_err("cannot start the async runtime")?;
    let (req_tx, req_rx) = unbounded_channel();
    let (ev_tx, ev_rx) = unbounded_channel();
    let backend = backend::spawn(
        options.source,
        options.read_only,
        runtime.handle().clone(),
        req_rx,
        ev_tx,
    )
    .wrap_err("cannot start the backend thread")?;
    let app = App::new(
        options.keymap,
        AppOptions {
            read_only: options.read_only,
            monochrome: options.monochrome,
            demo: options.demo,
            replay: options.replay,
        },
    );
    // Installed before the terminal is taken, so a signal at any moment after leaves the loop
    // and restores the terminal.
    let signals = {
        let _in_runtime = runtime.enter();
        Signals::install().wrap_err("cannot install the signal handlers")
    };
    let result = match signals.and_then(|s| {
        ConsoleTerminal::enter()
            .wrap_err("cannot set up the terminal")
            .map(|t| (s, t))
    }) {
        Ok((mut signals, mut terminal)) => {
            // The stream is moved into the loop and dropped with it, which stops crossterm's
            // reader before the terminal is restored.
            let input = EventStream::new();
            let stop = signals.next();
            let looped = run_loop(app, &mut terminal, &req_tx, ev_rx, input, stop);
            let result = runtime.block_on(looped);
            drop(terminal);
            result
        }
        Err(e) => Err(e),
    };
    stop_backend(&runtime, req_tx, backend);
    runtime.shutdown_timeout(RUNTIME_GRACE);
    result
}

/// Asks the backend thread to stop and joins it, waiting at most `BACKEND_GRACE` (a request
/// it is still serving, e.g. a password hash, must not hold the shell prompt back for long).
fn stop_backend(
    runtime: &tokio::runtime::Runtime,
    requests: UnboundedSender<BackendRequest>,
    backend: JoinHandle<()>,
) {
    let _ = requests.send(BackendRequest::Shutdown);
    drop(requests);
    let joined = runtime.block_on(async {
        let join = tokio::task::spawn_blocking(move || backend.join());
        tokio::time::timeout(BACKEND_GRACE, join).await
    });
    match joined {
        Ok(Ok(Ok(()))) => {}
        Ok(Ok(Err(_))) => tracing::warn!("the backend thread panicked"),
        Ok(Err(e)) => tracing::warn!(error = %e, "cannot wait for the backend thread"),
        Err(_) => tracing::warn!("the backend thread did not stop in time"),
    }
}

fn forced_panic_requested() -> bool {
    std::env::var(TEST_PANIC_ENV).is_ok_and(|v| v == "1")
}

#[allow(clippy::panic)]
fn forced_panic() {
    panic!("forced panic ({TEST_PANIC_ENV}=1)");
}

/// Where frames go: the real terminal, or a recorder in the tests.
trait Surface {
    /// Draws one frame of `app`.
    fn frame(&mut self, app: &App) -> Result<()>;
    /// The terminal changed size: the next frame repaints everything.
    fn resized(&mut self) -> Result<()>;
}

impl Surface for ConsoleTerminal {
    fn frame(&mut self, app: &App) -> Result<()> {
        self.draw(|f| crate::ui::draw(app, f))
            .wrap_err("cannot draw on the terminal")
    }

    fn resized(&mut self) -> Result<()> {
        self.clear().wrap_err("cannot redraw the terminal")
    }
}

/// What one wake-up of the loop left behind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Turn {
    /// The user quit.
    Quit,
    /// The state changed: draw one frame.
    Changed,
    /// Nothing to draw.
    Unchanged,
}

/// Applies one action and sends the backend requests it returns.
fn apply(app: &mut App, action: Action, requests: &UnboundedSender<BackendRequest>) -> Turn {
    for command in update(app, action) {
        match command {
            Command::Quit => return Turn::Quit,
            Command::Backend(r) => {
                let _ = requests.send(r);
            }
        }
    }
    Turn::Changed
}

/// The step between a wake-up and a frame: applies the action that woke the loop (if any),
/// then every backend event already waiting, in arrival order, so the next frame shows them
/// all at once instead of one frame per event. Events that arrive while this runs wait for
/// the next turn (a busy backend cannot keep the loop from drawing).
fn settle(
    app: &mut App,
    woke: Option<Action>,
    events: &mut UnboundedReceiver<BackendEvent>,
    requests: &UnboundedSender<BackendRequest>,
) -> Turn {
    let mut turn = Turn::Unchanged;
    if let Some(action) = woke {
        turn = apply(app, action, requests);
        if turn == Turn::Quit {
            return turn;
        }
    }
    for _ in 0..events.len() {
        let Ok(event) = events.try_recv() else { break };
        turn = apply(app, Action::Backend(Box::new(event)), requests);
        if turn == Turn::Quit {
            return turn;
        }
    }
    turn
}

/// The next terminal event (`StreamExt::next` without the extension crate).
async fn next_input<S>(input: &mut S) -> Option<S::Item>
where
    S: Stream + Unpin,
{
    std::future::poll_fn(|cx| Pin::new(&mut *input).poll_next(cx)).await
}

/// The animation clock exists only while something animates; its first tick is one period
/// after it starts.
fn sync_tick(tick: &mut Option<Interval>, animating: bool) {
    match (animating, tick.is_some()) {
        (true, false) => {
            let mut clock = tokio::time::interval_at(Instant::now() + TICK, TICK);
            clock.set_missed_tick_behavior(MissedTickBehavior::Skip);
            *tick = Some(clock);
        }
        (false, true) => *tick = None,
        _ => {}
    }
}

/// Waits for the next tick, or forever when no clock runs.
async fn next_tick(tick: &mut Option<Interval>) {
    match tick {
        Some(clock) => {
            clock.tick().await;
        }
        None => std::future::pending().await,
    }
}

/// The action a terminal event means; a resize repaints the whole screen.
fn terminal_action(app: &App, event: Event, surface: &mut impl Surface) -> Result<Option<Action>> {
    Ok(match event {
        Event::Key(k) => route(app, &k),
        // A paste may be a secret typed into a masked field: wiped once turned into keys.
        Event::Paste(mut text) => {
            let action = crate::app::route::paste(app, &text);
            zeroize::Zeroize::zeroize(&mut text);
            action
        }
        Event::Resize(..) => {
            surface.resized()?;
            Some(Action::Resize)
        }
        _ => None,
    })
}

/// The loop until the user quits, the input ends, or `stop` (a stop signal) comes: then the
/// log says which jobs were running, and the exit code is the shell's for that signal.
async fn run_loop<S, I, F>(
    mut app: App,
    surface: &mut S,
    requests: &UnboundedSender<BackendRequest>,
    mut events: UnboundedReceiver<BackendEvent>,
    mut input: I,
    stop: F,
) -> Result<ExitCode>
where
    S: Surface,
    I: Stream<Item = std::io::Result<Event>> + Unpin,
    F: std::future::Future<Output = StopSignal>,
{
    let mut stop = std::pin::pin!(stop);
    let mut tick: Option<Interval> = None;
    let mut turn = Turn::Changed;
    let mut backend_alive = true;
    let mut panic_after_first_frame = forced_panic_requested();
    loop {
        if turn == Turn::Changed {
            surface.frame(&app)?;
            if panic_after_first_frame {
                panic_after_first_frame = false;
                forced_panic();
            }
        }
        sync_tick(&mut tick, app.animating());
        let woke = tokio::select! {
            event = next_input(&mut input) => match event {
                Some(Ok(e)) => terminal_action(&app, e, surface)?,
                Some(Err(e)) => return Err(e).wrap_err("cannot read the keyboard"),
                None => return Ok(ExitCode::SUCCESS),
            },
            event = events.recv(), if backend_alive => match event {
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
            () = next_tick(&mut tick) => Some(Action::Tick),
            signal = &mut stop => {
                tracing::warn!("{}", stop_report(signal, &app));
                return Ok(signal.exit_code());
            }
        };
        turn = settle(&mut app, woke, &mut events, requests);
        if turn == Turn::Quit {
            return Ok(ExitCode::SUCCESS);
        }
    }
}

#[cfg(test)]
#[path = "run_tests.rs"]
mod tests;
