//! Widget state apart from drawing (issue 10.3): tables, forms, secret fields, confirmations,
//! typed confirmations, host-key questions, messages and statuses. `app` uses it, `ui` draws it.

pub mod cancel_guard;
pub mod confirm;
pub mod dialog_input;
pub mod form_field;
pub mod form_state;
pub mod host_key;
pub mod message;
pub mod outcome;
pub mod picker;
pub mod secret_field;
pub mod status;
pub mod table_cell;
pub mod table_state;
pub mod text_field;
pub mod typed_confirm;

pub use cancel_guard::{CancelGuard, Guarded};
pub use confirm::{ConfirmFocus, ConfirmModal};
pub use dialog_input::DialogInput;
pub use form_state::{FieldInput, FormField, FormKey, FormState};
pub use host_key::{HostKeyChoice, HostKeyModal};
pub use message::{MessageKind, MessageModal};
pub use outcome::ModalOutcome;
pub use picker::Picker;
pub use secret_field::{Mask, SecretField};
pub use status::{Status, StatusKind};
pub use table_cell::{CellValue, Column, SortKey};
pub use table_state::{Motion, Sort, SortDir, TableRow, TableState};
pub use text_field::{TextEdit, TextField};
pub use typed_confirm::{TypedConfirmModal, TypedFocus};
