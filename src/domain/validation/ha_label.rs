//! HA group labels as LunaCM accepts them (assumed rule, docs/assumed-formats.md): 1–32
//! characters, ASCII letters, digits and the partition-name punctuation, no spaces.

use super::names::{MAX_PARTITION_NAME_CHARS, PARTITION_NAME_PUNCTUATION};
use super::{check_length, describe_char};
use crate::domain::error::{DomainError, DomainResult, Field};

/// Longest HA group label (assumed equal to the partition-name limit).
pub const MAX_HA_GROUP_LABEL_CHARS: usize = MAX_PARTITION_NAME_CHARS;

/// HA group label (IMP-4, MNG-2): trimmed, 1–32 characters, ASCII letters, digits and
/// `!#$%'()*+,-./:=@[]^_{}~` only (no spaces, no letters outside ASCII). The first character
/// refused is named with its position (1-based, in the trimmed label). Returns the trimmed
/// label. A leading digit is allowed (unlike partition names).
pub fn validate_ha_group_label(text: &str) -> DomainResult<String> {
    let field = Field::HaGroup;
    let label = text.trim();
    check_length(field, label.chars().count(), 1, MAX_HA_GROUP_LABEL_CHARS)?;
    let bad = label
        .chars()
        .enumerate()
        .find(|(_, c)| !c.is_ascii_alphanumeric() && !PARTITION_NAME_PUNCTUATION.contains(*c));
    if let Some((i, c)) = bad {
        return Err(DomainError::invalid(
            field,
            format!(
                "{} (character {}) is not allowed; use ASCII letters, digits and \
                 {PARTITION_NAME_PUNCTUATION}",
                describe_char(c),
                i + 1
            ),
        ));
    }
    Ok(label.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    const USE: &str = "use ASCII letters, digits and !#$%'()*+,-./:=@[]^_{}~";

    #[test]
    fn imp_4_ha_label_good_values_are_trimmed() {
        let max = "h".repeat(32);
        let good = [
            ("myHA", "myHA"),
            ("HA_1", "HA_1"),
            ("HA_12", "HA_12"),
            ("ha-group.prod", "ha-group.prod"),
            ("1st-group", "1st-group"),
            ("a!#$%'()*+,-./:=@[]^_{}~", "a!#$%'()*+,-./:=@[]^_{}~"),
            ("  newHA  ", "newHA"),
            (max.as_str(), max.as_str()),
        ];
        for (text, want) in good {
            assert_eq!(
                validate_ha_group_label(text),
                Ok(want.to_string()),
                "{text:?}"
            );
        }
    }

    #[test]
    fn imp_4_ha_label_suggestions_pass() {
        for n in [1, 2, 10, 999] {
            let suggested = format!("HA_{n}");
            assert_eq!(validate_ha_group_label(&suggested), Ok(suggested.clone()));
        }
    }

    #[test]
    fn imp_4_ha_label_bad_values_name_the_character_and_position() {
        let long = "h".repeat(33);
        let bad = [
            ("", "HA Group: required".to_string()),
            ("   ", "HA Group: required".to_string()),
            (
                long.as_str(),
                "HA Group: 33 characters, at most 32 allowed".to_string(),
            ),
            (
                "ha-ü-label",
                format!("HA Group: 'ü' (character 4) is not allowed; {USE}"),
            ),
            (
                "has space",
                format!("HA Group: space (character 4) is not allowed; {USE}"),
            ),
            (
                "ha\tgroup",
                format!("HA Group: U+0009 (character 3) is not allowed; {USE}"),
            ),
            (
                "ha\u{1b}[2J",
                format!("HA Group: U+001B (character 3) is not allowed; {USE}"),
            ),
            (
                "bad\"label",
                format!("HA Group: '\"' (character 4) is not allowed; {USE}"),
            ),
            (
                "back\\slash",
                format!("HA Group: '\\' (character 5) is not allowed; {USE}"),
            ),
            (
                " ïnner ",
                format!("HA Group: 'ï' (character 1) is not allowed; {USE}"),
            ),
        ];
        for (text, want) in bad {
            let err = validate_ha_group_label(text).unwrap_err();
            assert_eq!(err.to_string(), want, "{text:?}");
            assert_eq!(err.field(), Some(Field::HaGroup));
        }
    }
}
