//! What crosses the channel between the drawing task and the backend thread: requests the UI
//! makes (`BackendRequest`) and what the backend answers or forwards (`BackendEvent`).

use crate::domain::device::{DeviceStatus, Licences};
use crate::domain::ids::{HsmSerial, JobId};
use crate::domain::job::Job;
use crate::domain::operation::Operation;
use crate::domain::organization::Role;
use crate::domain::timestamp::Timestamp;
use crate::jobs::JobEvent;

/// A request to the backend thread (the owner of the store and the engine).
#[derive(Debug)]
pub enum BackendRequest {
    ListDevices,
    ListJobs,
    StatusCounts,
    /// Devices, Jobs and Accounts screens (app/panel_message.rs).
    Panel(super::panel_message::PanelRequest),
    /// A registered screen's request (`src/screens/`).
    Screen(crate::screens::ScreenRequest),
    /// `:logout`: the user leaves, the console stays open for the next one (issue 11.12).
    SignOut,
    Shutdown,
}

/// Who is signed in, as the status bar shows it (NAV-5).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionInfo {
    pub username: String,
    pub role: Role,
    /// The Owner's organization name (None for an Admin).
    pub organization: Option<String>,
    pub read_only: bool,
}

impl SessionInfo {
    /// The domain's session for this user, to ask the PERM rules (`domain::permission`).
    fn domain_session(&self) -> crate::domain::permission::Session {
        crate::domain::permission::Session {
            user: crate::domain::organization::User {
                id: crate::domain::ids::UserId(0),
                username: self.username.clone(),
                role: self.role,
                disabled: false,
            },
            read_only: self.read_only,
        }
    }

    fn own_organization(&self) -> Option<crate::domain::ids::OrganizationId> {
        match self.role {
            Role::Admin => None,
            Role::Owner(org) => Some(org),
        }
    }

    /// Why this user may not do `op` on their own organization's rows (the reason alone, as
    /// "only an Admin can resize a service"), or None when they may
    /// (the PERM rule itself; the backend checks it again on every request).
    pub fn refusal(&self, op: Operation) -> Option<String> {
        self.refusal_on(op, self.own_organization())
    }

    /// Why this user may not do `op` on a row `owner` owns, or None when they may.
    pub fn refusal_on(
        &self,
        op: Operation,
        owner: Option<crate::domain::ids::OrganizationId>,
    ) -> Option<String> {
        crate::domain::permission::authorize(&self.domain_session(), op, owner)
            .err()
            .map(|e| e.reason().to_string())
    }

    /// Like `refusal`, for looking at what `op` works on (read-only mode does not refuse it).
    pub fn read_refusal(&self, op: Operation) -> Option<String> {
        crate::domain::permission::authorize_read(
            &self.domain_session(),
            op,
            self.own_organization(),
        )
        .err()
        .map(|e| e.reason().to_string())
    }
}

/// One row of the device list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeviceRow {
    pub serial: HsmSerial,
    pub name: String,
    pub host: String,
    pub model: String,
    pub software: String,
    pub firmware: String,
    /// None when `hsm show` prints no licence counts (5.x), shown as `—`.
    pub licences: Option<Licences>,
    pub status: DeviceStatus,
    pub last_seen: Option<Timestamp>,
}

/// The numbers of the status bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct StatusCounts {
    /// None when the signed-in user may not see devices (Owners).
    pub devices_up: Option<usize>,
    pub devices_down: Option<usize>,
    pub running_jobs: usize,
}

/// What the backend sends back.
#[derive(Debug, Clone, PartialEq)]
pub enum BackendEvent {
    /// The store is open; `has_accounts` false means first start (create the Admin).
    Ready {
        has_accounts: bool,
    },
    LoggedIn(SessionInfo),
    /// The user signed out; `running` jobs keep running for the next session.
    SignedOut {
        running: usize,
    },
    Devices(Vec<DeviceRow>),
    Jobs(Vec<Job>),
    Counts(StatusCounts),
    /// Forwarded from the job engine (progress, waits, failures, the outcome).
    Job(JobEvent),
    /// A job finished: how it ended (decisions read this) and `summary`, the one sentence
    /// for humans (only shown).
    JobDone {
        job: JobId,
        state: crate::domain::job::JobState,
        summary: String,
    },
    /// The SSH transport met an unknown host key and waits for the user (DEV-1).
    HostKeyQuestion(super::host_key_bridge::HostKeyPrompt),
    Panel(super::panel_message::PanelEvent),
    /// An answer to a registered screen (`src/screens/`).
    Screen(crate::screens::ScreenEvent),
    /// What was done, for the notice line.
    Said {
        message: String,
    },
    /// A request failed; the sentence says what and why.
    Failed {
        message: String,
    },
    /// The backend cannot go on (the database cannot be opened, ...).
    Fatal {
        message: String,
    },
}
