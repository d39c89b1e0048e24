//! LunaSH `partition` commands: create (7.x empty PPSO; 5.x/6.x create-and-initialize), delete,
//! resize, list, show, init and init co (7.7.1+), showContents, changePolicy, activate.

use super::appliance::AccountError;
use super::command_line::{OptSpec, flag, opt};
use super::lunash::{ALREADY_EXISTS, Call, NOT_IN_LIST, done, fail, ok};
use super::lunash_format::{partition_list, partition_show};
use super::model::{Auth, Role};
use super::term::{Abort, Layout, Question, Term, ask_twice, confirm};

const SUBS: &[&str] = &[
    "create",
    "delete",
    "resize",
    "list",
    "show",
    "showContents",
    "init",
    "changePolicy",
    "activate",
];

/// Canonical command and the index of its first option token. `init`/`init co` exist only when
/// `has_init` (software 7.7.1+).
pub fn resolve(word: &str, next: Option<&String>, has_init: bool) -> Option<(&'static str, usize)> {
    let sub = super::command_line::resolve_word(word, SUBS)?;
    Some(match sub {
        "create" => ("partition create", 2),
        "delete" => ("partition delete", 2),
        "resize" => ("partition resize", 2),
        "list" => ("partition list", 2),
        "show" => ("partition show", 2),
        "showContents" => ("partition showContents", 2),
        "changePolicy" => ("partition changePolicy", 2),
        "activate" => ("partition activate", 2),
        "init" if has_init => {
            if next.is_some_and(|n| n.eq_ignore_ascii_case("co")) {
                ("partition init co", 3)
            } else {
                ("partition init", 2)
            }
        }
        _ => return None,
    })
}

pub fn options(cmd: &str) -> &'static [OptSpec] {
    match cmd {
        "partition create" => {
            const O: &[OptSpec] = &[
                opt("partition"),
                opt("size"),
                flag("allfreestorage"),
                opt("version"),
                flag("force"),
            ];
            O
        }
        "partition delete" => {
            const O: &[OptSpec] = &[opt("partition"), flag("force")];
            O
        }
        "partition resize" => {
            const O: &[OptSpec] = &[opt("partition"), opt("size"), flag("force")];
            O
        }
        "partition list" => &[],
        "partition init" => {
            const O: &[OptSpec] = &[opt("partition"), opt("label"), opt("domain"), flag("force")];
            O
        }
        "partition changePolicy" => {
            const O: &[OptSpec] = &[opt("partition"), opt("policy"), opt("value")];
            O
        }
        _ => {
            const O: &[OptSpec] = &[opt("partition"), flag("force")];
            O
        }
    }
}

pub(super) fn aborted(term: &mut dyn Term) {
    term.write(&format!(
        "Command Aborted.\n\n{}",
        super::lunash::RESULT_FAIL
    ));
}

pub(super) fn no_partition(call: &Call<'_>, term: &mut dyn Term) {
    fail(
        term,
        call.cmd,
        Some(NOT_IN_LIST),
        Some("Specified partition does not exist."),
    );
}

fn account_error(call: &Call<'_>, term: &mut dyn Term, e: AccountError) {
    match e {
        AccountError::NoLicence => fail(
            term,
            call.cmd,
            Some("B0000046 : CKR_LICENSE_CAPACITY_EXCEEDED"),
            Some("All licensed partitions are in use."),
        ),
        AccountError::NoSpace => fail(
            term,
            call.cmd,
            Some("300140 : LUNA_RET_SM_NOT_ENOUGH_MEMORY"),
            Some("Not enough free storage on the HSM."),
        ),
        AccountError::Exists => fail(term, call.cmd, Some(ALREADY_EXISTS), None),
        AccountError::BadName(msg) => fail(term, call.cmd, None, Some(&msg)),
        AccountError::TooSmall => fail(
            term,
            call.cmd,
            None,
            Some("The new size is smaller than the space in use."),
        ),
    }
}

/// Reads a number option; prints the error and returns None when it is not a number.
pub(super) fn number(call: &Call<'_>, term: &mut dyn Term, name: &str) -> Result<Option<u64>, ()> {
    match call.opts.get(name) {
        None => Ok(None),
        Some(v) => v.parse::<u64>().map(Some).map_err(|_| {
            fail(
                term,
                call.cmd,
                None,
                Some(&format!("Invalid value for -{name}: {v}")),
            );
        }),
    }
}

pub fn run(call: &mut Call<'_>, term: &mut dyn Term) -> Result<(), Abort> {
    if !call.hsm_answers(term) {
        return Ok(());
    }
    match call.cmd {
        "partition list" => {
            let body = partition_list(call.app);
            done(term, &body);
            Ok(())
        }
        "partition show" => {
            let unreadable = call
                .opts
                .get("partition")
                .is_some_and(|n| call.app.faults.partition_show_fails.iter().any(|f| f == n));
            if unreadable {
                fail(term, call.cmd, None, Some("Unable to communicate with HSM"));
                return Ok(());
            }
            let body = match call.opts.get("partition") {
                Some(name) => match call.app.partition(name) {
                    Some(p) => partition_show(p),
                    None => {
                        no_partition(call, term);
                        return Ok(());
                    }
                },
                None if call.app.partitions.is_empty() => "There are no partitions.\n".into(),
                None => call
                    .app
                    .partitions
                    .iter()
                    .map(partition_show)
                    .collect::<Vec<_>>()
                    .join("\n"),
            };
            done(term, &body);
            Ok(())
        }
        "partition create" => create(call, term),
        "partition delete" => delete(call, term),
        "partition resize" => resize(call, term),
        "partition init" => super::lunash_partition_roles::init(call, term),
        "partition init co" => super::lunash_partition_roles::init_co(call, term),
        "partition showContents" => super::lunash_partition_roles::contents(call, term),
        "partition changePolicy" => super::lunash_partition_roles::change_policy(call, term),
        _ => super::lunash_partition_roles::activate(call, term),
    }
}

/// Which questions ask for the partition's secrets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Wording {
    /// Legacy `partition create`, verbatim from the 6.2.2 capture (LUNASH.md).
    Create,
    /// `partition init` (7.7.1+): no capture exists; docs/assumed-formats.md.
    Init,
}

impl Wording {
    fn questions(self) -> [&'static str; 4] {
        match self {
            Wording::Create => [
                "Please enter a password for the partition:",
                "Please re-enter password to confirm:",
                "Please enter a cloning domain to use when creating this partition:",
                "Please re-enter cloning domain to confirm:",
            ],
            Wording::Init => [
                "Please enter a password for the partition SO:",
                "Please re-enter password to confirm:",
                "Please enter the cloning domain to use for initializing this partition:",
                "Please re-enter domain to confirm:",
            ],
        }
    }
}

/// Asks the partition password and the cloning domain twice each (password auth), or prints the
/// PED line. `Ok(None)` after printing the error when two entries differ.
pub(super) fn ask_password_and_domain(
    call: &Call<'_>,
    term: &mut dyn Term,
    domain_given: Option<&str>,
    wording: Wording,
) -> Result<Option<(Option<String>, String)>, Abort> {
    if call.app.auth == Auth::Ped {
        term.write("Luna PED operation required to initialize partition - use Partition SO (blue) and Domain (red) PED keys.\n\n");
        return Ok(Some((
            None,
            domain_given.unwrap_or("red-ped-domain").to_string(),
        )));
    }
    let [pw1, pw2, dom1, dom2] = wording.questions();
    let Some(pw) = ask_twice(term, pw1, pw2, Layout::Plain)? else {
        fail(
            term,
            call.cmd,
            None,
            Some("The two passwords do not match."),
        );
        return Ok(None);
    };
    let domain = match domain_given {
        Some(d) => d.to_string(),
        None => {
            let Some(d) = ask_twice(term, dom1, dom2, Layout::Plain)? else {
                fail(term, call.cmd, None, Some("The two domains do not match."));
                return Ok(None);
            };
            d
        }
    };
    Ok(Some((Some(pw), domain)))
}

fn create(call: &mut Call<'_>, term: &mut dyn Term) -> Result<(), Abort> {
    if !call.require_so(term) {
        return Ok(());
    }
    let Some(name) = call.required(term, "partition") else {
        return Ok(());
    };
    let Ok(size) = number(call, term, "size") else {
        return Ok(());
    };
    let Ok(version) = number(call, term, "version") else {
        return Ok(());
    };
    let profile = call.app.profile();
    let version = match version.unwrap_or(0) {
        0 => 0u8,
        1 if profile.v1 => 1,
        v => {
            let msg = format!(
                "Partition version {v} is not supported by firmware {}.",
                call.app.firmware
            );
            fail(term, call.cmd, None, Some(&msg));
            return Ok(());
        }
    };
    // Dry run: errors before any prompt.
    let mut probe = call.app.clone();
    if let Err(e) = probe.create_partition(&name, size, call.opts.has("allfreestorage"), version) {
        account_error(call, term, e);
        return Ok(());
    }
    let secrets = if profile.legacy_create {
        // The 6.2.2 capture: the count and the label first, the secrets, then the question.
        let count = call.app.partitions.len().saturating_add(1);
        term.write(&format!(
            "\nOn completion, you will have this number of partitions: {count}\n"
        ));
        if call.opts.get("label").is_none() {
            term.write("\n-label:  Not provided; using name for label.\n");
        }
        match ask_password_and_domain(call, term, None, Wording::Create)? {
            Some(s) => Some(s),
            None => return Ok(()),
        }
    } else {
        None
    };
    if !confirm(
        term,
        call.opts.has("force"),
        Question::Lunash(if profile.legacy_create {
            "create the initialized partition"
        } else {
            "create the partition"
        }),
    )? {
        aborted(term);
        return Ok(());
    }
    let ppso = call.app.ppso && !profile.legacy_create;
    let created = call
        .app
        .create_partition(&name, size, call.opts.has("allfreestorage"), version);
    match created {
        Ok(p) => {
            p.ppso = ppso;
            if let Some((pw, domain)) = secrets {
                p.initialized = true;
                p.label = p.name.clone();
                p.co = Role::Activated;
                p.co_password = pw;
                p.domain = Some(domain);
            }
            ok(term, call.cmd);
        }
        Err(e) => account_error(call, term, e),
    }
    Ok(())
}

fn delete(call: &mut Call<'_>, term: &mut dyn Term) -> Result<(), Abort> {
    if !call.require_so(term) {
        return Ok(());
    }
    let Some(name) = call.required(term, "partition") else {
        return Ok(());
    };
    if call.app.partition(&name).is_none() {
        no_partition(call, term);
        return Ok(());
    }
    if !confirm(
        term,
        call.opts.has("force"),
        Question::Lunash("delete the partition and all its contents"),
    )? {
        aborted(term);
        return Ok(());
    }
    // NTLS: the client host loses the slot of a partition assigned to it.
    let seen = call.host.sees(call.app, &name);
    let serial = call.app.partition(&name).map(|p| p.serial.clone());
    call.app.delete_partition(&name);
    if let (true, Some(serial)) = (seen, serial) {
        call.host.remove_slot(&serial);
    }
    ok(term, call.cmd);
    Ok(())
}

fn resize(call: &mut Call<'_>, term: &mut dyn Term) -> Result<(), Abort> {
    if !call.require_so(term) {
        return Ok(());
    }
    let Some(name) = call.required(term, "partition") else {
        return Ok(());
    };
    let Ok(size) = number(call, term, "size") else {
        return Ok(());
    };
    let Some(size) = size else {
        fail(term, call.cmd, None, Some("Missing required option: -size"));
        return Ok(());
    };
    if call.app.partition(&name).is_none() {
        no_partition(call, term);
        return Ok(());
    }
    if !confirm(
        term,
        call.opts.has("force"),
        Question::Lunash("resize the partition"),
    )? {
        aborted(term);
        return Ok(());
    }
    match call.app.resize_partition(&name, size) {
        Ok(()) => ok(term, call.cmd),
        Err(e) => account_error(call, term, e),
    }
    Ok(())
}
