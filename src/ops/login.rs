//! NAV-4 sign-in with login throttling: the password check behind the failed-login counter that
//! every process on the database shares, and an audit event for every attempt, refused ones too.

use super::accounts::LOGIN_ACTION;
use super::error::{OpsError, OpsResult};
use crate::domain::DomainError;
use crate::domain::audit_event::{AuditEvent, Outcome};
use crate::domain::login_throttle::{CHECK_STALE_MS, Gate, refusal, wait_seconds};
use crate::domain::organization::User;
use crate::domain::timestamp::Timestamp;
use crate::store::{Store, StoreError};
use secrecy::SecretString;
use std::time::Duration;

/// How often an attempt waiting for a parallel attempt of the same username looks again.
const BUSY_POLL: Duration = Duration::from_millis(20);

/// Milliseconds since the Unix epoch (the throttle's clock).
pub fn unix_millis() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

fn append(
    store: &mut Store,
    at_ms: i64,
    actor: &str,
    target: &str,
    outcome: Outcome,
) -> OpsResult<()> {
    store.append_audit(AuditEvent {
        at: Timestamp(at_ms.div_euclid(1000)),
        actor: actor.to_string(),
        organization: None,
        action: LOGIN_ACTION.to_string(),
        device: None,
        target: target.to_string(),
        outcome,
    })?;
    Ok(())
}

/// The audit actor of a refused attempt: the account's name, or "unknown user" (a password
/// typed into the username field must not reach the audit trail).
fn actor(store: &Store, username: &str) -> OpsResult<String> {
    Ok(store
        .list_users()?
        .into_iter()
        .find(|u| u.username.eq_ignore_ascii_case(username))
        .map_or_else(|| "unknown user".to_string(), |u| u.username))
}

/// NAV-4 sign-in: checks the password against the stored hash and audits the attempt. After
/// failed logins of that username every further attempt waits longer (1 s, 2 s, 4 s … at most
/// 5 minutes, reset by a success): one made too soon is refused at once, unchecked, and
/// audited. An attempt while another process checks one for the same username waits for it.
pub fn login(store: &mut Store, username: &str, password: &SecretString) -> OpsResult<User> {
    login_with_clock(store, username, password, &unix_millis)
}

/// `login` with the throttle's clock given (milliseconds since the epoch), for tests.
pub fn login_with_clock(
    store: &mut Store,
    username: &str,
    password: &SecretString,
    now_ms: &dyn Fn() -> i64,
) -> OpsResult<User> {
    let who = actor(store, username)?;
    let started = now_ms();
    loop {
        let now = now_ms();
        match store.begin_login(username, now)? {
            Gate::Open => break,
            Gate::Busy if now.saturating_sub(started) < CHECK_STALE_MS => {
                std::thread::sleep(BUSY_POLL);
            }
            Gate::Busy => {
                return Err(DomainError::refused(
                    "another login for this username is being checked: try again",
                )
                .into());
            }
            Gate::Throttled { failures, wait_ms } => {
                let reason = format!(
                    "throttled after {failures} failed login(s): {} s to wait",
                    wait_seconds(wait_ms)
                );
                append(
                    store,
                    now,
                    &who,
                    "sign-in refused",
                    Outcome::Failure { reason },
                )?;
                return Err(refusal(wait_ms).into());
            }
        }
    }
    match store.verify_login(username, password) {
        Ok(user) => {
            let at = now_ms();
            store.atomically(|s| {
                s.login_succeeded(username)?;
                append(s, at, &user.username, "signed in", Outcome::Success)
            })?;
            Ok(user)
        }
        Err(e @ (StoreError::BadLogin | StoreError::AccountDisabled { .. })) => {
            let reason = match &e {
                StoreError::AccountDisabled { .. } => "account disabled",
                _ => "unknown username or wrong password",
            };
            let at = now_ms();
            // The failure and its audit event: one transaction.
            store.atomically(|s| -> OpsResult<()> {
                s.login_failed(username, at)?;
                append(
                    s,
                    at,
                    &who,
                    "sign-in refused",
                    Outcome::Failure {
                        reason: reason.into(),
                    },
                )
            })?;
            Err(OpsError::from(e))
        }
        Err(e) => {
            let _ = store.end_login_check(username);
            Err(e.into())
        }
    }
}
