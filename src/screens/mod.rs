//! The console's screens, one folder each (`mod.rs`: state, keys, requests and events;
//! `serve.rs`: the backend side; `draw.rs`: drawing), registered below with one line each.

pub mod audit;
pub mod devices;
pub mod jobs;

crate::registry! {
    audit: Audit => audit::Audit,
    devices: Devices => devices::Devices,
    jobs: Jobs => jobs::Jobs,
}
