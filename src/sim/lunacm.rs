//! The LunaCM interpreter on the client host: `slot list|set`, `role init|login|logout|changepw`,
//! `partition init|changepolicy|contents|clone`; `hagroup` commands live in `lunacm_ha.rs`.
//! Error results and human lines not shown in the docs are assumed (see docs/assumed-formats.md).

use super::command_line::{OptError, OptSpec, Options, flag, opt, resolve_word, tokenize};
use super::lunacm_format::{contents, slot_list};
use super::model::{Auth, Fleet, SimObject, SimPartition};
use super::term::{Abort, Term};

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
            const O: &[OptSpec] = &[
                opt("objects"),
                opt("slot"),
                opt("targetslot"),
                flag("force"),
            ];
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
        "role login" => super::lunacm_role::role_login(&mut cm, term),
        "role init" => super::lunacm_role::role_init(&mut cm, term),
        "role changepw" => super::lunacm_role::role_changepw(&mut cm, term),
        "partition init" => super::lunacm_role::partition_init(&mut cm, term),
        "partition changepolicy" => super::lunacm_role::change_policy(&mut cm, term),
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
