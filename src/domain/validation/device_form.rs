//! The device form (DEV-1), the remote PED server (DEV-2, INIT-3) and account usernames (NAV-4):
//! names, hosts and ports as typed, checked before anything connects.

use super::{check_length, describe_char, reject_control};
use crate::domain::device::{DEFAULT_PED_PORT, PedServer};
use crate::domain::error::{DomainError, DomainResult, Field};

/// Longest device name in the console.
pub const MAX_DEVICE_NAME_CHARS: usize = 64;
/// Longest host name (DNS limit).
pub const MAX_HOST_CHARS: usize = 253;
/// Longest console username.
pub const MAX_USERNAME_CHARS: usize = 32;

/// Device name (DEV-1): trimmed, 1–64 characters, no control characters, unique
/// case-insensitively among `existing` names. When editing, `current` is the device's own name,
/// which it may keep. Returns the trimmed name.
pub fn validate_device_name(
    name: &str,
    existing: &[&str],
    current: Option<&str>,
) -> DomainResult<String> {
    let field = Field::DeviceName;
    let trimmed = name.trim();
    check_length(field, trimmed.chars().count(), 1, MAX_DEVICE_NAME_CHARS)?;
    reject_control(field, trimmed)?;
    let wanted = trimmed.to_lowercase();
    let own = current.map(|c| c.trim().to_lowercase());
    let clash = existing.iter().find(|other| {
        let other = other.trim().to_lowercase();
        other == wanted && Some(&other) != own.as_ref()
    });
    if let Some(other) = clash {
        return Err(DomainError::invalid(
            field,
            format!("a device named '{}' already exists", other.trim()),
        ));
    }
    Ok(trimmed.to_string())
}

fn check_host(field: Field, host: &str) -> DomainResult<String> {
    let trimmed = host.trim();
    check_length(field, trimmed.chars().count(), 1, MAX_HOST_CHARS)?;
    // Host names, IPv4 and IPv6 addresses (with optional brackets and zone id) only.
    if let Some(c) = trimmed.chars().find(|c| {
        !(c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | ':' | '[' | ']' | '%'))
    }) {
        return Err(DomainError::invalid(
            field,
            format!(
                "character {} is not allowed in a host name or address",
                describe_char(c)
            ),
        ));
    }
    if trimmed.starts_with('-') {
        return Err(DomainError::invalid(field, "must not start with '-'"));
    }
    Ok(trimmed.to_string())
}

/// Appliance host (DEV-1): a host name or an IPv4/IPv6 address, trimmed, without spaces or
/// other characters a host cannot contain, never starting with `-` (it would read as an option).
pub fn validate_host(host: &str) -> DomainResult<String> {
    check_host(Field::Host, host)
}

fn parse_port_field(field: Field, text: &str) -> DomainResult<u16> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err(DomainError::invalid(field, "required"));
    }
    if let Some(c) = trimmed.chars().find(|c| !c.is_ascii_digit()) {
        return Err(DomainError::invalid(
            field,
            format!("digits only; {} is not allowed", describe_char(c)),
        ));
    }
    let range = || DomainError::invalid(field, "must be between 1 and 65535");
    match trimmed.trim_start_matches('0').parse::<u16>() {
        Ok(0) => Err(range()),
        Ok(port) => Ok(port),
        // Empty after trimming zeros means the value was 0; otherwise it overflowed u16.
        Err(_) => Err(range()),
    }
}

/// SSH port of an appliance (DEV-1): digits, 1–65535.
pub fn parse_port(text: &str) -> DomainResult<u16> {
    parse_port_field(Field::Port, text)
}

/// Remote PED server (DEV-2, INIT-3): host required without spaces; port 1–65535, an empty port
/// meaning the default 1503.
pub fn validate_ped_server(host: &str, port: &str) -> DomainResult<PedServer> {
    let host = check_host(Field::PedServer, host)?;
    let port = if port.trim().is_empty() {
        DEFAULT_PED_PORT
    } else {
        parse_port_field(Field::PedPort, port)?
    };
    Ok(PedServer { host, port })
}

/// Console account username (NAV-4): 1–32 characters from `A-Z a-z 0-9 . _ -`. Not trimmed:
/// a space is refused like any other character.
pub fn validate_username(name: &str) -> DomainResult<()> {
    let field = Field::Username;
    check_length(field, name.chars().count(), 1, MAX_USERNAME_CHARS)?;
    if let Some(c) = name
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-')))
    {
        return Err(DomainError::invalid(
            field,
            format!(
                "character {} is not allowed (letters, digits, '.', '_' and '-' only)",
                describe_char(c)
            ),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dev_1_device_name_unique_and_bounded() {
        let existing = ["hsm-a", "HSM B"];
        assert_eq!(
            validate_device_name(" hsm-c ", &existing, None),
            Ok("hsm-c".to_string())
        );
        assert_eq!(
            validate_device_name("HSM-A", &existing, Some("hsm-a")),
            Ok("HSM-A".to_string())
        );
        let long = "d".repeat(65);
        let bad = [
            ("", None, "Device name: required"),
            (
                long.as_str(),
                None,
                "Device name: 65 characters, at most 64 allowed",
            ),
            (
                "hsm b",
                None,
                "Device name: a device named 'HSM B' already exists",
            ),
            (
                "hsm b",
                Some("hsm-a"),
                "Device name: a device named 'HSM B' already exists",
            ),
            (
                "hsm\u{0}",
                None,
                "Device name: control character U+0000 at position 4 is not allowed",
            ),
        ];
        for (name, current, want) in bad {
            let err = validate_device_name(name, &existing, current).unwrap_err();
            assert_eq!(err.to_string(), want, "{name:?}");
        }
    }

    #[test]
    fn dev_1_host_and_port() {
        for (host, want) in [
            ("hsm1.example.com", "hsm1.example.com"),
            (" 10.0.0.5 ", "10.0.0.5"),
            ("fe80::1%eth0", "fe80::1%eth0"),
            ("[2001:db8::1]", "[2001:db8::1]"),
        ] {
            assert_eq!(validate_host(host), Ok(want.to_string()));
        }
        let bad = [
            ("", "Host: required"),
            (
                "my host",
                "Host: character space is not allowed in a host name or address",
            ),
            (
                "h;rm -rf",
                "Host: character ';' is not allowed in a host name or address",
            ),
            ("-oProxyCommand", "Host: must not start with '-'"),
        ];
        for (host, want) in bad {
            assert_eq!(validate_host(host).unwrap_err().to_string(), want);
        }
        for (port, want) in [("22", 22), ("65535", 65535), (" 2222 ", 2222), ("0022", 22)] {
            assert_eq!(parse_port(port), Ok(want));
        }
        let bad_ports = [
            ("", "Port: required"),
            ("0", "Port: must be between 1 and 65535"),
            ("65536", "Port: must be between 1 and 65535"),
            (
                "99999999999999999999999",
                "Port: must be between 1 and 65535",
            ),
            ("-22", "Port: digits only; '-' is not allowed"),
            ("22a", "Port: digits only; 'a' is not allowed"),
        ];
        for (port, want) in bad_ports {
            assert_eq!(parse_port(port).unwrap_err().to_string(), want, "{port}");
        }
    }

    #[test]
    fn init_3_ped_server_default_port_1503() {
        assert_eq!(
            validate_ped_server("ped.example.com", ""),
            Ok(PedServer {
                host: "ped.example.com".into(),
                port: 1503
            })
        );
        assert_eq!(
            validate_ped_server(" 10.1.1.1 ", "1600"),
            Ok(PedServer {
                host: "10.1.1.1".into(),
                port: 1600
            })
        );
        let bad = [
            ("", "", "Remote PED server: required"),
            (
                "ped host",
                "",
                "Remote PED server: character space is not allowed in a host name or address",
            ),
            (
                "ped",
                "0",
                "Remote PED server port: must be between 1 and 65535",
            ),
            (
                "ped",
                "70000",
                "Remote PED server port: must be between 1 and 65535",
            ),
            (
                "ped",
                "15o3",
                "Remote PED server port: digits only; 'o' is not allowed",
            ),
        ];
        for (host, port, want) in bad {
            let err = validate_ped_server(host, port).unwrap_err();
            assert_eq!(err.to_string(), want, "{host:?} {port:?}");
        }
    }

    #[test]
    fn nav_4_username_rule() {
        let max = "u".repeat(32);
        for good in ["admin", "j.doe", "app_owner-2", max.as_str()] {
            assert_eq!(validate_username(good), Ok(()), "{good}");
        }
        let long = "u".repeat(33);
        let allowed = "(letters, digits, '.', '_' and '-' only)";
        let bad = [
            ("", "Username: required".to_string()),
            (
                long.as_str(),
                "Username: 33 characters, at most 32 allowed".to_string(),
            ),
            (
                "j doe",
                format!("Username: character space is not allowed {allowed}"),
            ),
            (
                "jdoe@corp",
                format!("Username: character '@' is not allowed {allowed}"),
            ),
            (
                "jösé",
                format!("Username: character 'ö' is not allowed {allowed}"),
            ),
        ];
        for (name, want) in bad {
            assert_eq!(validate_username(name).unwrap_err().to_string(), want);
        }
    }
}
