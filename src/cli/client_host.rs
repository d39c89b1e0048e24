//! Where LunaCM steps run for this invocation: `[client_host]` from the configuration (the
//! embedded defaults, then the user's config.toml), overridden by `--client-host`/`-key`.

use super::args::Args;
use super::error::{CliError, CliResult};
use crate::config::{ConfigError, ConfigText};
use crate::domain::device::SshAuth;
use crate::luna::local_process::LocalProcessConfig;
use crate::ops::access::{DeviceAccess, FleetAccess, client_host_key};
use std::path::PathBuf;

/// The client host as configured.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClientHost {
    /// None configured: LunaCM steps fail with a message saying how to configure one.
    None,
    Ssh {
        host: String,
        port: u16,
        user: String,
        key: PathBuf,
    },
    Local {
        lunacm: PathBuf,
    },
}

/// `[client_host]` of a parsed configuration.
fn section(table: &toml::Table) -> Option<&toml::Table> {
    table.get("client_host").and_then(toml::Value::as_table)
}

/// Reads `[client_host]` from the embedded defaults and, when given, the user's file (each key
/// given replaces the default's); a bad value names the file and the line of its key.
pub fn from_config(user: Option<&ConfigText>) -> Result<ClientHost, ConfigError> {
    let mut merged = toml::Table::new();
    let embedded = ConfigText::embedded();
    for src in std::iter::once(&embedded).chain(user) {
        let table: toml::Table = toml::from_str(&src.text).map_err(|e| ConfigError {
            file: src.file.clone(),
            line: 0,
            message: format!("not valid TOML: {}", e.message().trim()),
        })?;
        if let Some(s) = section(&table) {
            merged.extend(s.clone());
        }
    }
    let src = user.unwrap_or(&embedded);
    parse(&merged, &|key: &str, why: String| ConfigError {
        file: src.file.clone(),
        line: src.line_of_key("client_host", Some(key)),
        message: format!("[client_host] {why}"),
    })
}

fn parse(
    t: &toml::Table,
    bad: &dyn Fn(&str, String) -> ConfigError,
) -> Result<ClientHost, ConfigError> {
    let text = |k: &str| t.get(k).and_then(toml::Value::as_str).unwrap_or("").trim();
    match text("mode") {
        "local" => {
            let lunacm = text("lunacm");
            if lunacm.is_empty() {
                return Err(bad(
                    "lunacm",
                    "mode = \"local\" needs lunacm = <LunaCM program path>".into(),
                ));
            }
            Ok(ClientHost::Local {
                lunacm: PathBuf::from(lunacm),
            })
        }
        "ssh" | "" => {
            if text("host").is_empty() {
                return Ok(ClientHost::None);
            }
            let port = t
                .get("port")
                .and_then(toml::Value::as_integer)
                .unwrap_or(22);
            let port = u16::try_from(port)
                .ok()
                .filter(|p| *p > 0)
                .ok_or_else(|| bad("port", format!("port {port} is not from 1 to 65535")))?;
            if text("key").is_empty() {
                return Err(bad(
                    "key",
                    "mode = \"ssh\" needs key = <private key file>".into(),
                ));
            }
            Ok(ClientHost::Ssh {
                host: text("host").to_string(),
                port,
                user: if text("user").is_empty() {
                    "admin".into()
                } else {
                    text("user").to_string()
                },
                key: PathBuf::from(text("key")),
            })
        }
        other => Err(bad(
            "mode",
            format!("mode = \"{other}\" is neither \"ssh\" nor \"local\""),
        )),
    }
}

/// The configuration overridden by `--client-host` and `--client-host-key`.
pub fn resolve(args: &Args, configured: ClientHost) -> CliResult<ClientHost> {
    match (&args.client_host, &args.client_host_key) {
        (Some(c), Some(key)) => Ok(ClientHost::Ssh {
            host: c.host.clone(),
            port: c.port,
            user: c.user.clone(),
            key: key.clone(),
        }),
        (Some(c), None) => match configured {
            ClientHost::Ssh { key, .. } => Ok(ClientHost::Ssh {
                host: c.host.clone(),
                port: c.port,
                user: c.user.clone(),
                key,
            }),
            _ => Err(CliError::refused(
                "--client-host needs --client-host-key PATH (the private key for its SSH login)",
            )),
        },
        (None, Some(key)) => match configured {
            ClientHost::Ssh {
                host, port, user, ..
            } => Ok(ClientHost::Ssh {
                host,
                port,
                user,
                key: key.clone(),
            }),
            _ => Err(CliError::refused(
                "--client-host-key is given but no client host: add --client-host USER@HOST[:PORT]",
            )),
        },
        (None, None) => Ok(configured),
    }
}

/// Registers the client host in `access` under `client_host_key()`.
pub fn register(access: &FleetAccess, host: &ClientHost) {
    match host {
        ClientHost::None => {}
        ClientHost::Ssh {
            host,
            port,
            user,
            key,
        } => access.register(
            &client_host_key(),
            DeviceAccess {
                name: "client host".into(),
                host: host.clone(),
                port: *port,
                user: user.clone(),
                auth: SshAuth::Key {
                    path: key.display().to_string(),
                },
            },
        ),
        ClientHost::Local { lunacm } => {
            access.set_client_host_local(LocalProcessConfig::new("lunacm@localhost", lunacm));
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use super::*;
    use clap::Parser;

    fn user(text: &str) -> ConfigText {
        ConfigText {
            file: "c.toml".into(),
            text: text.into(),
        }
    }

    #[test]
    fn x_5_embedded_default_has_no_client_host() {
        let none = from_config(None).unwrap();
        assert_eq!(none, ClientHost::None);
    }

    #[test]
    fn x_5_client_host_config_values() {
        let ssh = "[client_host]\nhost = \"ch\"\nport = 2222\nuser = \"u\"\nkey = \"/k\"";
        assert_eq!(
            from_config(Some(&user(ssh))).unwrap(),
            ClientHost::Ssh {
                host: "ch".into(),
                port: 2222,
                user: "u".into(),
                key: "/k".into()
            }
        );
        let local = "[client_host]\nmode = \"local\"\nlunacm = \"/opt/lunacm\"";
        assert_eq!(
            from_config(Some(&user(local))).unwrap(),
            ClientHost::Local {
                lunacm: "/opt/lunacm".into()
            }
        );
        let bad = [
            ("[client_host]\nmode = \"telnet\"", "neither"),
            ("[client_host]\nhost = \"h\"", "needs key"),
            (
                "[client_host]\nhost = \"h\"\nkey = \"k\"\nport = 70000",
                "1 to 65535",
            ),
            (
                "[client_host]\nmode = \"local\"\nlunacm = \"\"",
                "LunaCM program",
            ),
        ];
        for (text, want) in bad {
            let err = from_config(Some(&user(text))).unwrap_err();
            assert!(err.to_string().starts_with("c.toml:"), "{text}: {err}");
            assert!(err.line >= 1, "{text}: {err}");
            assert!(err.to_string().contains(want), "{text}: {err}");
        }
    }

    #[test]
    fn x_5_client_host_flags_override_the_configuration() {
        let args = |argv: &[&str]| Args::try_parse_from(argv).unwrap();
        let both = args(&[
            "lunadeck",
            "--client-host",
            "a@b:3",
            "--client-host-key",
            "/k",
        ]);
        let want = ClientHost::Ssh {
            host: "b".into(),
            port: 3,
            user: "a".into(),
            key: "/k".into(),
        };
        assert_eq!(resolve(&both, ClientHost::None).unwrap(), want);
        let no_key = args(&["lunadeck", "--client-host", "a@b"]);
        let err = resolve(&no_key, ClientHost::None).unwrap_err();
        assert!(err.to_string().contains("--client-host-key"), "{err}");
        let only_key = args(&["lunadeck", "--client-host-key", "/k"]);
        assert!(resolve(&only_key, ClientHost::None).is_err());
        let none = args(&["lunadeck"]);
        let local = ClientHost::Local {
            lunacm: "/l".into(),
        };
        assert_eq!(resolve(&none, local.clone()).unwrap(), local);
    }

    #[test]
    fn x_5_registered_under_the_client_host_key() {
        let access = FleetAccess::new(crate::ops::Transport::Sim {
            fleet: crate::sim::session::shared(crate::sim::model::Fleet::default()),
        });
        let host = ClientHost::Ssh {
            host: "ch".into(),
            port: 22,
            user: "u".into(),
            key: "/k".into(),
        };
        register(&access, &host);
        let a = access.access(&client_host_key()).unwrap();
        assert_eq!((a.host.as_str(), a.user.as_str()), ("ch", "u"));
        assert_eq!(a.auth, SshAuth::Key { path: "/k".into() });
    }
}
