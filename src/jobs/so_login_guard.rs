//! `SoLoginGuard`: the shell handed to a step. It notices SO logins on the wire (`hsm login`,
//! LunaCM `role login -name so`) so the step is never retried, and refuses a second one per step.

use crate::luna::shell::{Ask, Reply, Shell, ShellError};

/// Whether `command` logs in as an SO: LunaSH `hsm login` (or an abbreviation of `login`), or
/// LunaCM `role login` naming the `so` role. Three failed SO logins zeroize the HSM.
pub fn is_so_login(command: &str) -> bool {
    let lower = command.to_ascii_lowercase();
    let words: Vec<&str> = lower.split_whitespace().collect();
    let login = |w: Option<&&str>| w.is_some_and(|w| w.len() >= 2 && "login".starts_with(*w));
    match words.first() {
        Some(&"hsm") => login(words.get(1)),
        Some(&"role") => login(words.get(1)) && words.iter().skip(2).any(|w| *w == "so"),
        _ => false,
    }
}

/// Wraps a step's session for one try of one step.
pub struct SoLoginGuard<'a> {
    inner: &'a mut dyn Shell,
    so_login_sent: bool,
}

impl<'a> SoLoginGuard<'a> {
    pub fn new(inner: &'a mut dyn Shell) -> Self {
        SoLoginGuard {
            inner,
            so_login_sent: false,
        }
    }

    /// True once the step has sent an SO login, whatever came of it.
    pub fn so_login_sent(&self) -> bool {
        self.so_login_sent
    }
}

impl Shell for SoLoginGuard<'_> {
    fn target(&self) -> &str {
        self.inner.target()
    }

    fn run(&mut self, command: &str, ask: &Ask<'_>) -> Result<Reply, ShellError> {
        if is_so_login(command) {
            if self.so_login_sent {
                return Err(ShellError::Protocol {
                    target: self.inner.target().to_string(),
                    reason: "refused to send a second SO login in one step: three failed SO logins zeroize the HSM".into(),
                });
            }
            self.so_login_sent = true;
        }
        self.inner.run(command, ask)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    struct Echo(Vec<String>);
    impl Shell for Echo {
        fn target(&self) -> &str {
            "hsm-1"
        }
        fn run(&mut self, c: &str, _: &Ask<'_>) -> Result<Reply, ShellError> {
            self.0.push(c.to_string());
            Ok(Reply {
                output: String::new(),
                elapsed: Duration::ZERO,
            })
        }
    }

    #[test]
    fn x_1_so_login_commands_recognized() {
        for (cmd, want) in [
            ("hsm login", true),
            ("  HSM   Login ", true),
            ("hsm logi", true),
            ("hsm lo", true),
            ("hsm logout", false),
            ("hsm show", false),
            ("partition list", false),
            ("role login -name so", true),
            ("role login -name co", false),
            ("role logout -name so", false),
            ("", false),
        ] {
            assert_eq!(is_so_login(cmd), want, "{cmd}");
        }
    }

    #[test]
    fn x_1_second_so_login_in_a_step_refused() {
        let mut echo = Echo(Vec::new());
        {
            let mut g = SoLoginGuard::new(&mut echo);
            assert!(g.run("hsm show", &Ask::new(Duration::ZERO)).is_ok());
            assert!(!g.so_login_sent());
            assert!(g.run("hsm login", &Ask::new(Duration::ZERO)).is_ok());
            assert!(g.so_login_sent());
            let err = g.run("hsm login", &Ask::new(Duration::ZERO));
            assert!(
                matches!(err, Err(ShellError::Protocol { ref reason, .. }) if reason.contains("zeroize")),
                "{err:?}"
            );
        }
        assert_eq!(echo.0, vec!["hsm show", "hsm login"]);
    }
}
