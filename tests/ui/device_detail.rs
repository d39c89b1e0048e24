//! DEV-1's detail view (issue 11.5): Enter on a device shows every fact the console knows of
//! it — over the real backend on the simulated small fleet, and as snapshots with long values.

use crate::support::fixtures::*;
use crate::support::keys::press;
use crate::support::render::{SIZES, draw_app};
use crate::support::rig::Rig;
use lunadeck::app::message::{BackendEvent, DeviceRow};
use lunadeck::app::state::Loaded;
use lunadeck::domain::device::{AuthMethod, DeviceStatus, Licences, Storage};
use lunadeck::domain::ids::HsmSerial;
use lunadeck::domain::organization::Role;
use lunadeck::domain::timestamp::Timestamp;
use lunadeck::ops::device_detail::DeviceDetail;
use lunadeck::screens::{ScreenEvent, devices};

#[test]
fn dev_1_enter_shows_the_device_in_full_over_the_backend() {
    let mut r = Rig::small_fleet();
    let key = r.key_file();
    r.press(&format!(
        "a \"alpha\" Tab \"alpha.test\" Tab Tab Tab Tab \"{key}\" Enter"
    ));
    r.until("alpha added", |a| a.screens.devices.table.total_len() == 1);
    r.press("Enter");
    r.until("the detail", |a| {
        matches!(a.screens.devices.detail, Some(Loaded::Ready(_)))
    });
    let Some(Loaded::Ready(d)) = &r.app.screens.devices.detail else {
        unreachable!()
    };
    assert_eq!(d.name, "alpha");
    assert_eq!(d.host, "alpha.test");
    assert!(!d.model.is_empty() && !d.software.is_empty());
    assert!(!d.authorized);
    assert!(d.host_key.is_err(), "the simulated fleet pins no key");
    let screen = r.screen();
    assert!(screen.contains("Device alpha"), "{screen}");
    assert!(
        screen.contains("not authorized in this session"),
        "{screen}"
    );
    r.press("Esc");
    assert!(r.app.screens.devices.detail.is_none(), "Esc closes it");
}

fn long_detail() -> DeviceDetail {
    DeviceDetail {
        name: "lon-hsm-02-ops-primary-rack7".into(),
        serial: HsmSerial::new("1590001234567"),
        host: "lon-hsm-02-ops-primary.hsm.example.net".into(),
        port: 22,
        ssh_user: "admin".into(),
        model: "Luna K7 Cryptographic Module A790".into(),
        software: "7.8.4".into(),
        firmware: "7.8.2".into(),
        hsm_label: "LON-OPS-PRIMARY".into(),
        auth: AuthMethod::Password,
        ped_server: None,
        licences: Some(Licences {
            allowed: 100,
            used: 12,
        }),
        storage: Storage {
            total: 33_554_432,
            used: 1_048_576,
            free: 32_505_856,
        },
        status: DeviceStatus::Up,
        authorized: true,
        host_key: Ok(vec![
            "ssh-ed25519 SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU".into(),
        ]),
        last_seen: Some(Timestamp(1_800_000_000)),
        last_error: Some(
            "job 15 (device.refresh): lon-hsm-02-ops-primary-rack7: no appliance answers at \
             lon-hsm-02-ops-primary.hsm.example.net:22 within 10 s (connect timed out)"
                .into(),
        ),
    }
}

#[test]
fn dev_1_snapshot_device_detail_with_long_values() {
    let mut app = signed_in(Role::Admin, false);
    let d = long_detail();
    ev(
        &mut app,
        BackendEvent::Devices(vec![DeviceRow {
            serial: d.serial.clone(),
            name: d.name.clone(),
            host: format!("{}:22", d.host),
            model: d.model.clone(),
            software: d.software.clone(),
            firmware: d.firmware.clone(),
            licences: d.licences,
            status: d.status,
            last_seen: d.last_seen,
        }]),
    );
    press(&mut app, "1 Enter");
    assert!(matches!(app.screens.devices.detail, Some(Loaded::Loading)));
    ev(
        &mut app,
        BackendEvent::Screen(ScreenEvent::Devices(devices::Event::Detail(Box::new(d)))),
    );
    for size in SIZES {
        let t = draw_app(&app, size);
        insta::assert_snapshot!(
            format!("dev_1_device_detail_{}x{}", size.0, size.1),
            t.backend()
        );
    }
}

#[test]
fn dev_3_snapshot_the_edit_form_of_a_ped_appliance() {
    for (mono, theme) in [(false, "default16"), (true, "mono")] {
        let mut app = signed_in(Role::Admin, mono);
        press(&mut app, "1");
        let mut d = long_detail();
        d.auth = AuthMethod::Ped;
        d.ped_server = Some(lunadeck::domain::device::PedServer {
            host: "ped-ws-07.ops.example.net".into(),
            port: 1503,
        });
        ev(
            &mut app,
            BackendEvent::Screen(ScreenEvent::Devices(devices::Event::EditForm(Box::new(d)))),
        );
        assert!(app.panels.dialog.is_some(), "the edit form opens");
        for size in SIZES {
            let t = draw_app(&app, size);
            insta::assert_snapshot!(
                format!("dev_3_edit_device_{}x{}_{theme}", size.0, size.1),
                t.backend()
            );
        }
    }
}
