//! Names and labels typed by users: service names (≤ 28, unique), partition names (LunaSH
//! character set), partition labels and template names.

use super::{check_length, describe_char, reject_control};
use crate::domain::error::{DomainError, DomainResult, Field};
use crate::domain::ids::{ServiceId, TemplateId};

/// Longest service name (IMP-2, IMP-5: "limited to 28 characters").
pub const MAX_SERVICE_NAME_CHARS: usize = 28;
/// Longest partition name or label (LUNASH.md).
pub const MAX_PARTITION_NAME_CHARS: usize = 32;
/// Longest template name.
pub const MAX_TEMPLATE_NAME_CHARS: usize = 64;
/// Punctuation LunaSH accepts in partition names, besides letters and digits.
pub const PARTITION_NAME_PUNCTUATION: &str = "!#$%'()*+,-./:=@[]^_{}~";

/// Checks a name typed for a console object: trimmed, length in characters (not bytes), no
/// control characters, unique case-insensitively among `existing` except the one being edited.
fn unique_name<Id: PartialEq + Copy>(
    field: Field,
    noun: &str,
    name: &str,
    max: usize,
    existing: &[(Id, &str)],
    editing: Option<Id>,
) -> DomainResult<String> {
    let trimmed = name.trim();
    check_length(field, trimmed.chars().count(), 1, max)?;
    reject_control(field, trimmed)?;
    let wanted = trimmed.to_lowercase();
    let clash = existing
        .iter()
        .filter(|(id, _)| Some(*id) != editing)
        .find(|(_, other)| other.trim().to_lowercase() == wanted);
    if let Some((_, other)) = clash {
        return Err(DomainError::invalid(
            field,
            format!("a {noun} named '{}' already exists", other.trim()),
        ));
    }
    Ok(trimmed.to_string())
}

/// Service name (SVC-1, IMP-5, MNG-2): trimmed, 1–28 characters, no control characters, unique
/// case-insensitively among `existing` except the service being edited. Returns the trimmed name.
pub fn validate_service_name(
    name: &str,
    existing: &[(ServiceId, &str)],
    editing: Option<ServiceId>,
) -> DomainResult<String> {
    unique_name(
        Field::ServiceName,
        "service",
        name,
        MAX_SERVICE_NAME_CHARS,
        existing,
        editing,
    )
}

/// Template name (TPL-2, TPL-4): trimmed, 1–64 characters, unique like service names.
pub fn validate_template_name(
    name: &str,
    existing: &[(TemplateId, &str)],
    editing: Option<TemplateId>,
) -> DomainResult<String> {
    unique_name(
        Field::TemplateName,
        "template",
        name,
        MAX_TEMPLATE_NAME_CHARS,
        existing,
        editing,
    )
}

/// Partition name as LunaSH accepts it (LUNASH.md): 1–32 characters, ASCII letters, digits and
/// `!#$%'()*+,-./:=@[]^_{}~` only, never starting with a digit. Not trimmed: a space is refused
/// and named like any other character.
pub fn validate_partition_name(name: &str) -> DomainResult<()> {
    let field = Field::PartitionName;
    check_length(field, name.chars().count(), 1, MAX_PARTITION_NAME_CHARS)?;
    if let Some(c) = name
        .chars()
        .find(|c| !c.is_ascii_alphanumeric() && !PARTITION_NAME_PUNCTUATION.contains(*c))
    {
        return Err(DomainError::invalid(
            field,
            format!(
                "character {} is not allowed (letters, digits and {PARTITION_NAME_PUNCTUATION} only)",
                describe_char(c)
            ),
        ));
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        return Err(DomainError::invalid(field, "must not start with a digit"));
    }
    Ok(())
}

/// Partition label (INIT-2, INIT-3). Assumed rule (no vendor statement found): 1–32 printable
/// characters (no control characters), without leading or trailing spaces.
pub fn validate_partition_label(label: &str) -> DomainResult<()> {
    let field = Field::PartitionLabel;
    check_length(field, label.chars().count(), 1, MAX_PARTITION_NAME_CHARS)?;
    reject_control(field, label)?;
    if label.starts_with(char::is_whitespace) || label.ends_with(char::is_whitespace) {
        return Err(DomainError::invalid(
            field,
            "must not start or end with a space",
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sid(n: i64) -> ServiceId {
        ServiceId(n)
    }

    #[test]
    fn svc_1_service_name_good_values() {
        let existing = [(sid(1), "Payments"), (sid(2), "PKI root")];
        let accents = "é".repeat(28);
        let good = [
            ("web-tls", None, "web-tls"),
            ("  web-tls  ", None, "web-tls"),
            (
                "abcdefghijklmnopqrstuvwxyz12",
                None,
                "abcdefghijklmnopqrstuvwxyz12",
            ),
            (accents.as_str(), None, accents.as_str()),
            ("payments", Some(sid(1)), "payments"),
            ("Clé de signature", None, "Clé de signature"),
        ];
        for (name, editing, want) in good {
            assert_eq!(
                validate_service_name(name, &existing, editing),
                Ok(want.to_string()),
                "{name:?}"
            );
        }
    }

    #[test]
    fn svc_1_service_name_bad_values_name_the_problem() {
        let existing = [(sid(1), "Payments"), (sid(2), "PKI root")];
        let accents = "é".repeat(29);
        let bad = [
            ("", None, "Service Name: required"),
            ("   ", None, "Service Name: required"),
            (
                "abcdefghijklmnopqrstuvwxyz123",
                None,
                "Service Name: 29 characters, at most 28 allowed",
            ),
            (
                accents.as_str(),
                None,
                "Service Name: 29 characters, at most 28 allowed",
            ),
            (
                "web\ttls",
                None,
                "Service Name: control character U+0009 at position 4 is not allowed",
            ),
            (
                "web\u{1b}[2J",
                None,
                "Service Name: control character U+001B at position 4 is not allowed",
            ),
            (
                "PAYMENTS",
                None,
                "Service Name: a service named 'Payments' already exists",
            ),
            (
                " pki ROOT ",
                Some(sid(1)),
                "Service Name: a service named 'PKI root' already exists",
            ),
        ];
        for (name, editing, want) in bad {
            let err = validate_service_name(name, &existing, editing).unwrap_err();
            assert_eq!(err.to_string(), want, "{name:?}");
            assert_eq!(err.field(), Some(Field::ServiceName));
        }
    }

    #[test]
    fn tpl_2_template_name_unique_and_bounded() {
        let existing = [(TemplateId(7), "Standard HA")];
        assert_eq!(
            validate_template_name("Gold", &existing, None),
            Ok("Gold".to_string())
        );
        assert_eq!(
            validate_template_name("standard ha", &existing, Some(TemplateId(7))),
            Ok("standard ha".to_string())
        );
        let long = "t".repeat(65);
        let bad = [
            ("", "Template name: required"),
            (
                long.as_str(),
                "Template name: 65 characters, at most 64 allowed",
            ),
            (
                "STANDARD HA",
                "Template name: a template named 'Standard HA' already exists",
            ),
        ];
        for (name, want) in bad {
            let err = validate_template_name(name, &existing, None).unwrap_err();
            assert_eq!(err.to_string(), want);
        }
    }

    #[test]
    fn svc_1_partition_name_lunash_rule() {
        let max = "p".repeat(32);
        for good in [
            "sp_sehsm3",
            "testPar1",
            "a!#$%'()*+,-./:=@[]^_{}~",
            max.as_str(),
            "A1",
        ] {
            assert_eq!(validate_partition_name(good), Ok(()), "{good}");
        }
        let long = "p".repeat(33);
        let allowed = "(letters, digits and !#$%'()*+,-./:=@[]^_{}~ only)";
        let bad = [
            ("", "Partition name: required".to_string()),
            (
                long.as_str(),
                "Partition name: 33 characters, at most 32 allowed".to_string(),
            ),
            (
                "1abc",
                "Partition name: must not start with a digit".to_string(),
            ),
            (
                "my part",
                format!("Partition name: character space is not allowed {allowed}"),
            ),
            (
                "a\"b",
                format!("Partition name: character '\"' is not allowed {allowed}"),
            ),
            (
                "a&b",
                format!("Partition name: character '&' is not allowed {allowed}"),
            ),
            (
                "part\n",
                format!("Partition name: character U+000A is not allowed {allowed}"),
            ),
            (
                "pärt",
                format!("Partition name: character 'ä' is not allowed {allowed}"),
            ),
        ];
        for (name, want) in bad {
            let err = validate_partition_name(name).unwrap_err();
            assert_eq!(err.to_string(), want, "{name:?}");
        }
    }

    #[test]
    fn init_2_partition_label_assumed_rule() {
        let max = "L".repeat(32);
        for good in ["myLunaHSM", "Payments prod", "é-label", max.as_str()] {
            assert_eq!(validate_partition_label(good), Ok(()), "{good}");
        }
        let long = "L".repeat(33);
        let bad = [
            ("", "Partition Label: required"),
            (
                long.as_str(),
                "Partition Label: 33 characters, at most 32 allowed",
            ),
            (
                " lead",
                "Partition Label: must not start or end with a space",
            ),
            (
                "trail ",
                "Partition Label: must not start or end with a space",
            ),
            (
                "a\u{7}b",
                "Partition Label: control character U+0007 at position 2 is not allowed",
            ),
        ];
        for (label, want) in bad {
            let err = validate_partition_label(label).unwrap_err();
            assert_eq!(err.to_string(), want, "{label:?}");
        }
    }
}
