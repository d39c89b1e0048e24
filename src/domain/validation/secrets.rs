//! Secrets typed by users (role passwords, challenges, cloning domains, account passwords):
//! length and confirmation checks that never put the secret in a message or in Debug output.

use crate::domain::error::{DomainError, DomainResult, Field};
use secrecy::{ExposeSecret, SecretString};

/// Shortest role password, challenge or cloning domain (INIT-2: 8 to 132 characters).
pub const MIN_SECRET_CHARS: usize = 8;
/// Longest role password, challenge or cloning domain (INIT-2).
pub const MAX_SECRET_CHARS: usize = 132;
/// Shortest console account password (NAV-4).
pub const MIN_ACCOUNT_PASSWORD_CHARS: usize = 8;
/// Digits in the challenge a PED generates for a non-PPSO service (INIT-3).
pub const PED_CHALLENGE_DIGITS: usize = 16;

/// Compares two secrets without an early exit on the first differing byte, so the time taken
/// does not reveal how much of the confirmation was right.
pub fn secrets_equal(a: &SecretString, b: &SecretString) -> bool {
    let a = a.expose_secret().as_bytes();
    let b = b.expose_secret().as_bytes();
    let mut diff = u8::from(a.len() != b.len());
    let longest = a.len().max(b.len());
    for i in 0..longest {
        let x = a.get(i).copied().unwrap_or(0);
        let y = b.get(i).copied().unwrap_or(0);
        diff |= x ^ y;
    }
    diff == 0
}

/// A secret typed twice (INIT-2, INIT-3, HA-2, and the cloning domain): 8–132 characters, no
/// control characters, confirmation equal. Messages name `field` and counts, never the secret.
pub fn validate_secret(
    secret: &SecretString,
    confirm: &SecretString,
    field: Field,
) -> DomainResult<()> {
    let text = secret.expose_secret();
    let count = text.chars().count();
    if count == 0 {
        return Err(DomainError::invalid(field, "required"));
    }
    if !(MIN_SECRET_CHARS..=MAX_SECRET_CHARS).contains(&count) {
        return Err(DomainError::invalid(
            field,
            format!(
                "must be {MIN_SECRET_CHARS} to {MAX_SECRET_CHARS} characters (its length is not shown)"
            ),
        ));
    }
    // Neither the character nor where it is: a position would tell something of the length.
    if text.chars().any(char::is_control) {
        return Err(DomainError::invalid(
            field,
            "a control character is not allowed (where is not shown)",
        ));
    }
    if !secrets_equal(secret, confirm) {
        return Err(DomainError::invalid(
            field,
            "the confirmation does not match; type it again",
        ));
    }
    Ok(())
}

/// Shortest and longest HSM SO password an appliance accepts (LUNASH.md: 8 to 255 on current
/// software): anything else would be one failed SO login of three, for nothing.
pub const MIN_SO_PASSWORD_CHARS: usize = 8;
pub const MAX_SO_PASSWORD_CHARS: usize = 255;

/// The HSM SO password typed to authorize a device (DEV-2), checked before `hsm login` is sent:
/// 8 to 255 characters, no control characters. Messages give counts, never the secret.
pub fn validate_so_password(secret: &SecretString) -> DomainResult<()> {
    let field = Field::HsmSoPassword;
    let text = secret.expose_secret();
    let count = text.chars().count();
    if count == 0 {
        return Err(DomainError::invalid(field, "required"));
    }
    if !(MIN_SO_PASSWORD_CHARS..=MAX_SO_PASSWORD_CHARS).contains(&count) {
        return Err(DomainError::invalid(
            field,
            format!(
                "an HSM SO password has {MIN_SO_PASSWORD_CHARS} to {MAX_SO_PASSWORD_CHARS} \
                 characters (its length is not shown); nothing was sent (a wrong login counts toward the \
                 three that zeroize the HSM)"
            ),
        ));
    }
    // Where it is would tell something of the length: only that there is one.
    if text.chars().any(char::is_control) {
        return Err(DomainError::invalid(
            field,
            "a control character is not allowed (where is not shown); nothing was sent",
        ));
    }
    Ok(())
}

/// The 16-digit challenge the PED generates for a non-PPSO service (INIT-3), as typed back by
/// the user who recorded it: exactly 16 ASCII digits. The message never repeats the text.
pub fn validate_ped_challenge_16(digits: &str) -> DomainResult<()> {
    let field = Field::PedChallenge;
    if digits.is_empty() {
        return Err(DomainError::invalid(field, "required"));
    }
    if !digits.chars().all(|c| c.is_ascii_digit()) {
        return Err(DomainError::invalid(field, "digits only"));
    }
    let count = digits.chars().count();
    if count != PED_CHALLENGE_DIGITS {
        return Err(DomainError::invalid(
            field,
            format!("exactly {PED_CHALLENGE_DIGITS} digits needed (the count typed is not shown)"),
        ));
    }
    Ok(())
}

/// A new account password typed twice (NAV-4): every problem at once — the policy's under
/// the password, a mismatch under its confirmation. Forms show them all; `ops` refuses on the
/// first.
pub fn account_password_twice(password: &SecretString, confirm: &SecretString) -> Vec<DomainError> {
    let mut problems = Vec::new();
    if let Err(e) = validate_account_password(password) {
        problems.push(e);
    }
    if !secrets_equal(password, confirm) {
        problems.push(DomainError::invalid(
            Field::SecretConfirmation,
            "the confirmation does not match; type it again",
        ));
    }
    problems
}

/// A console account password (NAV-4): at least 8 characters, no control characters.
pub fn validate_account_password(password: &SecretString) -> DomainResult<()> {
    let field = Field::Password;
    let text = password.expose_secret();
    let count = text.chars().count();
    if count == 0 {
        return Err(DomainError::invalid(field, "required"));
    }
    if count < MIN_ACCOUNT_PASSWORD_CHARS {
        return Err(DomainError::invalid(
            field,
            format!("{count} characters, at least {MIN_ACCOUNT_PASSWORD_CHARS} required"),
        ));
    }
    if text.chars().any(char::is_control) {
        // Same wording as `reject_control` but without quoting the character.
        return Err(DomainError::invalid(
            field,
            "control characters are not allowed",
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(text: &str) -> SecretString {
        SecretString::from(text)
    }

    #[test]
    fn dev_2_so_password_lengths_are_the_appliance_s() {
        assert!(validate_so_password(&s("8charsok")).is_ok());
        assert!(validate_so_password(&s(&"p".repeat(255))).is_ok());
        for bad in ["", "x", "7chars!", &"p".repeat(256), "tab\there-pw"] {
            let e = validate_so_password(&s(bad)).unwrap_err().to_string();
            assert!(e.starts_with("HSM SO password: "), "{e}");
            assert!(bad.is_empty() || !e.contains(bad), "{e}");
        }
    }

    #[test]
    fn init_2_secret_length_and_confirmation() {
        let max = "x".repeat(132);
        for good in [
            "12345678",
            "correct horse battery",
            "pässwörd",
            max.as_str(),
        ] {
            assert_eq!(
                validate_secret(&s(good), &s(good), Field::CoPassword),
                Ok(()),
                "{good}"
            );
        }
        let long = "x".repeat(133);
        let bad = [
            (
                "",
                "",
                Field::CoPassword,
                "Crypto Officer password: required",
            ),
            (
                "1234567",
                "1234567",
                Field::SoPassword,
                "Partition SO password: must be 8 to 132 characters (its length is not shown)",
            ),
            (
                "ääääääa",
                "ääääääa",
                Field::CuPassword,
                "Crypto User password: must be 8 to 132 characters (its length is not shown)",
            ),
            (
                long.as_str(),
                long.as_str(),
                Field::CloningDomain,
                "Cloning domain: must be 8 to 132 characters (its length is not shown)",
            ),
            (
                "secret\n12",
                "secret\n12",
                Field::CoPassword,
                "Crypto Officer password: a control character is not allowed (where is not shown)",
            ),
            (
                "hunter22hunter",
                "hunter22hunteR",
                Field::CloningDomain,
                "Cloning domain: the confirmation does not match; type it again",
            ),
            (
                "hunter22hunter",
                "hunter22",
                Field::CoChallenge,
                "Crypto Officer challenge: the confirmation does not match; type it again",
            ),
        ];
        for (secret, confirm, field, want) in bad {
            let err = validate_secret(&s(secret), &s(confirm), field).unwrap_err();
            assert_eq!(err.to_string(), want);
            assert_eq!(err.field(), Some(field));
            if !secret.is_empty() {
                assert!(!err.to_string().contains(secret), "secret leaked: {err}");
                assert!(
                    !format!("{err:?}").contains(secret),
                    "secret leaked: {err:?}"
                );
            }
        }
    }

    #[test]
    fn init_2_secrets_equal_compares_whole_values() {
        assert!(secrets_equal(&s("abcdefgh"), &s("abcdefgh")));
        assert!(secrets_equal(&s(""), &s("")));
        assert!(!secrets_equal(&s("abcdefgh"), &s("abcdefg")));
        assert!(!secrets_equal(&s("abcdefg"), &s("abcdefgh")));
        assert!(!secrets_equal(&s("abcdefgh"), &s("Abcdefgh")));
        assert!(!secrets_equal(&s("abc\0"), &s("abc")));
    }

    #[test]
    fn init_3_generated_ped_challenge_is_16_digits() {
        assert_eq!(validate_ped_challenge_16("0123456789012345"), Ok(()));
        let bad = [
            ("", "PED challenge: required"),
            (
                "012345678901234",
                "PED challenge: exactly 16 digits needed (the count typed is not shown)",
            ),
            (
                "01234567890123456",
                "PED challenge: exactly 16 digits needed (the count typed is not shown)",
            ),
            ("0123-4567-8901-2345", "PED challenge: digits only"),
            ("012345678901234a", "PED challenge: digits only"),
        ];
        for (text, want) in bad {
            let err = validate_ped_challenge_16(text).unwrap_err();
            assert_eq!(err.to_string(), want, "{text}");
        }
    }

    #[test]
    fn nav_4_account_password_at_least_8() {
        for good in ["12345678", "a much longer passphrase"] {
            assert_eq!(validate_account_password(&s(good)), Ok(()));
        }
        let bad = [
            ("", "Password: required"),
            ("short", "Password: 5 characters, at least 8 required"),
            ("1234567\t", "Password: control characters are not allowed"),
        ];
        for (text, want) in bad {
            let err = validate_account_password(&s(text)).unwrap_err();
            assert_eq!(err.to_string(), want);
        }
    }
}
