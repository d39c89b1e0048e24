//! What the Devices, Jobs, Audit and Accounts screens ask the backend (`PanelRequest`) and what
//! it answers (`PanelEvent`); carried by `BackendRequest::Panel` / `BackendEvent::Panel`.

use super::host_key_bridge::HostKeyReply;
use crate::domain::DomainError;
use crate::domain::ids::{OrganizationId, UserId};
use crate::domain::organization::{Organization, User};
use secrecy::SecretString;

/// A request from one of these screens. Secrets travel as `SecretString` (Debug redacts).
#[derive(Debug, Clone)]
pub enum PanelRequest {
    /// The user's answer to a host-key question (DEV-1).
    AnswerHostKey {
        reply: HostKeyReply,
        trust: bool,
    },
    /// NAV-4: organizations and accounts (Admin only).
    Accounts,
    CreateOrganization {
        name: String,
    },
    CreateUser {
        username: String,
        password: SecretString,
        confirm: SecretString,
        /// None: an Admin; Some: Owner of this organization.
        organization: Option<OrganizationId>,
    },
    SetDisabled {
        user: UserId,
        disabled: bool,
    },
    SetPassword {
        user: UserId,
        password: SecretString,
        confirm: SecretString,
    },
}

/// What the backend answers these screens.
#[derive(Debug, Clone, PartialEq)]
pub enum PanelEvent {
    Accounts {
        organizations: Vec<Organization>,
        users: Vec<User>,
    },
    /// The accounts may not be listed (an Owner): the sentence to show.
    AccountsRefused(String),
    /// The open form's request was accepted: close it and say so.
    Done { message: String },
    /// The open form's request was refused: a field error goes under its field.
    Refused {
        message: String,
        error: Option<DomainError>,
    },
}
