//! The terminal console's drawing layer: one theme, reusable draw-only widgets, screens.
//! Widgets read state and render; the app's `update` mutates their small pure state types.

pub mod theme;
pub mod widgets;
