//! The drawing layer: `draw(&App, &mut Frame)` renders the frame, the screens and the modals
//! from the app state (never changing it), with one theme and reusable draw-only widgets.

pub mod columns;
pub mod draw;
pub mod frame;
pub mod screens;
pub mod terminal;
pub mod theme;
pub mod widgets;

pub use draw::draw;
