//! The Services screen (MNG-1..6, INIT-1..3, DEL-1/2): the services list, an open service's
//! tabs, and its dialogs (detach, typed delete, crypto-officer login, edit, initialize).

pub mod add_partitions;
mod answers;
pub mod create;
pub mod device_lists;
mod dialogs;
mod draw;
mod draw_detail;
mod draw_dialogs;
pub(crate) mod draw_init;
mod draw_keys;
pub mod init_dialog;
mod init_flow;
pub mod init_new;
pub mod key_table;
mod keys;
mod resize;
mod roles;
mod serve;
pub mod state;

pub use state::{
    AttrTab, CoLoginDialog, DetailState, Dialog, EditDialog, KeysView, Services, columns,
    initialization_text, service_status,
};

use crate::app::App;
use crate::app::key_action::Context;
use crate::app::key_table::{KeyTable, TableInfo};
use crate::app::message::BackendEvent;
use crate::app::screen::{Answers, Cx, Screen, ScreenInput};
use crate::domain::DomainError;
use crate::domain::client::KeyObject;
use crate::domain::ids::{JobId, OrganizationId, ServiceId};
use crate::domain::organization::Organization;
use crate::ops::Console;
use crate::ops::clients::ClientRow;
use crate::ops::keys::KeysLogin;
use crate::ops::services_view::{ServiceDetail, ServiceRow};
pub use key_table::{ServiceKey, ServicesKey};
use ratatui::Frame;
use ratatui::layout::Rect;
use serde::{Deserialize, Serialize};

/// What the Services screen asks the backend.
#[derive(Debug, Serialize, Deserialize)]
pub enum Request {
    List,
    Detail(ServiceId),
    /// The clients as last read (MNG-6).
    Clients(ServiceId),
    /// Read the clients from the member devices (a job).
    ReadClients(ServiceId),
    /// Crypto-officer login, then the objects are listed (a job, MNG-5).
    KeysLogin {
        id: ServiceId,
        login: KeysLogin,
    },
    /// The objects listed by the last job (needs a live session).
    Keys(ServiceId),
    LogOff(ServiceId),
    /// General-tab edits (MNG-2); `organization` and `ha_label` only when they changed.
    Edit {
        id: ServiceId,
        name: String,
        description: String,
        organization: Option<OrganizationId>,
        ha_label: Option<String>,
    },
    Detach(ServiceId),
    /// INIT-1..3: initialize with the validated credentials (a job).
    Initialize {
        id: ServiceId,
        creds: crate::domain::initialization::InitCredentials,
    },
    Delete {
        id: ServiceId,
        typed: String,
    },
    /// The Create Service wizard's questions (SVC-1, SVC-2).
    Create(create::flow::Ask),
    /// SIZE-1/2: resize every partition to `size` (as typed; the domain parses it).
    Resize {
        id: ServiceId,
        size: String,
    },
    /// HA-1: the devices that may receive a new partition of the service.
    AddChoices(ServiceId),
    /// HA-1: a new partition on each of `devices` (a job).
    AddPartitions {
        id: ServiceId,
        devices: Vec<crate::domain::ids::HsmSerial>,
    },
    /// HA-2: initialize the new partitions with the service's domain and credentials, or its
    /// PED keys and challenges (a job).
    InitNew {
        id: ServiceId,
        form: init_new::NewCredentials,
    },
    /// INIT-5: activate the crypto officer (and the crypto user) with their PED challenges.
    Activate {
        id: ServiceId,
        co: crate::app::wire_secret::WireSecret,
        cu: Option<crate::app::wire_secret::WireSecret>,
    },
    /// INIT-6: initialize the crypto user of every partition.
    InitCu {
        id: ServiceId,
        co: crate::app::wire_secret::WireSecret,
        cu: crate::domain::initialization::ConfirmedSecret,
    },
    /// HA-3: remove one partition of an HA service (its name typed).
    RemovePartition {
        id: ServiceId,
        partition: crate::domain::ids::PartitionSerial,
        typed: String,
    },
}

/// Which of the screen's jobs a job id is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum JobKind {
    Keys(ServiceId),
    Clients(ServiceId),
    Delete(ServiceId),
    Initialize(ServiceId),
    /// SVC-1: the create job of the open wizard.
    Create,
    /// SIZE-1/2.
    Resize(ServiceId),
    /// HA-3.
    RemovePartition(ServiceId),
    /// HA-1.
    AddPartitions(ServiceId),
    /// HA-2.
    InitNew(ServiceId),
    /// INIT-5, INIT-6.
    Roles(ServiceId),
}

/// What the backend answers it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Event {
    List(Vec<ServiceRow>),
    Detail {
        detail: Box<ServiceDetail>,
        /// Organizations the user may move the service to (empty for an Owner).
        organizations: Vec<Organization>,
    },
    Clients(ServiceId, Vec<ClientRow>),
    Keys(ServiceId, Vec<KeyObject>),
    JobStarted {
        kind: JobKind,
        job: JobId,
    },
    /// A request of a dialog was refused; the dialog shows it (inline when it names a field).
    Refused(DomainError),
    /// The keys request failed (no session, idle for 3 hours …).
    KeysFailed(ServiceId, String),
    Edited(ServiceId),
    Detached(String),
    LoggedOff(ServiceId),
    /// INIT-3: the PED's generated challenge, to be shown once.
    Challenge(ServiceId, OnceSecret),
    /// An answer to the Create Service wizard.
    Create(create::flow::Answer),
    /// HA-2: the job started; what the seed's table does with the crypto user.
    InitNewStarted {
        id: ServiceId,
        job: JobId,
        crypto_user: String,
    },
    /// HA-1: the devices for Add Partitions.
    AddChoices(ServiceId, Vec<crate::ops::create_choices::DeviceChoice>),
}

/// A secret carried once from the backend to a screen (never in Debug).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct OnceSecret(#[serde(with = "crate::domain::secret_serde")] pub secrecy::SecretString);

impl PartialEq for OnceSecret {
    fn eq(&self, other: &Self) -> bool {
        use secrecy::ExposeSecret;
        self.0.expose_secret() == other.0.expose_secret()
    }
}

impl Screen for Services {
    type Keys = ServicesKey;
    const PLACE: crate::app::Place = crate::app::Place::Nav(crate::app::NavItem::Services);
    type Request = Request;
    type Event = Event;
    type Form = crate::app::screen::NoForm;
    type Dialog = Dialog;

    fn tables() -> Vec<TableInfo> {
        vec![
            TableInfo::of::<ServicesKey>(),
            TableInfo::of::<ServiceKey>(),
        ]
    }

    fn context(&self) -> Context {
        if self.detail.is_some() {
            ServiceKey::context()
        } else {
            ServicesKey::context()
        }
    }

    fn shown(&mut self, cx: &mut Cx<'_, Self>) {
        cx.ask(Request::List);
    }

    fn input(&mut self, input: ScreenInput, cx: &mut Cx<'_, Self>) -> bool {
        if self.detail.is_some() {
            return keys::detail(self, input, cx);
        }
        keys::list(self, input, cx)
    }

    fn event(&mut self, event: Event, cx: &mut Cx<'_, Self>) {
        answers::event(self, event, cx);
    }

    fn frame(&mut self, event: &BackendEvent, cx: &mut Cx<'_, Self>) {
        // A progress view only watches: a host-key question never waits behind it.
        if matches!(event, BackendEvent::HostKeyQuestion(_)) {
            init_flow::yield_progress(cx);
        }
        if let BackendEvent::JobDone {
            job,
            state,
            summary,
        } = event
        {
            answers::job_done(self, *job, state, summary, cx);
        }
    }

    fn lists(&self) -> bool {
        self.detail.is_none()
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
        dialog: &mut Dialog,
        key: crate::kit::DialogInput,
        cx: &mut Cx<'_, Self>,
    ) -> bool {
        dialogs::key(self, dialog, key, cx)
    }

    fn draw_dialog(&self, dialog: &Dialog, app: &App, frame: &mut Frame) {
        draw_dialogs::draw(dialog, app, frame);
    }
}

/// The Services dialog open in the console's one slot, if that is the open one.
pub fn open_dialog(app: &App) -> Option<&Dialog> {
    match app.panels.dialog.as_ref() {
        Some(crate::app::panel_dialog::Dialog::Screen(crate::screens::ScreenDialog::Services(
            d,
        ))) => Some(d),
        _ => None,
    }
}
