//! The Create Service Template wizard (TPL-2), Copy (TPL-3) and the Capabilities Edit (TPL-4)
//! over the real backend: every step's snapshot, the rules shown while choosing (a fixed option
//! with its reason), inline refusals, Go Back keeping what was typed, Cancel asking first.

use crate::support::fixtures::{ev, signed_in};
use crate::support::keys::press;
use crate::support::render::{SIZES, draw_app};
use crate::templates::{listed, select_template, templates_rig};
use lunadeck::app::App;
use lunadeck::app::message::BackendEvent;
use lunadeck::domain::organization::Role;
use lunadeck::domain::template::HsmLine;
use lunadeck::screens::ScreenEvent;
use lunadeck::screens::templates::{Event, open_wizard};

fn snap_all(app: &App, step: &str, theme: &str) {
    for size in SIZES {
        let t = draw_app(app, size);
        insta::assert_snapshot!(
            format!("tpl_2_wizard_{step}_{}x{}_{theme}", size.0, size.1),
            t.backend()
        );
    }
}

#[test]
fn tpl_2_snapshot_every_step_of_the_wizard() {
    for mono in [false, true] {
        let theme = if mono { "mono" } else { "default16" };
        let mut app = signed_in(Role::Admin, mono);
        press(&mut app, ": \"templates\" Enter");
        listed(&mut app);
        press(&mut app, "a \"Silver\" Space \"7.7\" Down \"payments\"");
        snap_all(&app, "general", theme);
        // Set Capabilities on Luna 7.7+: STC fixed off and PPSO fixed on, each with the reason.
        press(&mut app, "Enter");
        snap_all(&app, "capabilities", theme);
        // The line changed to 6.x: SKS fixed off, PPSO and STC free.
        press(&mut app, "Down Down Down Left Left");
        snap_all(&app, "capabilities_luna6", theme);
        press(&mut app, "Enter");
        let w = open_wizard(&app).unwrap();
        assert!(w.on_summary() && w.checked.is_none(), "asks the backend");
        let draft = lunadeck::ops::templates::TemplateDraft {
            name: "Silver 7.7".into(),
            description: "payments".into(),
            capabilities: lunadeck::screens::templates::wizard::blank_draft().capabilities,
        };
        let checked = Event::DraftChecked(w.asked, draft);
        ev(
            &mut app,
            BackendEvent::Screen(ScreenEvent::Templates(checked)),
        );
        snap_all(&app, "summary", theme);
    }
}

#[test]
fn tpl_2_the_hsm_model_fixes_options_while_choosing() {
    let mut app = signed_in(Role::Admin, false);
    press(&mut app, ": \"templates\" Enter");
    listed(&mut app);
    press(&mut app, "a \"Bronze\" Enter");
    let locked = |app: &App, id: &str| {
        let w = open_wizard(app).unwrap();
        let f = w.form.fields().iter().find(|f| f.id == id).unwrap();
        (w.form.checked(id), f.locked.clone())
    };
    // Luna 7.7+ by default: PPSO on and fixed, STC off and fixed, SKS free.
    assert_eq!(locked(&app, "ppso").0, Some(true));
    assert!(
        locked(&app, "ppso")
            .1
            .is_some_and(|r| r.contains("mandatory"))
    );
    assert!(locked(&app, "stc").1.is_some_and(|r| r.contains("7.7.0")));
    assert_eq!(locked(&app, "sks").1, None);
    // SKS ticked, then the line changed to Luna 7 < 7.7: SKS is cleared and fixed.
    press(&mut app, "Down Down Down Down Down Down Space");
    assert_eq!(locked(&app, "sks").0, Some(true));
    press(&mut app, "Up Up Up Left");
    assert_eq!(locked(&app, "sks"), (Some(false), locked(&app, "sks").1));
    assert!(locked(&app, "sks").1.is_some());
    assert_eq!(locked(&app, "stc").1, None, "STC allowed below 7.7.0");
    // A letter never enters the size; too small a size is refused under its field on Next.
    press(&mut app, "Down Ctrl-u \"9x9\" Enter");
    let w = open_wizard(&app).unwrap();
    assert_eq!(w.form.text("size"), Some("99"));
    let size = w.form.fields().iter().find(|f| f.id == "size").unwrap();
    assert!(
        size.error.as_deref().is_some_and(|e| e.contains("minimum")),
        "{:?}",
        size.error
    );
    assert!(!w.on_summary(), "the step stays");
}

#[test]
fn tpl_2_create_over_the_backend_go_back_keeps_what_was_typed() {
    let mut rig = templates_rig();
    let before = rig.app.screens.templates.table.total_len();
    // A name that exists: refused under Name on Next, before anything is sent.
    rig.press("a \"Web\" Space \"TLS\" Enter");
    let w = open_wizard(&rig.app).unwrap();
    assert_eq!(w.step, 0);
    assert!(
        w.form.fields()[0].error.is_some(),
        "{:?}",
        w.form.error_summary()
    );
    rig.press("Ctrl-u \"Silver\" Enter Down Right Enter");
    rig.until("the summary", |a| {
        open_wizard(a).is_some_and(|w| w.checked.is_some())
    });
    let w = open_wizard(&rig.app).unwrap();
    let d = w.checked.as_ref().unwrap();
    assert_eq!(d.name, "Silver");
    assert_eq!(d.capabilities.line, HsmLine::Luna77);
    assert_eq!(
        d.capabilities.performance,
        lunadeck::domain::device::Performance::Enterprise
    );
    // Go Back twice: the name is still there.
    rig.press("PageUp PageUp");
    assert_eq!(
        open_wizard(&rig.app).unwrap().form.text("name"),
        Some("Silver")
    );
    rig.press("PageDown PageDown");
    rig.until("checked again", |a| {
        open_wizard(a).is_some_and(|w| w.checked.is_some())
    });
    rig.press("Enter");
    rig.until("created", |a| {
        a.screens.templates.table.total_len() == before + 1 && open_wizard(a).is_none()
    });
    assert_eq!(
        rig.app.notice.as_deref(),
        Some("Service template 'Silver' created.")
    );
}

#[test]
fn tpl_3_copy_opens_the_wizard_prefilled() {
    let mut rig = templates_rig();
    select_template(&mut rig, "Gold HA");
    rig.press("c");
    rig.until("the copy", |a| open_wizard(a).is_some());
    let w = open_wizard(&rig.app).unwrap();
    assert_eq!(w.form.text("name"), Some("Copy of Gold HA"));
    assert_eq!(w.form.text("description"), Some("Gold HA template"));
    assert_eq!(
        w.form.choice_label("line"),
        Some(HsmLine::Luna7.to_string().as_str())
    );
    assert!(w.title().contains("copy of Gold HA"), "{}", w.title());
    assert!(!w.typed(), "nothing typed yet: Esc closes at once");
    rig.press("Esc");
    assert!(open_wizard(&rig.app).is_none());
}

#[test]
fn tpl_4_the_capabilities_tab_edits_and_saves_over_the_backend() {
    let mut rig = templates_rig();
    let gold = select_template(&mut rig, "Gold HA");
    rig.press("Alt-2 e");
    let w = open_wizard(&rig.app).unwrap();
    assert_eq!(w.steps(), &["Set Capabilities"]);
    rig.press("Down Down Down Down Ctrl-u \"250000\" Enter");
    rig.until("saved", |a| {
        open_wizard(a).is_none()
            && a.screens
                .templates
                .table
                .rows()
                .iter()
                .any(|t| t.id == gold && t.capabilities.partition_size == 250_000)
    });
    assert!(
        rig.app
            .notice
            .as_deref()
            .is_some_and(|n| n.contains("capabilities saved")),
        "{:?}",
        rig.app.notice
    );
}

#[test]
fn tpl_2_cancel_asks_first_once_something_was_typed() {
    let mut app = signed_in(Role::Admin, false);
    press(&mut app, ": \"templates\" Enter");
    listed(&mut app);
    press(&mut app, "a Esc");
    assert!(open_wizard(&app).is_none(), "nothing typed: closed at once");
    press(&mut app, "a \"X\" Esc");
    assert!(open_wizard(&app).is_some_and(|w| w.cancel.asking));
    press(&mut app, "Esc");
    let w = open_wizard(&app).unwrap();
    assert!(!w.cancel.asking);
    assert_eq!(w.form.text("name"), Some("X"), "kept");
    press(&mut app, "Esc Enter");
    assert!(open_wizard(&app).is_none(), "discarded");
}

#[test]
fn tpl_2_an_owner_is_not_offered_the_wizard() {
    let mut app = signed_in(Role::Owner(lunadeck::domain::ids::OrganizationId(1)), false);
    press(&mut app, ": \"templates\" Enter");
    listed(&mut app);
    for k in ["a", "c", "e"] {
        press(&mut app, k);
        assert!(app.panels.dialog.is_none(), "{k}");
        assert_eq!(
            app.notice.as_deref(),
            Some("only an Admin can manage service templates.")
        );
    }
}
