//! Tests of the LunaSH builders: every command line of the LUNASH.md table, quoting, refused
//! values, secret prompt counts and redaction.

use super::*;

fn part(name: &str) -> Arg {
    Arg::partition(name).unwrap()
}
fn client(name: &str) -> Arg {
    Arg::client(name).unwrap()
}

fn every_command() -> Vec<(LunaShCommand, &'static str, usize)> {
    use LunaShCommand::*;
    vec![
        (HsmShow, "hsm show", 0),
        (HsmLogin, "hsm login", 1),
        (HsmLogout, "hsm logout", 0),
        (PartitionList, "partition list", 0),
        (
            PartitionShow {
                partition: part("sp_sehsm3"),
            },
            "partition show -partition sp_sehsm3",
            0,
        ),
        (
            PartitionCreate {
                partition: part("p1"),
                size: CreateSize::Bytes(102701),
                version: Some(PartitionVersion::V1),
                legacy_init: false,
            },
            "partition create -partition p1 -size 102701 -version 1 -force",
            0,
        ),
        (
            PartitionCreate {
                partition: part("p1"),
                size: CreateSize::AllFreeStorage,
                version: None,
                legacy_init: true,
            },
            "partition create -partition p1 -allfreestorage -force",
            4,
        ),
        (
            PartitionCreate {
                partition: part("p1"),
                size: CreateSize::Default,
                version: Some(PartitionVersion::V0),
                legacy_init: false,
            },
            "partition create -partition p1 -version 0 -force",
            0,
        ),
        (
            PartitionDelete {
                partition: part("p1"),
            },
            "partition delete -partition p1 -force",
            0,
        ),
        (
            PartitionResize {
                partition: part("p1"),
                size: 500000,
            },
            "partition resize -partition p1 -size 500000 -force",
            0,
        ),
        (
            PartitionInit {
                partition: part("p1"),
                label: Some(Arg::label("my label").unwrap()),
            },
            "partition init -partition p1 -label \"my label\"",
            4,
        ),
        (
            PartitionInit {
                partition: part("p1"),
                label: None,
            },
            "partition init -partition p1",
            4,
        ),
        (
            PartitionInitCo {
                partition: part("p1"),
            },
            "partition init co -partition p1 -force",
            2,
        ),
        (
            PartitionShowContents {
                partition: part("p1"),
            },
            "partition showContents -partition p1",
            1,
        ),
        (
            PartitionChangePolicy {
                partition: part("p1"),
                policy: 22,
                value: true,
            },
            "partition changePolicy -partition p1 -policy 22 -value 1",
            0,
        ),
        (
            PartitionChangePolicy {
                partition: part("p1"),
                policy: 41,
                value: false,
            },
            "partition changePolicy -partition p1 -policy 41 -value 0",
            0,
        ),
        (
            PartitionActivate {
                partition: part("p1"),
            },
            "partition activate -partition p1",
            1,
        ),
        (ClientList, "client list", 0),
        (
            ClientShow {
                client: client("web server 1"),
            },
            "client show -client \"web server 1\"",
            0,
        ),
        (
            ClientRegister {
                client: client("c1"),
                address: ClientAddress::Hostname(
                    Arg::new(ArgKind::Hostname, "web1.example.com").unwrap(),
                ),
            },
            "client register -client c1 -hostname web1.example.com",
            0,
        ),
        (
            ClientRegister {
                client: client("c1"),
                address: ClientAddress::Ip(Arg::new(ArgKind::IpAddress, "10.0.0.5").unwrap()),
            },
            "client register -client c1 -ip 10.0.0.5",
            0,
        ),
        (
            ClientAssignPartition {
                client: client("c1"),
                partition: part("p1"),
            },
            "client assignPartition -client c1 -partition p1",
            0,
        ),
        (
            ClientRevokePartition {
                client: client("c1"),
                partition: part("p1"),
            },
            "client revokePartition -client c1 -partition p1",
            0,
        ),
        (
            ClientFingerprint {
                client: client("c1"),
            },
            "client fingerprint -client c1",
            0,
        ),
        (
            ClientDelete {
                client: client("c 1"),
            },
            "client delete -client \"c 1\" -force",
            0,
        ),
    ]
}

#[test]
fn every_lunash_line_and_prompt_count() {
    for (cmd, line, prompts) in every_command() {
        assert_eq!(cmd.line(), line);
        assert_eq!(cmd.secret_prompts(), prompts, "{line}");
        assert_eq!(cmd.redacted(), line, "no secret is ever on the line");
        assert_eq!(cmd.to_string(), line);
    }
}

#[test]
fn commands_that_confirm_carry_force() {
    for (cmd, line, _) in every_command() {
        let confirms = matches!(
            cmd,
            LunaShCommand::PartitionCreate { .. }
                | LunaShCommand::PartitionDelete { .. }
                | LunaShCommand::PartitionResize { .. }
                | LunaShCommand::PartitionInitCo { .. }
                | LunaShCommand::ClientDelete { .. }
        );
        assert_eq!(line.ends_with(" -force"), confirms, "{line}");
    }
}

#[test]
fn names_with_specials_are_quoted() {
    for (name, rendered) in [
        ("sp_sehsm3", "sp_sehsm3"),
        ("a-b.c_d", "a-b.c_d"),
        ("p!#$%'()*+,-./:=@[]^_{}~", "\"p!#$%'()*+,-./:=@[]^_{}~\""),
        ("two words", "\"two words\""),
        ("it's", "\"it's\""),
        ("-domain", "\"-domain\""),
    ] {
        assert_eq!(part(name).rendered(), rendered);
        assert_eq!(part(name).as_str(), name);
    }
}

#[test]
fn unsendable_values_are_refused_with_a_message() {
    for (kind, value, reason, message) in [
        (
            ArgKind::PartitionName,
            "",
            Unsendable::Empty,
            "Partition name \"\" is empty",
        ),
        (
            ArgKind::PartitionName,
            "a\nhsm logout",
            Unsendable::LineBreak,
            "Partition name \"a\\nhsm logout\" contains a line break, which would end the command early",
        ),
        (
            ArgKind::ClientName,
            "a\rb",
            Unsendable::LineBreak,
            "Client name \"a\\rb\" contains a line break, which would end the command early",
        ),
        (
            ArgKind::PartitionLabel,
            "say \"hi\"",
            Unsendable::DoubleQuote,
            "Partition label \"say \\\"hi\\\"\" contains '\"', which cannot be quoted for the shell",
        ),
        (
            ArgKind::HaGroupLabel,
            "a\\b",
            Unsendable::Backslash,
            "HA group label \"a\\\\b\" contains '\\', which the shell could read as an escape",
        ),
        (
            ArgKind::Hostname,
            "a\tb",
            Unsendable::ControlCharacter,
            "Host name \"a\\tb\" contains a control character",
        ),
        (
            ArgKind::IpAddress,
            "10.0.0.300",
            Unsendable::NotAnIpAddress,
            "IP address \"10.0.0.300\" is not an IP address",
        ),
    ] {
        let e = Arg::new(kind, value).unwrap_err();
        assert_eq!(e.reason, reason, "{value:?}");
        assert_eq!(e.to_string(), message);
        let domain: crate::domain::DomainError = e.into();
        assert_eq!(domain.to_string(), message);
    }
    assert!(Arg::new(ArgKind::IpAddress, "fe80::1").is_ok());
}

#[test]
fn redaction_hides_domain_and_password_values() {
    for (line, want) in [
        (
            "partition init -partition p -label l -domain mydomain",
            "partition init -partition p -label l -domain ********",
        ),
        (
            "partition init -partition p -domain \"my secret dom\" -label l",
            "partition init -partition p -domain ******** -label l",
        ),
        (
            "hsm login -password Hunter2!",
            "hsm login -password ********",
        ),
        (
            "role login -name co -PASSWORD x",
            "role login -name co -PASSWORD ********",
        ),
        ("partition init -domain", "partition init -domain"),
        ("  client   list  ", "  client   list  "),
    ] {
        let red = redact_line(line);
        assert_eq!(red, want);
        for secret in ["mydomain", "my secret dom", "Hunter2!"] {
            assert!(!red.contains(secret), "{red}");
        }
    }
    let odd = LunaShCommand::PartitionDelete {
        partition: part("-password"),
    };
    assert_eq!(
        odd.line(),
        "partition delete -partition \"-password\" -force"
    );
    assert_eq!(
        odd.redacted(),
        odd.line(),
        "a quoted name is a value, not an option"
    );
    let init = LunaShCommand::PartitionInit {
        partition: part("p1"),
        label: Some(Arg::label("l").unwrap()),
    };
    assert!(
        !init.line().contains("-domain"),
        "the domain is always prompted"
    );
}
