//! The console's screens, one folder each (`mod.rs`: state, keys, requests and events;
//! `serve.rs`: the backend side; `draw.rs`: drawing), registered below with one line each.

// In the order the help screen lists their key tables (the order they appear in the console).
crate::registry! {
    login: Login => login::Login,
    devices: Devices => devices::Devices,
    services: Services => services::Services,
    templates: Templates => templates::Templates,
    migrate: Migrate => migrate::Migrate,
    import: Import => import::Import,
    accounts: Accounts => accounts::Accounts,
    jobs: Jobs => jobs::Jobs,
    audit: Audit => audit::Audit,
}
