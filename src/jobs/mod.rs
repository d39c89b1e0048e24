//! The operation engine (X-1, SIZE-2, MIG-5): plans of device steps run on a bounded tokio pool,
//! one job per device at a time, with progress, cancel, timeouts, retries, undo and audit events.

pub mod cancel_token;
pub mod config;
pub mod device_slots;
pub mod engine;
pub mod event;
pub mod executor;
pub mod failure_message;
pub mod job_run;
pub mod job_shared;
pub mod per_device_run;
pub mod request;
pub mod so_login_guard;
pub mod step_runner;

pub use cancel_token::CancelToken;
pub use config::{EngineConfig, RetryPolicy, blocking_threads};
pub use engine::{Engine, JobHandle};
pub use event::{DeviceEnd, JobEvent, JobOutcome, StepRecord, StoppedStep, UndoRecord};
pub use executor::{ShellProvider, StepContext, StepError, StepExecutor, StepOutput};
pub use request::{JobRequest, Parallelism};
