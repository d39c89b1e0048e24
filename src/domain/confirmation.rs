//! Typed confirmation for irreversible actions: the user types the exact name of what is about
//! to be destroyed (DEL-2: the service name; HA-3: the partition name) before it can proceed.

use super::error::{DomainError, DomainResult};

/// Accepts only an exact, case-sensitive match of `expected`; `what` names the thing to type
/// ("service name", "partition name"). Empty or different input is refused with what to type.
pub fn confirm_typed(expected: &str, typed: &str, what: &str) -> DomainResult<()> {
    if expected.is_empty() {
        return Err(DomainError::refused(format!(
            "the {what} is empty: nothing can be confirmed"
        )));
    }
    if typed.is_empty() {
        return Err(DomainError::refused(format!(
            "type the {what} '{expected}' to confirm"
        )));
    }
    if typed != expected {
        return Err(DomainError::refused(format!(
            "'{typed}' does not match: type the {what} '{expected}' exactly to confirm"
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn del_2_exact_service_name_confirms() {
        assert_eq!(
            confirm_typed("payments", "payments", "service name"),
            Ok(())
        );
        assert_eq!(confirm_typed("a b", "a b", "service name"), Ok(()));
    }

    #[test]
    fn del_2_empty_or_different_refused() {
        for (typed, want) in [
            ("", "type the service name 'payments' to confirm"),
            (
                "Payments",
                "'Payments' does not match: type the service name 'payments' exactly to confirm",
            ),
            (
                "payments ",
                "'payments ' does not match: type the service name 'payments' exactly to confirm",
            ),
            (
                "pay",
                "'pay' does not match: type the service name 'payments' exactly to confirm",
            ),
        ] {
            let e = confirm_typed("payments", typed, "service name").unwrap_err();
            assert_eq!(e.to_string(), want, "{typed:?}");
        }
    }

    #[test]
    fn ha_3_partition_name_confirmation() {
        assert_eq!(confirm_typed("par_2", "par_2", "partition name"), Ok(()));
        let e = confirm_typed("par_2", "par_1", "partition name").unwrap_err();
        assert!(
            e.to_string().contains("type the partition name 'par_2'"),
            "{e}"
        );
    }

    #[test]
    fn del_2_empty_expected_never_confirms() {
        let e = confirm_typed("", "", "service name").unwrap_err();
        assert_eq!(
            e.to_string(),
            "the service name is empty: nothing can be confirmed"
        );
    }
}
