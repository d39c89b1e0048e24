//! The SSH transport (ssh2/libssh2): verified host keys, password or key login, an interactive
//! LunaSH/LunaCM shell with prompt detection or one exec per command, one thread per session.

pub mod connect;
pub mod conversation;
pub mod key_file;
pub mod ssh_shell;
pub mod target;
pub mod worker;

pub use key_file::{KeyFileError, check_private_key_file};
pub use ssh_shell::SshShell;
pub use target::{
    HostKeyDecider, HostKeyQuestion, SshCredentials, SshMode, SshTarget, TrustDecision, pinned,
    reject_unknown,
};
