//! Pure validators for everything a user types into a form (names, sizes, secrets, PED server,
//! devices, accounts): each returns the cleaned value or `DomainError::Invalid` naming the field.

mod device_form;
mod free_text;
mod ha_label;
mod names;
mod secrets;

pub use device_form::{
    MAX_DEVICE_NAME_CHARS, MAX_USERNAME_CHARS, parse_port, validate_device_name, validate_host,
    validate_ped_server, validate_username,
};
pub(crate) use free_text::reject_control;
pub use free_text::{
    MAX_DESCRIPTION_CHARS, MAX_SSH_USER_CHARS, validate_description, validate_free_text,
    validate_ssh_user,
};
pub use ha_label::{MAX_HA_GROUP_LABEL_CHARS, validate_ha_group_label};
pub use names::{
    MAX_PARTITION_NAME_CHARS, MAX_SERVICE_NAME_CHARS, MAX_TEMPLATE_NAME_CHARS,
    PARTITION_NAME_PUNCTUATION, validate_partition_label, validate_partition_name,
    validate_service_name, validate_template_name,
};
pub use secrets::{
    MAX_SECRET_CHARS, MIN_ACCOUNT_PASSWORD_CHARS, MIN_SECRET_CHARS, PED_CHALLENGE_DIGITS,
    account_password_twice, secrets_equal, validate_account_password, validate_ped_challenge_16,
    validate_secret, validate_so_password,
};

use super::error::{DomainError, DomainResult, Field};
use super::ids::HsmSerial;
use super::template::ServiceType;

/// Smallest partition size the console accepts, in bytes (SIZE-1, TPL-2).
pub const MIN_PARTITION_SIZE: u64 = 1000;
/// Largest partition size the console accepts, in bytes (SIZE-1, TPL-2).
pub const MAX_PARTITION_SIZE: u64 = 99_999_999;

/// Describes one character for a message without echoing invisible ones raw: `'x'`, `space`,
/// or `U+0009` (controls, whitespace, bidi and zero-width characters).
pub(crate) fn describe_char(c: char) -> String {
    if c == ' ' {
        "space".to_string()
    } else if super::text::is_unsafe_char(c) || c.is_whitespace() {
        format!("U+{:04X}", u32::from(c))
    } else {
        format!("'{c}'")
    }
}

/// Checks a character count against `min..=max`, naming the count in the message.
pub(crate) fn check_length(field: Field, count: usize, min: usize, max: usize) -> DomainResult<()> {
    if count == 0 && min > 0 {
        return Err(DomainError::invalid(field, "required"));
    }
    if count < min {
        return Err(DomainError::invalid(
            field,
            format!("{count} characters, at least {min} required"),
        ));
    }
    if count > max {
        return Err(DomainError::invalid(
            field,
            format!("{count} characters, at most {max} allowed"),
        ));
    }
    Ok(())
}

/// Checks a size in bytes against 1000–99999999 (SIZE-1).
pub fn check_partition_size(size: u64) -> DomainResult<()> {
    if size < MIN_PARTITION_SIZE {
        return Err(DomainError::invalid(
            Field::PartitionSize,
            format!("{size} is below the minimum of {MIN_PARTITION_SIZE}"),
        ));
    }
    if size > MAX_PARTITION_SIZE {
        return Err(DomainError::invalid(
            Field::PartitionSize,
            format!("{size} is above the maximum of {MAX_PARTITION_SIZE}"),
        ));
    }
    Ok(())
}

/// Parses the partition size field (SIZE-1): digits only (no sign, spaces, letters or
/// separators), value 1000–99999999. Never panics, whatever the text.
pub fn parse_partition_size(text: &str) -> DomainResult<u64> {
    if text.is_empty() {
        return Err(DomainError::invalid(Field::PartitionSize, "required"));
    }
    if let Some(c) = text.chars().find(|c| !c.is_ascii_digit()) {
        return Err(DomainError::invalid(
            Field::PartitionSize,
            format!("digits only; {} is not allowed", describe_char(c)),
        ));
    }
    let significant = text.trim_start_matches('0');
    // More than 20 significant digits cannot fit in a u64, and is far above the maximum anyway.
    let value = if significant.is_empty() {
        Some(0)
    } else if significant.len() > 20 {
        None
    } else {
        significant.parse::<u64>().ok()
    };
    match value {
        Some(v) => check_partition_size(v).map(|()| v),
        None => Err(DomainError::invalid(
            Field::PartitionSize,
            format!("the value is above the maximum of {MAX_PARTITION_SIZE}"),
        )),
    }
}

/// Checks that `size` bytes fit on every device (SIZE-1): `devices` pairs a device name with the
/// bytes available to this partition there (for a resize: the device's free storage plus the
/// partition's current size). Every device that is short is named with its free bytes.
pub fn check_size_fits(size: u64, devices: &[(&str, u64)]) -> DomainResult<()> {
    let short: Vec<String> = devices
        .iter()
        .filter(|(_, free)| size > *free)
        .map(|(name, free)| format!("{name} ({free} bytes free)"))
        .collect();
    if short.is_empty() {
        return Ok(());
    }
    Err(DomainError::invalid(
        Field::PartitionSize,
        format!(
            "{size} bytes is more than the free storage on {}",
            short.join(", ")
        ),
    ))
}

/// Checks the devices chosen for a service (SVC-1): a standalone partition has exactly one
/// device; an HA group has at least two, all distinct (the duplicated serial is named).
/// The fewest devices an HA group has.
pub const MIN_HA_MEMBERS: usize = 2;

/// How many devices a service of `service_type` needs, as a sentence (shown while choosing).
pub fn members_needed(service_type: ServiceType) -> String {
    match service_type {
        ServiceType::Partition => "an HSM Partition needs exactly one device".into(),
        ServiceType::HaGroup => format!("an HA group needs at least {MIN_HA_MEMBERS} devices"),
    }
}

pub fn validate_ha_members(service_type: ServiceType, devices: &[HsmSerial]) -> DomainResult<()> {
    match service_type {
        ServiceType::Partition => {
            if devices.len() != 1 {
                return Err(DomainError::invalid(
                    Field::Devices,
                    format!(
                        "an HSM Partition service needs exactly one device, {} selected",
                        devices.len()
                    ),
                ));
            }
        }
        ServiceType::HaGroup => {
            if devices.len() < MIN_HA_MEMBERS {
                return Err(DomainError::invalid(
                    Field::Devices,
                    format!(
                        "an HA group needs at least 2 devices, {} selected",
                        devices.len()
                    ),
                ));
            }
            for (i, serial) in devices.iter().enumerate() {
                if devices.iter().skip(i + 1).any(|other| other == serial) {
                    return Err(DomainError::invalid(
                        Field::Devices,
                        format!(
                            "device {serial} is selected twice; HA members must be on distinct devices"
                        ),
                    ));
                }
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn size_1_parse_partition_size_table() {
        let good = [
            ("1000", 1000),
            ("99999999", 99_999_999),
            ("648381", 648_381),
            ("0001000", 1000),
        ];
        for (text, want) in good {
            assert_eq!(parse_partition_size(text), Ok(want), "{text}");
        }
        let bad = [
            ("", "Partition size (bytes): required"),
            (
                "999",
                "Partition size (bytes): 999 is below the minimum of 1000",
            ),
            (
                "0",
                "Partition size (bytes): 0 is below the minimum of 1000",
            ),
            (
                "100000000",
                "Partition size (bytes): 100000000 is above the maximum of 99999999",
            ),
            (
                "123456789012345678901234567890",
                "Partition size (bytes): the value is above the maximum of 99999999",
            ),
            (
                "-1000",
                "Partition size (bytes): digits only; '-' is not allowed",
            ),
            (
                "+1000",
                "Partition size (bytes): digits only; '+' is not allowed",
            ),
            (
                " 1000",
                "Partition size (bytes): digits only; space is not allowed",
            ),
            (
                "1000\t",
                "Partition size (bytes): digits only; U+0009 is not allowed",
            ),
            (
                "10k",
                "Partition size (bytes): digits only; 'k' is not allowed",
            ),
            (
                "1,000",
                "Partition size (bytes): digits only; ',' is not allowed",
            ),
            (
                "1e4",
                "Partition size (bytes): digits only; 'e' is not allowed",
            ),
            (
                "١٠٠٠",
                "Partition size (bytes): digits only; '١' is not allowed",
            ),
        ];
        for (text, want) in bad {
            let err = parse_partition_size(text).unwrap_err();
            assert_eq!(err.to_string(), want, "{text:?}");
            assert_eq!(err.field(), Some(Field::PartitionSize));
        }
    }

    #[test]
    fn size_1_more_than_free_storage_names_the_devices() {
        assert_eq!(
            check_size_fits(5000, &[("hsm-a", 5000), ("hsm-b", 9000)]),
            Ok(())
        );
        assert_eq!(check_size_fits(5000, &[]), Ok(()));
        let err =
            check_size_fits(5000, &[("hsm-a", 4999), ("hsm-b", 9000), ("hsm-c", 10)]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "Partition size (bytes): 5000 bytes is more than the free storage on \
             hsm-a (4999 bytes free), hsm-c (10 bytes free)"
        );
    }

    #[test]
    fn svc_1_device_count_and_distinct_members() {
        let s = |x: &str| HsmSerial::new(x);
        assert_eq!(
            validate_ha_members(ServiceType::Partition, &[s("1")]),
            Ok(())
        );
        assert_eq!(
            validate_ha_members(ServiceType::HaGroup, &[s("1"), s("2"), s("3")]),
            Ok(())
        );
        let bad: [(ServiceType, Vec<HsmSerial>, &str); 5] = [
            (
                ServiceType::Partition,
                vec![],
                "Devices: an HSM Partition service needs exactly one device, 0 selected",
            ),
            (
                ServiceType::Partition,
                vec![s("1"), s("2")],
                "Devices: an HSM Partition service needs exactly one device, 2 selected",
            ),
            (
                ServiceType::HaGroup,
                vec![s("1")],
                "Devices: an HA group needs at least 2 devices, 1 selected",
            ),
            (
                ServiceType::HaGroup,
                vec![s("572413"), s("572413")],
                "Devices: device 572413 is selected twice; HA members must be on distinct devices",
            ),
            (
                ServiceType::HaGroup,
                vec![s("1"), s("2"), s("1")],
                "Devices: device 1 is selected twice; HA members must be on distinct devices",
            ),
        ];
        for (kind, devices, want) in bad {
            let err = validate_ha_members(kind, &devices).unwrap_err();
            assert_eq!(err.to_string(), want);
        }
    }

    proptest! {
        #[test]
        fn size_1_parse_never_panics_and_accepts_exactly_digits_in_range(text in ".*") {
            let result = parse_partition_size(&text);
            let digits = !text.is_empty() && text.chars().all(|c| c.is_ascii_digit());
            let in_range = digits
                && text
                    .parse::<u128>()
                    .map(|v| (1000..=99_999_999).contains(&v))
                    .unwrap_or(false);
            prop_assert_eq!(result.is_ok(), in_range, "{:?} -> {:?}", text, result);
            if let Ok(v) = result {
                prop_assert_eq!(Some(u128::from(v)), text.parse::<u128>().ok());
            }
        }

        #[test]
        fn size_1_digit_strings_parse_to_their_value(n in 0u64..200_000_000, zeros in 0usize..4) {
            let text = format!("{}{n}", "0".repeat(zeros));
            let result = parse_partition_size(&text);
            prop_assert_eq!(result.is_ok(), (1000..=99_999_999).contains(&n));
            if let Ok(v) = result {
                prop_assert_eq!(v, n);
            }
        }
    }
}
