//! PED Migrate Service (MIG-2/4) over the demo backend: a 6.x PPSO PED service (ams-hsm-06,
//! added to the demo fleet) migrated to par-hsm-02 (7.x PED, LunaCM route) through every wizard
//! step — the remote PED server and the source's challenge on Initialize Roles — then checked
//! on the simulator (created, activated, cloned) and in the Services list.

use crate::support::rig::Rig;
use lunadeck::screens::migrate::{Phase, Step, open_wizard};
use lunadeck::sim::model::{Auth, Role as SimRole, Slot};

const SOURCE: &str = "ped_keys";
const SOURCE_SERIAL: &str = "610006001";
const CHALLENGE: &str = "ped-keys-challenge";

/// The demo fleet with a 6.x PPSO PED appliance holding one activated partition (its client
/// host slot declared) and an empty second Paris PED appliance (7.0.3).
fn with_ped_appliances(fleet: &mut lunadeck::sim::model::Fleet) {
    let paris = fleet
        .appliances
        .iter()
        .find(|a| a.name == "par-hsm-01")
        .unwrap()
        .clone();
    let mut tokens = paris
        .partitions
        .iter()
        .find(|p| p.name == "ped_tokens")
        .unwrap()
        .clone();
    let mut source = fleet
        .appliances
        .iter()
        .find(|a| a.name == "fra-hsm-01")
        .unwrap()
        .clone();
    source.name = "ams-hsm-06".into();
    source.hostname = "ams-hsm-06.hsm.example.net".into();
    source.hsm_label = "ams-hsm-06".into();
    source.hsm_serial = "610006".into();
    source.auth = Auth::Ped;
    source.ppso = true;
    source.clients.clear();
    tokens.name = SOURCE.into();
    tokens.label = SOURCE.into();
    tokens.serial = SOURCE_SERIAL.into();
    tokens.ppso = true;
    source.partitions = vec![tokens];
    fleet.appliances.push(source);
    crate::support::demo_services::with_par_hsm_02(fleet);
    let next = fleet
        .client_host
        .slots
        .iter()
        .map(|s| s.id)
        .max()
        .unwrap_or(0)
        + 1;
    fleet.client_host.slots.push(Slot {
        id: next,
        serial: SOURCE_SERIAL.into(),
    });
}

fn step_is(rig: &Rig, step: Step) -> bool {
    open_wizard(&rig.app).is_some_and(|w| w.current() == step && !w.waiting)
}

fn refusal(rig: &Rig) -> Option<String> {
    open_wizard(&rig.app).and_then(|w| w.refusal.clone())
}

#[test]
fn mig_2_a_6x_ppso_ped_service_migrated_to_a_7x_ped_target_through_every_step() {
    let mut rig = Rig::demo_fleet(
        lunadeck::app::Keymap::defaults().unwrap(),
        with_ped_appliances,
        |_| {},
    );
    rig.press(": \"migrate\" Enter");
    rig.until("the migrations", |a| a.screens.migrate.loaded);
    rig.press("a");
    rig.until("the sources", |a| open_wizard(a).is_some_and(|w| w.loaded));
    rig.press(&format!("\"{SOURCE}\" Enter"));
    assert!(step_is(&rig, Step::NewService), "{:?}", refusal(&rig));
    let models =
        open_wizard(&rig.app).and_then(|w| w.general.fields().first().map(|f| f.label.clone()));
    assert_eq!(models.as_deref(), Some("HSM model"));
    // The 6.x PPSO PED model: the 7.x target is refused for it; back, 7.x PED: it fits.
    rig.press("Left Down \"keys-7x\" Enter");
    let unfit = |rig: &mut Rig| {
        rig.until("the targets", |a| {
            open_wizard(a).is_some_and(|w| w.current() == Step::Devices && !w.waiting)
        });
        let w = open_wizard(&rig.app).unwrap();
        let row = w
            .lists
            .available
            .table
            .rows()
            .iter()
            .find(|d| d.name == "par-hsm-02");
        row.map(|d| d.unfit.clone())
    };
    let refused = unfit(&mut rig).flatten().unwrap_or_default();
    assert!(refused.contains("not the 6.x PPSO PED chosen"), "{refused}");
    rig.press("PageUp Up Right Enter");
    assert_eq!(unfit(&mut rig), Some(None), "7.x PED: par-hsm-02 fits");
    rig.press("\"par-hsm-02\" Enter PageDown");
    assert!(step_is(&rig, Step::Partition), "{:?}", refusal(&rig));
    // PED devices: no cloning domain on Define Partition (the red key is the domain).
    let fields: Vec<&str> = open_wizard(&rig.app)
        .unwrap()
        .partition
        .fields()
        .iter()
        .map(|f| f.id)
        .collect();
    assert_eq!(fields, ["label"]);
    rig.press("\"keys7\" Enter");
    assert!(step_is(&rig, Step::Roles), "{:?}", refusal(&rig));
    rig.press(&format!(
        "\"ped.example.net\" Down Down \"{CHALLENGE}\" Down \"{CHALLENGE}\" Enter"
    ));
    rig.until("the summary", |a| {
        open_wizard(a).is_some_and(|w| w.summary.is_some() || w.refusal.is_some())
    });
    let w = open_wizard(&rig.app).unwrap();
    assert_eq!(w.refusal, None);
    let summary = w.summary.as_ref().unwrap();
    assert!(
        summary
            .warnings
            .iter()
            .any(|x| x.contains("ped.example.net:1503")),
        "{:?}",
        summary.warnings
    );
    rig.press("Enter");
    rig.until("the result", |a| {
        open_wizard(a).is_some_and(|w| matches!(w.phase, Phase::Done { .. }))
    });
    let w = open_wizard(&rig.app).unwrap();
    assert!(
        matches!(&w.phase, Phase::Done { ok: true, .. }),
        "{:?}",
        w.phase
    );
    {
        let fleet = rig.fleet.lock().unwrap();
        let a = fleet.appliance("par-hsm-02").unwrap();
        let p = a.partitions.iter().find(|p| p.name == "keys7").unwrap();
        assert_eq!(p.label, "keys7");
        assert_eq!(p.co, SimRole::Activated);
        let objects: Vec<&str> = p.objects.iter().map(|o| o.label.as_str()).collect();
        assert_eq!(objects, ["token-signing"]);
    }
    rig.press("Enter 2 Enter");
    rig.until("the new service", |a| {
        a.screens
            .services
            .table
            .rows()
            .iter()
            .any(|r| r.name == "keys-7x")
    });
    let text = rig.screen();
    assert!(!text.contains(CHALLENGE));
}
