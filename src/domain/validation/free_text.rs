//! Free text a user or a device gives (descriptions, SSH user names, organization names): never a
//! character that is unsafe on a terminal (`domain::text`), always of bounded length.

use super::{check_length, describe_char};
use crate::domain::error::{DomainError, DomainResult, Field};
use crate::domain::text::first_unsafe;

/// Longest description of a template, service or import row.
pub const MAX_DESCRIPTION_CHARS: usize = 256;
/// Longest SSH user name on an appliance (assumed: no vendor limit found).
pub const MAX_SSH_USER_CHARS: usize = 64;

/// Refuses every character unsafe on a terminal (C0/C1 controls with tab and line breaks, DEL,
/// bidi overrides, zero-width characters), naming the first one and its 1-based position.
pub(crate) fn reject_control(field: Field, text: &str) -> DomainResult<()> {
    let Some((i, c)) = first_unsafe(text) else {
        return Ok(());
    };
    let kind = if c.is_control() {
        "control character"
    } else {
        "invisible or direction-changing character"
    };
    Err(DomainError::invalid(
        field,
        format!(
            "{kind} {} at position {} is not allowed",
            describe_char(c),
            i + 1
        ),
    ))
}

/// Optional free text of `field`: trimmed, 0–`max` characters, no unsafe character. Returns the
/// trimmed text.
pub fn validate_free_text(field: Field, text: &str, max: usize) -> DomainResult<String> {
    let trimmed = text.trim();
    reject_control(field, trimmed)?;
    check_length(field, trimmed.chars().count(), 0, max)?;
    Ok(trimmed.to_string())
}

/// Description of a template, service or import row: optional, trimmed, at most 256 characters,
/// no unsafe character (no escape sequence ever reaches a terminal from the database).
pub fn validate_description(text: &str) -> DomainResult<String> {
    validate_free_text(Field::Description, text, MAX_DESCRIPTION_CHARS)
}

/// SSH user of an appliance (DEV-1): trimmed, 1–64 characters, no spaces, no unsafe character,
/// no `@` or `:` (they would read as user@host or host:port), never starting with `-`. Returns
/// the trimmed user.
pub fn validate_ssh_user(text: &str) -> DomainResult<String> {
    let field = Field::SshUser;
    let user = text.trim();
    reject_control(field, user)?;
    check_length(field, user.chars().count(), 1, MAX_SSH_USER_CHARS)?;
    if let Some(c) = user
        .chars()
        .find(|c| c.is_whitespace() || matches!(c, '@' | ':'))
    {
        return Err(DomainError::invalid(
            field,
            format!(
                "character {} is not allowed in a user name",
                describe_char(c)
            ),
        ));
    }
    if user.starts_with('-') {
        return Err(DomainError::invalid(field, "must not start with '-'"));
    }
    Ok(user.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The hostile inputs of issue 9 item 5, with the character each refusal names.
    const HOSTILE: [(&str, &str); 8] = [
        ("a\u{1b}b", "control character U+001B at position 2"),
        ("bell\u{7}", "control character U+0007 at position 5"),
        ("\u{1b}[31mred", "control character U+001B at position 1"),
        (
            "t\u{1b}]0;title\u{7}",
            "control character U+001B at position 2",
        ),
        ("c1\u{9b}31m", "control character U+009B at position 3"),
        ("del\u{7f}", "control character U+007F at position 4"),
        (
            "evil\u{202E}txt",
            "invisible or direction-changing character U+202E at position 5",
        ),
        (
            "zero\u{200B}width",
            "invisible or direction-changing character U+200B at position 5",
        ),
    ];

    #[test]
    fn x_4_descriptions_refuse_escapes_and_invisible_characters() {
        for (text, want) in HOSTILE {
            let err = validate_description(text).unwrap_err();
            assert_eq!(
                err.to_string(),
                format!("Description: {want} is not allowed"),
                "{text:?}"
            );
            assert_eq!(err.field(), Some(Field::Description));
        }
        assert_eq!(
            validate_description("multi\nline").unwrap_err().to_string(),
            "Description: control character U+000A at position 6 is not allowed"
        );
    }

    #[test]
    fn x_4_descriptions_are_optional_trimmed_and_bounded() {
        assert_eq!(validate_description(""), Ok(String::new()));
        assert_eq!(
            validate_description("  Payments (prod) – ü  "),
            Ok("Payments (prod) – ü".to_string())
        );
        let max = "d".repeat(MAX_DESCRIPTION_CHARS);
        assert_eq!(validate_description(&max), Ok(max.clone()));
        let long = "d".repeat(MAX_DESCRIPTION_CHARS + 1);
        assert_eq!(
            validate_description(&long).unwrap_err().to_string(),
            "Description: 257 characters, at most 256 allowed"
        );
    }

    #[test]
    fn dev_1_ssh_user_rule() {
        for (text, want) in [
            ("admin", "admin"),
            (" operator ", "operator"),
            ("a.b_c-1", "a.b_c-1"),
        ] {
            assert_eq!(validate_ssh_user(text), Ok(want.to_string()));
        }
        for (text, want) in HOSTILE {
            let err = validate_ssh_user(text).unwrap_err();
            assert_eq!(
                err.to_string(),
                format!("SSH user: {want} is not allowed"),
                "{text:?}"
            );
        }
        let long = "u".repeat(MAX_SSH_USER_CHARS + 1);
        let bad = [
            ("", "SSH user: required"),
            ("   ", "SSH user: required"),
            (long.as_str(), "SSH user: 65 characters, at most 64 allowed"),
            (
                "ad min",
                "SSH user: character space is not allowed in a user name",
            ),
            (
                "admin@host",
                "SSH user: character '@' is not allowed in a user name",
            ),
            ("-oProxyCommand", "SSH user: must not start with '-'"),
            (
                "\u{1b}]0;x\u{7}",
                "SSH user: control character U+001B at position 1 is not allowed",
            ),
        ];
        for (text, want) in bad {
            assert_eq!(
                validate_ssh_user(text).unwrap_err().to_string(),
                want,
                "{text:?}"
            );
        }
    }
}
