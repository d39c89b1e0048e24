//! The Devices screen (DEV-1..3): the device table (status as symbol + word, sort, filter,
//! selection and marks kept by serial), adding, authorizing (one SO login), removing a device,
//! and the marked devices' authorize with one SO password, refresh and discovery (issue 16).

mod draw;
mod draw_detail;
mod draw_fleet;
pub mod fleet;
mod forms;
pub mod key_table;
mod keys;
mod serve;

pub use forms::{AUTH_CHOICES, add_device_form, add_device_request, authorize_form};

use crate::app::App;
use crate::app::message::{BackendEvent, DeviceRow};
use crate::app::screen::{Answers, Cx, Screen, ScreenInput};
use crate::app::wire_secret::WireSecret;
use crate::domain::ids::{HsmSerial, JobId};
use crate::kit::{CellValue, Column, FormState, Status, TableRow, TableState};
use crate::ops::Console;
use crate::ops::device_batch::{AuthorizeChoices, LeftOut};
use crate::ops::device_detail::DeviceDetail;
pub use key_table::DevicesKey;
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
            table: TableState::new(device_columns()).with_marks(),
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
    /// Issue 16: which of the marked devices take an HSM SO password (the dialog names them).
    AuthorizeChoices {
        serials: Vec<HsmSerial>,
    },
    /// Issue 16: one job per device, each one `hsm login` with the same SO secret (never
    /// retried).
    AuthorizeMany {
        serials: Vec<HsmSerial>,
        secret: WireSecret,
    },
    /// DEV-3: re-read these devices (all when empty).
    Refresh {
        serials: Vec<HsmSerial>,
    },
    /// IMP-1 on these devices only (the marked ones, or the selected one).
    Discover {
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
    DetailRefused {
        message: String,
    },
    /// DEV-3: open the edit form with these values.
    EditForm(Box<DeviceDetail>),
    /// Issue 16: the marked devices sorted for one authorize.
    AuthorizeChoices(AuthorizeChoices),
    /// Issue 16: the jobs submitted (serial, name, job) and the devices refused before any login.
    AuthorizeStarted {
        started: Vec<(HsmSerial, String, JobId)>,
        refused: Vec<LeftOut>,
    },
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
    type Dialog = fleet::FleetAuthorize;

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
        let event = match event {
            Event::AuthorizeChoices(choices) => return fleet::open(choices, cx),
            Event::AuthorizeStarted { started, refused } => {
                return fleet::started(started, refused, cx);
            }
            other => other,
        };
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
            Event::EditForm(_) | Event::AuthorizeChoices(_) | Event::AuthorizeStarted { .. } => {
                return;
            }
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

    fn frame(&mut self, event: &BackendEvent, cx: &mut Cx<'_, Self>) {
        match event {
            BackendEvent::Devices(rows) => {
                self.table.replace_rows(rows.clone());
                self.loaded = true;
            }
            BackendEvent::JobDone { job, state, .. } => fleet::job_done(*job, state, cx),
            _ => {}
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

    fn dialog_key(
        &mut self,
        dialog: &mut fleet::FleetAuthorize,
        key: crate::kit::DialogInput,
        cx: &mut Cx<'_, Self>,
    ) -> bool {
        fleet::key(dialog, key, cx)
    }

    fn draw_dialog(&self, dialog: &fleet::FleetAuthorize, app: &App, frame: &mut Frame) {
        draw_fleet::draw(dialog, app, frame);
    }
}
