//! NTLS partition assignment (SVC-1, HA-2, MIG-2): a new partition becomes a LunaCM slot on the
//! Luna client host only once the appliance assigns it to the client host's registered client.

use super::console::Console;
use super::executor::LunaExecutor;
use super::luna_steps::{arg, run_checked};
use crate::domain::device::Device;
use crate::domain::plan::{PlanStep, StepAction};
use crate::jobs::{StepContext, StepError, StepOutput};
use crate::luna::command::{Arg, ArgKind, ClientAddress, LunaShCommand};
use crate::luna::parse::{LunaErrorKind, parse_client_list, parse_outcome};
use crate::luna::shell::Shell;

/// How the Luna client host is registered as an NTLS client on the appliances.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientHostIdentity {
    /// The client name (`client register -client`).
    pub name: String,
    /// The hostname the appliance knows it by (`client register -hostname`).
    pub hostname: String,
}

impl Console {
    /// The step that assigns `partition` on device `d` to the client host (undo: revoke); None
    /// when no client host is configured (then nothing is assigned).
    pub(crate) fn assign_to_client_host_step(
        &self,
        d: &Device,
        partition: &str,
    ) -> Option<PlanStep> {
        self.access.client_host_identity()?;
        Some(PlanStep::new(
            &d.serial,
            &d.name,
            StepAction::AssignToClientHost {
                partition: partition.to_string(),
            },
            Some(StepAction::RevokeFromClientHost {
                partition: partition.to_string(),
            }),
        ))
    }

    /// Gives `executor` the client host's NTLS identity for the assignment steps.
    pub(crate) fn wire_client_host_identity(&self, executor: &mut LunaExecutor) {
        executor.ntls = self.access.client_host_identity();
    }
}

fn identity(ntls: Option<&ClientHostIdentity>) -> Result<&ClientHostIdentity, StepError> {
    ntls.ok_or_else(|| StepError::Device {
        output: String::new(),
        reason: "no Luna client host is configured to assign the partition to".into(),
    })
}

/// The device refused with `kind` (read from what it printed).
fn refused_with(e: &StepError, kind: LunaErrorKind) -> bool {
    matches!(e, StepError::Device { output, .. }
        if parse_outcome(output).ok().and_then(|o| o.kind()) == Some(kind))
}

/// `client list`; `client register` when the client host is not registered yet; then `client
/// assignPartition` (a partition already assigned counts as done).
pub fn assign_to_client_host(
    shell: &mut dyn Shell,
    ntls: Option<&ClientHostIdentity>,
    partition: &str,
    ctx: &StepContext<'_>,
) -> Result<StepOutput, StepError> {
    let who = identity(ntls)?;
    let client = arg(&who.name, Arg::client)?;
    let part = arg(partition, Arg::partition)?;
    let out = run_checked(shell, &LunaShCommand::ClientList, &[], ctx)?;
    let names = parse_client_list(&out).map_err(|e| StepError::Device {
        output: out.clone(),
        reason: format!("could not read client list: {e}"),
    })?;
    let mut text = String::new();
    if !names.contains(&who.name) {
        let host = Arg::new(ArgKind::Hostname, &who.hostname).map_err(|e| StepError::Device {
            output: String::new(),
            reason: e.to_string(),
        })?;
        let register = LunaShCommand::ClientRegister {
            client: client.clone(),
            address: ClientAddress::Hostname(host),
        };
        text.push_str(&run_checked(shell, &register, &[], ctx)?);
    }
    let assign = LunaShCommand::ClientAssignPartition {
        client,
        partition: part,
    };
    match run_checked(shell, &assign, &[], ctx) {
        Ok(out) => text.push_str(&out),
        Err(e) if refused_with(&e, LunaErrorKind::DuplicateLabel) => {
            text.push_str(&format!(
                "partition '{partition}' is already assigned to client '{}'\n",
                who.name
            ));
        }
        Err(e) => return Err(e),
    }
    Ok(StepOutput::text(text))
}

/// `client revokePartition` (undo of the assignment); already revoked or gone counts as done.
pub fn revoke_from_client_host(
    shell: &mut dyn Shell,
    ntls: Option<&ClientHostIdentity>,
    partition: &str,
    ctx: &StepContext<'_>,
) -> Result<StepOutput, StepError> {
    let who = identity(ntls)?;
    let revoke = LunaShCommand::ClientRevokePartition {
        client: arg(&who.name, Arg::client)?,
        partition: arg(partition, Arg::partition)?,
    };
    match run_checked(shell, &revoke, &[], ctx) {
        Ok(out) => Ok(StepOutput::text(out)),
        Err(e) if refused_with(&e, LunaErrorKind::ObjectNotInList) => {
            Ok(StepOutput::text(format!(
                "partition '{partition}' is not assigned to client '{}'",
                who.name
            )))
        }
        Err(e) => Err(e),
    }
}

/// SVC-2: the dry-run lines of an assignment (the registration only runs when `client list`
/// does not name the client host).
pub fn assign_lines(ntls: Option<&ClientHostIdentity>, partition: &str) -> Vec<String> {
    let Some(who) = ntls else {
        return vec![
            StepAction::AssignToClientHost {
                partition: partition.to_string(),
            }
            .to_string(),
        ];
    };
    let (Ok(client), Ok(part), Ok(host)) = (
        Arg::client(&who.name),
        Arg::partition(partition),
        Arg::new(ArgKind::Hostname, &who.hostname),
    ) else {
        return Vec::new();
    };
    vec![
        LunaShCommand::ClientList.line(),
        format!(
            "{} (when not registered)",
            LunaShCommand::ClientRegister {
                client: client.clone(),
                address: ClientAddress::Hostname(host),
            }
            .line()
        ),
        LunaShCommand::ClientAssignPartition {
            client,
            partition: part,
        }
        .line(),
    ]
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use super::*;
    use crate::domain::ids::JobId;
    use crate::jobs::CancelToken;
    use crate::sim::{Fleet, SimShell, shared};
    use std::time::Duration;

    const SMALL: &str = include_str!("../../fixtures/fleets/small.toml");

    fn me() -> ClientHostIdentity {
        ClientHostIdentity {
            name: "client-host".into(),
            hostname: "client-host".into(),
        }
    }

    #[test]
    fn ntls_assign_registers_once_is_idempotent_and_revoke_too() {
        let fleet = shared(Fleet::from_toml(SMALL).unwrap());
        let mut sh = SimShell::appliance(fleet.clone(), "alpha");
        let cancel = CancelToken::default();
        let ctx = StepContext {
            job: JobId(1),
            timeouts: crate::luna::shell::CommandTimeouts::uniform(Duration::from_secs(5)),
            cancel: &cancel,
            secrets: &[],
            attempt: 0,
            undoing: false,
        };
        let first = assign_to_client_host(&mut sh, Some(&me()), "p1", &ctx).unwrap();
        assert!(
            first.text.contains("'client register' successful."),
            "{}",
            first.text
        );
        let again = assign_to_client_host(&mut sh, Some(&me()), "p1", &ctx).unwrap();
        assert!(!again.text.contains("client register"), "{}", again.text);
        assert!(again.text.contains("already assigned"), "{}", again.text);
        {
            let f = fleet.lock().unwrap();
            let app = f.appliance("alpha").unwrap();
            let c = app
                .clients
                .iter()
                .find(|c| c.name == "client-host")
                .unwrap();
            assert_eq!(c.partitions, vec!["p1".to_string()]);
        }
        revoke_from_client_host(&mut sh, Some(&me()), "p1", &ctx).unwrap();
        let twice = revoke_from_client_host(&mut sh, Some(&me()), "p1", &ctx).unwrap();
        assert!(twice.text.contains("is not assigned"), "{}", twice.text);
        let none = assign_to_client_host(&mut sh, None, "p1", &ctx).unwrap_err();
        assert!(
            none.to_string()
                .contains("no Luna client host is configured")
        );
        let missing = assign_to_client_host(&mut sh, Some(&me()), "nope", &ctx).unwrap_err();
        assert!(
            missing.to_string().contains("partition does not exist"),
            "{missing}"
        );
    }

    #[test]
    fn ntls_svc_2_assign_lines_name_the_exact_commands() {
        let lines = assign_lines(Some(&me()), "Pay_1");
        assert_eq!(
            lines,
            vec![
                "client list".to_string(),
                "client register -client client-host -hostname client-host (when not registered)"
                    .to_string(),
                "client assignPartition -client client-host -partition Pay_1".to_string(),
            ]
        );
        assert_eq!(
            assign_lines(None, "p"),
            vec!["assign partition 'p' to the Luna client host (NTLS)".to_string()]
        );
    }
}
