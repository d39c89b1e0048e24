//! The interactive console's run loop: the terminal, the key map, the backend thread, `App`
//! and `ui::draw` brought together (so `app` never imports `ui`).

pub mod run;
pub mod signals;

pub use run::{ConsoleOptions, TEST_PANIC_ENV, run_console};
