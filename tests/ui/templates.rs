//! Crypto Services → Service Templates (TPL-1, TPL-5) over the real backend: the list with the
//! selected template's General and Capabilities, details in full, delete after a confirmation;
//! snapshots at 80x24 and 120x40 in both themes.

use crate::support::fixtures::signed_in;
use crate::support::keys::press;
use crate::support::render::{SIZES, draw_app};
use crate::support::rig::Rig;
use lunadeck::app::App;
use lunadeck::app::message::BackendEvent;
use lunadeck::domain::device::{AuthMethod, Performance};
use lunadeck::domain::ids::TemplateId;
use lunadeck::domain::organization::Role;
use lunadeck::domain::template::{Capabilities, HsmLine, ServiceType, Template};
use lunadeck::ops::templates::TemplateDraft;
use lunadeck::screens::{ScreenEvent, templates};

fn caps(service_type: ServiceType, auth: AuthMethod, line: HsmLine, sks: bool) -> Capabilities {
    Capabilities {
        service_type,
        performance: Performance::Standard,
        auth,
        line,
        partition_size: 100_000,
        ppso: line != HsmLine::Luna6,
        sks,
        stc: false,
    }
}

pub(crate) fn listed(app: &mut App) {
    let t = |id, name: &str, description: &str, c| Template {
        id: TemplateId(id),
        name: name.into(),
        description: description.into(),
        capabilities: c,
    };
    let list = vec![
        t(
            1,
            "Gold HA SKS 7.7+ payments-eu",
            "HA pair for card payments, scalable key storage",
            caps(
                ServiceType::HaGroup,
                AuthMethod::Password,
                HsmLine::Luna77,
                true,
            ),
        ),
        t(
            2,
            "Web TLS",
            "web TLS keys",
            caps(
                ServiceType::Partition,
                AuthMethod::Ped,
                HsmLine::Luna6,
                false,
            ),
        ),
    ];
    let e = BackendEvent::Screen(ScreenEvent::Templates(templates::Event::Listed(list)));
    crate::support::fixtures::ev(app, e);
}

#[test]
fn tpl_1_snapshot_templates_with_the_selected_ones_capabilities() {
    for mono in [false, true] {
        let theme = if mono { "mono" } else { "default16" };
        let mut app = signed_in(Role::Admin, mono);
        press(&mut app, ": \"templates\" Enter");
        listed(&mut app);
        press(&mut app, "Alt-2");
        for size in SIZES {
            let t = draw_app(&app, size);
            let text = format!("{}", t.backend());
            assert!(text.contains("Gold HA SKS 7.7+ payments-eu"), "{text}");
            assert!(
                text.contains("Scalable") || text.contains("SKS yes"),
                "{text}"
            );
            insta::assert_snapshot!(
                format!("tpl_1_templates_{}x{}_{theme}", size.0, size.1),
                t.backend()
            );
        }
    }
}

#[test]
fn tpl_5_an_owner_may_not_delete_and_is_told_why() {
    let mut app = signed_in(Role::Owner(lunadeck::domain::ids::OrganizationId(1)), false);
    press(&mut app, ": \"templates\" Enter");
    listed(&mut app);
    press(&mut app, "X");
    assert!(app.panels.dialog.is_none());
    assert_eq!(
        app.notice.as_deref(),
        Some("only an Admin can manage service templates.")
    );
}

/// The demo with two templates, Gold HA and Web TLS, on the Service Templates screen.
pub(crate) fn templates_rig() -> Rig {
    let mut rig = Rig::demo(|c| {
        for name in ["Gold HA", "Web TLS"] {
            let draft = TemplateDraft {
                name: name.into(),
                description: format!("{name} template"),
                capabilities: caps(
                    ServiceType::Partition,
                    AuthMethod::Password,
                    HsmLine::Luna7,
                    false,
                ),
            };
            c.create_template(&draft).unwrap();
        }
    });
    rig.press(": \"templates\" Enter");
    rig.until("the templates", |a| a.screens.templates.loaded);
    rig
}

#[test]
fn tpl_1_tpl_5_list_details_and_delete_over_the_backend() {
    let mut rig = templates_rig();
    let before = rig.app.screens.templates.table.total_len();
    let names: Vec<String> = rig
        .app
        .screens
        .templates
        .table
        .rows()
        .iter()
        .map(|t| t.name.clone())
        .collect();
    assert!(
        names.iter().any(|n| n == "Gold HA") && names.iter().any(|n| n == "Web TLS"),
        "{names:?}"
    );
    let screen = rig.screen();
    assert!(
        screen.contains("General") && screen.contains("Capabilities"),
        "{screen}"
    );
    // Enter: the selected one in full.
    rig.press("Enter");
    assert!(matches!(
        &rig.app.panels.dialog,
        Some(lunadeck::app::panel_dialog::Dialog::Message(m)) if m.text.iter().any(|l| l.starts_with("Name: "))
    ));
    rig.press("Esc");
    // Delete asks first (default: keep it), then deletes.
    rig.press("X");
    rig.until("the confirmation", |a| a.panels.dialog.is_some());
    rig.press("Enter");
    assert_eq!(rig.app.screens.templates.table.total_len(), before, "kept");
    rig.press("X");
    rig.until("the confirmation", |a| a.panels.dialog.is_some());
    rig.press("Tab Enter");
    rig.until("one fewer", |a| {
        a.screens.templates.table.total_len() + 1 == before
    });
    assert!(
        rig.app
            .notice
            .as_deref()
            .is_some_and(|n| n.starts_with("Template deleted")),
        "{:?}",
        rig.app.notice
    );
}

#[test]
fn tpl_4_edit_the_general_tab_inline_errors_then_save_over_the_backend() {
    use lunadeck::app::panel_dialog::Dialog;
    let mut rig = templates_rig();
    select_template(&mut rig, "Gold HA");
    // Another template's name: refused under the Name field, the form stays with what was typed.
    rig.press("e Ctrl-u \"Web\" Space \"TLS\" Enter");
    rig.until(
        "refused",
        |a| matches!(&a.panels.dialog, Some(Dialog::Form(f)) if !f.waiting && f.form.has_errors()),
    );
    let Some(Dialog::Form(f)) = &rig.app.panels.dialog else {
        unreachable!()
    };
    assert_eq!(f.form.text("name"), Some("Web TLS"));
    assert!(
        f.form.fields()[0].error.is_some(),
        "{:?}",
        f.form.error_summary()
    );
    // A good one: saved, the form closes, the list shows it.
    rig.press("Ctrl-u \"Gold\" Space \"HA\" Space \"eu-west\" Enter");
    rig.until("saved", |a| {
        a.screens
            .templates
            .table
            .rows()
            .iter()
            .any(|t| t.name == "Gold HA eu-west")
    });
    assert!(rig.app.panels.dialog.is_none());
}

/// Selects the template `name` in the list; its id.
pub(crate) fn select_template(rig: &mut Rig, name: &str) -> TemplateId {
    let id = rig
        .app
        .screens
        .templates
        .table
        .rows()
        .iter()
        .find(|t| t.name == name)
        .map(|t| t.id)
        .unwrap();
    assert!(rig.app.screens.templates.table.select_key(&id));
    id
}
