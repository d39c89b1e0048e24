//! LunaCM `hagroup` commands (creategroup, addmember, removemember, listgroups, synchronize,
//! deletegroup) and `partition clone`: both need the same cloning domain and authentication type.

use super::command_line::{OptSpec, flag, opt, resolve_word};
use super::lunacm::{
    ARGS_BAD, Cm, NOT_SUPPORTED, PIN_INCORRECT, SLOT_INVALID, SlotRef, auth_of, cm_fail, cm_ok,
    copy_objects, slot_ref,
};
use super::lunacm_format::list_groups;
use super::model::{Auth, Fleet, HaGroup};
use super::profile::version_triple;
use super::term::{Abort, Layout, Question, Term, ask_secret, confirm};

/// Cloning between partitions of different domains: the target rejects every object.
pub const DOMAIN_MISMATCH: &str = "0xc0 (CKR_SIGNATURE_INVALID)";

pub fn resolve(word: &str) -> Option<&'static str> {
    let subs = [
        "creategroup",
        "addmember",
        "removemember",
        "listgroups",
        "synchronize",
        "deletegroup",
    ];
    resolve_word(word, &subs).map(|s| match s {
        "creategroup" => "hagroup creategroup",
        "addmember" => "hagroup addmember",
        "removemember" => "hagroup removemember",
        "listgroups" => "hagroup listgroups",
        "synchronize" => "hagroup synchronize",
        _ => "hagroup deletegroup",
    })
}

pub fn options(cmd: &str) -> &'static [OptSpec] {
    match cmd {
        "hagroup creategroup" | "hagroup deletegroup" => {
            const O: &[OptSpec] = &[opt("label"), opt("slot"), opt("serialnumber")];
            O
        }
        "hagroup listgroups" => &[],
        "hagroup synchronize" => {
            const O: &[OptSpec] = &[opt("group"), flag("enable"), flag("disable")];
            O
        }
        _ => {
            const O: &[OptSpec] = &[opt("group"), opt("slot"), opt("serialnumber")];
            O
        }
    }
}

/// Why `hagroup creategroup` refuses a label. Assumed rule (docs/assumed-formats.md): 1–32
/// ASCII letters, digits and `!#$%'()*+,-./:=@[]^_{}~`, not the label of another group.
fn label_refusal(fleet: &Fleet, label: &str) -> Option<String> {
    const PUNCT: &str = "!#$%'()*+,-./:=@[]^_{}~";
    let allowed = |c: char| c.is_ascii_alphanumeric() || PUNCT.contains(c);
    if label.is_empty() || label.chars().count() > 32 || !label.chars().all(allowed) {
        return Some(format!(
            "Invalid group label '{label}': use 1 to 32 letters, digits or {PUNCT}."
        ));
    }
    let taken = fleet.client_host.ha_groups.iter().any(|g| g.label == label);
    taken.then(|| format!("Invalid or duplicate group label '{label}'."))
}

/// Serial of the partition named by `-slot` or `-serialnumber`.
fn member_serial(cm: &Cm<'_>) -> Option<String> {
    if let Some(s) = cm.opts.get("serialnumber") {
        return cm.fleet.partition_by_serial(s).map(|_| s.to_string());
    }
    let id = cm.opts.get("slot")?.parse::<u32>().ok()?;
    match slot_ref(cm.fleet, id)? {
        SlotRef::Partition(serial) => Some(serial),
        SlotRef::Group(_) => None,
    }
}

/// Why two partitions cannot clone to each other (same domain and auth needed).
fn clone_refusal(fleet: &Fleet, a: &str, b: &str) -> Option<(String, &'static str)> {
    let (app_a, pa) = fleet.partition_by_serial(a)?;
    let (app_b, pb) = fleet.partition_by_serial(b)?;
    if app_a.auth != app_b.auth {
        return Some((
            format!(
                "{a} ({}) and {b} ({}) use different authentication methods.",
                auth_text(app_a.auth),
                auth_text(app_b.auth)
            ),
            NOT_SUPPORTED,
        ));
    }
    if pa.domain.is_none() || pa.domain != pb.domain {
        return Some((
            format!("{a} and {b} do not share the same cloning domain."),
            DOMAIN_MISMATCH,
        ));
    }
    None
}

fn auth_text(a: Auth) -> &'static str {
    match a {
        Auth::Password => "password",
        Auth::Ped => "PED",
    }
}

/// Asks for the CO password of `serial` (PED: no prompt) and checks it.
fn check_member_password(cm: &Cm<'_>, term: &mut dyn Term, serial: &str) -> Result<bool, Abort> {
    if auth_of(cm.fleet, serial) == Some(Auth::Ped) {
        return Ok(true);
    }
    let given = ask_secret(term, "Please enter the password:", Layout::OneLine)?;
    let good = cm
        .fleet
        .partition_by_serial(serial)
        .is_some_and(|(_, p)| p.co_password.as_deref() == Some(given.as_str()));
    if !good {
        cm_fail(term, None, PIN_INCORRECT);
    }
    Ok(good)
}

fn group_index(cm: &Cm<'_>, term: &mut dyn Term, key: &str) -> Option<usize> {
    let label = cm.opts.get(key).unwrap_or("");
    let found = cm
        .fleet
        .client_host
        .ha_groups
        .iter()
        .position(|g| g.label == label);
    if found.is_none() {
        cm_fail(
            term,
            Some(&format!("HA group '{label}' does not exist.")),
            ARGS_BAD,
        );
    }
    found
}

pub fn run(cm: &mut Cm<'_>, term: &mut dyn Term, cmd: &str) -> Result<(), Abort> {
    match cmd {
        "hagroup listgroups" => {
            let body = list_groups(cm.fleet);
            cm_ok(term, &body);
        }
        "hagroup creategroup" => {
            let label = cm.opts.get("label").unwrap_or("").to_string();
            if let Some(why) = label_refusal(cm.fleet, &label) {
                cm_fail(term, Some(&why), ARGS_BAD);
                return Ok(());
            }
            let Some(serial) = member_serial(cm) else {
                cm_fail(term, None, SLOT_INVALID);
                return Ok(());
            };
            if !check_member_password(cm, term, &serial)? {
                return Ok(());
            }
            let host = &mut cm.fleet.client_host;
            let used = host
                .slots
                .iter()
                .map(|s| s.id)
                .chain(host.ha_groups.iter().map(|g| g.slot_id));
            let slot_id = used.max().map(|m| m + 1).unwrap_or(0).max(5);
            let group = HaGroup {
                label: label.clone(),
                members: vec![serial],
                slot_id,
                synchronize: true,
            };
            let number = group.number();
            host.ha_groups.push(group);
            cm_ok(
                term,
                &format!(
                    "\tNew group with label \"{label}\" created with group number {number}.\n"
                ),
            );
        }
        "hagroup deletegroup" => {
            if let Some(i) = group_index(cm, term, "label") {
                let g = cm.fleet.client_host.ha_groups.remove(i);
                cm_ok(
                    term,
                    &format!("\tHA group {} was successfully deleted.\n", g.label),
                );
            }
        }
        "hagroup addmember" => add_member(cm, term)?,
        "hagroup removemember" => {
            let Some(i) = group_index(cm, term, "group") else {
                return Ok(());
            };
            let serial = member_serial(cm).unwrap_or_default();
            let Some(g) = cm.fleet.client_host.ha_groups.get_mut(i) else {
                return Ok(());
            };
            if !g.members.contains(&serial) {
                cm_fail(term, Some("The member is not in the group."), ARGS_BAD);
                return Ok(());
            }
            g.members.retain(|m| *m != serial);
            let label = g.label.clone();
            cm_ok(
                term,
                &format!("\tMember {serial} successfully removed from group {label}.\n"),
            );
        }
        _ => synchronize(cm, term),
    }
    Ok(())
}

fn add_member(cm: &mut Cm<'_>, term: &mut dyn Term) -> Result<(), Abort> {
    let Some(i) = group_index(cm, term, "group") else {
        return Ok(());
    };
    let Some(serial) = member_serial(cm) else {
        cm_fail(term, None, SLOT_INVALID);
        return Ok(());
    };
    let Some(group) = cm.fleet.client_host.ha_groups.get(i).cloned() else {
        return Ok(());
    };
    if group.members.contains(&serial) {
        cm_fail(term, Some("The member is already in the group."), ARGS_BAD);
        return Ok(());
    }
    if let Some(primary) = group.members.first() {
        if let Some((why, code)) = clone_refusal(cm.fleet, primary, &serial) {
            cm_fail(term, Some(&why), code);
            return Ok(());
        }
        let fw = |s: &str| {
            cm.fleet
                .partition_by_serial(s)
                .map(|(a, _)| version_triple(&a.firmware))
                .unwrap_or_default()
        };
        if fw(primary) >= (7, 7, 0) && fw(&serial) < (7, 7, 0) {
            cm_fail(
                term,
                Some(
                    "A primary on firmware 7.7.0 or later cannot lead a member on older firmware.",
                ),
                NOT_SUPPORTED,
            );
            return Ok(());
        }
    }
    if !check_member_password(cm, term, &serial)? {
        return Ok(());
    }
    let same_co = match group.members.first() {
        Some(primary) => {
            let co = |s: &str| {
                cm.fleet
                    .partition_by_serial(s)
                    .map(|(_, p)| p.co_password.clone())
            };
            co(primary) == co(&serial)
        }
        None => true,
    };
    if !same_co {
        cm_fail(
            term,
            Some("Group members must share the same Crypto Officer credentials."),
            PIN_INCORRECT,
        );
        return Ok(());
    }
    if let Some(g) = cm.fleet.client_host.ha_groups.get_mut(i) {
        g.members.push(serial.clone());
        let label = g.label.clone();
        cm_ok(
            term,
            &format!("\tMember {serial} successfully added to group {label}.\n"),
        );
    }
    Ok(())
}

/// Makes every member hold the union of the members' objects (matched on label + fingerprint).
fn synchronize(cm: &mut Cm<'_>, term: &mut dyn Term) {
    let Some(i) = group_index(cm, term, "group") else {
        return;
    };
    let members = cm
        .fleet
        .client_host
        .ha_groups
        .get(i)
        .map(|g| g.members.clone())
        .unwrap_or_default();
    let mut union = Vec::new();
    for s in &members {
        if let Some((_, p)) = cm.fleet.partition_by_serial(s) {
            for o in &p.objects {
                if !union.iter().any(|u: &super::model::SimObject| {
                    u.label == o.label && u.fingerprint == o.fingerprint
                }) {
                    union.push(o.clone());
                }
            }
        }
    }
    let mut copied = 0;
    for s in &members {
        if let Some(p) = cm.fleet.partition_by_serial_mut(s) {
            let missing: Vec<_> = union
                .iter()
                .filter(|u| {
                    !p.objects
                        .iter()
                        .any(|o| o.label == u.label && o.fingerprint == u.fingerprint)
                })
                .cloned()
                .collect();
            copied += copy_objects(&missing, p);
        }
    }
    cm_ok(
        term,
        &format!("\tSynchronization completed: {copied} objects copied.\n"),
    );
}

/// `partition clone -objects <0|h1,h2> -slot <target>` from the current slot (CO logged in).
pub fn clone(cm: &mut Cm<'_>, term: &mut dyn Term) -> Result<(), Abort> {
    let Some(source) = cm.logged_partition(term, &["co"]).map(|p| p.serial.clone()) else {
        return Ok(());
    };
    // The builder's form `-slot <source> -targetslot <target>` (luna::lunacm_command): the source
    // must be the slot logged in; no proceed question is asked.
    let two_slots = cm.opts.get("targetslot").is_some();
    if two_slots {
        let src = cm.opts.get("slot").and_then(|s| s.parse::<u32>().ok());
        if src != Some(cm.session.current_slot) {
            cm_fail(term, None, super::lunacm::NOT_LOGGED_IN);
            return Ok(());
        }
    }
    let key = if two_slots { "targetslot" } else { "slot" };
    let target = match cm.opts.get(key).and_then(|s| s.parse::<u32>().ok()) {
        Some(id) => match slot_ref(cm.fleet, id) {
            Some(SlotRef::Partition(serial)) => serial,
            _ => {
                cm_fail(term, None, SLOT_INVALID);
                return Ok(());
            }
        },
        None => {
            cm_fail(term, Some("Missing required option: -slot"), ARGS_BAD);
            return Ok(());
        }
    };
    if let Some((why, code)) = clone_refusal(cm.fleet, &source, &target) {
        cm_fail(term, Some(&why), code);
        return Ok(());
    }
    let wanted = cm.opts.get("objects").unwrap_or("0").to_string();
    let objects: Vec<_> = cm
        .fleet
        .partition_by_serial(&source)
        .map(|(_, p)| {
            p.objects
                .iter()
                .filter(|o| {
                    wanted == "0" || wanted.split(',').any(|h| h.trim() == o.handle.to_string())
                })
                .cloned()
                .collect()
        })
        .unwrap_or_default();
    if !check_member_password(cm, term, &target)? {
        return Ok(());
    }
    if !confirm(term, cm.opts.has("force") || two_slots, Question::Lunacm)? {
        cm_fail(term, None, super::lunacm::CANCELED);
        return Ok(());
    }
    let copied = match cm.fleet.partition_by_serial_mut(&target) {
        Some(p) => copy_objects(&objects, p),
        None => 0,
    };
    cm_ok(
        term,
        &format!("\t{copied} objects cloned to partition {target}.\n"),
    );
    Ok(())
}
