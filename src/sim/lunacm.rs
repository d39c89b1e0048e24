//! The LunaCM interpreter on the client host: `slot list|set`, `role init|login|logout|changepw`,
//! `partition init|changepolicy|contents|clone`; `hagroup` commands live in `lunacm_ha.rs`.
//! Error results and human lines not shown in the docs are assumed (see docs/assumed-formats.md).

use super::command_line::{OptError, OptSpec, Options, flag, opt, resolve_word, tokenize};
use super::lunacm_format::{contents, slot_list};
use super::model::{Auth, Fleet, Role, SimObject, SimPartition};
use super::term::{Abort, Term, ask_secret, ask_twice, confirm};

/// State of one LunaCM session.
#[derive(Debug, Clone, Default)]
pub struct LunacmSession {
    pub current_slot: u32,
    /// Slot and role (`po`, `co`, `cu`) logged in.
    pub login: Option<(u32, &'static str)>,
}

pub const NO_ERROR: &str = "Command Result : No Error\n";

pub fn cm_ok(term: &mut dyn Term, body: &str) {
    term.write(&format!("{body}\n{NO_ERROR}"));
}

/// Optional human line, then `Command Result : 0x<hex> (<NAME>)`.
pub fn cm_fail(term: &mut dyn Term, human: Option<&str>, code: &str) {
    let mut o = String::new();
    if let Some(h) = human {
        o.push_str(&format!("Error: {h}\n\n"));
    }
    o.push_str(&format!("Command Result : {code}\n"));
    term.write(&o);
}

pub const SLOT_INVALID: &str = "0x3 (CKR_SLOT_ID_INVALID)";
pub const PIN_INCORRECT: &str = "0xa0 (CKR_PIN_INCORRECT)";
pub const NOT_LOGGED_IN: &str = "0x101 (CKR_USER_NOT_LOGGED_IN)";
pub const PIN_NOT_INIT: &str = "0x102 (CKR_USER_PIN_NOT_INITIALIZED)";
pub const ARGS_BAD: &str = "0x7 (CKR_ARGUMENTS_BAD)";
pub const CANCELED: &str = "0x50 (CKR_FUNCTION_CANCELED)";
pub const NOT_SUPPORTED: &str = "0x54 (CKR_FUNCTION_NOT_SUPPORTED)";

/// What a slot id designates: a linked partition (its serial) or an HA group (its index).
pub enum SlotRef {
    Partition(String),
    Group(usize),
}

/// Resolves a slot id; a partition slot whose appliance is unreachable or whose partition is
/// gone does not exist.
pub fn slot_ref(fleet: &Fleet, id: u32) -> Option<SlotRef> {
    if let Some(slot) = fleet.client_host.slots.iter().find(|s| s.id == id) {
        let (app, _) = fleet.partition_by_serial(&slot.serial)?;
        if app.faults.unreachable || app.faults.hang {
            return None;
        }
        return Some(SlotRef::Partition(slot.serial.clone()));
    }
    fleet
        .client_host
        .ha_groups
        .iter()
        .position(|g| g.slot_id == id)
        .map(SlotRef::Group)
}

/// Authentication method of the appliance holding `serial`.
pub fn auth_of(fleet: &Fleet, serial: &str) -> Option<Auth> {
    fleet.partition_by_serial(serial).map(|(a, _)| a.auth)
}

const TOP: &[&str] = &["slot", "partition", "role", "hagroup"];

fn specs(cmd: &str) -> &'static [OptSpec] {
    match cmd {
        "slot set" => {
            const O: &[OptSpec] = &[opt("slot")];
            O
        }
        "partition init" => {
            const O: &[OptSpec] = &[opt("label"), opt("domain"), flag("force")];
            O
        }
        "role init" | "role login" | "role changepw" => {
            const O: &[OptSpec] = &[opt("name")];
            O
        }
        "partition changepolicy" => {
            const O: &[OptSpec] = &[opt("policy"), opt("value")];
            O
        }
        "partition clone" => {
            const O: &[OptSpec] = &[opt("objects"), opt("slot"), flag("force")];
            O
        }
        c if c.starts_with("hagroup") => super::lunacm_ha::options(c),
        _ => &[],
    }
}

/// Runs one LunaCM command line, writing output up to and including `Command Result`.
pub fn run_lunacm(
    fleet: &mut Fleet,
    session: &mut LunacmSession,
    line: &str,
    term: &mut dyn Term,
) -> Result<(), Abort> {
    let tokens = tokenize(line);
    if tokens.is_empty() {
        return Ok(());
    }
    let top = tokens.first().and_then(|t| resolve_word(t, TOP));
    let sub = tokens.get(1).map(String::as_str).unwrap_or("");
    let cmd: Option<&'static str> = match top {
        Some("slot") => resolve_word(sub, &["list", "set"]).map(|s| match s {
            "list" => "slot list",
            _ => "slot set",
        }),
        Some("role") => {
            resolve_word(sub, &["init", "login", "logout", "changepw"]).map(|s| match s {
                "init" => "role init",
                "login" => "role login",
                "logout" => "role logout",
                _ => "role changepw",
            })
        }
        Some("partition") => {
            resolve_word(sub, &["init", "changepolicy", "contents", "clone"]).map(|s| match s {
                "init" => "partition init",
                "changepolicy" => "partition changepolicy",
                "contents" => "partition contents",
                _ => "partition clone",
            })
        }
        Some("hagroup") => super::lunacm_ha::resolve(sub),
        _ => None,
    };
    let Some(cmd) = cmd else {
        cm_fail(
            term,
            Some(&format!("Command not found: {}", line.trim())),
            "0xffffffff (CKR_UNKNOWN_COMMAND)",
        );
        return Ok(());
    };
    let opts = match Options::parse(tokens.get(2..).unwrap_or(&[]), specs(cmd)) {
        Ok(o) => o,
        Err(OptError::Invalid(t)) | Err(OptError::MissingValue(t)) => {
            cm_fail(term, Some(&format!("Invalid option: {t}")), ARGS_BAD);
            return Ok(());
        }
    };
    let mut cm = Cm {
        fleet,
        session,
        opts,
    };
    match cmd {
        "slot list" => {
            let body = slot_list(cm.fleet, cm.session.current_slot);
            cm_ok(term, &body);
            Ok(())
        }
        "slot set" => {
            match cm.opts.get("slot").and_then(|s| s.parse::<u32>().ok()) {
                Some(id) if slot_ref(cm.fleet, id).is_some() => {
                    cm.session.current_slot = id;
                    cm.session.login = None;
                    cm_ok(term, &format!("\tCurrent Slot Id: {id}\n"));
                }
                _ => cm_fail(term, None, SLOT_INVALID),
            }
            Ok(())
        }
        "role logout" => {
            cm.session.login = None;
            cm_ok(term, "");
            Ok(())
        }
        "role login" => role_login(&mut cm, term),
        "role init" => role_init(&mut cm, term),
        "role changepw" => role_changepw(&mut cm, term),
        "partition init" => partition_init(&mut cm, term),
        "partition changepolicy" => change_policy(&mut cm, term),
        "partition contents" => {
            let role = cm.session.login.map(|(_, r)| r).unwrap_or("co");
            if let Some(p) = cm.logged_partition(term, &["co", "cu"]) {
                let body = contents(p, role);
                cm_ok(term, &body);
            }
            Ok(())
        }
        "partition clone" => super::lunacm_ha::clone(&mut cm, term),
        _ => super::lunacm_ha::run(&mut cm, term, cmd),
    }
}

/// Everything a LunaCM handler needs.
pub struct Cm<'a> {
    pub fleet: &'a mut Fleet,
    pub session: &'a mut LunacmSession,
    pub opts: Options,
}

impl Cm<'_> {
    /// The partition behind the current slot (printing the error when there is none).
    pub fn current(&mut self, term: &mut dyn Term) -> Option<&mut SimPartition> {
        let id = self.session.current_slot;
        match slot_ref(self.fleet, id) {
            Some(SlotRef::Partition(serial)) => self.fleet.partition_by_serial_mut(&serial),
            Some(SlotRef::Group(_)) => {
                cm_fail(
                    term,
                    Some("This command is not supported on an HA virtual slot."),
                    NOT_SUPPORTED,
                );
                None
            }
            None => {
                cm_fail(term, None, SLOT_INVALID);
                None
            }
        }
    }

    pub fn current_auth(&self) -> Auth {
        match slot_ref(self.fleet, self.session.current_slot) {
            Some(SlotRef::Partition(s)) => auth_of(self.fleet, &s).unwrap_or_default(),
            _ => Auth::Password,
        }
    }

    /// The current partition when one of `roles` is logged in on the current slot.
    pub fn logged_partition(
        &mut self,
        term: &mut dyn Term,
        roles: &[&str],
    ) -> Option<&mut SimPartition> {
        let slot = self.session.current_slot;
        let ok = self
            .session
            .login
            .is_some_and(|(s, r)| s == slot && roles.contains(&r));
        if !ok {
            cm_fail(term, None, NOT_LOGGED_IN);
            return None;
        }
        self.current(term)
    }
}

fn role_name(cm: &Cm<'_>, term: &mut dyn Term, allowed: &[&'static str]) -> Option<&'static str> {
    let given = cm.opts.get("name").unwrap_or("").to_ascii_lowercase();
    let found = allowed.iter().copied().find(|r| *r == given);
    if found.is_none() {
        cm_fail(
            term,
            Some(&format!("Invalid role name: '{given}'")),
            "0x103 (CKR_USER_TYPE_INVALID)",
        );
    }
    found
}

fn role_login(cm: &mut Cm<'_>, term: &mut dyn Term) -> Result<(), Abort> {
    let Some(role) = role_name(cm, term, &["po", "co", "cu"]) else {
        return Ok(());
    };
    let ped = cm.current_auth() == Auth::Ped;
    let Some(p) = cm.current(term) else {
        return Ok(());
    };
    let (state, password) = match role {
        "po" => (p.so, p.so_password.clone()),
        "co" => (p.co, p.co_password.clone()),
        _ => (p.cu, p.cu_password.clone()),
    };
    if !state.is_set() {
        cm_fail(term, None, PIN_NOT_INIT);
        return Ok(());
    }
    if ped {
        term.write("\n\tPlease attend to the PED.\n\n");
    } else {
        let given = ask_secret(term, "Please enter the password: ", "")?;
        if password.as_deref() != Some(given.as_str()) {
            cm_fail(term, None, PIN_INCORRECT);
            return Ok(());
        }
    }
    let slot = cm.session.current_slot;
    cm.session.login = Some((slot, role));
    cm_ok(term, "");
    Ok(())
}

fn role_init(cm: &mut Cm<'_>, term: &mut dyn Term) -> Result<(), Abort> {
    let Some(role) = role_name(cm, term, &["co", "cu"]) else {
        return Ok(());
    };
    let needed = if role == "co" { "po" } else { "co" };
    let ped = cm.current_auth() == Auth::Ped;
    if cm.logged_partition(term, &[needed]).is_none() {
        return Ok(());
    }
    let who = if role == "co" {
        "Crypto Officer"
    } else {
        "Crypto User"
    };
    let pw = if ped {
        term.write("\n\tPlease attend to the PED.\n\n");
        None
    } else {
        let first = format!("Enter password for {who}: ");
        let second = format!("Re-enter password for {who}: ");
        let Some(pw) = ask_twice(term, &first, &second)? else {
            cm_fail(term, Some("The two passwords do not match."), ARGS_BAD);
            return Ok(());
        };
        Some(pw)
    };
    if let Some(p) = cm.current(term) {
        if role == "co" {
            p.co = Role::Initialized;
            p.co_password = pw;
            p.co_attempts_left = 10;
        } else {
            p.cu = Role::Initialized;
            p.cu_password = pw;
        }
        cm_ok(term, "");
    }
    Ok(())
}

fn role_changepw(cm: &mut Cm<'_>, term: &mut dyn Term) -> Result<(), Abort> {
    let Some(role) = role_name(cm, term, &["co", "cu"]) else {
        return Ok(());
    };
    if cm.logged_partition(term, &[role]).is_none() {
        return Ok(());
    }
    let who = if role == "co" {
        "Crypto Officer"
    } else {
        "Crypto User"
    };
    let old = ask_secret(term, "Please enter the old password: ", "")?;
    let first = format!("Enter new password for {who}: ");
    let second = format!("Re-enter new password for {who}: ");
    let new = ask_twice(term, &first, &second)?;
    let Some(p) = cm.current(term) else {
        return Ok(());
    };
    let current = if role == "co" {
        &p.co_password
    } else {
        &p.cu_password
    };
    if current.as_deref() != Some(old.as_str()) {
        cm_fail(term, None, PIN_INCORRECT);
        return Ok(());
    }
    let Some(new) = new else {
        cm_fail(term, Some("The two passwords do not match."), ARGS_BAD);
        return Ok(());
    };
    if role == "co" {
        p.co_password = Some(new);
        p.co = Role::Activated;
    } else {
        p.cu_password = Some(new);
        p.cu = Role::Activated;
    }
    cm_ok(term, "");
    Ok(())
}

fn partition_init(cm: &mut Cm<'_>, term: &mut dyn Term) -> Result<(), Abort> {
    let Some(label) = cm.opts.get("label").map(str::to_string) else {
        cm_fail(term, Some("Missing required option: -label"), ARGS_BAD);
        return Ok(());
    };
    let ped = cm.current_auth() == Auth::Ped;
    let domain_opt = cm.opts.get("domain").map(str::to_string);
    let force = cm.opts.has("force");
    if cm.current(term).is_none() {
        return Ok(());
    }
    let (pw, domain) = if ped {
        term.write("\n\tPlease attend to the PED.\n\n");
        (None, domain_opt.unwrap_or_else(|| "red-ped-domain".into()))
    } else {
        let Some(pw) = ask_twice(
            term,
            "Enter password for SO: ",
            "Re-enter password for SO: ",
        )?
        else {
            cm_fail(term, Some("The two passwords do not match."), ARGS_BAD);
            return Ok(());
        };
        let domain = match domain_opt {
            Some(d) => d,
            None => {
                let Some(d) = ask_twice(term, "Enter domain: ", "Re-enter domain: ")? else {
                    cm_fail(term, Some("The two domains do not match."), ARGS_BAD);
                    return Ok(());
                };
                d
            }
        };
        (Some(pw), domain)
    };
    if !force {
        term.write("\n\tYou are about to initialize the partition.\n\tAll contents of the partition will be destroyed.\n\n");
        if !confirm(term, false)? {
            cm_fail(term, None, CANCELED);
            return Ok(());
        }
    }
    let slot = cm.session.current_slot;
    if let Some(p) = cm.current(term) {
        p.initialized = true;
        p.label = label;
        p.so = Role::Initialized;
        p.so_password = pw;
        p.domain = Some(domain);
        p.co = Role::NotInitialized;
        p.cu = Role::NotInitialized;
        p.co_password = None;
        p.cu_password = None;
        p.objects.clear();
        cm.session.login = None;
        let _ = slot;
        cm_ok(term, "");
    }
    Ok(())
}

fn change_policy(cm: &mut Cm<'_>, term: &mut dyn Term) -> Result<(), Abort> {
    let policy = cm.opts.get("policy").and_then(|v| v.parse::<u32>().ok());
    let value = cm.opts.get("value").and_then(|v| v.parse::<u32>().ok());
    let (Some(policy), Some(value @ 0..=1)) = (policy, value) else {
        cm_fail(
            term,
            Some("-policy and -value (0 or 1) are required"),
            ARGS_BAD,
        );
        return Ok(());
    };
    if let Some(p) = cm.logged_partition(term, &["po"]) {
        p.policies.retain(|(c, _)| *c != policy);
        p.policies.push((policy, value));
        if policy == 41 {
            p.version = u8::from(value == 1);
        }
        cm_ok(term, "");
    }
    Ok(())
}

/// Copies objects into `target` with fresh handles.
pub fn copy_objects(objects: &[SimObject], target: &mut SimPartition) -> usize {
    let mut copied = 0;
    for obj in objects {
        let mut clone = obj.clone();
        clone.handle = target.next_handle();
        target.objects.push(clone);
        copied += 1;
    }
    copied
}
