//! The backend thread: the one owner of the `ops::Console` (store + job engine). The drawing
//! task sends `BackendRequest`s and receives `BackendEvent`s; no SQLite or SSH call is made on
//! the drawing task. Engine events are persisted here and forwarded.

use super::message::{BackendEvent, BackendRequest, DeviceRow, SessionInfo, StatusCounts};
use super::source::ConsoleSource;
use crate::domain::device::DeviceStatus;
use crate::domain::job::JobState;
use crate::domain::organization::{Role, User};
use crate::domain::permission::Session;
use crate::ops::{Console, OpsResult};
use crate::store::{Store, StoreError};
use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender};

/// Sender of events to the UI; a closed channel means the UI is gone (the thread then ends).
pub(super) type Events = UnboundedSender<BackendEvent>;

/// Starts the backend thread; it runs until `Shutdown` or until the request channel closes.
pub fn spawn(
    source: ConsoleSource,
    read_only: bool,
    runtime: tokio::runtime::Handle,
    requests: UnboundedReceiver<BackendRequest>,
    events: Events,
) -> std::io::Result<std::thread::JoinHandle<()>> {
    std::thread::Builder::new()
        .name("lunadeck-backend".into())
        .spawn(move || {
            let handle = runtime.clone();
            handle.block_on(run(source, read_only, runtime, requests, events));
        })
}

async fn run(
    source: ConsoleSource,
    read_only: bool,
    runtime: tokio::runtime::Handle,
    mut requests: UnboundedReceiver<BackendRequest>,
    events: Events,
) {
    if let Some(bridge) = &source.host_keys {
        bridge.connect(events.clone());
    }
    let mut store = match (source.open_store)() {
        Ok(s) => s,
        Err(e) => {
            let _ = events.send(BackendEvent::Fatal {
                message: format!("{e:#}"),
            });
            return;
        }
    };
    let has_accounts = match store.has_accounts() {
        Ok(b) => b,
        Err(e) => {
            let _ = events.send(BackendEvent::Fatal {
                message: e.to_string(),
            });
            return;
        }
    };
    let _ = events.send(BackendEvent::Ready { has_accounts });
    let Some(user) = sign_in(&mut store, read_only, &mut requests, &events).await else {
        return;
    };
    let info = session_info(&store, &user, read_only);
    let session = Session { user, read_only };
    let mut console = match (source.build)(store, session, runtime) {
        Ok(c) => c,
        Err(e) => {
            let _ = events.send(BackendEvent::Fatal {
                message: format!("{e:#}"),
            });
            return;
        }
    };
    if let Err(e) = console.register_devices() {
        tracing::warn!(error = %e, "cannot register the stored devices");
    }
    tracing::info!(user = %info.username, role = %info.role, "signed in");
    let _ = events.send(BackendEvent::LoggedIn(info));
    serve(&mut console, &mut requests, &events).await;
}

/// Answers login requests until one succeeds; None when the UI went away.
async fn sign_in(
    store: &mut Store,
    read_only: bool,
    requests: &mut UnboundedReceiver<BackendRequest>,
    events: &Events,
) -> Option<User> {
    loop {
        let request = requests.recv().await?;
        if matches!(request, BackendRequest::Shutdown) {
            return None;
        }
        if let Some(user) = attempt(store, read_only, true, request, events) {
            return Some(user);
        }
    }
}

/// One sign-in request answered: the user, or None (refused, said to the sign-in screen, or
/// not a sign-in request). `first_start` allows creating the first Admin.
fn attempt(
    store: &mut Store,
    read_only: bool,
    first_start: bool,
    request: BackendRequest,
    events: &Events,
) -> Option<User> {
    use crate::screens::{ScreenRequest, login::Request};
    let result = match request {
        // Throttled and audited like the CLI's login (in read-only mode too).
        BackendRequest::Screen(ScreenRequest::Login(Request::SignIn { username, password })) => {
            let password = password.into_secret();
            crate::ops::accounts::login(store, &username, &password).map_err(|e| {
                StoreError::Invalid {
                    message: e.to_string(),
                }
            })
        }
        BackendRequest::Screen(ScreenRequest::Login(Request::CreateAdmin { .. }))
            if read_only || !first_start =>
        {
            Err(StoreError::Invalid {
                message: if read_only {
                    "Read-only mode: creating the first administrator writes the database."
                } else {
                    "An administrator exists: sign in."
                }
                .into(),
            })
        }
        BackendRequest::Screen(ScreenRequest::Login(Request::CreateAdmin {
            username,
            password,
        })) => {
            // The form checked the confirmation; the account and its audit event are
            // committed together.
            let password = password.into_secret();
            crate::ops::accounts::first_start_admin(store, &username, &password, &password).map_err(
                |e| StoreError::Invalid {
                    message: e.to_string(),
                },
            )
        }
        _ => return None,
    };
    match result {
        Ok(user) => Some(user),
        Err(e) => {
            tracing::info!("login refused");
            let refused = crate::screens::login::Event::Refused {
                message: e.to_string(),
            };
            let _ = events.send(BackendEvent::Screen(refused.into()));
            None
        }
    }
}

/// Signed out (issue 11.12): sign-in requests are answered, nothing else; the engine's jobs
/// keep running and finishing (their completions are recorded) but say nothing to the screen,
/// which belongs to nobody. Some(user) once someone signs in, None when the UI went away.
async fn signed_out(
    console: &mut Console,
    requests: &mut UnboundedReceiver<BackendRequest>,
    events: &Events,
) -> Option<User> {
    let read_only = console.session().read_only;
    let mut engine_alive = true;
    loop {
        tokio::select! {
            req = requests.recv() => match req {
                None | Some(BackendRequest::Shutdown) => return None,
                Some(r) => {
                    if let Some(user) = attempt(&mut console.store, read_only, false, r, events) {
                        return Some(user);
                    }
                }
            },
            ev = console.next_event(), if engine_alive => match ev {
                Some(e) => {
                    if let Err(err) = console.handle_event(e) {
                        tracing::warn!(error = %err, "a job event while signed out");
                    }
                }
                None => engine_alive = false,
            },
        }
    }
}

/// `:logout`: audit, end the user's crypto-officer sessions, wait signed out for the next
/// user. False when the UI went away meanwhile.
async fn sign_out(
    console: &mut Console,
    requests: &mut UnboundedReceiver<BackendRequest>,
    events: &Events,
) -> bool {
    let running = match console.sign_out() {
        Ok(n) => n,
        Err(e) => {
            let _ = events.send(BackendEvent::Failed {
                message: format!("cannot sign out: {e}"),
            });
            return true;
        }
    };
    tracing::info!(user = %console.session().user.username, running, "signed out");
    let _ = events.send(BackendEvent::SignedOut { running });
    let Some(user) = signed_out(console, requests, events).await else {
        return false;
    };
    let read_only = console.session().read_only;
    let info = session_info(&console.store, &user, read_only);
    console.sign_in(Session { user, read_only });
    tracing::info!(user = %info.username, role = %info.role, "signed in");
    let _ = events.send(BackendEvent::LoggedIn(info));
    true
}

fn session_info(store: &Store, user: &User, read_only: bool) -> SessionInfo {
    let organization = match user.role {
        Role::Admin => None,
        Role::Owner(id) => Some(
            store
                .load_organization(id)
                .ok()
                .flatten()
                .map(|o| o.name)
                .unwrap_or_else(|| format!("organization {id}")),
        ),
    };
    SessionInfo {
        username: user.username.clone(),
        role: user.role,
        organization,
        read_only,
    }
}

async fn serve(
    console: &mut Console,
    requests: &mut UnboundedReceiver<BackendRequest>,
    events: &Events,
) {
    loop {
        tokio::select! {
            req = requests.recv() => match req {
                None | Some(BackendRequest::Shutdown) => return abandon(console),
                Some(BackendRequest::SignOut) => {
                    if !sign_out(console, requests, events).await {
                        return abandon(console);
                    }
                }
                Some(r) => answer(console, r, events),
            },
            ev = console.next_event() => match ev {
                Some(e) => super::backend_events::engine_events(console, e, events),
                None => {
                    let _ = events.send(BackendEvent::Failed {
                        message: "the job engine stopped".into(),
                    });
                    // Keep answering requests; the engine channel will not wake us again.
                    while let Some(r) = requests.recv().await {
                        if matches!(r, BackendRequest::Shutdown) {
                            return abandon(console);
                        }
                        answer(console, r, events);
                    }
                    return;
                }
            },
        }
    }
}

/// The console stops: the jobs still running are recorded as abandoned (issue 11.14).
fn abandon(console: &mut Console) {
    match console.abandon_running("the console stopped while it ran") {
        Ok(ids) if ids.is_empty() => {}
        Ok(ids) => tracing::warn!(jobs = ?ids, "jobs recorded as abandoned"),
        Err(e) => tracing::warn!(error = %e, "cannot record the running jobs as abandoned"),
    }
}

fn send_result<T>(events: &Events, r: OpsResult<T>, ok: impl FnOnce(T) -> BackendEvent) {
    let event = match r {
        Ok(v) => ok(v),
        Err(e) => BackendEvent::Failed {
            message: e.to_string(),
        },
    };
    let _ = events.send(event);
}

pub(crate) fn answer(console: &mut Console, r: BackendRequest, events: &Events) {
    answer_one(console, r, events);
    // A refused attempt is in the audit trail whatever the screen does with it (issue 11.13).
    if let Err(e) = console.record_refusals() {
        tracing::warn!(error = %e, "cannot record a refused attempt in the audit trail");
    }
}

fn answer_one(console: &mut Console, r: BackendRequest, events: &Events) {
    match r {
        BackendRequest::ListDevices => {
            send_result(events, device_rows(console), BackendEvent::Devices)
        }
        BackendRequest::ListJobs => send_result(events, console.visible_jobs(), BackendEvent::Jobs),
        BackendRequest::StatusCounts => send_result(events, counts(console), BackendEvent::Counts),
        BackendRequest::Panel(p) => super::backend_panels::answer(console, p, events),
        BackendRequest::Screen(r) => {
            crate::screens::Screens::serve(console, r, &mut super::screen::Answers::new(events))
        }
        BackendRequest::Shutdown => {}
        // Signing out is the session loop's (`serve`); only a stopped engine gets here.
        BackendRequest::SignOut => {
            let _ = events.send(BackendEvent::Failed {
                message: "Cannot sign out now: the job engine stopped. Quit instead.".into(),
            });
        }
    }
}

pub(super) fn device_rows(console: &Console) -> OpsResult<Vec<DeviceRow>> {
    Ok(console
        .devices()?
        .into_iter()
        .map(|d| DeviceRow {
            status: console.device_status(&d),
            serial: d.serial.clone(),
            host: format!("{}:{}", d.host, d.port),
            model: d.facts.model.clone(),
            software: d.facts.software.to_string(),
            firmware: d.facts.firmware.to_string(),
            licences: d.facts.licences,
            last_seen: d.last_seen,
            name: d.name,
        })
        .collect())
}

fn counts(console: &Console) -> OpsResult<StatusCounts> {
    let running_jobs = console
        .visible_jobs()?
        .iter()
        .filter(|j| matches!(j.state, JobState::Running | JobState::Queued))
        .count();
    let (devices_up, devices_down) = match console.devices() {
        Ok(list) => {
            let down = list
                .iter()
                .filter(|d| console.device_status(d) == DeviceStatus::Unreachable)
                .count();
            (Some(list.len() - down), Some(down))
        }
        Err(_) => (None, None),
    };
    Ok(StatusCounts {
        devices_up,
        devices_down,
        running_jobs,
    })
}
