//! The console's frame around every screen (NAV-1, NAV-2, NAV-5): tab bar, Crypto Services
//! navigation, status bar, the bottom line (command line, filter, notices) and modals.

pub mod bottom_line;
pub mod modal;
pub mod nav;
pub mod status_bar;
pub mod tabs;
