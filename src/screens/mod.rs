//! The console's screens, one folder each (`mod.rs`: state, keys, requests and events;
//! `serve.rs`: the backend side; `draw.rs`: drawing), registered below with one line each.

pub mod accounts;
pub mod audit;
pub mod devices;
pub mod import;
pub mod jobs;
pub mod login;
pub mod services;

crate::registry! {
    accounts: Accounts => accounts::Accounts,
    audit: Audit => audit::Audit,
    devices: Devices => devices::Devices,
    import: Import => import::Import,
    jobs: Jobs => jobs::Jobs,
    login: Login => login::Login,
    services: Services => services::Services,
}
