//! LunaCM role commands (`role login|init|changepw`) and the client-side partition commands
//! that need a role: `partition init` (partition SO password, domain) and `changepolicy`.

use super::lunacm::{ARGS_BAD, CANCELED, Cm, PIN_INCORRECT, PIN_NOT_INIT, cm_fail, cm_ok};
use super::model::{Auth, Role};
use super::term::{Abort, Layout, Question, Term, ask_secret, ask_twice, confirm};

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

pub(super) fn role_login(cm: &mut Cm<'_>, term: &mut dyn Term) -> Result<(), Abort> {
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
        let given = ask_secret(term, "Please enter the password:", Layout::OneLine)?;
        if password.as_deref() != Some(given.as_str()) {
            cm_fail(term, None, PIN_INCORRECT);
            return Ok(());
        }
    }
    // Assumed: on a PED partition whose policy 22 (allow activation) is on, a login caches the
    // role's PED credential, i.e. activates the role.
    if ped
        && role != "po"
        && let Some(p) = cm.current(term)
        && p.policies.contains(&(22, 1))
    {
        if role == "co" {
            p.co = Role::Activated;
        } else {
            p.cu = Role::Activated;
        }
    }
    let slot = cm.session.current_slot;
    cm.session.login = Some((slot, role));
    cm_ok(term, "");
    Ok(())
}

pub(super) fn role_init(cm: &mut Cm<'_>, term: &mut dyn Term) -> Result<(), Abort> {
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
        let Some(pw) = ask_twice(term, &first, &second, Layout::OneLine)? else {
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

pub(super) fn role_changepw(cm: &mut Cm<'_>, term: &mut dyn Term) -> Result<(), Abort> {
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
    let old = ask_secret(term, "Please enter the old password:", Layout::OneLine)?;
    let first = format!("Enter new password for {who}: ");
    let second = format!("Re-enter new password for {who}: ");
    let new = ask_twice(term, &first, &second, Layout::OneLine)?;
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

pub(super) fn partition_init(cm: &mut Cm<'_>, term: &mut dyn Term) -> Result<(), Abort> {
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
            "Enter password for SO:",
            "Re-enter password for SO:",
            Layout::OneLine,
        )?
        else {
            cm_fail(term, Some("The two passwords do not match."), ARGS_BAD);
            return Ok(());
        };
        let domain = match domain_opt {
            Some(d) => d,
            None => {
                let Some(d) =
                    ask_twice(term, "Enter domain:", "Re-enter domain:", Layout::OneLine)?
                else {
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
        if !confirm(term, false, Question::Lunacm)? {
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

pub(super) fn change_policy(cm: &mut Cm<'_>, term: &mut dyn Term) -> Result<(), Abort> {
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
