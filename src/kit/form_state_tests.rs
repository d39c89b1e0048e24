//! Unit tests of the form state: focus moves, typing per field kind, inline and summary errors
//! from domain errors, and secret fields that hand over and wipe their content.

use crate::domain::error::{DomainError, Field};
use crate::kit::DialogInput;
use crate::kit::form_state::{FormField, FormKey, FormState};
use secrecy::ExposeSecret;

fn type_str(f: &mut FormState, s: &str) {
    for c in s.chars() {
        assert_eq!(f.handle(DialogInput::Type(c)), FormKey::Consumed);
    }
}

fn device_form() -> FormState {
    FormState::new(vec![
        FormField::text("name", "Device name").bound_to(Field::DeviceName),
        FormField::number("port", "Port")
            .value("22")
            .bound_to(Field::Port),
        FormField::choice("auth", "SSH auth", vec!["key".into(), "password".into()]),
        FormField::checkbox("ped", "Remote PED"),
        FormField::secret("pw", "SSH password").bound_to(Field::Password),
    ])
}

#[test]
fn nav_3_focus_moves_next_prev_and_wraps() {
    let mut f = device_form();
    assert_eq!(f.focused_id(), Some("name"));
    let steps = [
        (DialogInput::NextField, "port"),
        (DialogInput::NextField, "auth"),
        (DialogInput::PrevField, "port"),
        (DialogInput::PrevField, "name"),
        (DialogInput::PrevField, "pw"),
        (DialogInput::NextField, "name"),
    ];
    for (code, want) in steps {
        assert_eq!(f.handle(code), FormKey::Consumed);
        assert_eq!(f.focused_id(), Some(want), "after {code:?}");
    }
    assert!(f.focus_id("ped"));
    assert!(!f.focus_id("nope"));
    assert_eq!(f.focused_id(), Some("ped"));
}

#[test]
fn nav_3_each_field_kind_edits_its_own_way() {
    let mut f = device_form();
    type_str(&mut f, "hsm-a1");
    f.handle(DialogInput::DeleteBack);
    assert_eq!(f.text("name"), Some("hsm-a"));
    f.focus_next();
    type_str(&mut f, "x2");
    assert_eq!(
        f.text("port"),
        Some("222"),
        "a number field ignores non-digits"
    );
    f.handle(DialogInput::ClearField);
    assert_eq!(f.text("port"), Some(""), "Ctrl-U clears");
    f.focus_next();
    f.handle(DialogInput::NextChoice);
    assert_eq!(f.choice_label("auth"), Some("password"));
    f.handle(DialogInput::NextChoice);
    assert_eq!(f.choice("auth"), Some(0), "choices wrap");
    f.handle(DialogInput::PrevChoice);
    assert_eq!(f.choice("auth"), Some(1));
    f.focus_next();
    type_str(&mut f, " ");
    assert_eq!(f.checked("ped"), Some(true));
    assert_eq!(f.handle(DialogInput::Submit), FormKey::Submit);
    assert_eq!(f.handle(DialogInput::Cancel), FormKey::Ignored);
    assert_eq!(f.text("auth"), None, "text() is for text and number fields");
}

#[test]
fn nav_3_domain_errors_go_under_their_field_or_into_the_summary() {
    let mut f = device_form();
    f.apply_domain_error(&DomainError::invalid(
        Field::Port,
        "must be between 1 and 65535.",
    ));
    assert_eq!(
        f.focused_id(),
        Some("port"),
        "focus jumps to the field in error"
    );
    f.apply_domain_error(&DomainError::invalid(Field::Host, "is required."));
    f.apply_domain_error(&DomainError::not_permitted("only an Admin adds devices."));
    assert!(f.set_error("name", "Device name is already used by hsm-b."));
    assert!(!f.set_error("nope", "x"));
    assert_eq!(
        f.error_summary(),
        [
            "Device name: Device name is already used by hsm-b.",
            "Port: must be between 1 and 65535.",
            "Host: is required.",
            "Not permitted: only an Admin adds devices.",
        ]
    );
    type_str(&mut f, "1");
    assert_eq!(
        f.fields()[1].error,
        None,
        "editing a field clears its error"
    );
    assert!(f.has_errors());
    f.clear_errors();
    assert!(!f.has_errors());
}

#[test]
fn nav_3_secret_field_in_a_form_is_masked_and_taken_once() {
    let mut f = device_form();
    assert!(f.focus_id("pw"));
    type_str(&mut f, "pa55");
    f.handle(DialogInput::DeleteBack);
    assert!(!format!("{f:?}").contains("pa5"), "Debug never shows it");
    assert_eq!(
        f.take_secret("pw").map(|s| s.expose_secret().to_owned()),
        Some("pa5".into())
    );
    assert_eq!(
        f.take_secret("pw").map(|s| s.expose_secret().len()),
        Some(0)
    );
    assert!(f.take_secret("name").is_none());
}

#[test]
fn tpl_2_a_locked_field_keeps_its_value_until_freed() {
    let mut f = device_form();
    assert!(f.focus_id("ped"));
    f.set_locked("ped", Some("mandatory here".into()));
    assert_eq!(f.handle(DialogInput::Type(' ')), FormKey::Consumed);
    assert_eq!(
        f.checked("ped"),
        Some(false),
        "a locked checkbox does not toggle"
    );
    assert!(f.set_checked("ped", true), "the rule may still set it");
    assert_eq!(f.checked("ped"), Some(true));
    f.set_locked("ped", None);
    f.handle(DialogInput::Type(' '));
    assert_eq!(f.checked("ped"), Some(false));
    assert!(!f.set_checked("name", true), "a text field is no checkbox");
}

#[test]
fn svc_1_a_secret_copy_leaves_the_field_typed_until_wiped() {
    let mut f = device_form();
    assert!(f.focus_id("pw"));
    type_str(&mut f, "s3cret-pass");
    let copy = f.secret("pw").unwrap();
    assert_eq!(copy.expose_secret(), "s3cret-pass");
    assert_eq!(
        f.secret("pw").unwrap().expose_secret(),
        "s3cret-pass",
        "still typed"
    );
    assert!(f.secret("name").is_none(), "a text field is no secret");
    f.wipe_secrets();
    assert_eq!(f.secret("pw").unwrap().expose_secret(), "");
}

#[test]
fn a_secret_pair_reads_back_as_the_domain_checks_it() {
    let mut f = FormState::new(
        FormField::secret_pair(
            "co",
            "co_confirm",
            "Crypto officer password",
            Field::CoPassword,
        )
        .into(),
    );
    assert_eq!(f.fields()[0].domain, Some(Field::CoPassword));
    assert_eq!(f.fields()[1].label, "  type it again");
    type_str(&mut f, "co-pass-1");
    f.focus_next();
    type_str(&mut f, "co-pass-2");
    let pair = f.confirmed("co", "co_confirm");
    assert_eq!(pair.value.expose_secret(), "co-pass-1");
    let e = pair.check(Field::CoPassword).unwrap_err();
    assert!(e.to_string().contains("does not match"), "{e}");
    // A field the form does not have reads as empty: the check names it.
    assert!(f.confirmed("x", "y").check(Field::SoPassword).is_err());
}
