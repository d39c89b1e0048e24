//! Reusable draw-only widgets of the console and the small pure state types they read.
//! One file per widget; screens compose these and never re-implement them.

pub mod confirm_modal;
pub mod form;
pub mod form_state;
pub mod host_key_modal;
pub mod key_hints;
pub mod message_modal;
pub mod modal;
pub mod progress;
pub mod secret_field;
pub mod status;
pub mod table;
pub mod table_cell;
pub mod table_state;
pub mod typed_confirm_modal;
pub mod wizard_frame;

pub use confirm_modal::{ConfirmFocus, ConfirmModal};
pub use form::Form;
pub use form_state::{FieldInput, FormField, FormKey, FormState};
pub use host_key_modal::{HostKeyChoice, HostKeyModal};
pub use key_hints::KeyHints;
pub use message_modal::{MessageKind, MessageModal};
pub use modal::{ModalOutcome, ModalView, Themed, centered};
pub use progress::{DeviceProgress, ProgressRows, format_elapsed, spinner_frame};
pub use secret_field::{Mask, SecretField};
pub use status::{Status, StatusKind};
pub use table::DataTable;
pub use table_cell::{CellValue, Column, SortKey};
pub use table_state::{Sort, SortDir, TableRow, TableState};
pub use typed_confirm_modal::{TypedConfirmModal, TypedFocus};
pub use wizard_frame::{WizardAreas, WizardFrame, WizardKeys};
