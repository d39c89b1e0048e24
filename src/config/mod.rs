//! The configuration, one thing: the embedded `assets/config.toml`, the user's `config.toml`
//! read once within limits, and the settings the console and the headless CLI both honour.

pub mod file;
pub mod settings;

pub use file::{
    ConfigError, ConfigText, DEFAULT_CONFIG, DEFAULT_CONFIG_NAME, MAX_CONFIG_BYTES, read_user_file,
};
pub use settings::{Settings, Theme};
