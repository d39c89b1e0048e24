//! The Devices screen (DEV-1..3): the device table (status as symbol + word, sort, filter,
//! selection kept by serial), adding a device, authorizing it (one SO login), removing it.

mod draw;
mod draw_detail;
pub mod key_table;
mod forms;
mod serve;

pub use forms::{AUTH_CHOICES, add_device_form, add_device_request, authorize_form};

pub use key_table::DevicesKey;
use crate::app::message::{BackendEvent, DeviceRow};
use crate::app::panel_dialog::Dialog;
use crate::app::screen::{Answers, Cx, Screen, ScreenInput};
use crate::app::wire_secret::WireSecret;
use crate::app::App;
use crate::domain::ids::HsmSerial;
use crate::kit::{CellValue, Column, ConfirmModal, FormState, Status, TableRow, TableState};
use crate::ops::Console;
use crate::ops::device_detail::DeviceDetail;
use ratatui::Frame;
use ratatui::layout::Rect;
use serde::{Deserialize, Serialize};

/// The Devices screen's state.
#[derive(Debug)]
pub struct Devices {
    pub table: TableState<DeviceRow>,
    /// Whether the list arrived at least once (else "Loading").
    pub loaded: bool,
    /// DEV-1: the selected device in full (Enter opens it, Esc closes it).
    pub detail: Option<crate::app::state::Loaded<Box<DeviceDetail>>>,
}

impl Default for Devices {
    fn default() -> Self {
        Devices {
            table: TableState::new(device_columns()),
            loaded: false,
            detail: None,
        }
    }
}

/// What the Devices screen asks the backend. Secrets travel as `WireSecret` (Debug redacts).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum Request {
    /// DEV-1: the add-device form, already checked inline.
    Add {
        name: String,
        host: String,
        port: String,
        user: String,
        /// Some: log in with this private key file; None: with `ssh_password`.
        key_path: Option<String>,
        ssh_password: Option<WireSecret>,
    },
    /// DEV-2: one `hsm login` with this SO secret (never retried).
    Authorize {
        serial: HsmSerial,
        secret: WireSecret,
    },
    /// DEV-3: re-read these devices (all when empty).
    Refresh {
        serials: Vec<HsmSerial>,
    },
    Remove {
        serial: HsmSerial,
    },
    /// DEV-1: one device in full.
    Detail {
        serial: HsmSerial,
    },
    /// DEV-3: the device's current values, to fill the edit form.
    EditStart {
        serial: HsmSerial,
    },
    /// DEV-3 Save: every field as typed (the domain checks them).
    Edit {
        serial: HsmSerial,
        name: String,
        host: String,
        port: String,
        user: String,
        /// PED appliances: the remote PED server (host, port).
        ped_server: Option<(String, String)>,
    },
}

/// What the backend answers it beyond the frame's device list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Event {
    Detail(Box<DeviceDetail>),
    DetailRefused { message: String },
    /// DEV-3: open the edit form with these values.
    EditForm(Box<DeviceDetail>),
}

/// What its forms are for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Form {
    Add,
    /// DEV-2: the SO secret of this device; one attempt per submit.
    Authorize {
        serial: HsmSerial,
        name: String,
    },
    /// DEV-3: edit this device (`ped`: it has a remote PED server field).
    Edit {
        serial: HsmSerial,
        ped: bool,
    },
}

impl TableRow for DeviceRow {
    type Key = crate::domain::ids::HsmSerial;

    fn key(&self) -> Self::Key {
        self.serial.clone()
    }

    fn cells(&self) -> Vec<CellValue> {
        vec![
            CellValue::status(Status::from(self.status)),
            CellValue::text(self.name.clone()),
            CellValue::text(self.host.clone()),
            CellValue::text(self.model.clone()),
            CellValue::text(self.software.clone()),
            CellValue::text(self.firmware.clone()),
            CellValue::text(
                self.licences
                    .map(|l| l.to_string())
                    .unwrap_or_else(|| "—".into()),
            ),
            CellValue::text(
                self.last_seen
                    .map(|t| t.to_string().chars().take(16).collect::<String>())
                    .unwrap_or_else(|| "never".into()),
            ),
        ]
    }
}

pub fn device_columns() -> Vec<Column> {
    vec![
        Column::new("Status"),
        Column::new("Name"),
        Column::new("Host"),
        Column::new("Model"),
        Column::new("Software"),
        Column::new("Firmware"),
        // `used/allowed`, or `—` when `hsm show` prints no licence counts (5.x).
        Column::new("Licences"),
        Column::new("Last seen"),
    ]
}

impl Devices {
    fn key(&mut self, k: DevicesKey, cx: &mut Cx<'_, Self>) {
        // A form the user could never submit stays closed; the key says why (issue 11.13).
        if let Some(reason) = refusal(k, cx.session) {
            cx.say(format!("{reason}."));
            return;
        }
        let selected = self.table.selected_row().cloned();
        match (k, selected) {
            (DevicesKey::Add, _) => cx.open_form(Form::Add, "Add a device", add_device_form()),
            (DevicesKey::Refresh, _) => cx.ask(Request::Refresh {
                serials: Vec::new(),
            }),
            (DevicesKey::Sort | DevicesKey::SortReverse, _) => {
                self.table.sort_next(k == DevicesKey::SortReverse)
            }
            (DevicesKey::Authorize | DevicesKey::Remove | DevicesKey::Edit, None) => {
                cx.say("No device is selected.")
            }
            (DevicesKey::Edit, Some(d)) => cx.ask(Request::EditStart { serial: d.serial }),
            (DevicesKey::Authorize, Some(d)) => cx.open_form(
                Form::Authorize {
                    serial: d.serial.clone(),
                    name: d.name.clone(),
                },
                format!("Authorize {} (HSM SO login)", d.name),
                authorize_form(),
            ),
            (DevicesKey::Remove, Some(d)) => {
                let modal = ConfirmModal::new(
                    "Remove device",
                    vec![
                        format!("Remove {} (HSM serial {}) from lunadeck?", d.name, d.serial),
                        "Nothing changes on the appliance; add it again to manage it.".into(),
                    ],
                    "Remove it",
                )
                .keeping("Keep it")
                .destructive();
                let then = Cx::<Self>::request(Request::Remove { serial: d.serial });
                cx.open(Dialog::Confirm { modal, then });
            }
        }
    }
}

/// Why the signed-in user may never do what `k` does (an Owner: devices are fleet
/// administration), by the PERM rule of `domain::permission`.
fn refusal(k: DevicesKey, session: Option<&crate::app::message::SessionInfo>) -> Option<String> {
    use crate::domain::operation::Operation;
    let op = match k {
        DevicesKey::Add => Operation::AddDevice,
        DevicesKey::Authorize => Operation::AuthorizeDevice,
        DevicesKey::Edit => Operation::EditDevice,
        DevicesKey::Remove => Operation::RemoveDevice,
        DevicesKey::Refresh => Operation::RefreshDevice,
        DevicesKey::Sort | DevicesKey::SortReverse => Operation::ViewDevices,
    };
    crate::domain::permission::never_for(session?.role, op)
}

/// Why the signed-in user may not see the device list at all (None: they may).
pub fn list_refusal(app: &App) -> Option<String> {
    let role = app.session.as_ref()?.role;
    crate::domain::permission::never_for(role, crate::domain::operation::Operation::ViewDevices)
}

impl Screen for Devices {
    type Keys = DevicesKey;
    const PLACE: crate::app::Place = crate::app::Place::Tab(crate::app::Tab::Devices);
    type Request = Request;
    type Event = Event;
    type Form = Form;
    type Dialog = crate::app::screen::NoDialog;

    fn shown(&mut self, cx: &mut Cx<'_, Self>) {
        // An Owner's tab says the list is for Admins; nothing is asked, nothing refused.
        let role = cx.session.map(|s| s.role);
        let view = crate::domain::operation::Operation::ViewDevices;
        if role.is_some_and(|r| crate::domain::permission::never_for(r, view).is_none()) {
            cx.send(crate::app::message::BackendRequest::ListDevices);
        }
    }

    fn input(&mut self, input: ScreenInput, cx: &mut Cx<'_, Self>) -> bool {
        match input {
            ScreenInput::Open => {
                let Some(row) = self.table.selected_row() else {
                    return false;
                };
                let serial = row.serial.clone();
                self.detail = Some(crate::app::state::Loaded::Loading);
                cx.ask(Request::Detail { serial });
            }
            ScreenInput::Back if self.detail.is_some() => self.detail = None,
            ScreenInput::Move(m) => {
                self.detail = None;
                self.table.apply_motion(m)
            }
            ScreenInput::Key(k) => match k.get::<DevicesKey>() {
                Some(k) => self.key(k, cx),
                None => return false,
            },
            _ => return false,
        }
        true
    }

    fn event(&mut self, event: Event, cx: &mut Cx<'_, Self>) {
        use crate::app::state::Loaded;
        if let Event::EditForm(d) = event {
            // A late answer never takes the place of a dialog opened meanwhile.
            if cx.dialogs.dialog.is_some() {
                return;
            }
            let form = Form::Edit {
                serial: d.serial.clone(),
                ped: d.auth == crate::domain::device::AuthMethod::Ped,
            };
            let title = format!("Edit device {}", d.name);
            return cx.open_form(form, title, forms::edit_device_form(&d));
        }
        // Only while the view is open: a late answer after Esc opens nothing.
        if self.detail.is_none() {
            return;
        }
        self.detail = Some(match event {
            Event::Detail(d) => Loaded::Ready(d),
            Event::DetailRefused { message } => Loaded::Failed(message),
            Event::EditForm(_) => return,
        });
    }

    fn submit(&mut self, form: &Form, state: &mut FormState, cx: &mut Cx<'_, Self>) -> bool {
        let request = match form {
            Form::Add => {
                let names: Vec<&str> = self.table.rows().iter().map(|d| d.name.as_str()).collect();
                add_device_request(state, &names)
            }
            Form::Edit { serial, ped } => forms::edit_device_request(state, serial, *ped),
            Form::Authorize { serial, .. } => {
                let secret = state.take_secret("so").unwrap_or_default();
                if secrecy::ExposeSecret::expose_secret(&secret).is_empty() {
                    state.set_error("so", "type the HSM SO password");
                    None
                } else {
                    Some(Request::Authorize {
                        serial: serial.clone(),
                        secret: WireSecret::from(secret),
                    })
                }
            }
        };
        let sent = request.is_some();
        if let Some(r) = request {
            cx.ask(r);
        }
        sent
    }

    fn frame(&mut self, event: &BackendEvent, _cx: &mut Cx<'_, Self>) {
        if let BackendEvent::Devices(rows) = event {
            self.table.replace_rows(rows.clone());
            self.loaded = true;
        }
    }

    fn lists(&self) -> bool {
        true
    }

    fn filter(&mut self, text: &str) {
        self.table.set_filter(text);
    }

    fn serve(console: &mut Console, request: Request, out: &mut Answers<'_>) {
        serve::serve(console, request, out);
    }

    fn draw(&self, app: &App, frame: &mut Frame, area: Rect) {
        draw::draw(self, app, frame, area);
    }
}
