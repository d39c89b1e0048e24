//! The credentials of a migration (MIG-2 Define Partition and Initialize Roles) and each target's
//! steps: password devices type the domain and passwords, PED devices present keys at the PED.
//!
//! The seed asks for role credentials identical to the source's: a PED migration types one crypto
//! officer challenge, which activates the new partitions and logs in to the source to clone it.

use super::cm_steps::ManageSteps;
use super::error::OpsResult;
use super::executor::LunaExecutor;
use super::init_steps::LifecycleSecrets;
use crate::domain::device::{Device, PedServer};
use crate::domain::error::Field;
use crate::domain::ids::PartitionSerial;
use crate::domain::initialization::{ConfirmedSecret, InitRoute, init_route};
use crate::domain::partition::PartitionVersion;
use crate::domain::plan::{PlanStep, StepAction};
use secrecy::SecretString;

/// What Define Partition and Initialize Roles collected, by the source's authentication.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub enum MigrateRoles {
    /// Password devices: the source's cloning domain, the new partitions' SO and crypto
    /// officer passwords, and the source partition's crypto officer password (to clone from it).
    Password {
        domain: ConfirmedSecret,
        so: ConfirmedSecret,
        co: ConfirmedSecret,
        #[serde(with = "crate::domain::secret_serde")]
        source_co: SecretString,
    },
    /// PED devices: the domain and roles come from the PED keys (the source's red domain key
    /// on every target). `co_challenge` is the source's crypto officer challenge: the new
    /// partitions are activated with it and the clone logs in to the source with it.
    /// `challenge_changed`: the operator says a non-PPSO source no longer has the challenge
    /// its PED generated (the console cannot read it, MIG-3).
    Ped {
        ped: PedServer,
        co_challenge: ConfirmedSecret,
        challenge_changed: bool,
    },
}

impl MigrateRoles {
    pub fn is_ped(&self) -> bool {
        matches!(self, MigrateRoles::Ped { .. })
    }

    /// Every typed secret well formed and confirmed; the field that is not is named.
    pub fn check(&self) -> OpsResult<()> {
        match self {
            MigrateRoles::Password { domain, so, co, .. } => {
                for (s, f) in [
                    (domain, Field::CloningDomain),
                    (so, Field::SoPassword),
                    (co, Field::CoPassword),
                ] {
                    s.check(f)?;
                }
            }
            MigrateRoles::Ped { co_challenge, .. } => co_challenge.check(Field::CoChallenge)?,
        }
        Ok(())
    }

    /// Whether the operator said the source's challenge is not the default (password: n/a).
    pub fn default_challenge_set(&self) -> bool {
        matches!(
            self,
            MigrateRoles::Ped {
                challenge_changed: false,
                ..
            }
        )
    }

    /// Hands the job its secrets: where the steps find each one.
    pub fn wire(&self, executor: &mut LunaExecutor, secrets: &mut Vec<SecretString>) {
        let mut index = |s: &SecretString| {
            secrets.push(s.clone());
            secrets.len() - 1
        };
        let client_host = executor.manage.client_host.clone();
        match self {
            MigrateRoles::Password {
                domain,
                so,
                co,
                source_co,
            } => {
                let (domain, so, co) = (index(&domain.value), index(&so.value), index(&co.value));
                executor.manage = ManageSteps {
                    domain: Some(domain),
                    partition_so: Some(so),
                    co: Some(co),
                    cu: None,
                    source_co: Some(index(source_co)),
                    client_host,
                };
                // A target whose software creates and initializes in one step takes the
                // partition password and the domain at `partition create`.
                executor.lifecycle = LifecycleSecrets {
                    so: Some(so),
                    co: Some(co),
                    domain: Some(domain),
                    ..LifecycleSecrets::default()
                };
            }
            MigrateRoles::Ped { co_challenge, .. } => {
                let challenge = index(&co_challenge.value);
                executor.manage = ManageSteps {
                    domain: None,
                    partition_so: None,
                    co: Some(challenge),
                    cu: None,
                    source_co: Some(challenge),
                    client_host,
                };
                executor.lifecycle = LifecycleSecrets {
                    co_challenge: Some(challenge),
                    ..LifecycleSecrets::default()
                };
            }
        }
    }
}

/// One target's partition: what it is called and holds, and where it is cloned from.
pub(crate) struct TargetPartition<'a> {
    pub label: &'a str,
    pub size: u64,
    pub version: PartitionVersion,
    pub source: &'a PartitionSerial,
    /// The step that assigns the partition to the client host's NTLS client, when it has one.
    pub assign: Option<PlanStep>,
}

/// The steps of one target, after its HSM SO login: create the partition (undone when a later
/// step fails), assign it to the client host, initialize it (PED: with the PED keys; software
/// below 7 creates and initializes in one step), activate a PED partition's crypto officer
/// with the challenge, clone the source to it, and read the partitions again.
pub(crate) fn target_steps(d: &Device, t: TargetPartition<'_>, ped: bool) -> Vec<PlanStep> {
    let on = |action, undo| PlanStep::new(&d.serial, &d.name, action, undo);
    let name = t.label.to_string();
    let undo = Some(StepAction::DeletePartition { name: name.clone() });
    let legacy = init_route(d.facts.software, d.facts.firmware) == InitRoute::LegacyCreate;
    let mut steps = Vec::new();
    if legacy {
        let create = StepAction::CreateLegacyPartition {
            name: name.clone(),
            size: t.size,
        };
        steps.push(on(create, undo));
    } else {
        let create = StepAction::CreatePartition {
            name: name.clone(),
            size: t.size,
            version: t.version,
        };
        steps.push(on(create, undo));
    }
    steps.extend(t.assign);
    if !legacy {
        let init = StepAction::InitializeMember {
            name: name.clone(),
            serial: PartitionSerial::new(""),
            label: t.label.to_string(),
        };
        steps.push(on(init, None));
    }
    if ped {
        for policy in [22, 23] {
            let action = StepAction::SetPartitionPolicy {
                name: name.clone(),
                policy,
                value: true,
            };
            steps.push(on(action, None));
        }
        steps.push(on(
            StepAction::ActivatePartitionCo { name: name.clone() },
            None,
        ));
    }
    let clone = StepAction::ClonePartition {
        source: t.source.clone(),
        target: name,
    };
    steps.push(on(clone, None));
    steps.push(PlanStep::read(
        &d.serial,
        &d.name,
        StepAction::RefreshPartitions,
    ));
    steps
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;
    use secrecy::ExposeSecret;

    fn twice(s: &str) -> ConfirmedSecret {
        ConfirmedSecret::new(SecretString::from(s), SecretString::from(s))
    }

    fn at(secrets: &[SecretString], i: Option<usize>) -> &str {
        i.and_then(|i| secrets.get(i))
            .map_or("", |s| s.expose_secret())
    }

    #[test]
    fn mig_2_a_ped_migration_hands_the_challenge_to_activation_and_both_logins_only() {
        let roles = MigrateRoles::Ped {
            ped: PedServer {
                host: "ped.test".into(),
                port: 1503,
            },
            co_challenge: twice("the-challenge-1"),
            challenge_changed: true,
        };
        let mut ex = LunaExecutor::default();
        let mut secrets = vec![SecretString::from("hsm-so")];
        roles.wire(&mut ex, &mut secrets);
        assert_eq!(at(&secrets, ex.lifecycle.co_challenge), "the-challenge-1");
        assert_eq!(at(&secrets, ex.manage.co), "the-challenge-1", "target CO");
        assert_eq!(
            at(&secrets, ex.manage.source_co),
            "the-challenge-1",
            "source CO"
        );
        // Nothing else is answered with it: PED prompts take keys, not typed secrets.
        for none in [ex.manage.domain, ex.manage.partition_so, ex.lifecycle.so] {
            assert_eq!(none, None);
        }
        assert_eq!(secrets.len(), 2, "one copy of the challenge");
        assert!(!format!("{roles:?}").contains("the-challenge-1"));
    }

    #[test]
    fn mig_2_a_password_migration_puts_each_secret_where_its_prompt_is() {
        let roles = MigrateRoles::Password {
            domain: twice("the-domain-1"),
            so: twice("the-so-pass-1"),
            co: twice("the-co-pass-1"),
            source_co: SecretString::from("the-source-co-1"),
        };
        let mut ex = LunaExecutor::default();
        let mut secrets = Vec::new();
        roles.wire(&mut ex, &mut secrets);
        assert_eq!(at(&secrets, ex.manage.domain), "the-domain-1");
        assert_eq!(at(&secrets, ex.manage.partition_so), "the-so-pass-1");
        assert_eq!(at(&secrets, ex.manage.co), "the-co-pass-1");
        assert_eq!(at(&secrets, ex.manage.source_co), "the-source-co-1");
        assert_eq!(at(&secrets, ex.lifecycle.co), "the-co-pass-1");
        assert_eq!(ex.lifecycle.co_challenge, None);
        let shown = format!("{roles:?}");
        for s in [
            "the-domain-1",
            "the-so-pass-1",
            "the-co-pass-1",
            "the-source-co-1",
        ] {
            assert!(!shown.contains(s), "{s} in Debug");
        }
    }
}
