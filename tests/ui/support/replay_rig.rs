//! The rig as `--demo --record DIR` and `--replay DIR` run it (X-2, issue 15): the set-up on one
//! console that the signed-in user then takes over, recorded from its first command or replayed.

use super::rig::{Rig, runtime};
use lunadeck::app::{App, AppOptions, ConsoleSource, Keymap};
use lunadeck::domain::permission::Session;
use lunadeck::domain::timestamp::Timestamp;
use lunadeck::luna::replay::ReplayOptions;
use lunadeck::ops::demo::{DEMO_PASSWORD, DEMO_USER, bootstrap};
use lunadeck::ops::recording::Recording;
use lunadeck::ops::replay_fleet::ReplayFleet;
use lunadeck::ops::{Console, FleetAccess, Transport, system_clock};
use lunadeck::sim::model::Fleet;
use lunadeck::sim::session::shared;
use lunadeck::store::Store;
use secrecy::SecretString;
use std::path::Path;
use std::sync::Arc;

impl Rig {
    /// `lunadeck --demo --record rec`: the demo fleet, recorded from the bootstrap on (the
    /// manifest says it started on 2026-12-04, so that a shipped recording stays the same).
    pub fn demo_recorded(rec: &Path) -> Rig {
        let fleet = shared(Fleet::demo().unwrap());
        let access = FleetAccess::new(Transport::Sim {
            fleet: fleet.clone(),
        });
        access.set_recording(
            Recording::start(rec, "simulator", true, Timestamp(1_796_342_400)).unwrap(),
        );
        Rig::taken_over(access, fleet, |c| bootstrap(c).unwrap())
    }

    /// `lunadeck --replay rec --replay-speed max`: the recording as the fleet, its start played
    /// again (`fleet` is the demo, which nothing talks to).
    pub fn replay(rec: &Path) -> (Rig, Arc<ReplayFleet>) {
        let options = ReplayOptions {
            order: lunadeck::luna::replay::ReplayOrder::Nearby(
                lunadeck::cli::recording_session::REPLAY_WINDOW,
            ),
            speed: 0.0,
        };
        let replayed = ReplayFleet::open(rec, options).unwrap();
        let access = FleetAccess::new(Transport::Replay {
            fleet: replayed.clone(),
        });
        let fleet = shared(Fleet::demo().unwrap());
        let rig = Rig::taken_over(access, fleet, |c| {
            lunadeck::ops::replay_start::prepare(c).unwrap()
        });
        (rig, replayed)
    }

    /// As `cli::console_start` does it: `setup` on a console that the user then signs in to.
    fn taken_over(
        access: Arc<FleetAccess>,
        fleet: lunadeck::sim::session::SharedFleet,
        setup: impl FnOnce(&mut Console),
    ) -> Rig {
        let runtime = runtime();
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("lunadeck.sqlite");
        let witness = dir.path().join("audit-witness");
        let mut store = Store::open(&db).unwrap().with_witness(witness.clone());
        let password = SecretString::from(DEMO_PASSWORD);
        let user = store
            .create_first_admin(DEMO_USER, &password, system_clock()())
            .unwrap();
        let mut console = Console::new(
            store,
            access,
            Session {
                user,
                read_only: false,
            },
            runtime.handle().clone(),
            lunadeck::jobs::EngineConfig::default(),
            system_clock(),
        );
        setup(&mut console);
        let source = ConsoleSource::new(
            Box::new(move || Ok(Store::open(&db)?.with_witness(witness))),
            Box::new(move |_store, session, _runtime| {
                console.sign_in(session);
                Ok(console)
            }),
        );
        let mut rig = Rig::serve(source, fleet, runtime, dir);
        rig.app = App::new(Keymap::defaults().unwrap(), AppOptions::default());
        rig.sign_in_as_demo_admin();
        rig
    }
}
