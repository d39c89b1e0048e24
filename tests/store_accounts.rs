//! Local accounts (NAV-4): the first administrator only once, one message for unknown user and
//! wrong password, disabled accounts refused, argon2id hashes, no password in the file.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod store_fixtures;

use lunadeck::domain::ids::UserId;
use lunadeck::domain::organization::Role;
use lunadeck::store::StoreError;
use secrecy::SecretString;
use store_fixtures::*;

fn pw(s: &str) -> SecretString {
    SecretString::from(s)
}

#[test]
fn nav_4_first_admin_only_once() {
    let db = temp_db();
    let mut store = db.open();
    assert!(!store.has_accounts().unwrap());
    let admin = store
        .create_first_admin("root", &pw("Correct-Horse-1"), T0)
        .unwrap();
    assert_eq!(admin.role, Role::Admin);
    assert!(!admin.disabled);
    assert!(store.has_accounts().unwrap());
    let err = store
        .create_first_admin("mallory", &pw("whatever-1"), T0)
        .unwrap_err();
    assert!(matches!(err, StoreError::AccountsExist), "{err:?}");
    assert_eq!(
        err.to_string(),
        "An account already exists; the first administrator can only be created once."
    );
    // Also from another connection (another process would see the same).
    let mut second = db.open();
    assert!(matches!(
        second.create_first_admin("eve", &pw("x"), T0),
        Err(StoreError::AccountsExist)
    ));
    assert_eq!(store.list_users().unwrap(), vec![admin]);
}

#[test]
fn nav_4_bad_login_is_the_same_for_unknown_user_and_wrong_password() {
    let db = temp_db();
    let mut store = db.open();
    let admin = store
        .create_first_admin("root", &pw("Correct-Horse-1"), T0)
        .unwrap();
    let org = store.save_organization(&organization("Payments")).unwrap();
    let owner = store
        .create_account("olivia", &pw("Owner-Pass-2"), Role::Owner(org), T0)
        .unwrap();
    assert_eq!(owner.role, Role::Owner(org));

    for (user, pass) in [
        ("root", "wrong"),
        ("root", ""),
        ("nobody", "Correct-Horse-1"),
        ("olivia", "Correct-Horse-1"),
        ("", ""),
    ] {
        let err = store.verify_login(user, &pw(pass)).unwrap_err();
        assert!(
            matches!(err, StoreError::BadLogin),
            "{user}/{pass}: {err:?}"
        );
        assert_eq!(err.to_string(), "Unknown username or wrong password.");
    }
    assert_eq!(
        store.verify_login("root", &pw("Correct-Horse-1")).unwrap(),
        admin
    );
    // Usernames compare case-insensitively.
    assert_eq!(
        store.verify_login("OLIVIA", &pw("Owner-Pass-2")).unwrap(),
        owner
    );
    let err = store
        .create_account("Olivia", &pw("x1"), Role::Admin, T0)
        .unwrap_err();
    assert_eq!(err.to_string(), "An account named 'Olivia' already exists.");
}

#[test]
fn nav_4_disabled_account_refused_and_password_change() {
    let db = temp_db();
    let mut store = db.open();
    let admin = store
        .create_first_admin("root", &pw("Correct-Horse-1"), T0)
        .unwrap();
    let bob = store
        .create_account("bob", &pw("Bob-Pass-3"), Role::Admin, T0)
        .unwrap();
    store.set_disabled(bob.id, true).unwrap();
    let err = store.verify_login("bob", &pw("Bob-Pass-3")).unwrap_err();
    assert_eq!(
        err.to_string(),
        "The account 'bob' is disabled; ask an administrator."
    );
    // A wrong password on a disabled account does not reveal that it is disabled.
    assert!(matches!(
        store.verify_login("bob", &pw("guess")),
        Err(StoreError::BadLogin)
    ));
    // The last enabled administrator stays enabled.
    let err = store.set_disabled(admin.id, true).unwrap_err();
    assert_eq!(
        err.to_string(),
        "The last enabled administrator cannot be disabled."
    );
    store.set_disabled(bob.id, false).unwrap();
    assert!(store.verify_login("bob", &pw("Bob-Pass-3")).is_ok());

    store
        .change_password(bob.id, &pw("New-Bob-Pass-4"), T0.plus_seconds(5))
        .unwrap();
    assert!(matches!(
        store.verify_login("bob", &pw("Bob-Pass-3")),
        Err(StoreError::BadLogin)
    ));
    assert!(store.verify_login("bob", &pw("New-Bob-Pass-4")).is_ok());

    let err = store.set_disabled(UserId(999), true).unwrap_err();
    assert_eq!(err.to_string(), "Account 999 does not exist.");
    let err = store
        .change_password(UserId(999), &pw("x"), T0)
        .unwrap_err();
    assert_eq!(err.to_string(), "Account 999 does not exist.");
}

#[test]
fn nav_4_refuses_empty_username_or_password() {
    let db = temp_db();
    let mut store = db.open();
    let err = store.create_first_admin("  ", &pw("x"), T0).unwrap_err();
    assert_eq!(err.to_string(), "Username: enter a username.");
    let err = store.create_first_admin("root", &pw(""), T0).unwrap_err();
    assert_eq!(err.to_string(), "Password: enter a password.");
    assert!(!store.has_accounts().unwrap());
}

#[test]
fn nav_4_argon2id_hash_stored_and_password_absent_from_file() {
    let db = temp_db();
    let mut store = db.open();
    let secret = "Sup3r-Secret-Passw0rd-XYZZY";
    store.create_first_admin("root", &pw(secret), T0).unwrap();
    let second = "An0ther-Secret-PLUGH";
    let u = store
        .create_account("ann", &pw("first-one-1"), Role::Admin, T0)
        .unwrap();
    store.change_password(u.id, &pw(second), T0).unwrap();
    drop(store);

    let raw = rusqlite::Connection::open(&db.path).unwrap();
    let hashes: Vec<String> = raw
        .prepare("SELECT password_hash FROM accounts ORDER BY id")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(hashes.len(), 2);
    for h in &hashes {
        assert!(h.starts_with("$argon2id$"), "{h}");
        assert!(!h.contains(secret) && !h.contains(second));
    }
    assert_ne!(hashes[0], hashes[1]);
    raw.pragma_update(None, "wal_checkpoint", "TRUNCATE")
        .unwrap();
    drop(raw);

    // Neither the database nor its WAL holds the passwords.
    for name in ["lunadeck.db", "lunadeck.db-wal"] {
        let file = db.dir.path().join(name);
        let Ok(bytes) = std::fs::read(&file) else {
            continue;
        };
        for s in [secret, second, "first-one-1"] {
            assert!(
                !bytes.windows(s.len()).any(|w| w == s.as_bytes()),
                "{s} found in {name}"
            );
        }
    }
}

/// Whether a login was refused by the throttle (not by checking the password).
fn throttled(e: &lunadeck::ops::OpsError) -> bool {
    e.to_string()
        .starts_with("too many failed logins for this username: wait ")
}

fn login_events(
    store: &lunadeck::store::Store,
) -> Vec<lunadeck::domain::audit_chain::ChainedEvent> {
    store
        .list_audit(&lunadeck::store::AuditFilter {
            action: Some("account.login".into()),
            ..Default::default()
        })
        .unwrap()
}

#[test]
fn nav_4_thirty_wrong_passwords_in_a_loop_are_mostly_refused_by_the_throttle_and_audited() {
    use lunadeck::ops::accounts::login;
    let db = temp_db();
    let mut store = db.open();
    store
        .create_first_admin("root", &pw("Correct-Horse-1"), T0)
        .unwrap();
    let mut refused = 0;
    for _ in 0..30 {
        let e = login(&mut store, "root", &pw("guess-again")).unwrap_err();
        if throttled(&e) {
            refused += 1;
        } else {
            assert_eq!(e.to_string(), "Unknown username or wrong password.");
        }
    }
    // Four password checks need 1 + 2 + 4 s of waiting in between: far more than this loop.
    assert!(
        refused >= 26,
        "only {refused} of 30 refused by the throttle"
    );
    let events = login_events(&store);
    assert_eq!(events.len(), 30, "every attempt is audited");
    assert!(events.iter().all(|e| e.event.actor == "root"
        && matches!(
            e.event.outcome,
            lunadeck::domain::audit_event::Outcome::Failure { .. }
        )));
    // The right password too must wait; after the delay it works.
    let e = login(&mut store, "root", &pw("Correct-Horse-1")).unwrap_err();
    assert!(throttled(&e), "{e}");
    let secs: u64 = e.to_string()["too many failed logins for this username: wait ".len()..]
        .split(' ')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(secs * 1000 + 50));
    login(&mut store, "root", &pw("Correct-Horse-1")).unwrap();
    // A success starts again: one wrong password is checked, not throttled.
    let e = login(&mut store, "root", &pw("guess-again")).unwrap_err();
    assert!(!throttled(&e), "{e}");
}

#[test]
fn nav_4_two_store_handles_on_one_file_share_the_failed_login_counter() {
    use lunadeck::ops::accounts::login;
    let db = temp_db();
    let mut a = db.open();
    let mut b = db.open();
    a.create_first_admin("root", &pw("Correct-Horse-1"), T0)
        .unwrap();
    let e = login(&mut a, "root", &pw("wrong-1")).unwrap_err();
    assert!(!throttled(&e), "{e}");
    // Another handle (another process) sees the failure: even the right password waits, and
    // the name's case does not matter.
    let e = login(&mut b, "ROOT", &pw("Correct-Horse-1")).unwrap_err();
    assert!(throttled(&e), "{e}");
    assert_eq!(b.failed_logins("Root").unwrap(), 1);
}

#[test]
fn nav_4_the_delay_doubles_per_failure_unknown_names_too_and_a_success_resets_it() {
    use lunadeck::ops::accounts::login_with_clock;
    use std::cell::Cell;
    let db = temp_db();
    let mut store = db.open();
    store
        .create_first_admin("root", &pw("Correct-Horse-1"), T0)
        .unwrap();
    let now = Cell::new(1_800_000_000_000_i64);
    let at = |store: &mut lunadeck::store::Store, after_ms: i64, user: &str, pass: &str| {
        now.set(now.get() + after_ms);
        login_with_clock(store, user, &pw(pass), &|| now.get())
    };
    for (user, expected) in [("root", "root"), ("nobody", "unknown user")] {
        for (failures, delay) in [(1, 1000), (2, 2000), (3, 4000), (4, 8000)] {
            let e = at(&mut store, 0, user, "wrong").unwrap_err();
            assert!(!throttled(&e), "failure {failures} is checked: {e}");
            assert_eq!(store.failed_logins(user).unwrap(), failures);
            let e = at(&mut store, delay - 1, user, "Correct-Horse-1").unwrap_err();
            assert!(throttled(&e), "{user} {failures}: {e}");
            now.set(now.get() + 1);
        }
        let last = login_events(&store);
        assert_eq!(last[0].event.actor, expected, "newest first");
    }
    // The wait is capped at 5 minutes.
    for _ in 0..6 {
        let _ = at(&mut store, 300_000, "root", "wrong");
    }
    assert_eq!(store.failed_logins("root").unwrap(), 10);
    let e = at(&mut store, 1000, "root", "Correct-Horse-1").unwrap_err();
    assert!(e.to_string().contains("wait 299 s"), "{e}");
    at(&mut store, 299_000, "root", "Correct-Horse-1").unwrap();
    assert_eq!(store.failed_logins("root").unwrap(), 0);
    assert!(!throttled(&at(&mut store, 0, "root", "wrong").unwrap_err()));
}
