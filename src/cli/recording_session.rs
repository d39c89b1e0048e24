//! `--record DIR` and `--replay DIR` for the console and the CLI (X-2, issue 15): starting a
//! recording, building a replayed console over a throwaway database, and what the run's end says.

use super::args::Args;
use super::error::{CliError, CliResult};
use super::session::{DemoDir, demo_dir};
use crate::domain::permission::Session;
use crate::jobs::EngineConfig;
use crate::luna::replay::{ReplayOptions, ReplayOrder};
use crate::ops::demo::{DEMO_PASSWORD, DEMO_USER};
use crate::ops::recording::Recording;
use crate::ops::replay_fleet::ReplayFleet;
use crate::ops::{Console, FleetAccess, Transport, system_clock};
use crate::store::Store;
use secrecy::SecretString;
use std::path::PathBuf;
use std::sync::Arc;

/// With `--record DIR`, records every session `access` opens from now on.
pub fn start_recording(args: &Args, access: &FleetAccess, demo: bool) -> CliResult<()> {
    let Some(dir) = &args.record else {
        return Ok(());
    };
    let recording = Recording::start(dir, access.transport_name(), demo, (system_clock())())
        .map_err(|e| CliError::failed(format!("cannot record: {e}")))?;
    tracing::info!(dir = %dir.display(), "recording device conversations");
    access.set_recording(recording);
    Ok(())
}

/// How far ahead in a device's recording an asked command may be found (jobs that reached the
/// device in the other order than recorded).
pub const REPLAY_WINDOW: usize = 16;

/// The replay's options from `--replay-speed` (in recorded order, give or take jobs that took
/// turns differently; as recorded by default).
pub fn replay_options(args: &Args) -> ReplayOptions {
    let speed = args.replay_speed.map_or(1.0, |s| s.duration_factor());
    ReplayOptions {
        order: ReplayOrder::Nearby(REPLAY_WINDOW),
        speed,
    }
}

/// A console over the recording in `dir`: a throwaway database with the demo Admin, brought to
/// where the recorded run started (`ops::replay_start::prepare`).
pub(crate) struct Replayed {
    pub(crate) console: Console,
    pub(crate) database: PathBuf,
    pub(crate) dir: DemoDir,
}

pub(crate) fn replayed_console(
    args: &Args,
    engine: EngineConfig,
    runtime: tokio::runtime::Handle,
) -> CliResult<Replayed> {
    let Some(recording) = &args.replay else {
        return Err(CliError::refused("--replay DIR names no recording"));
    };
    let fleet = ReplayFleet::open(recording, replay_options(args))
        .map_err(|e| CliError::refused(format!("cannot replay: {e}")))?;
    let dir = demo_dir()?;
    let database = dir.0.join("lunadeck.sqlite");
    let mut store = Store::open(&database)?.with_witness(dir.0.join("audit-witness"));
    let now = (system_clock())();
    let admin = store.create_first_admin(DEMO_USER, &SecretString::from(DEMO_PASSWORD), now)?;
    let mut console = Console::new(
        store,
        FleetAccess::new(Transport::Replay { fleet }),
        Session {
            user: admin,
            read_only: false,
        },
        runtime,
        engine,
        system_clock(),
    );
    crate::ops::replay_start::prepare(&mut console).map_err(|e| {
        CliError::failed(format!(
            "cannot replay {}: the recorded set-up did not play again: {e}",
            recording.display()
        ))
    })?;
    Ok(Replayed {
        console,
        database,
        dir,
    })
}

/// What the end of a run says about its recording or replay (empty when neither).
pub fn end_of_run(access: &Arc<FleetAccess>) -> Vec<String> {
    let mut lines = Vec::new();
    if let Some(r) = access.recording() {
        let devices = r.manifest().map_or(0, |m| m.devices.len());
        lines.push(match r.failure() {
            None => format!(
                "recorded the conversations with {devices} device(s) in {}",
                r.dir().display()
            ),
            Some(why) => format!(
                "the recording in {} is incomplete: {why}",
                r.dir().display()
            ),
        });
    }
    if let Some(fleet) = access.replay_fleet() {
        let left = fleet.unplayed();
        if left.is_empty() {
            lines.push(format!(
                "the replay of {} was played to its end",
                fleet.dir().display()
            ));
        }
        for u in left {
            lines.push(format!(
                "replay: {} recorded command(s) of {} were not asked (next: '{}')",
                u.count, u.device, u.next
            ));
        }
    }
    lines
}
