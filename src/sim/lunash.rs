//! The LunaSH interpreter of one appliance: resolves command words and options, runs the `hsm`
//! commands here and hands `partition` / `client` commands to their files.

use super::command_line::{OptError, OptSpec, Options, resolve_word, tokenize};
use super::lunash_format::hsm_show;
use super::model::{Appliance, Auth, ClientHost, Fleet};
use super::term::{Abort, Layout, Term, ask_secret};

/// State of one LunaSH session (one SSH connection).
#[derive(Debug, Clone, Default)]
pub struct LunashSession {
    pub appliance: String,
    /// `hsm login` succeeded in this session.
    pub so_logged_in: bool,
}

impl LunashSession {
    pub fn new(appliance: &str) -> Self {
        LunashSession {
            appliance: appliance.to_string(),
            so_logged_in: false,
        }
    }
}

pub const RESULT_OK: &str = "Command Result : 0 (Success)\n";
pub const RESULT_FAIL: &str = "Command Result : 65535 (Luna Shell execution)\n";

/// Writes `'<cmd>' successful.`, a blank line and the success result.
pub fn ok(term: &mut dyn Term, cmd: &str) {
    term.write(&format!("'{cmd}' successful.\n\n{RESULT_OK}"));
}

/// Writes the output of a show/list command then the success result.
pub fn done(term: &mut dyn Term, body: &str) {
    term.write(&format!("{body}\n{RESULT_OK}"));
}

/// Writes the coded and/or human error lines and the failure result.
pub fn fail(term: &mut dyn Term, cmd: &str, code: Option<&str>, human: Option<&str>) {
    let mut o = String::new();
    if let Some(code) = code {
        o.push_str(&format!("Error:  '{cmd}' failed. ({code})\n\n"));
    }
    if let Some(human) = human {
        o.push_str(&format!("Error:  {human}\n\n"));
    }
    o.push('\n');
    o.push_str(RESULT_FAIL);
    term.write(&o);
}

pub const NOT_IN_LIST: &str = "C000040A : RC_OBJECT_NOT_IN_LIST";
pub const NOT_AUTHORIZED: &str = "300013 : LUNA_RET_USER_NOT_AUTHORIZED";
pub const PIN_INCORRECT: &str = "A00000 : LUNA_RET_UM_PIN_INCORRECT";
pub const ALREADY_EXISTS: &str = "C0000404 : RC_OBJECT_ALREADY_EXISTS";

/// Everything a command handler needs.
pub struct Call<'a> {
    pub app: &'a mut Appliance,
    /// The fleet's Luna client host: gains/loses slots as partitions are assigned to it.
    pub host: &'a mut ClientHost,
    pub session: &'a mut LunashSession,
    pub cmd: &'static str,
    pub opts: Options,
}

impl Call<'_> {
    /// False (after printing the error) unless the HSM SO is logged in and the HSM not zeroized.
    pub fn require_so(&self, term: &mut dyn Term) -> bool {
        if self.app.zeroized {
            fail(term, self.cmd, Some(NOT_AUTHORIZED), None);
            return false;
        }
        if !self.session.so_logged_in {
            fail(
                term,
                self.cmd,
                Some(NOT_AUTHORIZED),
                Some("You must be logged in as the HSM Administrator to run this command."),
            );
            return false;
        }
        true
    }

    /// The value of a required option, or prints `Missing required option`.
    pub fn required(&self, term: &mut dyn Term, name: &str) -> Option<String> {
        let v = self.opts.get(name).map(str::to_string);
        if v.is_none() {
            fail(
                term,
                self.cmd,
                None,
                Some(&format!("Missing required option: -{name}")),
            );
        }
        v
    }

    /// False (after printing the error) when the HSM card does not answer (fault).
    pub fn hsm_answers(&self, term: &mut dyn Term) -> bool {
        if self.app.faults.hsm_unresponsive {
            fail(term, self.cmd, None, Some("Unable to communicate with HSM"));
            return false;
        }
        true
    }
}

const TOP: &[&str] = &["hsm", "partition", "client"];
const HSM: &[&str] = &["show", "login", "logout"];

/// Runs one LunaSH command line on `session.appliance`, writing the output up to and including
/// the `Command Result` line.
pub fn run_lunash(
    fleet: &mut Fleet,
    session: &mut LunashSession,
    line: &str,
    term: &mut dyn Term,
) -> Result<(), Abort> {
    let tokens = tokenize(line);
    if tokens.is_empty() {
        return Ok(());
    }
    let Fleet {
        appliances,
        client_host: host,
    } = fleet;
    let Some(app) = appliances.iter_mut().find(|a| a.name == session.appliance) else {
        fail(
            term,
            "hsm show",
            None,
            Some("Unable to communicate with HSM"),
        );
        return Ok(());
    };
    let not_found = |term: &mut dyn Term| {
        fail(
            term,
            "",
            None,
            Some(&format!("Command not found: {}", line.trim())),
        );
        // `fail` prints a coded line only when given a code; none here.
    };
    let top = tokens.first().and_then(|t| resolve_word(t, TOP));
    let sub_word = tokens.get(1).map(String::as_str).unwrap_or("");
    let (cmd, rest): (&'static str, usize) = match top {
        Some("hsm") => match resolve_word(sub_word, HSM) {
            Some("show") => ("hsm show", 2),
            Some("login") => ("hsm login", 2),
            Some("logout") => ("hsm logout", 2),
            _ => {
                not_found(term);
                return Ok(());
            }
        },
        Some("partition") => {
            match super::lunash_partition::resolve(
                sub_word,
                tokens.get(2),
                app.profile().lunash_init,
            ) {
                Some(found) => found,
                None => {
                    not_found(term);
                    return Ok(());
                }
            }
        }
        Some("client") => match super::lunash_client::resolve(sub_word) {
            Some(found) => found,
            None => {
                not_found(term);
                return Ok(());
            }
        },
        _ => {
            not_found(term);
            return Ok(());
        }
    };
    let specs: &[OptSpec] = match cmd {
        c if c.starts_with("hsm") => &[],
        c if c.starts_with("partition") => super::lunash_partition::options(cmd),
        _ => super::lunash_client::options(cmd),
    };
    let opts = match Options::parse(tokens.get(rest..).unwrap_or(&[]), specs) {
        Ok(o) => o,
        Err(OptError::Invalid(t)) => {
            fail(term, cmd, None, Some(&format!("Invalid option: {t}")));
            return Ok(());
        }
        Err(OptError::MissingValue(n)) => {
            fail(
                term,
                cmd,
                None,
                Some(&format!("Missing value for option: -{n}")),
            );
            return Ok(());
        }
    };
    let mut call = Call {
        app,
        host,
        session,
        cmd,
        opts,
    };
    match cmd {
        "hsm show" => {
            if call.hsm_answers(term) {
                done(term, &hsm_show(call.app, call.session.so_logged_in));
            }
            Ok(())
        }
        "hsm login" => hsm_login(&mut call, term),
        "hsm logout" => {
            call.session.so_logged_in = false;
            ok(term, cmd);
            Ok(())
        }
        c if c.starts_with("partition") => super::lunash_partition::run(&mut call, term),
        _ => super::lunash_client::run(&mut call, term),
    }
}

/// `hsm login`: three consecutive failures zeroize the HSM.
fn hsm_login(call: &mut Call<'_>, term: &mut dyn Term) -> Result<(), Abort> {
    if !call.hsm_answers(term) {
        return Ok(());
    }
    if call.app.zeroized {
        fail(term, call.cmd, Some(NOT_AUTHORIZED), None);
        return Ok(());
    }
    if call.app.auth == Auth::Ped {
        term.write(
            "Luna PED operation required to login as HSM Administrator - use Security Officer (blue) PED key.\n\n",
        );
    } else {
        if call.app.so_failures > 0 {
            term.write(&caution(call.app.so_failures));
        }
        let given = ask_secret(
            term,
            "Please enter the HSM Administrators' password:",
            Layout::Indented,
        )?;
        term.write("\n\n");
        if given != call.app.so_password {
            call.app.so_failures += 1;
            call.session.so_logged_in = false;
            if call.app.so_failures >= 3 {
                call.app.zeroize();
                fail(
                    term,
                    call.cmd,
                    Some("30000F : LUNA_RET_SO_LOGIN_FAILURE_THRESHOLD"),
                    Some("The HSM has been zeroized."),
                );
            } else {
                let left = 3 - call.app.so_failures;
                fail(
                    term,
                    call.cmd,
                    Some(PIN_INCORRECT),
                    Some(&format!(
                        "Login failed. {left} attempts left before HSM zeroization."
                    )),
                );
            }
            return Ok(());
        }
    }
    call.app.so_failures = 0;
    call.session.so_logged_in = true;
    // The 7.2.0 capture: two blank lines on each side of the success line.
    term.write(&format!("'{}' successful.\n\n\n{RESULT_OK}", call.cmd));
    Ok(())
}

/// The caution block printed before `hsm login` after failed attempts: the 6.20.2 capture of
/// LUNASH.md for two attempts left; the one-attempt wording is assumed (docs/assumed-formats.md).
fn caution(failures: u32) -> String {
    if failures >= 2 {
        concat!(
            "\n",
            "Caution:  You have only ONE HSM Admin login attempt left (including\n",
            "          this one). If you fail one more consecutive login attempt\n",
            "          (i.e. with no successful logins in between) the HSM will\n",
            "          be ZEROIZED!!!\n",
            "\n",
        )
        .to_string()
    } else {
        concat!(
            "\n",
            "Caution:  You have only TWO HSM Admin logins attempts left (including\n",
            "          this one). If you fail two more consecutive login attempts\n",
            "          (i.e. with no successful logins in between) the HSM will\n",
            "          be ZEROIZED!!!\n",
            "\n",
        )
        .to_string()
    }
}
