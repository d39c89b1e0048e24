//! What the Services screen asks the backend thread
//! (`BackendRequest::Services`) and what it answers (`BackendEvent::Services`).

use crate::domain::DomainError;
use crate::domain::client::KeyObject;
use crate::domain::ids::{JobId, OrganizationId, ServiceId};
use crate::domain::organization::Organization;
use crate::ops::clients::ClientRow;
use crate::ops::keys::KeysLogin;
use crate::ops::services_view::{ServiceDetail, ServiceRow};

/// A request of the Services screen.
#[derive(Debug)]
pub enum ServicesRequest {
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
}

/// Which of the screens' jobs a job id is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScreenJob {
    Keys(ServiceId),
    Clients(ServiceId),
    Delete(ServiceId),
    Initialize(ServiceId),
}

/// An answer for the Services screen.
#[derive(Debug, Clone, PartialEq)]
pub enum ServicesEvent {
    List(Vec<ServiceRow>),
    Detail {
        detail: Box<ServiceDetail>,
        /// Organizations the user may move the service to (empty for an Owner).
        organizations: Vec<Organization>,
    },
    Clients(ServiceId, Vec<ClientRow>),
    Keys(ServiceId, Vec<KeyObject>),
    JobStarted {
        kind: ScreenJob,
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
}

/// A secret carried once from the backend to a screen (never in Debug).
#[derive(Debug, Clone)]
pub struct OnceSecret(pub secrecy::SecretString);

impl PartialEq for OnceSecret {
    fn eq(&self, other: &Self) -> bool {
        use secrecy::ExposeSecret;
        self.0.expose_secret() == other.0.expose_secret()
    }
}
