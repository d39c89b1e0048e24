//! Replays of the recorded transcripts (issue 8, item 9): the parsers read the replayed
//! replies, and the real steps (SO login, discovery, legacy create) run on the replayed shell.

use super::*;

fn replay(c: &Conversation) -> ReplayShell {
    ReplayShell::open(&fixture(c.file), c.appliance, ReplayOptions::instant()).unwrap()
}

/// Replays `cmd` with `answers` placeholder secrets (a replay checks their number only).
fn replayed(sh: &mut ReplayShell, cmd: &LunaShCommand, answers: usize) -> String {
    let placeholders = vec!["replayed"; answers];
    run(sh, cmd, &placeholders)
}

fn code(hex: &str, name: &str) -> Option<ErrorCode> {
    Some(ErrorCode {
        hex: hex.into(),
        name: name.into(),
    })
}

#[test]
fn x_2_authorize_72_replays_into_the_parsers() {
    let mut sh = replay(&AUTHORIZE);
    let before = parse_hsm_show(&replayed(&mut sh, &LunaShCommand::HsmShow, 0)).unwrap();
    assert_eq!(before.serial.as_str(), "572413");
    assert_eq!(before.facts.software, Version::new(7, 2, 0));
    assert_eq!(before.facts.hsm_label, "myLunaHSM");
    assert_eq!(before.facts.auth, AuthMethod::Password);
    assert_eq!(
        before.partitions,
        vec![(PartitionSerial::new("534071009"), "partition1".to_string())]
    );
    assert_eq!(
        (before.so_logged_in, before.attempts_left),
        (false, Some(3))
    );

    let refused = parse_outcome(&replayed(&mut sh, &LunaShCommand::HsmLogin, 1)).unwrap();
    assert!(!refused.ok);
    assert_eq!(refused.kind(), Some(LunaErrorKind::PinIncorrect));
    assert_eq!(refused.code, code("A00000", "LUNA_RET_UM_PIN_INCORRECT"));
    assert_eq!(refused.attempts_left(), Some(2));

    let after = parse_hsm_show(&replayed(&mut sh, &LunaShCommand::HsmShow, 0)).unwrap();
    assert_eq!((after.so_logged_in, after.attempts_left), (false, Some(2)));

    let text = replayed(&mut sh, &LunaShCommand::HsmLogin, 1);
    let caution = "\nCaution:  You have only TWO HSM Admin logins attempts left (including\n";
    assert!(text.starts_with(caution), "{text}");
    assert!(
        text.contains("be ZEROIZED!!!\n\n  Please enter the HSM Administrators' password:\n\n"),
        "{text}"
    );
    let login = parse_outcome(&text).unwrap();
    assert_eq!((login.ok, login.kind()), (true, None));
    assert_eq!(success_command(&text).as_deref(), Some("hsm login"));
    assert!(sh.unplayed().is_empty());
}

fn context<'a>(cancel: &'a CancelToken, secrets: &'a [SecretString]) -> StepContext<'a> {
    StepContext {
        job: JobId(1),
        timeouts: CommandTimeouts::uniform(T),
        cancel,
        secrets,
        attempt: 0,
        undoing: false,
    }
}

#[test]
fn x_2_authorize_72_replays_through_the_so_login_step() {
    let device = HsmSerial::new("572413");
    let step = PlanStep::new(&device, "lab-720", StepAction::SoLogin, None);
    let mut ex = LunaExecutor::default();
    ex.so_secret.insert(device.clone(), 0);
    assert!(ex.so_login(&step), "an SO login step is never retried");
    let mut sh = replay(&AUTHORIZE);
    let cancel = CancelToken::default();

    let wrong = secrets(&["replayed-wrong"]);
    match ex.execute(&step, &mut sh, &context(&cancel, &wrong)) {
        Err(StepError::Device { output, reason }) => {
            assert_eq!(
                reason,
                "the HSM SO password was refused. 2 attempt(s) left before the HSM is \
                 zeroized; lunadeck will not retry."
            );
            assert!(
                output.contains("(A00000 : LUNA_RET_UM_PIN_INCORRECT)"),
                "{output}"
            );
        }
        other => panic!("expected the refused login, got {other:?}"),
    }
    assert_eq!(sh.unplayed().len(), 2, "hsm show and hsm login, once each");

    let right = secrets(&["replayed-right"]);
    let done = ex
        .execute(&step, &mut sh, &context(&cancel, &right))
        .unwrap();
    assert!(
        done.text.contains("'hsm login' successful."),
        "{}",
        done.text
    );
    assert!(sh.unplayed().is_empty());
}

#[test]
fn x_2_discovery_785_replays_into_the_parsers() {
    let mut sh = replay(&DISCOVERY);
    let rows = parse_partition_list(&replayed(&mut sh, &LunaShCommand::PartitionList, 0)).unwrap();
    let summary: Vec<(&str, &str, Option<PartitionVersion>, u32, u64)> = rows
        .iter()
        .map(|r| {
            (
                r.serial.as_str(),
                r.name.as_str(),
                r.version,
                r.objects,
                r.total,
            )
        })
        .collect();
    assert_eq!(
        summary,
        vec![
            (
                "1582775433934",
                "sp_sehsm3",
                Some(PartitionVersion::V0),
                1,
                648381
            ),
            (
                "1582775433941",
                "demo_keys",
                Some(PartitionVersion::V1),
                0,
                648381
            ),
            (
                "1582775433958",
                "eu/keys:01",
                Some(PartitionVersion::V0),
                0,
                500000
            ),
        ]
    );
    let roles = [
        (RoleState::Initialized, RoleState::Activated),
        (RoleState::Initialized, RoleState::Initialized),
    ];
    for (row, (so, co)) in rows.iter().zip(roles) {
        let shown = parse_partition_show(&replayed(&mut sh, &show(&row.name), 0)).unwrap();
        assert_eq!((&shown.name, &shown.serial), (&row.name, &row.serial));
        assert_eq!(shown.label.as_deref(), Some(row.name.as_str()));
        assert_eq!((shown.so, shown.co), (Some(so), Some(co)), "{}", row.name);
        assert_eq!(shown.objects, Some(row.objects));
    }
    let text = replayed(&mut sh, &show("eu/keys:01"), 0);
    let failed = parse_outcome(&text).unwrap();
    assert_eq!(failed.kind(), Some(LunaErrorKind::HsmNotAnswering));
    assert_eq!(
        (failed.code, failed.messages),
        (None, vec!["Unable to communicate with HSM".to_string()])
    );
    assert!(parse_partition_show(&text).is_err(), "{text}");
    assert!(sh.unplayed().is_empty());
}

#[test]
fn x_2_discovery_785_replays_through_the_discovery_step() {
    let device = HsmSerial::new("1582775");
    let step = PlanStep::read(&device, "lab-785", StepAction::DiscoverPartitions);
    let mut sh = replay(&DISCOVERY);
    let cancel = CancelToken::default();
    let out = LunaExecutor::default()
        .execute(&step, &mut sh, &context(&cancel, &[]))
        .unwrap();
    assert_eq!(
        out.text,
        "3 partition(s), 1 of them not readable by partition show"
    );
    let found: Discovered = serde_json::from_value(out.data).unwrap();
    let read: Vec<(&str, Option<&str>, bool)> = found
        .partitions
        .iter()
        .map(|p| (p.name.as_str(), p.label.as_deref(), p.initialized))
        .collect();
    assert_eq!(
        read,
        vec![
            ("sp_sehsm3", Some("sp_sehsm3"), true),
            ("demo_keys", Some("demo_keys"), true),
            ("eu/keys:01", None, false),
        ]
    );
    assert!(found.partitions.iter().all(|p| p.device == device));
    let [
        UnreadPartition {
            serial,
            name,
            reason,
        },
    ] = found.unread.as_slice()
    else {
        panic!("one partition unread: {:?}", found.unread);
    };
    assert_eq!(
        (serial.as_str(), name.as_str()),
        ("1582775433958", "eu/keys:01")
    );
    assert!(
        reason.contains("(Error:  Unable to communicate with HSM)"),
        "{reason}"
    );
    assert!(sh.unplayed().is_empty());
}

/// The 6.2.2 capture of LUNASH.md with the `> ****` answer lines cut, and no proceed
/// question (`-force`).
const CREATED_622: &str = "\nOn completion, you will have this number of partitions: 6\n\
\n-label:  Not provided; using name for label.\n\
\nPlease enter a password for the partition:\n\
\nPlease re-enter password to confirm:\n\
\nPlease enter a cloning domain to use when creating this partition:\n\
\nPlease re-enter cloning domain to confirm:\n\
'partition create' successful.\n\nCommand Result : 0 (Success)\n";

#[test]
fn x_2_legacy_create_622_replays_into_the_parsers() {
    let mut sh = replay(&LEGACY_CREATE);
    let login = replayed(&mut sh, &LunaShCommand::HsmLogin, 1);
    assert_eq!(
        login,
        "  Please enter the HSM Administrators' password:\n\n\n'hsm login' successful.\n\n\n\
         Command Result : 0 (Success)\n"
    );
    assert!(parse_outcome(&login).unwrap().ok);
    let created = replayed(&mut sh, &create_622(), 4);
    assert_eq!(created, CREATED_622);
    assert_eq!(
        success_command(&created).as_deref(),
        Some("partition create")
    );
    assert_eq!(parse_outcome(&created).unwrap().kind(), None);
    let rows = parse_partition_list(&replayed(&mut sh, &LunaShCommand::PartitionList, 0)).unwrap();
    let names: Vec<&str> = rows.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "partition1",
            "partition2",
            "partition3",
            "partition4",
            "partition5",
            "partition6"
        ]
    );
    let new = rows.last().unwrap();
    assert_eq!(
        (new.serial.as_str(), new.version, new.objects, new.total),
        ("534071053", None, 0, 207559)
    );
    assert!(sh.unplayed().is_empty());
}

#[test]
fn x_2_legacy_create_622_replays_through_the_create_step() {
    let device = HsmSerial::new("534071");
    let mut ex = LunaExecutor::default();
    ex.profiles.insert(
        device.clone(),
        DeviceProfile {
            software: Version::new(6, 2, 2),
            firmware: Version::new(6, 24, 2),
            auth: AuthMethod::Password,
        },
    );
    ex.lifecycle = LifecycleSecrets {
        co: Some(0),
        domain: Some(1),
        ..LifecycleSecrets::default()
    };
    let action = StepAction::CreateLegacyPartition {
        name: "partition6".into(),
        size: 207_559,
    };
    let step = PlanStep::new(&device, "lab-622", action, None);
    let mut sh = replay(&LEGACY_CREATE);
    let cancel = CancelToken::default();
    let so = secrets(&["replayed-so"]);
    let login = run_checked(
        &mut sh,
        &LunaShCommand::HsmLogin,
        &so,
        &context(&cancel, &[]),
    )
    .unwrap();
    assert!(login.contains("'hsm login' successful."), "{login}");
    let pw_and_domain = secrets(&["replayed-pw", "replayed-domain"]);
    let out = ex
        .execute(&step, &mut sh, &context(&cancel, &pw_and_domain))
        .unwrap();
    assert_eq!(out.text, CREATED_622);
    let list = run_checked(
        &mut sh,
        &LunaShCommand::PartitionList,
        &[],
        &context(&cancel, &[]),
    );
    assert_eq!(parse_partition_list(&list.unwrap()).unwrap().len(), 6);
    assert!(sh.unplayed().is_empty());
}

/// Asking the second recorded command first is a protocol error that names the device, the
/// command asked and the one recorded next.
#[test]
fn x_2_out_of_order_commands_are_protocol_errors_naming_device_and_commands() {
    let cases = [
        (&AUTHORIZE, "hsm login", 1, "hsm show"),
        (
            &DISCOVERY,
            "partition show -partition sp_sehsm3",
            0,
            "partition list",
        ),
        (
            &LEGACY_CREATE,
            "partition create -partition partition6 -size 207559 -force",
            4,
            "hsm login",
        ),
    ];
    for (c, asked, answers, next) in cases {
        let mut sh = replay(c);
        let placeholders = secrets(&vec!["replayed"; answers]);
        let err = sh.run(asked, &Ask::new(T).with_secrets(&placeholders));
        let want = format!(
            "'{asked}' was not recorded at this point of {} (next recorded: '{next}')",
            fixture(c.file).display()
        );
        let said = err.as_ref().err().map(ToString::to_string);
        assert_eq!(said, Some(format!("{}: {want}", c.appliance)));
        assert_eq!(
            err.as_ref().err().map(ShellError::target),
            Some(c.appliance)
        );
        assert_eq!(protocol_reason(err), want);
    }
    let mut sh = replay(&LEGACY_CREATE);
    replayed(&mut sh, &LunaShCommand::HsmLogin, 1);
    let two = secrets(&["replayed", "replayed"]);
    let reason = protocol_reason(sh.run(&create_622().line(), &Ask::new(T).with_secrets(&two)));
    assert!(
        reason.ends_with("with 4 secret(s), asked with 2"),
        "{reason}"
    );
}
