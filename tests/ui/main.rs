//! The console's UI tests in one binary (issue 10.8): snapshots of every screen and widget,
//! flow tests through `route` and `update`, and flows over the real backend thread.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

mod demo_login;
mod demo_story;
mod device_detail;
mod devices_edit;
mod devices_fleet;
mod devices_fleet_flow;
mod dialog_keys;
mod flow;
mod frame;
mod import;
mod long_names;
mod messages;
mod migrate;
mod migrate_flow;
mod migrate_ped_flow;
mod owner;
mod panels;
mod panels_flow;
mod readme_keys;
mod screens;
mod services;
mod services_create;
mod services_create_snapshots;
mod services_flow;
mod services_init;
mod services_init_flow;
mod services_init_new;
mod services_init_new_ped;
mod services_remove_partition;
mod services_resize;
mod services_roles;
mod session_flow;
mod templates;
mod templates_wizard;
mod text_fields;
mod widgets;
