//! Refused attempts in the audit trail (issue 11.13): when `authorize` refuses a changing
//! operation (PERM, read-only mode) the attempt is noted, and `record_refusals` writes it after
//! the refused unit of work has rolled back — so a refusal is never lost with the rollback.

use super::console::Console;
use super::error::OpsResult;
use crate::domain::DomainError;
use crate::domain::audit_event::{AuditEvent, Outcome};
use crate::domain::ids::OrganizationId;
use crate::domain::operation::Operation;

impl Console {
    /// Notes a refused attempt at `op` (reads are not noted: nothing was attempted).
    pub(super) fn note_refusal(
        &self,
        op: Operation,
        owner: Option<OrganizationId>,
        error: &DomainError,
    ) {
        if !op.writes() {
            return;
        }
        let event = AuditEvent {
            at: self.now(),
            actor: self.session().user.username.clone(),
            organization: owner,
            action: op.name().to_string(),
            device: None,
            target: "refused attempt".to_string(),
            outcome: Outcome::Failure {
                reason: error.to_string(),
            },
        };
        self.refused.borrow_mut().push(event);
    }

    /// Writes the refused attempts noted since the last call; how many were written. Called
    /// after each console request and each CLI command, outside any unit of work.
    pub fn record_refusals(&mut self) -> OpsResult<usize> {
        let events = self.refused.take();
        let n = events.len();
        for e in events {
            self.store.append_audit(e)?;
        }
        Ok(n)
    }
}
