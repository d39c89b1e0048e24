//! What the console's UI tests share, once: keys through the real `route`/`update`, drawing and
//! rendering buffers, hand-built screen data, the widget scenes, and the backend rig.

pub mod demo_services;
pub mod fixtures;
pub mod keys;
pub mod migrate_data;
pub mod render;
pub mod replay_rig;
pub mod rig;
pub mod scenes;
