//! Which columns of each data table drop first when the pane is too narrow (presentation lives
//! in `ui`; `app` and `kit` know only the titles), in the order of the screen's columns. 0 is
//! kept longest; widths come from the content (`widgets::table_fit`).

/// Status, Name, Host, Model, Software, Firmware, Licences, Last seen.
pub const DEVICES: [u8; 8] = [0, 0, 1, 3, 2, 3, 2, 1];

/// Name, Type, Organization, Template, Initialization State, Status.
pub const SERVICES: [u8; 6] = [0, 2, 1, 3, 0, 0];

/// #, State, Operation, Devices, Started by, Started.
pub const JOBS: [u8; 6] = [0, 0, 0, 2, 3, 1];

/// Time, Actor, Action, Device, Target, Outcome.
pub const AUDIT: [u8; 6] = [1, 2, 0, 2, 0, 0];

/// #, Organization.
pub const ORGANIZATIONS: [u8; 2] = [0, 0];

/// Username, Role, Organization, Status.
pub const USERS: [u8; 4] = [0, 1, 2, 0];
