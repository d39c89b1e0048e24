//! What a question's text asks for: a secret (password, domain, challenge, PIN) or a
//! proceed/quit confirmation. The layout (where the answer goes) is `luna::prompt`'s concern.

/// A question whose text ends in `:` (spaces and tabs after it ignored) and mentions
/// `password`, `domain`, `challenge` or `PIN` (case-insensitive): LunaSH's
/// `Please enter the HSM Administrators' password:` and LunaCM's `Enter password for SO: `.
pub fn is_secret_prompt(question: &str) -> bool {
    let t = question.trim_end_matches([' ', '\t']);
    if !t.ends_with(':') {
        return false;
    }
    let lower = t.to_ascii_lowercase();
    ["password", "domain", "challenge", "pin"]
        .iter()
        .any(|w| lower.contains(w))
}

/// A proceed/quit question: `Type 'proceed' to create the initialized partition, or 'quit' to
/// quit now.` (LunaSH, answer on the next `> ` line) or `Type 'proceed' to continue, or 'quit'
/// to quit now -> ` (LunaCM, answer on the same line).
pub fn is_confirmation(question: &str) -> bool {
    let t = question.trim().to_ascii_lowercase();
    t.contains("'proceed'") && t.contains("'quit'") && (t.ends_with("->") || t.ends_with('.'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn x_1_every_known_secret_question_is_recognized() {
        for prompt in [
            // LUNASH.md, verbatim captures (the question line of the two-line layout).
            "  Please enter the HSM Administrators' password:",
            "  Please enter the Crypto Officer's password:",
            "Please enter a password for the partition:",
            "Please re-enter password to confirm:",
            "Please enter a cloning domain to use when creating this partition:",
            "Please re-enter cloning domain to confirm:",
            // docs/assumed-formats.md (LunaCM keeps the one-line layout).
            "Enter password for SO: ",
            "Re-enter password for SO: ",
            "Enter password for Crypto Officer: ",
            "Enter password for Crypto User: ",
            "Enter domain: ",
            "Re-enter domain: ",
            "Please enter the password: ",
            "Enter the PED challenge: ",
        ] {
            assert!(is_secret_prompt(prompt), "{prompt}");
            assert!(!is_confirmation(prompt), "{prompt}");
        }
    }

    #[test]
    fn x_1_other_lines_are_not_secret_questions() {
        for line in [
            "Partition Name:                            partition6",
            "Serial #: ",
            "Please enter the password",
            "[hsm1] lunash:>",
            "          be ZEROIZED!!!",
            "",
        ] {
            assert!(!is_secret_prompt(line), "{line}");
        }
    }

    #[test]
    fn x_1_confirmation_questions_of_both_shells() {
        for q in [
            "Type 'proceed' to create the initialized partition, or 'quit' to quit now.",
            "Type 'proceed' to zeroize your HSM and change the policy, or 'quit' to quit now.",
            "Type 'proceed' to continue, or 'quit' to quit now -> ",
        ] {
            assert!(is_confirmation(q), "{q}");
            assert!(!is_secret_prompt(q), "{q}");
        }
        assert!(!is_confirmation("Slot Id ->              0"));
        assert!(!is_confirmation("Type 'proceed' to continue"));
    }
}
