//! Recognizes the questions a shell asks mid-command (no newline yet): secret prompts, which a
//! transport answers with the next secret, and proceed/quit confirmations.

/// An unfinished line ending in `:` (optionally followed by spaces) whose text mentions
/// `password`, `domain`, `challenge` or `PIN` (case-insensitive), as assumed-formats.md says.
pub fn is_secret_prompt(pending: &str) -> bool {
    let t = pending.trim_end_matches(' ');
    if !t.ends_with(':') {
        return false;
    }
    let lower = t.to_ascii_lowercase();
    ["password", "domain", "challenge", "pin"]
        .iter()
        .any(|w| lower.contains(w))
}

/// `Type 'proceed' to continue, or 'quit' to quit now -> ` (LunaSH and LunaCM).
pub fn is_confirmation(pending: &str) -> bool {
    let t = pending.trim_end();
    t.ends_with("->") && t.contains("'proceed'") && t.contains("'quit'")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_assumed_secret_prompt_is_recognized() {
        for prompt in [
            "Please enter the HSM Administrators' password: ",
            "Please enter the HSM Administrators' password:",
            "Please enter a password for the partition: ",
            "Please re-enter password to confirm: ",
            "Please enter the cloning domain to use for initializing this partition: ",
            "Please re-enter domain to confirm: ",
            "Please enter the Crypto Officer password: ",
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
    fn other_lines_are_not_secret_prompts() {
        for line in [
            "Partition Name:                            partition6",
            "Serial #: ",
            "Please enter the password",
            "[hsm1] lunash:>",
            "",
        ] {
            assert!(!is_secret_prompt(line), "{line}");
        }
    }

    #[test]
    fn confirmation_question() {
        assert!(is_confirmation(
            "Type 'proceed' to continue, or 'quit' to quit now -> "
        ));
        assert!(!is_confirmation("Slot Id ->              0"));
        assert!(!is_confirmation("Type 'proceed' to continue"));
    }
}
