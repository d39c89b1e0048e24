//! Reusable draw-only widgets of the console and the small pure state types they read.
//! One file per widget; screens compose these and never re-implement them.

pub mod status;
pub mod table;
pub mod table_cell;
pub mod table_state;

pub use status::{Status, StatusKind};
pub use table::DataTable;
pub use table_cell::{CellValue, Column, SortKey};
pub use table_state::{Sort, SortDir, TableRow, TableState};
pub mod confirm_modal;
pub mod form;
pub mod form_state;
pub mod host_key_modal;
pub mod message_modal;
pub mod modal;
pub mod secret_field;
pub mod typed_confirm_modal;
