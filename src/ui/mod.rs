//! The drawing layer: `draw(&App, &mut Frame)` renders the frame, the screens and the modals
//! from the app state; it never changes state. `terminal` owns the real terminal's modes.

pub mod draw;
pub mod frame;
pub mod screens;
pub mod terminal;

pub use draw::draw;
