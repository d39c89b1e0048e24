#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! LunaSH side of the simulator: layouts per profile, accounting, SO login, prompts, grammar.

use lunadeck::luna::parse::prompt_samples::*;
use lunadeck::luna::shell::{Ask, Shell, ShellError};
use lunadeck::sim::lunash::{LunashSession, run_lunash};
use lunadeck::sim::term::BufferTerm;
use lunadeck::sim::{Fleet, SimShell, shared};
use secrecy::SecretString;
use std::time::Duration;

const SMALL: &str = include_str!("../fixtures/fleets/small.toml");
const T: Duration = Duration::from_secs(5);

fn secrets(list: &[&str]) -> Vec<SecretString> {
    list.iter()
        .map(|s| SecretString::from(s.to_string()))
        .collect()
}

fn shell(fleet: Fleet, name: &str) -> SimShell {
    SimShell::appliance(shared(fleet), name)
}

fn run(sh: &mut SimShell, cmd: &str, answers: &[&str]) -> String {
    sh.run(cmd, &Ask::new(T).with_secrets(&secrets(answers)))
        .unwrap()
        .output
}

fn small() -> Fleet {
    Fleet::from_toml(SMALL).unwrap()
}

/// What the simulated appliance printed, byte for byte (no dialogue in between): answers are
/// handed to the simulator's terminal directly, so the echo of every secret is there.
fn raw(fleet: &mut Fleet, session: &mut LunashSession, cmd: &str, answers: &[&str]) -> String {
    let mut term = BufferTerm::new(answers);
    term.answers.push_back("quit".into());
    run_lunash(fleet, session, cmd, &mut term).unwrap();
    term.output
}

#[test]
fn x_1_hsm_login_prints_the_72_capture_and_the_caution_block_after_a_failure() {
    let mut fleet = small();
    let mut s = LunashSession::new("alpha");
    let out = raw(&mut fleet, &mut s, "hsm login", &["alpha-so-pass"]);
    let want = format!(
        "{}{}",
        SH_HSM_LOGIN_72_ASK.trim_start_matches("[local_host] lunash:>hsm login\n"),
        SH_HSM_LOGIN_72_DONE.replacen("********", "*************", 1)
    );
    assert_eq!(out, want);
    let mut s = LunashSession::new("alpha");
    raw(&mut fleet, &mut s, "hsm login", &["wrong-pass-1"]);
    let out = raw(&mut fleet, &mut s, "hsm login", &["alpha-so-pass"]);
    let caution = SH_HSM_LOGIN_CAUTION_ASK.trim_start_matches("[hsm-2-2-5-9] lunash:>hsm login\n");
    assert!(out.starts_with(caution), "{out}");
}

#[test]
fn x_1_legacy_create_prints_the_622_capture() {
    let mut fleet = small();
    let mut s = LunashSession::new("beta");
    raw(&mut fleet, &mut s, "hsm login", &["beta-so-pass"]);
    let out = raw(
        &mut fleet,
        &mut s,
        "partition create -partition partition6",
        &["pw12345678", "pw12345678", "dom12345", "dom12345"],
    );
    let mut want = SH_CREATE_622_ASK_PASSWORD
        .trim_start_matches("[jpmongehsm2] lunash:>partition create -partition partition6\n")
        .replace("partitions: 6", "partitions: 2");
    for part in [
        SH_CREATE_622_ASK_CONFIRM_PASSWORD,
        SH_CREATE_622_ASK_DOMAIN,
        SH_CREATE_622_ASK_CONFIRM_DOMAIN,
        SH_CREATE_622_ASK_PROCEED,
    ] {
        want.push_str(part);
    }
    // The simulator's terminal was answered `quit` at the question.
    want.push_str("quit\nCommand Aborted.\n\nCommand Result : 65535 (Luna Shell execution)\n");
    assert_eq!(out, want);
}

#[test]
fn x_1_create_then_list_shows_7x_layout_with_13_digit_serial() {
    let mut sh = shell(small(), "alpha");
    assert!(run(&mut sh, "hsm login", &["alpha-so-pass"]).contains("'hsm login' successful."));
    let out = run(
        &mut sh,
        "partition create -partition newpar -size 200000 -force",
        &[],
    );
    assert!(
        out.ends_with("'partition create' successful.\n\nCommand Result : 0 (Success)\n"),
        "{out}"
    );
    let list = run(&mut sh, "partition list", &[]);
    assert!(list.contains("Partition            Name                              Version      Objects  Total     Used     Free"));
    let row = list.lines().find(|l| l.contains("newpar")).unwrap();
    let serial = row.split_whitespace().next().unwrap();
    assert_eq!(serial.len(), 13, "{row}");
    assert_eq!(
        row,
        format!(
            "{serial:<19}  {:<32}  {:<11}  {:>7}  {:>7}  {:>7}  {:>7}",
            "newpar", 0, 0, 200000, 0, 200000
        )
    );
    // 7.x create leaves the partition empty and not initialized.
    let show = run(&mut sh, "partition show -partition newpar", &[]);
    assert!(
        show.contains("Partition Initialized:                     no"),
        "{show}"
    );
    assert!(
        show.contains("Partition Label:                           \n"),
        "{show}"
    );
}

#[test]
fn x_1_legacy_create_prompts_password_and_domain_twice_and_initializes() {
    let mut sh = shell(small(), "beta");
    run(&mut sh, "hsm login", &["beta-so-pass"]);
    let out = run(
        &mut sh,
        "partition create -p leg2 -f",
        &["pw123456", "pw123456", "dom", "dom"],
    );
    // Through the dialogue: each question stays, the `> ****` line it was answered on does not.
    for prompt in [
        "\nPlease enter a password for the partition:\n\n",
        "\nPlease re-enter password to confirm:\n\n",
        "\nPlease enter a cloning domain to use when creating this partition:\n\n",
        "\nPlease re-enter cloning domain to confirm:\n",
    ] {
        assert!(out.contains(prompt), "missing {prompt:?} in {out}");
    }
    assert!(out.contains("'partition create' successful."));
    assert!(!out.contains("pw123456") && !out.contains('*'), "{out}");
    let list = run(&mut sh, "partition list", &[]);
    assert!(
        list.contains(
            " Partition    Name                     Objects     Total      Used      Free"
        )
    );
    let row = list.lines().find(|l| l.contains("leg2")).unwrap();
    assert_eq!(row.split_whitespace().next().unwrap().len(), 9, "{row}");
    assert!(
        run(&mut sh, "partition show -p leg2", &[])
            .contains("Partition Initialized:                     yes")
    );
    // Missing answers: the session reports which prompt was left unanswered.
    let err = sh
        .run(
            "partition create -p leg3 -f",
            &Ask::new(T).with_secrets(&secrets(&["only-one"])),
        )
        .unwrap_err();
    assert_eq!(
        err,
        ShellError::MissingSecret {
            target: "beta".into(),
            prompt: "Please re-enter password to confirm:".into()
        }
    );
}

#[test]
fn x_1_mismatched_legacy_passwords_create_nothing() {
    let mut sh = shell(small(), "beta");
    run(&mut sh, "hsm login", &["beta-so-pass"]);
    let out = run(
        &mut sh,
        "partition create -p leg2 -f",
        &["aaaaaaaa", "bbbbbbbb"],
    );
    assert!(
        out.contains("Error:  The two passwords do not match."),
        "{out}"
    );
    assert!(!run(&mut sh, "partition list", &[]).contains("leg2"));
}

#[test]
fn x_1_storage_runs_out_exactly() {
    let mut fleet = small();
    let alpha = fleet.appliance_mut("alpha").unwrap();
    alpha.licences = 10;
    // Used: 100000 + 9648. Free = 1000000 - 109648 = 890352.
    let mut sh = shell(fleet, "alpha");
    run(&mut sh, "hsm login", &["alpha-so-pass"]);
    let too_big = 890352 - 9648 + 1;
    let out = run(
        &mut sh,
        &format!("partition create -p big -size {too_big} -force"),
        &[],
    );
    assert!(
        out.starts_with("Error:  'partition create' failed. (300140 : LUNA_RET_SM_NOT_ENOUGH_MEMORY)\n\nError:  Not enough free storage on the HSM.\n"),
        "{out}"
    );
    let fits = too_big - 1;
    let out = run(
        &mut sh,
        &format!("partition create -p big -size {fits} -force"),
        &[],
    );
    assert!(out.contains("successful"), "{out}");
    let show = run(&mut sh, "hsm show", &[]);
    assert!(
        show.contains("   Free Space Left (Bytes):             0\n"),
        "{show}"
    );
    // Deleting frees size + overhead.
    run(&mut sh, "partition delete -p big -force", &[]);
    assert!(
        run(&mut sh, "hsm show", &[]).contains("   Free Space Left (Bytes):             890352\n")
    );
}

#[test]
fn x_1_licences_run_out_exactly() {
    let mut sh = shell(small(), "alpha");
    run(&mut sh, "hsm login", &["alpha-so-pass"]);
    // 3 licences, 1 used.
    for name in ["l2", "l3"] {
        let out = run(
            &mut sh,
            &format!("partition create -p {name} -size 1000 -force"),
            &[],
        );
        assert!(out.contains("successful"), "{out}");
    }
    let out = run(&mut sh, "partition create -p l4 -size 1000 -force", &[]);
    assert!(
        out.contains("(B0000046 : CKR_LICENSE_CAPACITY_EXCEEDED)"),
        "{out}"
    );
    assert!(out.contains("Error:  All licensed partitions are in use."));
    assert!(out.ends_with("Command Result : 65535 (Luna Shell execution)\n"));
    run(&mut sh, "partition delete -p l2 -force", &[]);
    assert!(run(&mut sh, "partition create -p l4 -size 1000 -force", &[]).contains("successful"));
}

#[test]
fn x_1_three_failed_so_logins_zeroize() {
    let fleet = shared(small());
    let mut sh = SimShell::appliance(fleet.clone(), "alpha");
    let first = run(&mut sh, "hsm login", &["bad"]);
    assert!(
        first.contains("Error:  Login failed. 2 attempts left before HSM zeroization."),
        "{first}"
    );
    assert!(
        run(&mut sh, "hsm show", &[])
            .contains("HSM Admin login attempts left:      2 before HSM zeroization!")
    );
    run(&mut sh, "hsm login", &["bad"]);
    let third = run(&mut sh, "hsm login", &["bad"]);
    assert!(
        third.contains("(30000F : LUNA_RET_SO_LOGIN_FAILURE_THRESHOLD)"),
        "{third}"
    );
    let show = run(&mut sh, "hsm show", &[]);
    assert!(show.contains("HSM Admin login attempts left:      HSM IS ZEROIZED !!!!"));
    assert!(show.contains("There are no partitions."));
    assert_eq!(
        run(&mut sh, "partition list", &[]),
        "There are no partitions.\n\nCommand Result : 0 (Success)\n"
    );
    let refused = run(&mut sh, "partition create -p x -force", &[]);
    assert!(
        refused.starts_with(
            "Error:  'partition create' failed. (300013 : LUNA_RET_USER_NOT_AUTHORIZED)"
        )
    );
    assert!(fleet.lock().unwrap().appliance("alpha").unwrap().zeroized);
}

#[test]
fn x_1_good_login_resets_the_failure_count() {
    let mut sh = shell(small(), "alpha");
    run(&mut sh, "hsm login", &["bad"]);
    run(&mut sh, "hsm login", &["bad"]);
    assert!(run(&mut sh, "hsm login", &["alpha-so-pass"]).contains("successful"));
    assert!(
        run(&mut sh, "hsm show", &[]).contains("HSM Admin login status:             Logged In")
    );
    assert!(run(&mut sh, "hsm show", &[]).contains("3 before HSM zeroization!"));
}

#[test]
fn x_1_so_commands_refuse_without_login() {
    let mut sh = shell(small(), "alpha");
    let out = run(&mut sh, "partition delete -partition p1 -force", &[]);
    assert_eq!(
        out,
        "Error:  'partition delete' failed. (300013 : LUNA_RET_USER_NOT_AUTHORIZED)\n\nError:  You must be logged in as the HSM Administrator to run this command.\n\n\nCommand Result : 65535 (Luna Shell execution)\n"
    );
}

#[test]
fn x_1_prefixes_short_options_and_quotes() {
    let mut sh = shell(small(), "alpha");
    let show = run(&mut sh, "partition sh -p p1", &[]);
    assert!(
        show.starts_with("Partition Name:                            p1\n"),
        "{show}"
    );
    assert_eq!(
        run(&mut sh, "par list", &[]),
        run(&mut sh, "partition list", &[])
    );
    let client = run(&mut sh, r#"cl sh -c "my client""#, &[]);
    assert!(client.starts_with("ClientID:     my client\n"), "{client}");
    let assign = run(&mut sh, r#"client assign -c "my client" -par p1"#, &[]);
    assert!(
        assign.starts_with("'client assignPartition' successful."),
        "{assign}"
    );
    assert!(
        run(&mut sh, r#"client show -client "my client""#, &[]).contains("Partitions:   \"p1\"")
    );
    assert!(
        run(&mut sh, r#"client fingerprint -c "my client""#, &[])
            .starts_with("Certificate fingerprint: ")
    );
}

#[test]
fn x_1_unknown_command_and_option_errors() {
    let mut sh = shell(small(), "alpha");
    assert_eq!(
        run(&mut sh, "partition frobnicate", &[]),
        "Error:  Command not found: partition frobnicate\n\n\nCommand Result : 65535 (Luna Shell execution)\n"
    );
    let bad = run(&mut sh, "partition show -bogus x", &[]);
    assert!(bad.starts_with("Error:  Invalid option: -bogus\n"), "{bad}");
    let missing = run(&mut sh, "client show", &[]);
    assert!(
        missing.starts_with("Error:  Missing required option: -client\n"),
        "{missing}"
    );
    let nope = run(&mut sh, "client show -c nobody", &[]);
    assert!(nope.starts_with("Error:  'client show' failed. (C000040A : RC_OBJECT_NOT_IN_LIST)\n\nError:  Specified client does not exist.\n"));
    // `partition init` does not exist before 7.7.1.
    let mut beta = shell(small(), "beta");
    assert!(
        run(&mut beta, "partition init -p legacy1", &[]).starts_with("Error:  Command not found")
    );
}

#[test]
fn x_1_confirmation_without_force_is_a_question() {
    let mut sh = shell(small(), "alpha");
    run(&mut sh, "hsm login", &["alpha-so-pass"]);
    let err = sh.run("partition delete -p p1", &Ask::new(T)).unwrap_err();
    assert!(
        matches!(err, ShellError::UnexpectedQuestion { ref question, .. } if question.contains("'proceed'")),
        "{err:?}"
    );
    assert!(run(&mut sh, "partition list", &[]).contains("p1"));
}

#[test]
fn x_1_init_and_init_co_on_78_then_show_contents() {
    let mut sh = shell(small(), "alpha");
    run(&mut sh, "hsm login", &["alpha-so-pass"]);
    run(&mut sh, "partition create -p fresh -size 5000 -force", &[]);
    let init = run(
        &mut sh,
        "partition init -p fresh -l FreshLabel -domain d1",
        &["sopw1234", "sopw1234"],
    );
    assert!(init.contains("'partition init' successful."), "{init}");
    let co = run(
        &mut sh,
        "partition init co -p fresh -force",
        &["copw1234", "copw1234"],
    );
    assert!(
        co.starts_with("  Please enter the Crypto Officer's password:\n  Please re-enter password to confirm:\n"),
        "{co}"
    );
    assert!(co.contains("'partition init co' successful."), "{co}");
    let wrong = run(&mut sh, "partition showContents -p p1", &["nope"]);
    assert!(wrong.contains("(A00000 : LUNA_RET_UM_PIN_INCORRECT)"));
    let good = run(&mut sh, "partition showContents -p p1", &["p1-co-pass"]);
    assert!(
        good.contains("   Partition SN:                                1600001000001\n"),
        "{good}"
    );
    assert!(good.contains("   Number objects:  1\n\n   Object Label:  k1\n   Object Type:   Symmetric Key\n   Object Handle: 37\n"));
    let empty = run(&mut sh, "partition showContents -p fresh", &["copw1234"]);
    assert!(
        empty.contains("   Number objects:  0\n\nCommand Result"),
        "{empty}"
    );
}

#[test]
fn x_1_faults_unreachable_hang_and_drop() {
    let fleet = shared(small());
    let mut sh = SimShell::appliance(fleet.clone(), "alpha");
    fleet
        .lock()
        .unwrap()
        .faults_mut("alpha")
        .unwrap()
        .unreachable = true;
    assert!(matches!(
        sh.run("hsm show", &Ask::new(T)),
        Err(ShellError::Unreachable { .. })
    ));
    {
        let mut f = fleet.lock().unwrap();
        let faults = f.faults_mut("alpha").unwrap();
        faults.unreachable = false;
        faults.hang = true;
    }
    let short = Duration::from_millis(20);
    assert_eq!(
        sh.run("hsm show", &Ask::new(short)).unwrap_err(),
        ShellError::Timeout {
            target: "alpha".into(),
            after: short,
            said: String::new()
        }
    );
    {
        let mut f = fleet.lock().unwrap();
        let faults = f.faults_mut("alpha").unwrap();
        faults.hang = false;
        faults.drop = Some(lunadeck::sim::DropPoint::After);
    }
    // Dropped after the effect: the login happened although the reply was lost.
    assert!(matches!(
        sh.run("hsm login", &Ask::new(T).with_secrets(&secrets(&["bad"]))),
        Err(ShellError::Dropped { .. })
    ));
    assert_eq!(
        fleet
            .lock()
            .unwrap()
            .appliance("alpha")
            .unwrap()
            .so_failures,
        1
    );
    fleet.lock().unwrap().faults_mut("alpha").unwrap().drop =
        Some(lunadeck::sim::DropPoint::Before);
    assert!(matches!(
        sh.run("hsm login", &Ask::new(T).with_secrets(&secrets(&["bad"]))),
        Err(ShellError::Dropped { .. })
    ));
    assert_eq!(
        fleet
            .lock()
            .unwrap()
            .appliance("alpha")
            .unwrap()
            .so_failures,
        1
    );
    let mut f = fleet.lock().unwrap();
    f.faults_mut("alpha").unwrap().drop = None;
    f.faults_mut("alpha").unwrap().hsm_unresponsive = true;
    drop(f);
    assert!(run(&mut sh, "hsm show", &[]).starts_with("Error:  Unable to communicate with HSM\n"));
}

#[test]
fn x_1_resize_policy_revoke_and_client_delete() {
    let mut sh = shell(small(), "alpha");
    run(&mut sh, "hsm login", &["alpha-so-pass"]);
    assert!(
        run(&mut sh, "partition resize -p p1 -size 150000 -force", &[])
            .starts_with("'partition resize' successful.")
    );
    assert!(
        run(&mut sh, "partition show -p p1", &[]).contains("Total=150000, Used=248, Free=149752")
    );
    let small_size = run(&mut sh, "partition resize -p p1 -size 100 -force", &[]);
    assert!(
        small_size.contains("Error:  The new size is smaller than the space in use."),
        "{small_size}"
    );
    let grow = run(&mut sh, "partition resize -p p1 -size 5000000 -force", &[]);
    assert!(
        grow.contains("(300140 : LUNA_RET_SM_NOT_ENOUGH_MEMORY)"),
        "{grow}"
    );
    assert!(
        run(
            &mut sh,
            "partition changePolicy -p p1 -policy 41 -value 1",
            &[]
        )
        .starts_with("'partition changePolicy' successful.")
    );
    assert!(
        run(&mut sh, "partition show -p p1", &[])
            .contains("Partition Version:                         1\n")
    );
    let missing = run(&mut sh, "partition changePolicy -p p1 -policy 22", &[]);
    assert!(
        missing.starts_with("Error:  Missing required option: -value\n"),
        "{missing}"
    );
    let not_assigned = run(
        &mut sh,
        r#"client revokePartition -c "my client" -p p1"#,
        &[],
    );
    assert!(not_assigned.contains("Error:  Specified partition is not assigned to the client."));
    run(
        &mut sh,
        r#"client assignPartition -c "my client" -p p1"#,
        &[],
    );
    assert!(
        run(
            &mut sh,
            r#"client revokePartition -c "my client" -p p1"#,
            &[]
        )
        .starts_with("'client revokePartition' successful.")
    );
    assert!(
        run(&mut sh, r#"client delete -c "my client" -f"#, &[])
            .starts_with("'client delete' successful.")
    );
    assert_eq!(
        run(&mut sh, "client list", &[]),
        "No clients are registered.\n\nCommand Result : 0 (Success)\n"
    );
    // V1 is refused on firmware before 7.7.0 (6.2 appliance).
    let mut beta = shell(small(), "beta");
    run(&mut beta, "hsm login", &["beta-so-pass"]);
    let v1 = run(&mut beta, "partition create -p v1p -version 1 -force", &[]);
    assert!(
        v1.contains("Partition version 1 is not supported by firmware 6.24.2."),
        "{v1}"
    );
}

#[test]
fn x_1_ped_login_and_72_create_without_init() {
    let mut sh = shell(Fleet::demo().unwrap(), "par-hsm-01");
    let login = run(&mut sh, "hsm login", &[]);
    assert!(
        login.starts_with("Luna PED operation required to login as HSM Administrator"),
        "{login}"
    );
    assert!(login.contains("'hsm login' successful."));
    // par-hsm-01 is nearly full: the default share does not fit any more.
    let full = run(&mut sh, "partition create -p more -force", &[]);
    assert!(full.contains("LUNA_RET_SM_NOT_ENOUGH_MEMORY"), "{full}");
    let out = run(&mut sh, "partition create -p more -size 10000 -force", &[]);
    assert!(out.contains("successful"), "{out}");
    assert!(
        run(&mut sh, "partition init -p more", &[])
            .starts_with("Error:  Command not found: partition init -p more")
    );
    let list = run(&mut sh, "partition list", &[]);
    assert!(
        list.lines()
            .any(|l| l.starts_with("5724130000012        more")),
        "{list}"
    );
}

/// The client host's slots, as (id, serial).
fn slots(sh: &SimShell) -> Vec<(u32, String)> {
    let fleet = sh.fleet().lock().unwrap();
    fleet
        .client_host
        .slots
        .iter()
        .map(|s| (s.id, s.serial.clone()))
        .collect()
}

#[test]
fn ntls_assign_revoke_and_delete_drive_client_host_slots() {
    let mut sh = shell(small(), "alpha");
    run(&mut sh, "hsm login", &["alpha-so-pass"]);
    let before = slots(&sh);
    assert!(run(&mut sh, "partition create -p p2 -size 50000 -force", &[]).contains("successful"));
    let serial = {
        let fleet = sh.fleet().lock().unwrap();
        let app = fleet.appliance("alpha").unwrap();
        app.partition("p2").unwrap().serial.clone()
    };
    assert_eq!(slots(&sh), before, "a new partition is no slot yet");
    // A client of another hostname: no slot on the client host.
    let other = run(
        &mut sh,
        r#"client assignPartition -c "my client" -p p2"#,
        &[],
    );
    assert!(
        other.starts_with("'client assignPartition' successful."),
        "{other}"
    );
    assert_eq!(slots(&sh), before);
    // The client host's own registration: the slot appears with the next free id.
    let reg = run(
        &mut sh,
        "client register -client client-host -hostname client-host",
        &[],
    );
    assert!(reg.starts_with("'client register' successful."), "{reg}");
    run(&mut sh, "client assignPartition -c client-host -p p2", &[]);
    let mut want = before.clone();
    want.push((2, serial.clone()));
    assert_eq!(slots(&sh), want);
    let again = run(&mut sh, "client assignPartition -c client-host -p p2", &[]);
    assert!(again.contains("RC_OBJECT_ALREADY_EXISTS"), "{again}");
    assert_eq!(
        slots(&sh),
        want,
        "a refused second assignment changes nothing"
    );
    // Revoke removes it.
    let revoke = run(&mut sh, "client revokePartition -c client-host -p p2", &[]);
    assert!(
        revoke.starts_with("'client revokePartition' successful."),
        "{revoke}"
    );
    assert_eq!(slots(&sh), before);
    // Assign again, then delete the partition: the slot goes with it.
    run(&mut sh, "client assignPartition -c client-host -p p2", &[]);
    assert_eq!(slots(&sh), want);
    let del = run(&mut sh, "partition delete -p p2 -force", &[]);
    assert!(del.starts_with("'partition delete' successful."), "{del}");
    assert_eq!(slots(&sh), before);
    // Deleting the client removes the slots of the partitions assigned to it.
    run(&mut sh, "partition create -p p3 -size 50000 -force", &[]);
    run(&mut sh, "client assignPartition -c client-host -p p3", &[]);
    assert_eq!(slots(&sh).len(), before.len() + 1);
    run(&mut sh, "client delete -c client-host -f", &[]);
    assert_eq!(slots(&sh), before);
}

#[test]
fn ntls_pre_declared_slots_survive_other_clients_revoke() {
    let mut sh = shell(small(), "alpha");
    let before = slots(&sh);
    run(
        &mut sh,
        r#"client assignPartition -c "my client" -p p1"#,
        &[],
    );
    run(
        &mut sh,
        r#"client revokePartition -c "my client" -p p1"#,
        &[],
    );
    assert_eq!(slots(&sh), before);
    assert!(before.iter().any(|(_, s)| s == "1600001000001"));
}
