//! LunaSH `client` commands (NTLS clients of one appliance): list, show, register,
//! assignPartition, revokePartition, fingerprint, delete. They need no HSM SO login.

use super::command_line::{OptSpec, flag, opt, resolve_word};
use super::fleet::fingerprint;
use super::lunash::{ALREADY_EXISTS, Call, NOT_IN_LIST, done, fail, ok};
use super::lunash_format::client_show;
use super::model::SimClient;
use super::term::{Abort, Question, Term, confirm};

const SUBS: &[&str] = &[
    "list",
    "show",
    "register",
    "assignPartition",
    "revokePartition",
    "fingerprint",
    "delete",
];

pub fn resolve(word: &str) -> Option<(&'static str, usize)> {
    Some(match resolve_word(word, SUBS)? {
        "list" => ("client list", 2),
        "show" => ("client show", 2),
        "register" => ("client register", 2),
        "assignPartition" => ("client assignPartition", 2),
        "revokePartition" => ("client revokePartition", 2),
        "fingerprint" => ("client fingerprint", 2),
        _ => ("client delete", 2),
    })
}

pub fn options(cmd: &str) -> &'static [OptSpec] {
    match cmd {
        "client list" => &[],
        "client register" => {
            const O: &[OptSpec] = &[opt("client"), opt("hostname"), opt("ip")];
            O
        }
        "client assignPartition" | "client revokePartition" => {
            const O: &[OptSpec] = &[opt("client"), opt("partition")];
            O
        }
        "client delete" => {
            const O: &[OptSpec] = &[opt("client"), flag("force")];
            O
        }
        _ => {
            const O: &[OptSpec] = &[opt("client")];
            O
        }
    }
}

fn no_client(call: &Call<'_>, term: &mut dyn Term) {
    fail(
        term,
        call.cmd,
        Some(NOT_IN_LIST),
        Some("Specified client does not exist."),
    );
}

pub fn run(call: &mut Call<'_>, term: &mut dyn Term) -> Result<(), Abort> {
    if call.cmd == "client list" {
        let body = if call.app.clients.is_empty() {
            "No clients are registered.\n".to_string()
        } else {
            call.app
                .clients
                .iter()
                .enumerate()
                .map(|(i, c)| format!("registered client {}: {}\n", i + 1, c.name))
                .collect()
        };
        done(term, &body);
        return Ok(());
    }
    let Some(name) = call.required(term, "client") else {
        return Ok(());
    };
    let exists = call.app.clients.iter().any(|c| c.name == name);
    if call.cmd == "client register" {
        let Some(host) = call
            .opts
            .get("hostname")
            .or(call.opts.get("ip"))
            .map(str::to_string)
        else {
            fail(
                term,
                call.cmd,
                None,
                Some("Missing required option: -hostname"),
            );
            return Ok(());
        };
        if exists {
            fail(term, call.cmd, Some(ALREADY_EXISTS), None);
            return Ok(());
        }
        call.app.clients.push(SimClient {
            fingerprint: fingerprint(&name, 20),
            name,
            hostname: host,
            partitions: Vec::new(),
        });
        ok(term, call.cmd);
        return Ok(());
    }
    if !exists {
        no_client(call, term);
        return Ok(());
    }
    match call.cmd {
        "client show" | "client fingerprint" => {
            if let Some(c) = call.app.clients.iter().find(|c| c.name == name) {
                let body = if call.cmd == "client show" {
                    client_show(c)
                } else {
                    format!("Certificate fingerprint: {}\n", c.fingerprint)
                };
                done(term, &body);
            }
        }
        "client delete" => {
            if !confirm(
                term,
                call.opts.has("force"),
                Question::Lunash("delete the client"),
            )? {
                term.write(&format!(
                    "Command Aborted.\n\n{}",
                    super::lunash::RESULT_FAIL
                ));
                return Ok(());
            }
            let parts = call
                .app
                .clients
                .iter_mut()
                .find(|c| c.name == name)
                .map(|c| std::mem::take(&mut c.partitions))
                .unwrap_or_default();
            for part in parts {
                forget_slot(call, &part);
            }
            call.app.clients.retain(|c| c.name != name);
            ok(term, call.cmd);
        }
        _ => assign_or_revoke(call, term, &name),
    }
    Ok(())
}

fn assign_or_revoke(call: &mut Call<'_>, term: &mut dyn Term, name: &str) {
    let Some(part) = call.required(term, "partition") else {
        return;
    };
    if call.app.partition(&part).is_none() {
        fail(
            term,
            call.cmd,
            Some(NOT_IN_LIST),
            Some("Specified partition does not exist."),
        );
        return;
    }
    let assign = call.cmd == "client assignPartition";
    let cmd = call.cmd;
    let Some(client) = call.app.clients.iter_mut().find(|c| c.name == name) else {
        return;
    };
    let has = client.partitions.contains(&part);
    let ours = client.hostname == call.host.hostname;
    match (assign, has) {
        (true, true) => fail(term, cmd, Some(ALREADY_EXISTS), None),
        (true, false) => {
            client.partitions.push(part.clone());
            if ours && let Some(serial) = call.app.partition(&part).map(|p| p.serial.clone()) {
                call.host.add_slot(&serial);
            }
            ok(term, cmd);
        }
        (false, false) => fail(
            term,
            cmd,
            Some(NOT_IN_LIST),
            Some("Specified partition is not assigned to the client."),
        ),
        (false, true) => {
            client.partitions.retain(|p| *p != part);
            if ours {
                forget_slot(call, &part);
            }
            ok(term, cmd);
        }
    }
}

/// The client host loses the slot of `partition` once no client of its hostname has it.
pub fn forget_slot(call: &mut Call<'_>, partition: &str) {
    let Some(serial) = call.app.partition(partition).map(|p| p.serial.clone()) else {
        return;
    };
    let still_seen =
        call.app.clients.iter().any(|c| {
            c.hostname == call.host.hostname && c.partitions.iter().any(|p| p == partition)
        });
    if !still_seen {
        call.host.remove_slot(&serial);
    }
}
