//! Run-loop tests without a terminal: `settle` applies every waiting backend event before one
//! frame, and the real `run_loop` (fed by a scripted event stream, drawing on a recorder) draws
//! only after a change, redraws on resize and ends when the input ends.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use super::*;
use crate::app::message::SessionInfo;
use crate::domain::organization::Role;
use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use std::task::{Context, Poll};

fn app() -> App {
    App::new(Keymap::defaults().unwrap(), AppOptions::default())
}

fn signed_in_events() -> Vec<BackendEvent> {
    vec![
        BackendEvent::Ready { has_accounts: true },
        BackendEvent::LoggedIn(SessionInfo {
            username: "admin".into(),
            role: Role::Admin,
            organization: None,
            read_only: false,
        }),
        BackendEvent::Failed {
            message: "third".into(),
        },
    ]
}

fn channels() -> (
    UnboundedSender<BackendEvent>,
    UnboundedReceiver<BackendEvent>,
    UnboundedSender<BackendRequest>,
    UnboundedReceiver<BackendRequest>,
) {
    let (ev_tx, ev_rx) = unbounded_channel();
    let (req_tx, req_rx) = unbounded_channel();
    (ev_tx, ev_rx, req_tx, req_rx)
}

fn drain_requests(rx: &mut UnboundedReceiver<BackendRequest>) -> usize {
    std::iter::from_fn(|| rx.try_recv().ok()).count()
}

#[test]
fn settle_applies_every_waiting_backend_event_before_the_frame() {
    let (ev_tx, mut ev_rx, req_tx, mut req_rx) = channels();
    for e in signed_in_events() {
        ev_tx.send(e).unwrap();
    }
    let mut a = app();
    assert_eq!(settle(&mut a, None, &mut ev_rx, &req_tx), Turn::Changed);
    assert!(ev_rx.try_recv().is_err(), "nothing left waiting");
    assert!(a.session.is_some(), "signed in");
    assert_eq!(
        a.notice.as_deref(),
        Some("third"),
        "the last event applied too"
    );
    // LoggedIn asks for the counts, the devices and the jobs.
    assert_eq!(drain_requests(&mut req_rx), 3);
}

#[test]
fn settle_applies_the_waking_action_first_then_the_queue() {
    let (ev_tx, mut ev_rx, req_tx, _req_rx) = channels();
    let mut events = signed_in_events().into_iter();
    let first = events.next().map(|e| Action::Backend(Box::new(e)));
    for e in events {
        ev_tx.send(e).unwrap();
    }
    let mut a = app();
    assert_eq!(settle(&mut a, first, &mut ev_rx, &req_tx), Turn::Changed);
    assert!(a.session.is_some());
    assert_eq!(a.notice.as_deref(), Some("third"));
}

#[test]
fn settle_without_action_or_event_changes_nothing() {
    let (_ev_tx, mut ev_rx, req_tx, mut req_rx) = channels();
    let mut a = app();
    assert_eq!(settle(&mut a, None, &mut ev_rx, &req_tx), Turn::Unchanged);
    assert_eq!(drain_requests(&mut req_rx), 0);
}

#[tokio::test]
async fn the_tick_clock_exists_only_while_animating() {
    let mut tick = None;
    sync_tick(&mut tick, false);
    assert!(tick.is_none());
    sync_tick(&mut tick, true);
    assert!(tick.is_some());
    sync_tick(&mut tick, false);
    assert!(tick.is_none());
}

/// What the recorder saw when a frame was drawn.
#[derive(Debug, PartialEq)]
struct Seen {
    frame: usize,
    resizes: usize,
    signed_in: bool,
    notice: Option<String>,
    modal: bool,
}

struct Recorder {
    frames: usize,
    resizes: usize,
    seen: UnboundedSender<Seen>,
}

impl Surface for Recorder {
    fn frame(&mut self, app: &App) -> Result<()> {
        self.frames += 1;
        let _ = self.seen.send(Seen {
            frame: self.frames,
            resizes: self.resizes,
            signed_in: app.session.is_some(),
            notice: app.notice.clone(),
            modal: app.modal.is_some(),
        });
        Ok(())
    }

    fn resized(&mut self) -> Result<()> {
        self.resizes += 1;
        Ok(())
    }
}

/// Terminal events scripted by the test; the stream ends when the sender is dropped.
struct Scripted(UnboundedReceiver<std::io::Result<Event>>);

impl Stream for Scripted {
    type Item = std::io::Result<Event>;
    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.0.poll_recv(cx)
    }
}

/// The loop on its own task, with scripted keys, a scripted stop signal and a recorder of
/// every frame.
struct Running {
    keys: UnboundedSender<std::io::Result<Event>>,
    seen: UnboundedReceiver<Seen>,
    stop: tokio::sync::oneshot::Sender<StopSignal>,
    task: tokio::task::JoinHandle<Result<ExitCode>>,
}

fn start_loop(
    app: App,
    req_tx: UnboundedSender<BackendRequest>,
    ev_rx: UnboundedReceiver<BackendEvent>,
) -> Running {
    let (keys, key_rx) = unbounded_channel();
    let (seen_tx, seen) = unbounded_channel();
    let (stop, stop_rx) = tokio::sync::oneshot::channel();
    let signal = async move {
        match stop_rx.await {
            Ok(s) => s,
            Err(_) => std::future::pending().await,
        }
    };
    let task = tokio::spawn(async move {
        let mut recorder = Recorder {
            frames: 0,
            resizes: 0,
            seen: seen_tx,
        };
        run_loop(app, &mut recorder, &req_tx, ev_rx, Scripted(key_rx), signal).await
    });
    Running {
        keys,
        seen,
        stop,
        task,
    }
}

async fn next_frame(seen: &mut UnboundedReceiver<Seen>) -> Seen {
    tokio::time::timeout(Duration::from_secs(5), seen.recv())
        .await
        .expect("a frame in time")
        .expect("the loop is running")
}

#[tokio::test]
async fn the_loop_draws_once_per_change_with_every_waiting_event_applied() {
    let (ev_tx, ev_rx, req_tx, mut req_rx) = channels();
    for e in signed_in_events() {
        ev_tx.send(e).unwrap();
    }
    let Running {
        keys,
        mut seen,
        task: running,
        ..
    } = start_loop(app(), req_tx, ev_rx);
    let first = next_frame(&mut seen).await;
    assert_eq!(
        (first.frame, first.signed_in),
        (1, false),
        "the first frame"
    );
    // The three queued events land in one frame, not three.
    let second = next_frame(&mut seen).await;
    assert_eq!(
        second,
        Seen {
            frame: 2,
            resizes: 0,
            signed_in: true,
            notice: Some("third".into()),
            modal: false,
        }
    );
    assert_eq!(drain_requests(&mut req_rx), 3);
    // A key release means nothing: no frame. A resize repaints (the next frame is number 3).
    let release = KeyEvent::new_with_kind(
        KeyCode::Char('x'),
        KeyModifiers::NONE,
        KeyEventKind::Release,
    );
    keys.send(Ok(Event::Key(release))).unwrap();
    keys.send(Ok(Event::FocusGained)).unwrap();
    keys.send(Ok(Event::Resize(100, 30))).unwrap();
    let third = next_frame(&mut seen).await;
    assert_eq!((third.frame, third.resizes), (3, 1));
    // A backend event on its own wakes the loop and is drawn.
    ev_tx
        .send(BackendEvent::Failed {
            message: "later".into(),
        })
        .unwrap();
    let fourth = next_frame(&mut seen).await;
    assert_eq!((fourth.frame, fourth.notice.as_deref()), (4, Some("later")));
    // The input ends: the loop returns, with no further frame.
    drop(keys);
    let code = running.await.unwrap().unwrap();
    assert_eq!(code, ExitCode::SUCCESS);
    assert!(seen.try_recv().is_err(), "no frame without a change");
    drop(ev_tx);
}

#[tokio::test]
async fn a_stopped_backend_shows_the_fatal_dialog() {
    let (ev_tx, ev_rx, req_tx, _req_rx) = channels();
    let Running {
        keys,
        mut seen,
        task: running,
        ..
    } = start_loop(app(), req_tx, ev_rx);
    assert!(!next_frame(&mut seen).await.modal);
    drop(ev_tx);
    let after = next_frame(&mut seen).await;
    assert_eq!(
        (after.frame, after.modal),
        (2, true),
        "the Fatal dialog, drawn once"
    );
    drop(keys);
    running.await.unwrap().unwrap();
    assert!(seen.try_recv().is_err());
}

#[tokio::test]
async fn x_3_a_stop_signal_ends_the_loop_like_quit_with_the_shell_exit_code() {
    for (signal, code) in [
        (StopSignal::Terminate, 143u8),
        (StopSignal::HangUp, 129),
        (StopSignal::Interrupt, 130),
    ] {
        let (ev_tx, ev_rx, req_tx, _req_rx) = channels();
        let mut run = start_loop(app(), req_tx, ev_rx);
        next_frame(&mut run.seen).await;
        run.stop.send(signal).unwrap();
        let exit = tokio::time::timeout(Duration::from_secs(5), run.task)
            .await
            .expect("the loop ends on the signal")
            .unwrap()
            .unwrap();
        assert_eq!(exit, ExitCode::from(code), "{signal:?}");
        assert!(run.seen.try_recv().is_err(), "no frame after the signal");
        drop((ev_tx, run.keys));
    }
}

#[test]
fn x_3_the_stop_report_names_the_running_jobs() {
    use crate::domain::ids::JobId;
    let mut a = app();
    assert_eq!(
        stop_report(StopSignal::HangUp, &a),
        "SIGHUP: the console stops; no job was running"
    );
    a.screens.jobs.running.insert(JobId(4));
    let report = stop_report(StopSignal::HangUp, &a);
    assert!(
        report.starts_with("SIGHUP: the console stops while 1 ran: job 4 ("),
        "{report}"
    );
    assert!(report.contains("abandoned"), "{report}");
}
