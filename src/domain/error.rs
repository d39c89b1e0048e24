//! The one error type of the domain layer: every refusal carries the message a user will read,
//! naming the field, the device or the rule that was broken.

use std::fmt;

/// A form field or attribute named in a validation message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Field {
    ServiceName,
    PartitionName,
    PartitionLabel,
    PartitionSize,
    Secret,
    SecretConfirmation,
    Devices,
    Organization,
    TemplateName,
    HaGroup,
    Username,
    Password,
    Host,
    Port,
    PedServer,
    Description,
    DeviceName,
    PedPort,
    CloningDomain,
    SoPassword,
    HsmSoPassword,
    CoPassword,
    CuPassword,
    CoChallenge,
    CuChallenge,
    PedChallenge,
    ActivateRoles,
    SshUser,
    SshKey,
}

impl Field {
    /// The label shown to the user for this field.
    pub fn label(self) -> &'static str {
        match self {
            Field::ServiceName => "Service Name",
            Field::PartitionName => "Partition name",
            Field::PartitionLabel => "Partition Label",
            Field::PartitionSize => "Partition size (bytes)",
            Field::Secret => "Password",
            Field::SecretConfirmation => "Confirm password",
            Field::Devices => "Devices",
            Field::Organization => "Organization",
            Field::TemplateName => "Template name",
            Field::HaGroup => "HA Group",
            Field::Username => "Username",
            Field::Password => "Password",
            Field::Host => "Host",
            Field::Port => "Port",
            Field::PedServer => "Remote PED server",
            Field::Description => "Description",
            Field::DeviceName => "Device name",
            Field::PedPort => "Remote PED server port",
            Field::CloningDomain => "Cloning domain",
            Field::SoPassword => "Partition SO password",
            Field::HsmSoPassword => "HSM SO password",
            Field::CoPassword => "Crypto Officer password",
            Field::CuPassword => "Crypto User password",
            Field::CoChallenge => "Crypto Officer challenge",
            Field::CuChallenge => "Crypto User challenge",
            Field::PedChallenge => "PED challenge",
            Field::ActivateRoles => "Activate Roles",
            Field::SshUser => "SSH user",
            Field::SshKey => "Key file",
        }
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// Why the domain refused something. `Display` is the sentence shown to the user.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, serde::Serialize, serde::Deserialize)]
pub enum DomainError {
    /// A value typed into a field is not acceptable.
    #[error("{field}: {reason}")]
    Invalid { field: Field, reason: String },
    /// The signed-in user may not do this.
    #[error("Not permitted: {reason}")]
    NotPermitted { reason: String },
    /// The object is not in a state that allows this operation.
    #[error("{reason}")]
    IllegalTransition { reason: String },
    /// A business rule of the seed refuses the operation.
    #[error("{reason}")]
    Refused { reason: String },
}

impl DomainError {
    /// The sentence without the kind's prefix ("only an Admin can ..."), for a caller that
    /// words the refusal itself.
    pub fn reason(&self) -> &str {
        match self {
            DomainError::Invalid { reason, .. }
            | DomainError::NotPermitted { reason }
            | DomainError::IllegalTransition { reason }
            | DomainError::Refused { reason } => reason,
        }
    }

    pub fn invalid(field: Field, reason: impl Into<String>) -> Self {
        DomainError::Invalid {
            field,
            reason: reason.into(),
        }
    }
    pub fn refused(reason: impl Into<String>) -> Self {
        DomainError::Refused {
            reason: reason.into(),
        }
    }
    pub fn not_permitted(reason: impl Into<String>) -> Self {
        DomainError::NotPermitted {
            reason: reason.into(),
        }
    }
    pub fn illegal(reason: impl Into<String>) -> Self {
        DomainError::IllegalTransition {
            reason: reason.into(),
        }
    }
    /// The field this error is about, when it is a validation error.
    pub fn field(&self) -> Option<Field> {
        match self {
            DomainError::Invalid { field, .. } => Some(*field),
            _ => None,
        }
    }
}

pub type DomainResult<T> = Result<T, DomainError>;
