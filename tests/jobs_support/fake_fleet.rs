//! A scripted fake fleet for the engine tests: per-device state (partition sizes), latency and
//! faults, a `ShellProvider` counting session opens, and an executor recording step intervals.
#![allow(dead_code)]

use lunadeck::domain::ids::{HsmSerial, JobId};
use lunadeck::domain::plan::{PlanStep, StepAction};
use lunadeck::jobs::{ShellProvider, StepContext, StepError, StepExecutor, StepOutput};
use lunadeck::luna::shell::{Ask, CommandClass, Reply, Shell, ShellError};
use secrecy::ExposeSecret;
use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

/// A gate a command waits on until the test opens it (or the command's timeout passes).
#[derive(Default)]
pub struct Gate {
    open: Mutex<bool>,
    cv: Condvar,
}

impl Gate {
    pub fn open(&self) {
        *self.open.lock().unwrap() = true;
        self.cv.notify_all();
    }
    fn wait(&self, timeout: Duration) -> bool {
        let guard = self.open.lock().unwrap();
        let (guard, _) = self.cv.wait_timeout_while(guard, timeout, |o| !*o).unwrap();
        *guard
    }
}

pub enum Fault {
    Dropped,
    Timeout,
    /// Answers after the command's timeout, with `Timeout` (as the SSH transport does).
    Hang,
    /// Ignores the timeout and blocks this long (a stuck transport).
    Stuck(Duration),
    /// The device prints this (starts with "Error").
    Error(String),
    Gate(Arc<Gate>),
    /// At the connection (prefix `CONNECT`): the host key is not trusted, nothing is sent.
    UntrustedHostKey,
}

/// The fault prefix that applies when a session opens, not to a command.
pub const CONNECT: &str = "<connect>";

#[derive(Default)]
pub struct DeviceState {
    pub partitions: BTreeMap<String, u64>,
    pub latency: Duration,
    /// (command prefix, fault): the first match is used once.
    pub faults: Vec<(String, Fault)>,
    pub commands: Vec<String>,
    pub opens: u32,
}

#[derive(Default)]
pub struct Fleet {
    pub devices: Mutex<HashMap<String, DeviceState>>,
}

impl Fleet {
    pub fn add(&self, serial: &str, latency_ms: u64, partitions: &[(&str, u64)]) {
        let state = DeviceState {
            partitions: partitions
                .iter()
                .map(|(n, s)| (n.to_string(), *s))
                .collect(),
            latency: Duration::from_millis(latency_ms),
            ..DeviceState::default()
        };
        self.devices.lock().unwrap().insert(serial.into(), state);
    }
    pub fn fault(&self, serial: &str, prefix: &str, fault: Fault) {
        let mut d = self.devices.lock().unwrap();
        d.get_mut(serial)
            .unwrap()
            .faults
            .push((prefix.into(), fault));
    }
    pub fn commands(&self, serial: &str) -> Vec<String> {
        self.devices.lock().unwrap()[serial].commands.clone()
    }
    pub fn size(&self, serial: &str, partition: &str) -> u64 {
        self.devices.lock().unwrap()[serial].partitions[partition]
    }
    pub fn opens(&self, serial: &str) -> u32 {
        self.devices.lock().unwrap()[serial].opens
    }
}

pub struct FakeShell {
    serial: String,
    fleet: Arc<Fleet>,
}

impl Shell for FakeShell {
    fn target(&self) -> &str {
        &self.serial
    }
    fn run(&mut self, command: &str, ask: &Ask<'_>) -> Result<Reply, ShellError> {
        let (answers, timeout) = (ask.secrets, ask.timeout);
        let target = self.serial.clone();
        let (latency, fault) = {
            let mut devices = self.fleet.devices.lock().unwrap();
            let d = devices.get_mut(&self.serial).unwrap();
            d.commands.push(command.to_string());
            let at = d
                .faults
                .iter()
                .position(|(p, _)| command.starts_with(p.as_str()));
            (d.latency, at.map(|i| d.faults.remove(i).1))
        };
        let reply = |output: String| {
            Ok(Reply {
                output,
                elapsed: latency,
            })
        };
        let timed_out = Err(ShellError::Timeout {
            target: target.clone(),
            after: timeout,
            said: String::new(),
        });
        match fault {
            Some(Fault::Dropped) => {
                std::thread::sleep(latency);
                return Err(ShellError::Dropped { target });
            }
            Some(Fault::Timeout) => return timed_out,
            Some(Fault::Hang) => {
                // Like a real transport: the cancel is seen at the next read slice.
                let until = std::time::Instant::now() + timeout;
                while std::time::Instant::now() < until {
                    if ask.cancel.is_cancelled() {
                        return Err(ShellError::Cancelled { target });
                    }
                    std::thread::sleep(Duration::from_millis(20));
                }
                return timed_out;
            }
            Some(Fault::Stuck(d)) => {
                std::thread::sleep(d);
                return timed_out;
            }
            Some(Fault::Error(out)) => {
                std::thread::sleep(latency);
                return reply(out);
            }
            Some(Fault::Gate(g)) if !g.wait(timeout) => return timed_out,
            Some(Fault::Gate(_) | Fault::UntrustedHostKey) | None => {}
        }
        std::thread::sleep(latency);
        let words: Vec<&str> = command.split_whitespace().collect();
        let mut devices = self.fleet.devices.lock().unwrap();
        let d = devices.get_mut(&self.serial).unwrap();
        match words.as_slice() {
            ["partition", "resize", "-partition", name, "-size", size] => {
                d.partitions.insert(name.to_string(), size.parse().unwrap());
            }
            ["hsm", "login"] => {
                let ok = answers
                    .first()
                    .is_some_and(|a| a.expose_secret() == "Sup3rS3cret!");
                if !ok {
                    return reply("Error: 'hsm login' failed. (C0000030)".into());
                }
            }
            _ => {}
        }
        if command == "partition list" {
            let list: Vec<String> = d
                .partitions
                .iter()
                .map(|(n, s)| format!("{n} {s}"))
                .collect();
            return reply(list.join("\n"));
        }
        reply("Command Result : 0 (Success)".into())
    }
}

pub struct FakeProvider(pub Arc<Fleet>);

impl ShellProvider for FakeProvider {
    fn open(&self, device: &HsmSerial) -> Result<Box<dyn Shell>, ShellError> {
        let mut devices = self.0.devices.lock().unwrap();
        let Some(d) = devices.get_mut(device.as_str()) else {
            return Err(ShellError::Unreachable {
                target: device.to_string(),
                reason: "no such device".into(),
            });
        };
        d.opens += 1;
        let refused = d
            .faults
            .iter()
            .position(|(p, f)| p == CONNECT && matches!(f, Fault::UntrustedHostKey));
        if let Some(at) = refused {
            d.faults.remove(at);
            return Err(ShellError::HostKeyUntrusted {
                target: device.to_string(),
                algorithm: "ssh-ed25519".into(),
                fingerprint: "SHA256:abc".into(),
            });
        }
        Ok(Box::new(FakeShell {
            serial: device.to_string(),
            fleet: self.0.clone(),
        }))
    }
}

/// One executed step: device, job, start, end.
pub type Interval = (HsmSerial, JobId, Instant, Instant);

#[derive(Default)]
pub struct TestExecutor {
    pub declare_so_login: bool,
    pub intervals: Mutex<Vec<Interval>>,
    pub in_flight: AtomicUsize,
    pub max_in_flight: AtomicUsize,
}

fn commands(action: &StepAction) -> Vec<String> {
    match action {
        StepAction::ResizePartition { name, size } => {
            vec![format!("partition resize -partition {name} -size {size}")]
        }
        StepAction::RefreshPartitions => vec!["partition list".into()],
        StepAction::InitPartitionOnAppliance { name, label } => vec![
            "hsm login".into(),
            format!("partition init -partition {name} -label {label}"),
        ],
        other => vec![format!("echo {other}")],
    }
}

impl StepExecutor for TestExecutor {
    fn execute(
        &self,
        step: &PlanStep,
        shell: &mut dyn Shell,
        ctx: &StepContext<'_>,
    ) -> Result<StepOutput, StepError> {
        let now = self.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
        self.max_in_flight.fetch_max(now, Ordering::SeqCst);
        let start = Instant::now();
        let mut text = String::new();
        let mut result = Ok(());
        for cmd in commands(&step.action) {
            let answers = if cmd == "hsm login" { ctx.secrets } else { &[] };
            match shell.run(&cmd, &ctx.ask(CommandClass::Change, answers)) {
                Ok(r) if r.output.starts_with("Error") => {
                    result = Err(StepError::Device {
                        output: r.output,
                        reason: format!("the device refused '{cmd}'"),
                    });
                    break;
                }
                Ok(r) => text.push_str(&r.output),
                Err(e) => {
                    result = Err(StepError::Shell(e));
                    break;
                }
            }
        }
        let end = Instant::now();
        self.in_flight.fetch_sub(1, Ordering::SeqCst);
        self.intervals
            .lock()
            .unwrap()
            .push((step.device.clone(), ctx.job, start, end));
        result.map(|()| StepOutput::text(text))
    }

    fn so_login(&self, step: &PlanStep) -> bool {
        self.declare_so_login && matches!(step.action, StepAction::InitPartitionOnAppliance { .. })
    }
}
