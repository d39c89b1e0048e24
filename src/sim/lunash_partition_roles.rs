//! LunaSH partition commands about initialization and roles: `partition init` and `init co`
//! (7.7.1+), `showContents` and `activate` (CO password), `changePolicy` (HSM SO).

use super::lunash::{Call, PIN_INCORRECT, done, fail, ok};
use super::lunash_format::show_contents;
use super::lunash_partition::{Wording, aborted, ask_password_and_domain, no_partition, number};
use super::model::{Auth, Role};
use super::term::{Abort, Layout, Question, Term, ask_secret, ask_twice, confirm};

pub(super) fn init(call: &mut Call<'_>, term: &mut dyn Term) -> Result<(), Abort> {
    if !call.require_so(term) {
        return Ok(());
    }
    let Some(name) = call.required(term, "partition") else {
        return Ok(());
    };
    let Some(part) = call.app.partition(&name) else {
        no_partition(call, term);
        return Ok(());
    };
    if part.initialized
        && !confirm(
            term,
            call.opts.has("force"),
            Question::Lunash("re-initialize the partition and destroy its contents"),
        )?
    {
        aborted(term);
        return Ok(());
    }
    let domain_opt = call.opts.get("domain").map(str::to_string);
    let Some((pw, domain)) =
        ask_password_and_domain(call, term, domain_opt.as_deref(), Wording::Init)?
    else {
        return Ok(());
    };
    let label = call.opts.get("label").unwrap_or(&name).to_string();
    if let Some(p) = call.app.partition_mut(&name) {
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
    }
    ok(term, call.cmd);
    Ok(())
}

pub(super) fn init_co(call: &mut Call<'_>, term: &mut dyn Term) -> Result<(), Abort> {
    if !call.require_so(term) {
        return Ok(());
    }
    let Some(name) = call.required(term, "partition") else {
        return Ok(());
    };
    let Some(part) = call.app.partition(&name) else {
        no_partition(call, term);
        return Ok(());
    };
    if !part.initialized {
        fail(
            term,
            call.cmd,
            None,
            Some("The partition is not initialized."),
        );
        return Ok(());
    }
    if part.co.is_set()
        && !confirm(
            term,
            call.opts.has("force"),
            Question::Lunash("re-initialize the Crypto Officer"),
        )?
    {
        aborted(term);
        return Ok(());
    }
    let pw = if call.app.auth == Auth::Ped {
        term.write("Luna PED operation required to initialize the Crypto Officer - use Crypto Officer (black) PED key.\n\n");
        None
    } else {
        let Some(pw) = ask_twice(
            term,
            "Please enter the Crypto Officer's password:",
            "Please re-enter password to confirm:",
            Layout::Indented,
        )?
        else {
            fail(
                term,
                call.cmd,
                None,
                Some("The two passwords do not match."),
            );
            return Ok(());
        };
        term.write("\n");
        Some(pw)
    };
    if let Some(p) = call.app.partition_mut(&name) {
        p.co = Role::Initialized;
        p.co_password = pw;
        p.co_attempts_left = 10;
    }
    ok(term, call.cmd);
    Ok(())
}

/// Checks the CO password of a partition (PED: always good). Prints the error when wrong.
fn check_co(call: &mut Call<'_>, term: &mut dyn Term, name: &str) -> Result<bool, Abort> {
    let cmd = call.cmd;
    let ped = call.app.auth == Auth::Ped;
    let Some(part) = call.app.partition(name) else {
        no_partition(call, term);
        return Ok(false);
    };
    if !part.co.is_set() {
        fail(
            term,
            cmd,
            None,
            Some("The Crypto Officer is not initialized."),
        );
        return Ok(false);
    }
    if ped {
        term.write("Luna PED operation required - use Crypto Officer (black) PED key.\n\n");
        return Ok(true);
    }
    let given = ask_secret(
        term,
        "Please enter the Crypto Officer's password:",
        Layout::Indented,
    )?;
    term.write("\n");
    let Some(part) = call.app.partition_mut(name) else {
        return Ok(false);
    };
    if part.co_attempts_left == 0 || part.co_password.as_deref() != Some(given.as_str()) {
        part.co_attempts_left = part.co_attempts_left.saturating_sub(1);
        fail(term, cmd, Some(PIN_INCORRECT), None);
        return Ok(false);
    }
    part.co_attempts_left = 10;
    Ok(true)
}

pub(super) fn contents(call: &mut Call<'_>, term: &mut dyn Term) -> Result<(), Abort> {
    let Some(name) = call.required(term, "partition") else {
        return Ok(());
    };
    if check_co(call, term, &name)?
        && let Some(p) = call.app.partition(&name)
    {
        done(term, &show_contents(p));
    }
    Ok(())
}

pub(super) fn activate(call: &mut Call<'_>, term: &mut dyn Term) -> Result<(), Abort> {
    let Some(name) = call.required(term, "partition") else {
        return Ok(());
    };
    if check_co(call, term, &name)? {
        if let Some(p) = call.app.partition_mut(&name) {
            p.co = Role::Activated;
        }
        ok(term, call.cmd);
    }
    Ok(())
}

pub(super) fn change_policy(call: &mut Call<'_>, term: &mut dyn Term) -> Result<(), Abort> {
    if !call.require_so(term) {
        return Ok(());
    }
    let Some(name) = call.required(term, "partition") else {
        return Ok(());
    };
    let Some(_) = call.required(term, "policy") else {
        return Ok(());
    };
    let Some(_) = call.required(term, "value") else {
        return Ok(());
    };
    let Ok(Some(policy)) = number(call, term, "policy") else {
        return Ok(());
    };
    let Ok(Some(value)) = number(call, term, "value") else {
        return Ok(());
    };
    if value > 1 {
        fail(
            term,
            call.cmd,
            None,
            Some(&format!("Invalid value for -value: {value}")),
        );
        return Ok(());
    }
    let v1 = call.app.profile().v1;
    let Some(p) = call.app.partition_mut(&name) else {
        no_partition(call, term);
        return Ok(());
    };
    if policy == 41 && value == 1 && !v1 {
        fail(
            term,
            call.cmd,
            None,
            Some("Policy 41 requires firmware 7.7.0 or later."),
        );
        return Ok(());
    }
    let (policy, value) = (u32::try_from(policy).unwrap_or(u32::MAX), value as u32);
    p.policies.retain(|(code, _)| *code != policy);
    p.policies.push((policy, value));
    if policy == 41 {
        p.version = u8::from(value == 1);
    }
    ok(term, call.cmd);
    Ok(())
}
