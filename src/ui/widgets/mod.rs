//! Draw-only widgets of the console: each draws a `kit` state (table, form, modals, status)
//! or a piece of the frame. Screens compose these and never re-implement them.

pub mod confirm_modal;
pub mod fit;
pub mod form;
pub mod host_key_modal;
pub mod key_hints;
pub mod message_modal;
pub mod modal;
pub mod progress;
pub mod status;
pub mod table;
pub mod table_fit;
pub mod typed_confirm_modal;
pub mod wizard_frame;

pub use form::Form;
pub use key_hints::KeyHints;
pub use modal::{DialogKeys, ModalView, Themed, centered};
pub use progress::{DeviceProgress, ProgressRows, format_elapsed, spinner_frame};
pub use status::{StatusSpan, StatusStyle};
pub use table::DataTable;
pub use wizard_frame::{WizardAreas, WizardFrame, WizardKeys};
