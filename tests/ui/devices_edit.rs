//! Devices → Edit (DEV-3, DEV-2) over the demo backend: the form filled with the device's
//! values, a taken name refused under its field with what was typed kept, a PED appliance's
//! remote PED server saved with the rest in one change; password appliances have no PED field.

use crate::support::rig::Rig;
use lunadeck::app::App;
use lunadeck::app::panel_dialog::Dialog;

fn form_open(a: &App) -> bool {
    matches!(a.panels.dialog.as_ref(), Some(Dialog::Form(f)) if !f.waiting)
}

fn devices_rig() -> Rig {
    let mut rig = Rig::demo(|_| {});
    rig.press("1");
    rig.until("the devices", |a| a.screens.devices.table.total_len() > 0);
    rig
}

#[test]
fn dev_3_edit_a_ped_device_name_and_remote_ped_server() {
    let mut rig = devices_rig();
    rig.press("/ \"par-hsm-01\" Enter e");
    rig.until("the edit form", form_open);
    let Some(Dialog::Form(f)) = rig.app.panels.dialog.as_ref() else {
        unreachable!()
    };
    assert_eq!(f.form.text("name"), Some("par-hsm-01"));
    assert!(
        f.form.text("ped_host").is_some(),
        "a PED appliance has the PED server"
    );
    // A name another device has: refused under Name, what was typed kept.
    rig.press("Ctrl-u \"lon-hsm-01\" Enter");
    rig.until("refused", |a| {
        matches!(a.panels.dialog.as_ref(), Some(Dialog::Form(f)) if !f.waiting && f.form.has_errors())
    });
    let Some(Dialog::Form(f)) = rig.app.panels.dialog.as_ref() else {
        unreachable!()
    };
    assert_eq!(f.form.text("name"), Some("lon-hsm-01"));
    assert!(
        f.form.fields()[0].error.is_some(),
        "{:?}",
        f.form.error_summary()
    );
    rig.press("Ctrl-u \"par-hsm-01b\" Down Down Down Down Ctrl-u \"ped.example.net\" Enter");
    rig.until("saved", |a| {
        a.panels.dialog.is_none()
            && a.screens
                .devices
                .table
                .rows()
                .iter()
                .any(|d| d.name == "par-hsm-01b")
    });
    assert!(
        rig.app
            .notice
            .as_deref()
            .is_some_and(|n| n.contains("same HSM serial")),
        "{:?}",
        rig.app.notice
    );
    // Opened again: the PED server is the one saved.
    rig.press("Esc / \"par-hsm-01b\" Enter e");
    rig.until("the edit form", form_open);
    let Some(Dialog::Form(f)) = rig.app.panels.dialog.as_ref() else {
        unreachable!()
    };
    assert_eq!(f.form.text("ped_host"), Some("ped.example.net"));
    // Emptied: the recorded PED server is removed.
    rig.press("Down Down Down Down Ctrl-u Enter");
    rig.until("saved", |a| a.panels.dialog.is_none());
    rig.press("e");
    rig.until("the edit form", form_open);
    let Some(Dialog::Form(f)) = rig.app.panels.dialog.as_ref() else {
        unreachable!()
    };
    assert_eq!(f.form.text("ped_host"), Some(""), "{:?}", rig.app.notice);
}

#[test]
fn dev_3_a_password_device_has_no_ped_server_field() {
    let mut rig = devices_rig();
    rig.press("/ \"lon-hsm-01\" Enter e");
    rig.until("the edit form", form_open);
    let Some(Dialog::Form(f)) = rig.app.panels.dialog.as_ref() else {
        unreachable!()
    };
    assert_eq!(f.form.text("host"), Some("lon-hsm-01.hsm.example.net"));
    assert!(f.form.text("ped_host").is_none());
}
